/// Turns a checklist into a `SnippetPlan`.
public enum SnippetPlanner {
    public enum Refusal: Error, Equatable {
        /// The plan or OS is unknown: the resources can't be chosen.
        case hostingUnknown
    }

    public static func plan(_ checklist: Checklist, knowledgeBase kb: KnowledgeBase) -> Result<SnippetPlan, Refusal> {
        let answers = checklist.answers
        guard case .text(let plan) = answers.plan, case .text(let os) = answers.os else {
            return .failure(.hostingUnknown)
        }
        var runtime: Int?
        if case .integer(let version) = answers.runtime { runtime = version }
        let lookup = CapabilityLookup(matrix: kb.capabilities, answers: answers)
        let statuses = Dictionary(checklist.entries.map { ($0.item.id, $0) }, uniquingKeysWith: { first, _ in first })
        var entries: [PlannedSetting] = []
        for setting in kb.snippets.settings {
            guard let entry = statuses[setting.item], entry.status == .done || entry.status == .todo else { continue }
            if let when = setting.when, when.evaluate(in: answers).truth != .yes { continue }
            // Only what the plan is known to take: a setting the platform
            // ignores, or may not honour, would look like protection.
            guard entry.unconfirmed.isEmpty, setting.requires.allSatisfy({ lookup.outcome($0).truth == .yes }) else {
                continue
            }
            let resolve = { (spec: ValueSpec?) -> SnippetValue? in
                spec.flatMap { resolveValue($0, answers) } ?? resolveValue(setting.value, answers)
            }
            entries.append(
                PlannedSetting(
                    setting: setting, status: entry.status,
                    verify: entry.verify,
                    arm: setting.arm.flatMap { resolve($0.value) },
                    terraform: setting.terraform.flatMap { resolve($0.value) },
                    azcli: setting.azcli.flatMap { resolve($0.value) },
                    value: resolveValue(setting.value, answers)))
        }
        // Settings that would contradict one written are left out.
        let written = Set(entries.map(\.setting.id))
        entries.removeAll { !Set($0.setting.notWith).isDisjoint(with: written) }
        let accepted = checklist.entries.filter {
            $0.status == .accepted && !kb.snippets.settings(for: $0.item.id).isEmpty
        }
        .map(\.item.id)
        let unconfirmed = checklist.entries.filter { entry in
            (entry.status == .done || entry.status == .todo) && !entry.unconfirmed.isEmpty
                && !kb.snippets.settings(for: entry.item.id).isEmpty
        }.map(\.item.id)
        let skips = kb.snippets.checkovSkips.filter { ($0.when?.evaluate(in: answers).truth ?? .yes) == .yes }
        return .success(
            SnippetPlan(
                appName: answers.value(of: "app.name").canonical, plan: plan, os: os, runtime: runtime,
                entries: entries, accepted: accepted, unconfirmed: unconfirmed, checkovSkips: skips,
                catalog: kb.snippets, answers: answers))
    }

    static func resolveValue(_ spec: ValueSpec, _ answers: ResolvedAnswers) -> SnippetValue? {
        switch spec {
        case .none: return nil
        case .literal(let value): return value
        case .input(let id): return .input(id)
        case .prefixed(let prefix, let id): return .prefixed(prefix, input: id)
        case .reference(let name): return .reference(name)
        case .keyed(let id, let value): return resolveValue(value, answers).map { .keyed(input: id, value: $0) }
        case .list(let specs): return .list(specs.compactMap { resolveValue($0, answers) })
        case .object(let fields):
            return .object(
                fields.compactMap { field in resolveValue(field.value, answers).map { .init(field.key, $0) } })
        case .block(let fields):
            return .block(
                fields.compactMap { field in resolveValue(field.value, answers).map { .init(field.key, $0) } })
        case .keep(let key, let keep, let fallback):
            let answer = answers.value(of: key).canonical
            return keep.contains(answer) ? .string(answer) : resolveValue(fallback, answers)
        case .map(let key, let cases):
            // "\0else" holds the map's `else`, which no answer can spell.
            return (cases[answers.value(of: key).canonical] ?? cases["\u{0}else"]).flatMap { resolveValue($0, answers) }
        case .drop(let key, let drop):
            guard case .list(let values) = answers.value(of: key) else { return .list([]) }
            return .list(values.filter { !drop.contains($0) }.map(SnippetValue.string))
        }
    }
}
