import Foundation
import Testing

@testable import FNHardenCore
@testable import FNHardenRender

/// Applying a snippet must not break the app or pretend to protect it. For
/// every plan and OS, over answers that reach every kind of setting, the
/// written ARM template (parsed, not searched as text) and the other three
/// files are held to three promises:
///   1. nothing is written that the plan ignores or may not honour: every
///      capability a setting or its item needs is `yes` in capabilities.yml;
///   2. nothing is fixed where the app's own value must be kept (the storage
///      account's kind and SKU, Flex's scale and runtime, the Linux stack,
///      the other application settings): those are parameters without a
///      default;
///   3. no two written settings contradict each other.
/// Nothing is deployed: these are the checks a careful reader makes.
@Suite struct SnippetSafetyTests {
    let kb = Harness.kb

    /// Answers beyond the hosting that reach the settings with conditions.
    static let variants: [(name: String, answers: [String: AnswerValue])] = [
        ("defaults", [:]),
        (
            "hardened",
            [
                "http.https-only": .bool(true), "http.min-tls": .text("1.3"), "http.admin-endpoints": .text("disabled"),
                "network.inbound": .text("private-endpoint"), "network.gateway": .text("application-gateway"),
                "network.vnet-integration": .bool(true), "network.storage-isolated": .bool(true),
                "identity.managed-identity": .text("user-assigned"), "identity.identity-connections": .bool(true),
                "secrets.key-storage": .text("keyvault"), "operations.log-export": .text("log-analytics"),
                "deployment.method": .text("ci-pipeline"), "deployment.basic-auth": .bool(false),
            ]
        ),
        (
            "front-door",
            [
                "network.inbound": .text("access-restrictions"), "network.gateway": .text("front-door"),
                "identity.managed-identity": .text("both"),
            ]
        ),
        (
            "ftp",
            [
                "deployment.method": .text("ftp"), "deployment.ftp": .text("ftps-only"),
                "network.inbound": .text("public"),
            ]
        ),
        ("internal-ase", ["network.ase-ingress": .text("internal"), "network.gateway": .text("application-gateway")]),
        ("pulled-package", ["deployment.method": .text("run-from-package"), "network.inbound": .text("public")]),
        ("runtime-3", [HostingKey.runtime: .integer(3), "identity.identity-connections": .bool(true)]),
        ("runtime-1", [HostingKey.runtime: .integer(1), "secrets.key-storage": .text("keyvault")]),
    ]

    struct Case {
        let label: String
        let answers: ResolvedAnswers
        let plan: SnippetPlan
        let arm: [String: Any]
        let texts: [String]
    }

    /// Every plan, OS and variant the answers file's rules accept.
    func cases() throws -> [Case] {
        var result: [Case] = []
        let l10n = Harness.english
        for plan in kb.capabilities.plans {
            for os in kb.capabilities.systems(of: plan) {
                for variant in Self.variants {
                    var values = variant.answers
                    values["app.name"] = .text("test-app")
                    values[HostingKey.plan] = .text(plan)
                    values[HostingKey.os] = .text(os)
                    let (answers, problems) = AnswerResolver.resolve(
                        AnswerSet(values: values), knowledgeBase: kb, file: "")
                    guard !problems.contains(where: { $0.severity == .error }) else { continue }
                    let checklist = ChecklistEvaluator.evaluate(answers, knowledgeBase: kb)
                    let snippets = try SnippetPlanner.plan(checklist, knowledgeBase: kb).get()
                    let armText = ARMSnippet(localizer: l10n).render(snippets).text
                    let arm = try #require(try JSONSerialization.jsonObject(with: Data(armText.utf8)) as? [String: Any])
                    let texts = [
                        armText, BicepSnippet(localizer: l10n).render(snippets).text,
                        TerraformSnippet(localizer: l10n).render(snippets).text,
                        ShellSnippet(localizer: l10n).render(snippets).text,
                    ]
                    result.append(
                        Case(
                            label: "\(plan)/\(os) \(variant.name)", answers: answers, plan: snippets, arm: arm,
                            texts: texts))
                }
            }
        }
        return result
    }

    // MARK: - Reading the ARM template

    func resources(_ arm: [String: Any]) -> [[String: Any]] {
        func flatten(_ list: [[String: Any]]) -> [[String: Any]] {
            list.flatMap { [$0] + flatten($0["resources"] as? [[String: Any]] ?? []) }
        }
        return flatten(arm["resources"] as? [[String: Any]] ?? [])
    }

    /// The resource a setting's `arm.resource` names.
    func resource(_ name: String, in arm: [String: Any]) -> [String: Any]? {
        let all = resources(arm)
        switch name {
        case "site": return all.first { $0["type"] as? String == "Microsoft.Web/sites" }
        case "storage": return all.first { $0["type"] as? String == "Microsoft.Storage/storageAccounts" }
        case "private-endpoint": return all.first { $0["type"] as? String == "Microsoft.Network/privateEndpoints" }
        case "dns-zone-group": return all.first { $0["type"] as? String == "privateDnsZoneGroups" }
        case "diagnostics": return all.first { $0["type"] as? String == "Microsoft.Insights/diagnosticSettings" }
        case "basic-auth-ftp", "basic-auth-scm":
            let policy = name == "basic-auth-ftp" ? "ftp" : "scm"
            return all.first {
                $0["type"] as? String == "basicPublishingCredentialsPolicies" && $0["name"] as? String == policy
            }
        default: return nil
        }
    }

    func value(at path: String, in object: [String: Any]?) -> Any? {
        var current: Any? = object
        for part in path.split(separator: ".") {
            let key = part.hasSuffix("[]") ? String(part.dropLast(2)) : String(part)
            current = (current as? [String: Any])?[key]
        }
        return current
    }

    /// The application settings the template writes beside the app's own.
    func appSettings(_ arm: [String: Any]) -> [String: Any] {
        (arm["variables"] as? [String: Any])?["hardenedAppSettings"] as? [String: Any] ?? [:]
    }

    /// `[parameters('x')]` -> the parameter's declaration.
    func parameter(_ value: Any?, in arm: [String: Any]) -> [String: Any]? {
        guard let text = value as? String, text.hasPrefix("[parameters('"), text.hasSuffix("')]") else { return nil }
        let name = String(text.dropFirst("[parameters('".count).dropLast("')]".count))
        return (arm["parameters"] as? [String: Any])?[name] as? [String: Any]
    }

    // MARK: - 1. Only what the plan takes

    @Test func noSettingThePlanIgnoresOrMayNotHonour() throws {
        let all = try cases()
        #expect(all.count > 50, "the walk covers every plan, OS and variant (\(all.count))")
        for test in all {
            let lookup = CapabilityLookup(matrix: kb.capabilities, answers: test.answers)
            for setting in kb.snippets.settings {
                let item = try #require(kb.item(setting.item))
                // What the setting and its item require must be `yes`; a
                // capability its item's applies-when reads (perhaps negated)
                // must at least be settled.
                let unsure =
                    (setting.requires + item.requires).filter { lookup.outcome($0).truth != .yes }
                    + (item.appliesWhen?.capabilityIDs ?? []).filter { lookup.outcome($0).truth == .unknown }
                guard !unsure.isEmpty else { continue }
                let why = "\(test.label): \(setting.id) needs \(unsure)"
                #expect(!test.plan.entries.contains { $0.setting.id == setting.id }, "\(why)")
                // In the written template: its property is absent, unless a
                // setting the plan does write shares it (a list of rules).
                if let target = setting.arm, !written(test).contains(target.resource + ":" + target.path) {
                    let holder = resource(target.resource, in: test.arm)
                    #expect(
                        value(at: target.path, in: holder) == nil,
                        "\(why): \(target.resource).\(target.path) is written")
                }
                if let name = setting.appSetting {
                    for text in test.texts { #expect(!text.contains(name), "\(why): \(name) is written") }
                }
            }
        }
    }

    /// Site properties a plan ignores or doesn't confirm, as the sources say
    /// them (independent of the capability matrix the planner reads).
    static let ignored: [String: [String]] = [
        // Learn: inbound access on Container Apps is the environment's
        // ingress; VNet integration is the environment's; admin isolation
        // isn't documented there.
        "container-apps": [
            "properties.siteConfig.ipSecurityRestrictions", "properties.siteConfig.ipSecurityRestrictionsDefaultAction",
            "properties.siteConfig.scmIpSecurityRestrictions", "properties.virtualNetworkSubnetId",
            "properties.functionsRuntimeAdminIsolationEnabled",
        ],
        // Apps in an App Service Environment can't use regional VNet integration.
        "ase": ["properties.virtualNetworkSubnetId", "properties.siteConfig.vnetRouteAllEnabled"],
        // Flex: no FTPS state, no route-all property, an unconfirmed quota and admin isolation.
        "flex-consumption": [
            "properties.siteConfig.ftpsState", "properties.siteConfig.vnetRouteAllEnabled",
            "properties.dailyMemoryTimeQuota", "properties.functionsRuntimeAdminIsolationEnabled",
        ],
    ]

    @Test func noPropertyThePlanIgnoresIsWritten() throws {
        for test in try cases() {
            let site = resource("site", in: test.arm)
            for path in Self.ignored[test.answers.plan.canonical] ?? [] {
                #expect(value(at: path, in: site) == nil, "\(test.label): \(path)")
            }
        }
    }

    /// `resource:path` of every ARM property the plan writes.
    func written(_ test: Case) -> Set<String> {
        Set(test.plan.entries.compactMap { entry in entry.setting.arm.map { $0.resource + ":" + $0.path } })
    }

    // MARK: - 2. The app's own values are kept

    /// Values a declaration must take from the person, because the app
    /// already has them: a template's own value would replace them.
    static let kept: [(resource: String, path: String)] = [
        ("storage", "kind"), ("storage", "sku.name"),
        ("site", "properties.siteConfig.linuxFxVersion"),
        ("site", "properties.functionAppConfig.runtime.name"), ("site", "properties.functionAppConfig.runtime.version"),
        ("site", "properties.functionAppConfig.scaleAndConcurrency.maximumInstanceCount"),
        ("site", "properties.functionAppConfig.scaleAndConcurrency.instanceMemoryMB"),
        ("site", "properties.functionAppConfig.deployment.storage.value"),
    ]

    @Test func theAppsOwnValuesAreParametersWithoutADefault() throws {
        var seen = Set<String>()
        for test in try cases() {
            for kept in Self.kept {
                guard let holder = resource(kept.resource, in: test.arm), let written = value(at: kept.path, in: holder)
                else { continue }
                seen.insert(kept.path)
                let declaration = parameter(written, in: test.arm)
                #expect(declaration != nil, "\(test.label): \(kept.resource).\(kept.path) is fixed at \(written)")
                #expect(
                    declaration?["defaultValue"] == nil, "\(test.label): \(kept.resource).\(kept.path) has a default")
            }
            // The settings resource replaces the whole collection: the app's
            // other settings are a parameter that must be given.
            if let settings = resources(test.arm).first(where: { $0["type"] as? String == "Microsoft.Web/sites/config" }
            ) {
                let properties = try #require(settings["properties"] as? String)
                #expect(properties.hasPrefix("[union(parameters('appSettings')"), "\(test.label)")
                let declaration = (test.arm["parameters"] as? [String: Any])?["appSettings"] as? [String: Any]
                #expect(
                    declaration != nil && declaration?["defaultValue"] == nil,
                    "\(test.label): appSettings has a default")
                seen.insert("appSettings")
            }
        }
        #expect(seen.count == Self.kept.count + 1, "every kept value was written somewhere: \(seen.sorted())")
    }

    // MARK: - 3. Nothing that cancels something else

    @Test func noTwoWrittenSettingsContradict() throws {
        for test in try cases() {
            let site = resource("site", in: test.arm)
            let storage = resource("storage", in: test.arm)
            let settings = appSettings(test.arm)
            let plan = test.answers.plan.canonical
            let runtime = test.answers.runtime.canonical
            if value(at: "properties.publicNetworkAccess", in: site) as? String == "Disabled" {
                // Access restrictions guard a public endpoint that is closed.
                for path in [
                    "properties.siteConfig.ipSecurityRestrictions",
                    "properties.siteConfig.ipSecurityRestrictionsDefaultAction",
                    "properties.siteConfig.scmIpSecurityRestrictions",
                    "properties.siteConfig.scmIpSecurityRestrictionsDefaultAction",
                    "properties.siteConfig.scmIpSecurityRestrictionsUseMain",
                ] {
                    #expect(value(at: path, in: site) == nil, "\(test.label): \(path) beside public access off")
                }
                // FTP can't reach the app through a private endpoint.
                let ftps = value(at: "properties.siteConfig.ftpsState", in: site) as? String
                #expect(
                    ftps == nil || ftps == "Disabled", "\(test.label): FTP kept (\(ftps ?? "")) with public access off")
            }
            if value(at: "properties.allowSharedKeyAccess", in: storage) as? Bool == false {
                // Without the shared key only an identity reaches host storage.
                #expect(
                    !["consumption", "premium"].contains(plan),
                    "\(test.label): shared key off beside an Azure Files content share")
                #expect(
                    settings["AzureWebJobsStorage__accountName"] != nil,
                    "\(test.label): shared key off, host storage without identity")
            }
            if settings.keys.contains(where: {
                $0.hasPrefix("AzureWebJobsStorage__") || $0.hasPrefix("AzureWebJobsSecretStorageKeyVault")
            }) {
                #expect(runtime == "4", "\(test.label): a setting runtime \(runtime) doesn't read")
            }
            if value(at: "properties.siteConfig.vnetRouteAllEnabled", in: site) != nil {
                #expect(
                    value(at: "properties.virtualNetworkSubnetId", in: site) != nil,
                    "\(test.label): route all without integration")
            }
            // The storage rule names the subnet the app's traffic comes from.
            let rules = value(at: "properties.networkAcls.virtualNetworkRules", in: storage) as? [[String: Any]] ?? []
            let expected = plan == "container-apps" ? "containerAppsSubnetId" : "integrationSubnetId"
            for rule in rules {
                #expect(rule["id"] as? String == "[parameters('\(expected)')]", "\(test.label): \(rule)")
            }
            // Public access closes only where the answers choose a private
            // endpoint, or where no deployment is pushed over the public one.
            if value(at: "properties.publicNetworkAccess", in: site) as? String == "Disabled",
                test.answers.value(of: "network.inbound") != .text("private-endpoint")
            {
                let method = test.answers.value(of: "deployment.method")
                #expect(
                    method == .text("run-from-package") || method == .text("container-image"),
                    "\(test.label): public access off while \(method.canonical) pushes the code over it")
            }
            // FTPS is kept only where deployment uses FTP.
            if value(at: "properties.siteConfig.ftpsState", in: site) as? String == "FtpsOnly" {
                #expect(test.answers.value(of: "deployment.method") == .text("ftp"), "\(test.label)")
            }
        }
    }
}
