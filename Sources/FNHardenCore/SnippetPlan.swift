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
    public var siteKind: String { catalog.siteKind(plan: plan, os: os) }
    /// Flex Consumption reaches its deployment storage with the user-assigned
    /// identity when that is the app's only one, else with the system one.
    public var deploysWithUserAssignedIdentity: Bool {
        answers.value(of: "identity.managed-identity") == .text("user-assigned")
            && entries.contains { $0.setting.id == "identity-user-assigned" }
    }

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
