import FNHardenCore

/// The ARM resources of a snippet plan, shared by the ARM and Bicep writers:
/// each resource's own skeleton (name, kind, the properties Azure requires)
/// with the plan's settings merged into its property tree.
struct ARMResource {
    /// The Bicep symbol; ARM uses it only to find the resource.
    let symbol: String
    /// Full type for top-level resources, the short child type for children.
    let type: String
    let apiVersion: String
    let name: SnippetValue
    var body = PropertyTree()
    /// Bicep `scope:` / ARM `scope` for extension resources (the site).
    var scopedToSite = false
    /// The properties are `union(INPUT, {...})` (application settings).
    var unionInput: String?
    /// A child written as a resource of its own (Bicep `parent:`), so that
    /// Checkov's skip comments inside it cover it alone, not the site.
    var parent: String?
    var children: [ARMResource] = []
    /// Checkov checks skipped in this resource, with their reasons' locale keys.
    var skips: [(check: String, reason: String)] = []

    /// Settings of this resource and its children, for tagging.
    var settings: [PlannedSetting] { body.settings + children.flatMap(\.settings) }
}

enum ARMResourceBuilder {
    static let siteType = "Microsoft.Web/sites"

    static func resources(_ plan: SnippetPlan) -> [ARMResource] {
        let siteVersion = plan.apiVersion(siteType)
        var site = ARMResource(symbol: "site", type: siteType, apiVersion: siteVersion, name: .input("app-name"))
        site.body.set("location", .input("location"))
        site.body.set("kind", .string(plan.siteKind))
        if plan.isContainerApps {
            site.body.set("properties.managedEnvironmentId", .input("container-apps-environment-id"))
        } else {
            site.body.set("properties.serverFarmId", .input("plan-id"))
        }
        if plan.isFlex {
            site.body.set("properties.functionAppConfig", flexConfig(plan))
        } else if plan.isLinux {
            site.body.set("properties.siteConfig.linuxFxVersion", .input("linux-fx-version"))
        }
        merge(plan.entries(armResource: "site"), into: &site.body)
        // CKV_AZURE_221 is Terraform's; the ARM and Bicep check is 222.
        site.skips = plan.skips(in: "site").filter { $0.check != "CKV_AZURE_221" }

        for (resource, policy) in [("basic-auth-ftp", "ftp"), ("basic-auth-scm", "scm")]
        where plan.has(armResource: resource) {
            var child = ARMResource(
                symbol: policy + "Publishing", type: "basicPublishingCredentialsPolicies",
                apiVersion: siteVersion, name: .string(policy))
            merge(plan.entries(armResource: resource), into: &child.body)
            site.children.append(child)
        }
        var resources = [site]
        if !plan.appSettings.isEmpty {
            var settings = ARMResource(
                symbol: "siteAppSettings", type: siteType + "/config", apiVersion: siteVersion,
                name: .string("appsettings"))
            settings.parent = "site"
            settings.unionInput = "app-settings"
            settings.skips = plan.skips(in: "app-settings")
            if !plan.isFlex, let runtime = plan.runtime {
                settings.body.set("properties.FUNCTIONS_EXTENSION_VERSION", .string("~\(runtime)"))
            }
            for entry in plan.appSettings {
                if let name = entry.setting.appSetting, let value = entry.value {
                    settings.body.set("properties." + name, value, entry)
                }
            }
            resources.append(settings)
        }

        if plan.has(armResource: "storage") {
            let type = "Microsoft.Storage/storageAccounts"
            var storage = ARMResource(
                symbol: "storage", type: type, apiVersion: plan.apiVersion(type),
                name: .input("storage-account-name"))
            storage.body.set("location", .input("location"))
            storage.body.set("sku.name", .input("storage-sku"))
            storage.body.set("kind", .input("storage-kind"))
            merge(plan.entries(armResource: "storage"), into: &storage.body)
            resources.append(storage)
        }
        if plan.has(armResource: "private-endpoint") {
            let type = "Microsoft.Network/privateEndpoints"
            var endpoint = ARMResource(
                symbol: "privateEndpoint", type: type, apiVersion: plan.apiVersion(type),
                name: .prefixed(plan.constant("private-endpoint-prefix"), input: "app-name"))
            endpoint.body.set("location", .input("location"))
            merge(plan.entries(armResource: "private-endpoint"), into: &endpoint.body)
            endpoint.body.set(
                "properties.privateLinkServiceConnections[]",
                .object([
                    .init("name", .prefixed(plan.constant("private-endpoint-prefix"), input: "app-name")),
                    .init(
                        "properties",
                        .object([
                            .init("privateLinkServiceId", .reference("site-id")),
                            .init("groupIds", .list([.string(plan.constant("private-link-group"))])),
                        ])),
                ]))
            if plan.has(armResource: "dns-zone-group") {
                var group = ARMResource(
                    symbol: "dnsZoneGroup", type: "privateDnsZoneGroups",
                    apiVersion: plan.apiVersion(type), name: .string("default"))
                merge(plan.entries(armResource: "dns-zone-group"), into: &group.body)
                endpoint.children.append(group)
            }
            resources.append(endpoint)
        }
        if plan.has(armResource: "diagnostics") {
            let type = "Microsoft.Insights/diagnosticSettings"
            var diagnostics = ARMResource(
                symbol: "functionLogs", type: type, apiVersion: plan.apiVersion(type),
                name: .string(plan.constant("diagnostic-setting-name")))
            diagnostics.scopedToSite = true
            merge(plan.entries(armResource: "diagnostics"), into: &diagnostics.body)
            diagnostics.body.set(
                "properties.logs[]",
                .object([
                    .init("category", .string(plan.constant("function-log-category"))), .init("enabled", .bool(true)),
                ]))
            resources.append(diagnostics)
        }
        return resources
    }

    /// Flex Consumption's required `functionAppConfig`: deployment storage
    /// reached with the app's identity, runtime and scale ("Flex Consumption"
    /// in checklists/snippets-research.md), the scale as the app has it now.
    private static func flexConfig(_ plan: SnippetPlan) -> SnippetValue {
        let userAssigned = plan.deploysWithUserAssignedIdentity
        var authentication: [SnippetValue.Field] = [
            .init("type", .string(userAssigned ? "UserAssignedIdentity" : "SystemAssignedIdentity"))
        ]
        if userAssigned {
            authentication.append(.init("userAssignedIdentityResourceId", .input("user-assigned-identity-id")))
        }
        return .object([
            .init(
                "deployment",
                .object([
                    .init(
                        "storage",
                        .object([
                            .init("type", .string("blobContainer")),
                            .init("value", .input("deployment-container-url")),
                            .init("authentication", .object(authentication)),
                        ]))
                ])),
            .init(
                "runtime",
                .object([.init("name", .input("runtime-name")), .init("version", .input("runtime-version"))])),
            .init(
                "scaleAndConcurrency",
                .object([
                    .init("maximumInstanceCount", .input("flex-maximum-instance-count")),
                    .init("instanceMemoryMB", .input("flex-instance-memory-mb")),
                ])),
        ])
    }

    private static func merge(_ entries: [PlannedSetting], into tree: inout PropertyTree) {
        for entry in entries {
            if let target = entry.setting.arm, let value = entry.arm { tree.set(target.path, value, entry) }
        }
    }
}
