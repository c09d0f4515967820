/// Evaluates every item against the answers, in the order of checklists/README.md:
/// not-applicable, unsupported, done, todo.
public enum ChecklistEvaluator {
    /// - Parameter asOf: the date (YYYY-MM-DD) accepted risks are judged on;
    ///   the checklist is the same for the same answers and date.
    public static func evaluate(
        _ answers: ResolvedAnswers, knowledgeBase kb: KnowledgeBase,
        asOf: String = "0000-01-01"
    ) -> Checklist {
        let lookup = CapabilityLookup(matrix: kb.capabilities, answers: answers)
        let entries = kb.items.map { item in
            var entry = entry(for: item, answers: answers, lookup: lookup)
            entry.fixKey = item.fixVariants.first { $0.when.evaluate(in: answers).truth == .yes }?.key ?? "fix"
            // Only an open item can be accepted; past its date it is open again.
            if entry.status == .todo, let risk = answers.explicit.acceptedRisks.first(where: { $0.item == item.id }) {
                entry.acceptance = risk
                if risk.isInForce(on: asOf) { entry.status = .accepted }
            }
            return entry
        }
        let notices = kb.notices.filter { $0.when.evaluate(in: answers).truth == .yes }
        var checklist = Checklist(
            knowledgeBaseVersion: kb.version, answers: answers, entries: entries, notices: notices)
        checklist.asOf = asOf
        return checklist
    }

    static func entry(for item: Item, answers: ResolvedAnswers, lookup: CapabilityLookup) -> Checklist.Entry {
        // A question that doesn't apply to this app (the ASE's ingress on
        // Premium) decided nothing a reader should see.
        let asked = Set(answers.asked)
        func statements(_ keys: [String]) -> [String] { keys.filter(asked.contains).map(answers.statement) }
        let applies = item.appliesWhen?.evaluate(in: answers) ?? .yes
        if applies.truth == .no {
            return Checklist.Entry(
                item: item, status: .notApplicable, because: statements(applies.reasons),
                alternatives: [], verify: false, unconfirmed: [], blockedBy: nil)
        }
        var unsure: [Outcome] = []
        var unconfirmed: [String] = []
        for capability in item.requires {
            let support = lookup.outcome(capability)
            switch support.truth {
            case .no:
                return Checklist.Entry(
                    item: item, status: .unsupported, because: statements(support.reasons),
                    alternatives: lookup.alternatives(capability), verify: false,
                    unconfirmed: [], blockedBy: capability)
            case .unknown:
                unsure.append(support)
                if !answers.plan.isUnknown { unconfirmed.append(capability) }
            case .yes:
                break
            }
        }
        // A capability in applies-when that the matrix leaves unconfirmed is said too.
        for capability in item.appliesWhen?.capabilityIDs ?? []
        where !unconfirmed.contains(capability)
            && !answers.plan.isUnknown && lookup.outcome(capability).truth == .unknown
        {
            unconfirmed.append(capability)
        }
        let satisfied = item.satisfiedWhen.evaluate(in: answers)
        var because: [String] = []
        if satisfied.truth != .yes, applies.truth == .unknown || item.appliesWhen != nil {
            because.appendUnique(statements(applies.reasons))
        }
        because.appendUnique(statements(satisfied.reasons))
        for outcome in unsure where satisfied.truth != .yes { because.appendUnique(statements(outcome.reasons)) }
        let verify = satisfied.truth == .unknown || applies.truth == .unknown || !unsure.isEmpty
        return Checklist.Entry(
            item: item, status: satisfied.truth == .yes ? .done : .todo, because: because,
            alternatives: [], verify: satisfied.truth != .yes && verify,
            unconfirmed: unconfirmed, blockedBy: nil)
    }
}
