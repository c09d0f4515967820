/// The checklist for one app: every item of the knowledge base with its
/// status and the answers that decided it (PRODUCT.md §4).
public struct Checklist: Sendable {
    public let knowledgeBaseVersion: String
    public let answers: ResolvedAnswers
    public let entries: [Entry]
    /// Notices whose condition holds for this app, in knowledge-base order.
    public let notices: [Notice]
    /// The SHA-256 of the answers file's bytes (set by whoever read them),
    /// so a reviewer can tell which answers a checklist came from.
    public var answersSHA256: String?
    /// The date accepted risks were judged on.
    public var asOf: String = ""

    public struct Entry: Sendable {
        public let item: Item
        public var status: Status
        /// `key=value` statements of the answers that decided the status.
        public let because: [String]
        /// For unsupported items: plan ids and `key=value` changes that would help.
        public let alternatives: [String]
        /// Open partly because an answer is unknown or a capability unconfirmed.
        public let verify: Bool
        /// Required capabilities the matrix marks `unconfirmed` for this plan.
        public let unconfirmed: [String]
        /// For unsupported items: the capability that blocks it.
        public let blockedBy: String?
        /// The locale key of the fix text under items.ID (`fix` or a variant).
        public var fixKey: String = "fix"
        /// The acceptance behind an `accepted` status, or one that has
        /// expired (the item is `todo` again then).
        public var acceptance: AcceptedRisk?
        public var acceptanceExpired: Bool { status == .todo && acceptance != nil }
    }

    // By index: iterating the entries would copy each one, item and all,
    // and the outputs count a few dozen times per app.
    public func count(_ status: Status) -> Int { entries.indices.count { entries[$0].status == status } }

    public func count(_ status: Status, _ severity: Severity) -> Int {
        entries.indices.count { entries[$0].status == status && entries[$0].item.severity == severity }
    }
}

/// Evaluates every item against the answers, in the order of checklists/README.md:
/// not-applicable, unsupported, done, todo.
public enum ChecklistEvaluator {
    /// - Parameter asOf: the date (YYYY-MM-DD) accepted risks are judged on;
    ///   the checklist is the same for the same answers and date.
    public static func evaluate(_ answers: ResolvedAnswers, knowledgeBase kb: KnowledgeBase,
                                asOf: String = "0000-01-01") -> Checklist {
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
        var checklist = Checklist(knowledgeBaseVersion: kb.version, answers: answers, entries: entries, notices: notices)
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
            return Checklist.Entry(item: item, status: .notApplicable, because: statements(applies.reasons),
                                   alternatives: [], verify: false, unconfirmed: [], blockedBy: nil)
        }
        var unsure: [Outcome] = []
        var unconfirmed: [String] = []
        for capability in item.requires {
            let support = lookup.outcome(capability)
            switch support.truth {
            case .no:
                return Checklist.Entry(item: item, status: .unsupported, because: statements(support.reasons),
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
        for capability in item.appliesWhen?.capabilityIDs ?? [] where !unconfirmed.contains(capability)
            && !answers.plan.isUnknown && lookup.outcome(capability).truth == .unknown {
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
        return Checklist.Entry(item: item, status: satisfied.truth == .yes ? .done : .todo, because: because,
                               alternatives: [], verify: satisfied.truth != .yes && verify,
                               unconfirmed: unconfirmed, blockedBy: nil)
    }
}

extension Checklist {
    /// Acceptances of items that aren't open (done, not applicable, not
    /// possible): they have no effect now, which a person should know.
    public func acceptanceWarnings(file: String) -> [Diagnostic] {
        answers.explicit.acceptedRisks.compactMap { risk in
            guard let entry = entries.first(where: { $0.item.id == risk.item }),
                  entry.status != .todo, entry.status != .accepted else { return nil }
            return Diagnostic(file: file, position: risk.position, severity: .warning,
                              message: Message("errors.risk-not-open", ["item": risk.item, "status": entry.status.rawValue]))
        }
    }
}
