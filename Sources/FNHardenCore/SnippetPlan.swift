/// What the snippets for one app hold, in any dialect: the settings to
/// write with their values, and the inputs they take. Built from the
/// checklist, so the snippets and the checklist always agree.
public struct SnippetPlan: Sendable {
    public let appName: String
    public let plan: String
    public let os: String
    public let runtime: Int?
    public let entries: [PlannedSetting]
    /// Items whose settings are left out because their risk is accepted.
    public let accepted: [String]
    /// Items whose settings are left out because no source confirms the
    /// plan takes them (an unconfirmed capability).
    public let unconfirmed: [String]
    /// Checkov checks to skip: the plan makes them impossible to pass, or
    /// Checkov applies them to the wrong resource.
    public let checkovSkips: [CheckovSkip]

    /// The checks skipped in one resource (site, app-settings), with the
    /// locale key of each reason.
    public func skips(in resource: String) -> [(check: String, reason: String)] {
        checkovSkips.filter { $0.resource == resource }.map { ($0.check, "snippets.skips." + $0.reason) }
    }

    /// Application settings the written ones replace (AzureWebJobsStorage).
    public var removedAppSettings: [String] { entries.compactMap(\.setting.removesAppSetting).uniqued() }
    let catalog: SnippetCatalog
    let answers: ResolvedAnswers

    public var isFlex: Bool { plan == "flex-consumption" }
    public var isContainerApps: Bool { plan == "container-apps" }
    public var isLinux: Bool { os == "linux" }
    /// Flex Consumption reaches its deployment storage with the user-assigned
    /// identity when that is the app's only one, else with the system one.
    public var deploysWithUserAssignedIdentity: Bool {
        answers.value(of: "identity.managed-identity") == .text("user-assigned")
            && entries.contains { $0.setting.id == "identity-user-assigned" }
    }

    /// Consumption and Premium keep their code on an Azure Files share.
    public var usesContentShare: Bool { ["consumption", "premium"].contains(plan) }

    /// The arguments that name a scope's resource on an `az` line.
    public func scopeArguments(_ scope: String) -> [SnippetValue] {
        (catalog.azcliScopes[scope] ?? []).compactMap { SnippetPlanner.resolveValue($0, answers) }
    }

    /// Every input id of the catalogue.
    public var inputIDs: [String] { catalog.inputs.map(\.id) }

    public func apiVersion(_ type: String) -> String { catalog.apiVersion(type) }
    public func constant(_ key: String) -> String { catalog.constant(key) }

    /// The settings written to an ARM/Bicep resource (or Terraform, when `terraform`).
    public func entries(armResource resource: String) -> [PlannedSetting] {
        entries.filter { $0.setting.arm?.resource == resource && $0.arm != nil }
    }

    public var appSettings: [PlannedSetting] { entries.filter { $0.setting.appSetting != nil } }

    public func has(armResource resource: String) -> Bool { !entries(armResource: resource).isEmpty }

    /// Items with at least one setting written, in knowledge-base order.
    public var items: [String] { entries.map(\.setting.item).uniqued() }

    /// The inputs that `values` and the writer's own `skeleton` refer to, in
    /// catalogue order, with their defaults from the answers.
    public func inputs(for values: [SnippetValue], skeleton: [String]) -> [ResolvedInput] {
        let used = Set(values.flatMap(\.inputs) + skeleton)
        return catalog.inputs.filter { used.contains($0.id) }.map { input in
            ResolvedInput(input: input, defaultValue: defaultValue(of: input))
        }
    }

    private func defaultValue(of input: SnippetInput) -> SnippetValue? {
        if let key = input.answer, answers.isAnswered(key) || key == "app.name" {
            switch answers.value(of: key) {
            case .text(let text) where !text.isEmpty: return .string(text)
            case .integer(let number) where number > 0: return .int(number)
            default: break
            }
        }
        guard let text = input.defaultText else { return nil }
        switch input.kind {
        case .object: return .object([])
        case .int: return Int(text).map(SnippetValue.int)
        case .string: return .string(text)
        }
    }
}

/// One setting of the plan with its values for each dialect.
public struct PlannedSetting: Sendable {
    public let setting: Setting
    /// The item's status: `todo` settings close an open item, `done` ones keep it.
    public let status: Status
    /// An answer is unknown or the plan's support is unconfirmed: check it.
    public let verify: Bool
    public let arm: SnippetValue?
    public let terraform: SnippetValue?
    public let azcli: SnippetValue?
    /// The value shared by the dialects (app settings use it).
    public let value: SnippetValue?

    public var item: String { setting.item }
}

public struct ResolvedInput: Sendable {
    public let input: SnippetInput
    public let defaultValue: SnippetValue?
}

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
            guard entry.unconfirmed.isEmpty, setting.requires.allSatisfy({ lookup.outcome($0).truth == .yes }) else { continue }
            let resolve = { (spec: ValueSpec?) -> SnippetValue? in
                spec.flatMap { resolveValue($0, answers) } ?? resolveValue(setting.value, answers)
            }
            entries.append(PlannedSetting(
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
        let accepted = checklist.entries.filter { $0.status == .accepted && !kb.snippets.settings(for: $0.item.id).isEmpty }
            .map(\.item.id)
        let unconfirmed = checklist.entries.filter { entry in
            (entry.status == .done || entry.status == .todo) && !entry.unconfirmed.isEmpty
                && !kb.snippets.settings(for: entry.item.id).isEmpty
        }.map(\.item.id)
        let skips = kb.snippets.checkovSkips.filter { ($0.when?.evaluate(in: answers).truth ?? .yes) == .yes }
        return .success(SnippetPlan(
            appName: answers.value(of: "app.name").canonical, plan: plan, os: os, runtime: runtime,
            entries: entries, accepted: accepted, unconfirmed: unconfirmed, checkovSkips: skips, catalog: kb.snippets, answers: answers))
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
            return .object(fields.compactMap { field in resolveValue(field.value, answers).map { .init(field.key, $0) } })
        case .block(let fields):
            return .block(fields.compactMap { field in resolveValue(field.value, answers).map { .init(field.key, $0) } })
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
