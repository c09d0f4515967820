import FNHardenCore

/// Reads `terraform show -json` (a plan's `planned_values` or the state's
/// `values`) and turns each azurerm function app into ARM's shape. The
/// argument <-> property pairs come from `checklists/settings.yml`, the
/// same descriptions the Terraform snippets are written from; the few
/// arguments the snippets never write (kind, app settings, the plan) are
/// translated here.
struct TerraformPlanReader {
    struct Resource {
        let address: String
        let type: String
        let values: JSONNode
        let path: String
        /// The resource's `type` member (where the kind of app is read).
        let typeNode: JSONNode
        let typePath: String
    }

    static let appTypes = [
        "azurerm_linux_function_app", "azurerm_windows_function_app",
        "azurerm_function_app_flex_consumption", "azurerm_function_app",
    ]

    let file: String
    let root: JSONNode
    let settings: [Setting]
    private(set) var resources: [Resource] = []

    static func recognises(_ root: JSONNode) -> Bool {
        root["format_version"] != nil && (root["planned_values"] != nil || root["values"] != nil)
    }

    init(_ root: JSONNode, file: String, settings: [Setting]) {
        self.root = root
        self.file = file
        self.settings = settings
        for key in ["planned_values", "values"] {
            if let module = root[key]?["root_module"] { collect(module, path: "$.\(key).root_module") }
            if !resources.isEmpty { break }
        }
    }

    private mutating func collect(_ module: JSONNode, path: String) {
        for (offset, resource) in (module["resources"]?.elements ?? []).enumerated() {
            guard resource["mode"]?.string != "data", let typeNode = resource["type"], let type = typeNode.string,
                let values = resource["values"]
            else { continue }
            resources.append(
                Resource(
                    address: resource["address"]?.string ?? type, type: type, values: values,
                    path: "\(path).resources[\(offset)].values", typeNode: typeNode,
                    typePath: "\(path).resources[\(offset)].type"))
        }
        for (offset, child) in (module["child_modules"]?.elements ?? []).enumerated() {
            collect(child, path: "\(path).child_modules[\(offset)]")
        }
    }

    /// The resources an argument of `address` refers to, from the plan's
    /// `configuration` (root module only; values like ids are unknown until apply).
    private func references(of address: String, argument: String) -> [String] {
        let configured = root["configuration"]?["root_module"]?["resources"]?.elements ?? []
        guard let resource = configured.first(where: { $0["address"]?.string == address }) else { return [] }
        return Self.allReferences(in: resource["expressions"]?[argument])
    }

    /// Every `references` list under an expression (blocks nest them).
    private static func allReferences(in node: JSONNode?) -> [String] {
        guard let node else { return [] }
        switch node.value {
        case .object(let members):
            return members.flatMap { member in
                member.key == "references"
                    ? member.value.elements.compactMap(\.string) : allReferences(in: member.value)
            }
        case .array(let elements): return elements.flatMap { allReferences(in: $0) }
        default: return []
        }
    }

    private func related(_ app: Resource, argument: String, type: String) -> [Resource] {
        let candidates = resources.filter { $0.type == type }
        let referenced = references(of: app.address, argument: argument)
        let matched = candidates.filter { candidate in
            referenced.contains { $0 == candidate.address || $0.hasPrefix(candidate.address + ".") }
        }
        if !matched.isEmpty { return matched }
        return candidates.count == 1 ? candidates : []
    }

    func functionApps() -> [FunctionApp] {
        resources.filter { Self.appTypes.contains($0.type) }.map(app)
    }

    // MARK: translation

    private func location(_ node: JSONNode, _ path: String) -> ConfigLocation {
        ConfigLocation(file: file, path: path, position: node.position)
    }

    /// The node at a Terraform argument path (`site_config.ftps_state`); a
    /// block is a list of one.
    static func node(_ values: JSONNode, _ path: String) -> (node: JSONNode, path: String)? {
        var current = values
        var spelled = ""
        for key in path.split(separator: ".").map(String.init) {
            if case .array(let elements) = current.value {
                guard let first = elements.first else { return nil }
                current = first
                spelled += "[0]"
            }
            guard let next = current[key] else { return nil }
            if case .null = next.value { return nil }
            current = next
            spelled += "." + key
        }
        return (current, spelled)
    }

    /// Builds an ARM-shaped object for one role (site, storage, ...) from
    /// the settings that pair an ARM path with a Terraform argument.
    private func shape(
        _ resource: Resource, role: String, extra: [(arm: String, node: JSONNode)] = [],
        spelled: [String: String] = [:]
    ) -> PropertyLayer {
        var builder = ShapeBuilder(position: resource.values.position)
        for setting in settings {
            // The basic-auth policies are arguments of the app in azurerm.
            let holder = role.hasPrefix("basic-auth") ? "site" : role
            guard let arm = setting.arm, let terraform = setting.terraform, arm.resource == role,
                terraform.resource == holder, let (node, spelled) = Self.node(resource.values, terraform.path)
            else { continue }
            builder.insert(arm.path, translate(node, setting: setting), spelled: resource.path + spelled)
        }
        for (path, node) in extra { builder.insert(path, node) }
        return PropertyLayer(
            file: file, node: builder.build(), path: resource.path, scope: nil,
            spelledPaths: builder.spelled.merging(spelled) { _, given in given })
    }

    /// A Terraform value in ARM's terms: where the setting writes a
    /// different literal in each (public_network_access_enabled = false
    /// for publicNetworkAccess = "Disabled"), the literal is translated.
    private func translate(_ node: JSONNode, setting: Setting) -> JSONNode {
        guard case .literal(let armValue) = setting.value,
            case .literal(let terraformValue)? = setting.terraform?.value,
            armValue != terraformValue, case .bool(let flag) = node.value, case .bool(let written) = terraformValue,
            case .string(let text) = armValue
        else { return node }
        let opposite = ["Disabled": "Enabled", "Enabled": "Disabled", "Deny": "Allow", "Allow": "Deny"]
        return JSONNode(.string(flag == written ? text : opposite[text] ?? text), at: node.position)
    }

    private func app(_ resource: Resource) -> FunctionApp {
        let values = resource.values
        let position = values.position
        var extra: [(arm: String, node: JSONNode)] = []
        let linux =
            resource.type != "azurerm_windows_function_app"
            && (resource.type != "azurerm_function_app" || values["os_type"]?.string?.lowercased() == "linux")
        extra.append(
            ("kind", JSONNode(.string(linux ? "functionapp,linux" : "functionapp"), at: resource.typeNode.position)))
        var spelled = ["kind": resource.typePath]
        for (arm, terraform) in [
            ("name", "name"), ("location", "location"), ("properties.resourceGroup", "resource_group_name"),
            ("properties.storageUsesManagedIdentity", "storage_uses_managed_identity"),
            ("properties.siteConfig.ipSecurityRestrictionsDefaultAction", "site_config.ip_restriction_default_action"),
            ("properties.siteConfig.vnetRouteAllEnabled", "site_config.vnet_route_all_enabled"),
            ("properties.keyVaultReferenceIdentity", "key_vault_reference_identity_id"),
        ] {
            if let found = Self.node(values, terraform) {
                extra.append((arm, found.node))
                spelled[arm] = resource.path + found.path
            }
        }
        if let rules = Self.node(values, "site_config.ip_restriction") {
            spelled["properties.siteConfig.ipSecurityRestrictions"] = resource.path + rules.path
            extra.append(
                (
                    "properties.siteConfig.ipSecurityRestrictions",
                    JSONNode(
                        .array(rules.node.elements.map(Self.accessRule)),
                        at: rules.node.position)
                ))
        }
        if resource.type == "azurerm_function_app_flex_consumption" {
            var config = ShapeBuilder(position: position)
            if let type = Self.node(values, "storage_authentication_type") {
                config.insert("deployment.storage.authentication.type", type.node)
                spelled["properties.functionAppConfig.deployment.storage.authentication.type"] =
                    resource.path + type.path
            }
            extra.append(("properties.functionAppConfig", config.build()))
            spelled["properties.functionAppConfig"] = resource.typePath
        }
        let site = shape(resource, role: "site", extra: extra, spelled: spelled)
        let name =
            Self.node(values, "name").map {
                Observed(ConfigValue(literal: $0.node), at: location($0.node, resource.path + $0.path))
            }
            ?? Observed(.unknown(resource.address), at: location(values, resource.path))
        var app = FunctionApp(name: name, site: Layers([site]), format: "terraform")
        app.ftpPolicy = Layers([shape(resource, role: "basic-auth-ftp")])
        app.scmPolicy = Layers([shape(resource, role: "basic-auth-scm")])
        if app.ftpPolicy["properties.allow"] == nil { app.ftpPolicy = Layers() }
        if app.scmPolicy["properties.allow"] == nil { app.scmPolicy = Layers() }
        app.appSettings = settings(of: resource)
        if let auth = Self.node(values, "auth_settings_v2.auth_enabled") ?? Self.node(values, "auth_settings.enabled") {
            var builder = ShapeBuilder(position: position)
            builder.insert("properties.platform.enabled", auth.node, spelled: resource.path + auth.path)
            app.authentication = Layers([
                PropertyLayer(
                    file: file, node: builder.build(), path: resource.path, scope: nil,
                    spelledPaths: builder.spelled)
            ])
        }
        if let plan = related(resource, argument: "service_plan_id", type: "azurerm_service_plan").first {
            var builder = ShapeBuilder(position: plan.values.position)
            if let sku = Self.node(plan.values, "sku_name") {
                builder.insert("sku.name", sku.node, spelled: plan.path + sku.path)
            }
            if let os = Self.node(plan.values, "os_type") {
                builder.insert(
                    "properties.reserved",
                    JSONNode(.bool(os.node.string?.lowercased() == "linux"), at: os.node.position),
                    spelled: plan.path + os.path)
            }
            app.plan = Layers([
                PropertyLayer(
                    file: file, node: builder.build(), path: plan.path, scope: nil,
                    spelledPaths: builder.spelled)
            ])
        }
        app.storage = related(resource, argument: "storage_account_name", type: "azurerm_storage_account").map {
            account in
            var extra: [(arm: String, node: JSONNode)] = []
            var spelled: [String: String] = [:]
            if let access = Self.node(account.values, "public_network_access_enabled"),
                case .bool(let enabled) = access.node.value
            {
                extra.append(
                    (
                        "properties.publicNetworkAccess",
                        JSONNode(.string(enabled ? "Enabled" : "Disabled"), at: access.node.position)
                    ))
                spelled["properties.publicNetworkAccess"] = account.path + access.path
            }
            if let key = Self.node(account.values, "customer_managed_key"), !key.node.elements.isEmpty {
                extra.append(
                    ("properties.encryption.keySource", JSONNode(.string("Microsoft.Keyvault"), at: key.node.position)))
                spelled["properties.encryption.keySource"] = account.path + key.path
            }
            return Layers([shape(account, role: "storage", extra: extra, spelled: spelled)])
        }
        for endpoint in resources where endpoint.type == "azurerm_private_endpoint" {
            let groups =
                Self.node(endpoint.values, "private_service_connection.subresource_names")?.node.elements.compactMap(
                    \.string) ?? []
            let target = references(of: endpoint.address, argument: "private_service_connection")
            let pointsHere =
                target.contains { $0.hasPrefix(resource.address) }
                || (target.isEmpty && resources.filter { Self.appTypes.contains($0.type) }.count == 1)
            if groups.map({ $0.lowercased() }).contains("sites"), pointsHere {
                app.privateEndpoints.append(location(endpoint.values, endpoint.path))
            }
        }
        return app
    }

    /// An `ip_restriction` block as an ARM access rule.
    private static func accessRule(_ block: JSONNode) -> JSONNode {
        var builder = ShapeBuilder(position: block.position)
        if let address = block["ip_address"], address.string != nil { builder.insert("ipAddress", address) }
        if let tag = block["service_tag"], let text = tag.string {
            builder.insert("ipAddress", JSONNode(.string(text), at: tag.position))
            builder.insert("tag", JSONNode(.string("ServiceTag"), at: tag.position))
        }
        if let subnet = block["virtual_network_subnet_id"], subnet.string != nil {
            builder.insert("vnetSubnetResourceId", subnet)
        }
        if let action = block["action"] { builder.insert("action", action) }
        return builder.build()
    }

    /// app_settings, plus the arguments azurerm turns into settings itself.
    private func settings(of resource: Resource) -> AppSettings {
        var settings = AppSettings()
        let values = resource.values
        settings.location = location(values, resource.path)
        if let map = Self.node(values, "app_settings") {
            settings.location = location(map.node, resource.path + map.path)
            for member in map.node.members {
                settings.set(
                    member.key,
                    Observed(
                        ConfigValue(literal: member.value),
                        at: location(member.value, resource.path + map.path + "." + member.key)))
            }
        }
        let implied: [(argument: String, setting: String)] = [
            ("functions_extension_version", "FUNCTIONS_EXTENSION_VERSION"),
            ("site_config.application_insights_connection_string", "APPLICATIONINSIGHTS_CONNECTION_STRING"),
            ("site_config.application_insights_key", "APPINSIGHTS_INSTRUMENTATIONKEY"),
            ("key_vault_reference_identity_id", "(key_vault_reference_identity_id)"),
        ]
        for (argument, name) in implied {
            if let found = Self.node(values, argument) {
                settings.set(
                    name,
                    Observed(ConfigValue(literal: found.node), at: location(found.node, resource.path + found.path)))
            }
        }
        // azurerm builds AzureWebJobsStorage from the account key when one is given.
        if let key = Self.node(values, "storage_account_access_key") {
            settings.set(
                "AzureWebJobsStorage",
                Observed(
                    .string("AccountKey=(storage_account_access_key)"),
                    at: location(key.node, resource.path + key.path)))
        }
        return settings
    }
}

/// Builds a JSON object from dotted paths, for sources translated into
/// ARM's shape. Each value keeps its own position.
struct ShapeBuilder {
    private var members: [(key: String, value: Entry)] = []
    private let position: Position
    /// ARM path -> the source's own path, for the values inserted with one.
    private(set) var spelled: [String: String] = [:]

    private indirect enum Entry {
        case leaf(JSONNode)
        case branch(ShapeBuilder)
    }

    init(position: Position) { self.position = position }

    mutating func insert(_ path: String, _ node: JSONNode, spelled own: String? = nil) {
        if let own { spelled[path] = own }
        insert(path.split(separator: ".").map(String.init)[...], node)
    }

    private mutating func insert(_ path: ArraySlice<String>, _ node: JSONNode) {
        guard let key = path.first else { return }
        if path.count == 1 {
            members.removeAll { $0.key == key }
            members.append((key, .leaf(node)))
            return
        }
        var child = ShapeBuilder(position: node.position)
        if let index = members.firstIndex(where: { $0.key == key }), case .branch(let existing) = members[index].value {
            child = existing
            members.remove(at: index)
        }
        child.insert(path.dropFirst(), node)
        members.append((key, .branch(child)))
    }

    func build() -> JSONNode {
        JSONNode(
            .object(
                members.map { member in
                    switch member.value {
                    case .leaf(let node): return JSONNode.Member(key: member.key, value: node)
                    case .branch(let builder): return JSONNode.Member(key: member.key, value: builder.build())
                    }
                }), at: position)
    }
}
