/// Completes explicit answers with defaults, works out which questions apply,
/// and checks the cross-field rules (checklists/rules.yml).
public enum AnswerResolver {
    public static func resolve(
        _ explicit: AnswerSet, knowledgeBase kb: KnowledgeBase, file: String,
        asOf: String? = nil
    ) -> (ResolvedAnswers, [Diagnostic]) {
        var values: [String: AnswerValue] = [:]
        var asked: [String] = []
        var diagnostics: [Diagnostic] = []
        func context() -> ResolvedAnswers {
            ResolvedAnswers(values: values, explicit: explicit, asked: asked, matrix: kb.capabilities)
        }
        // Catalogue order: a question's condition and defaults read only
        // earlier answers, so one pass settles everything.
        var defaults: [String: AnswerValue] = [:]
        for question in kb.questions {
            let current = context()
            let fallback =
                question.conditionalDefaults.first { $0.when.evaluate(in: current).truth == .yes }?.value
                ?? question.defaultValue ?? .unknown
            defaults[question.id] = fallback
            values[question.id] = explicit.values[question.id] ?? fallback
            if (question.when?.evaluate(in: current).truth ?? .yes) != .no { asked.append(question.id) }
        }
        let withExplicit = context()
        let lookup = CapabilityLookup(matrix: kb.capabilities, answers: withExplicit)
        for rule in kb.rules where rule.when.evaluate(in: withExplicit).truth == .yes {
            let position = explicit.positions[rule.at] ?? explicit.positions.values.min()
            switch rule.require.evaluate(in: withExplicit).truth {
            case .no:
                diagnostics.append(
                    Diagnostic(file: file, position: position, message: message(for: rule, in: withExplicit)))
            case .unknown where explicit.values[rule.at].map({ $0 != defaults[rule.at] }) ?? false:
                // No source settles whether the plan can do what the file
                // asks for beyond the platform's default: say so, without
                // refusing the answer.
                for id in rule.require.capabilityIDs {
                    guard let capability = kb.capabilities.capabilities[id],
                        lookup.cell(capability)?.support == .unconfirmed
                    else { continue }
                    diagnostics.append(
                        Diagnostic(
                            file: file, position: position, severity: .warning,
                            message: Message(
                                "errors.unconfirmed-capability",
                                [
                                    "key": rule.at, "value": withExplicit.value(of: rule.at).canonical,
                                    "capability": id,
                                    "plan": withExplicit.plan.canonical, "os": withExplicit.os.canonical,
                                ])))
                }
            default:
                break
            }
        }
        // An answer to a question that doesn't apply is ignored, with a word.
        for question in kb.questions where !asked.contains(question.id) {
            guard let given = explicit.values[question.id], let fallback = defaults[question.id],
                given != fallback
            else { continue }
            if diagnostics.contains(where: { $0.message.arguments["key"] == question.id }) { continue }
            diagnostics.append(
                Diagnostic(
                    file: file, position: explicit.positions[question.id], severity: .warning,
                    message: Message(
                        "errors.not-asked",
                        [
                            "key": question.id, "value": given.canonical,
                            "default": fallback.canonical,
                        ])))
            values[question.id] = fallback
        }
        // An acceptance already past its date is said now, not only in the checklist.
        if let asOf {
            for risk in explicit.acceptedRisks where !risk.isInForce(on: asOf) {
                diagnostics.append(
                    Diagnostic(
                        file: file, position: risk.position, severity: .warning,
                        message: Message(
                            "errors.risk-expired",
                            [
                                "item": risk.item, "expires": risk.expires,
                                "date": asOf,
                            ])))
            }
        }
        return (context(), diagnostics)
    }

    private static func message(for rule: Rule, in answers: ResolvedAnswers) -> Message {
        var arguments = [
            "key": rule.at, "value": answers.value(of: rule.at).canonical,
            "plan": answers.plan.canonical, "os": answers.os.canonical, "runtime": answers.runtime.canonical,
        ]
        // The changes that would do: for a rule that requires one capability
        // or any of several, the plans (in the matrix's order) and other
        // answers that give one of them.
        let capabilities = rule.require.capabilityIDs
        if !capabilities.isEmpty {
            let lookup = CapabilityLookup(matrix: answers.matrix, answers: answers)
            var found: [String] = []
            for id in capabilities { found.appendUnique(lookup.alternatives(id)) }
            let plans = answers.matrix.plans
            let order = { (plan: String) in plans.firstIndex(of: plan) ?? plans.count }
            let ordered =
                found.filter(plans.contains).sorted { order($0) < order($1) } + found.filter { !plans.contains($0) }
            arguments["alternatives"] = ordered.joined(separator: ", ")
        }
        return Message("rules.\(rule.id)", arguments)
    }
}
