import FNHardenCore
import FNHardenL10n

/// `snippets/main.tf`: the app's hardened resources for azurerm 4.x, with
/// `azapi_update_resource` for what azurerm has no argument for.
public struct TerraformSnippet {
    let l10n: Localizer

    public init(localizer: Localizer) { self.l10n = localizer }

    struct Resource {
        let type: String
        let name: String
        var body = PropertyTree()
        var skips: [(check: String, reason: String)] = []
        /// Written as `app_settings = merge(var.app_settings, {...})`.
        var appSettings: [PlannedSetting] = []
        /// azapi_update_resource: the ARM tree written as its `body`.
        var azapiBody = PropertyTree()
    }

    public func render(_ plan: SnippetPlan) -> RenderedSnippet {
        let header = SnippetHeader(plan: plan, l10n: l10n)
        let siteType = Self.siteType(plan)
        let siteID = SnippetValue.reference(siteType.map { $0 + ".app.id" } ?? "var.app_id")
        var resources: [Resource] = []
        var azapi = PropertyTree()
        var storageSKU = false

        if let siteType {
            var site = Resource(type: siteType, name: "app")
            site.body.set("name", .input("app-name"))
            site.body.set("resource_group_name", .input("resource-group"))
            site.body.set("location", .input("location"))
            site.body.set("service_plan_id", .input("plan-id"))
            if plan.isFlex {
                let userAssigned = plan.deploysWithUserAssignedIdentity
                site.body.set("storage_container_type", .string("blobContainer"))
                site.body.set("storage_container_endpoint", .input("deployment-container-url"))
                site.body.set(
                    "storage_authentication_type",
                    .string(userAssigned ? "UserAssignedIdentity" : "SystemAssignedIdentity"))
                if userAssigned {
                    site.body.set("storage_user_assigned_identity_id", .input("user-assigned-identity-id"))
                }
                site.body.set("runtime_name", .input("runtime-name"))
                site.body.set("runtime_version", .input("runtime-version"))
                site.body.set("maximum_instance_count", .input("flex-maximum-instance-count"))
                site.body.set("instance_memory_in_mb", .input("flex-instance-memory-mb"))
            } else {
                site.body.set("storage_account_name", .input("storage-account-name"))
            }
            for entry in plan.entries where entry.setting.terraform?.resource == "site" {
                guard let target = entry.setting.terraform, let value = entry.terraform else { continue }
                if plan.isFlex, target.flexFallback == "azapi", let arm = entry.setting.arm, let armValue = entry.arm {
                    azapi.set(arm.path, armValue, entry)
                } else {
                    site.body.set(target.path, value, entry)
                }
            }
            site.appSettings = plan.appSettings
            site.body.set("site_config.__keep", .bool(true))
            resources.append(site)
        } else {
            // Functions on Container Apps has no azurerm resource: every site
            // setting goes through azapi on the existing app.
            for entry in plan.entries(armResource: "site") {
                if let arm = entry.setting.arm, let value = entry.arm { azapi.set(arm.path, value, entry) }
            }
        }
        for entry in plan.entries where entry.setting.terraform?.resource == "azapi" {
            if let target = entry.setting.terraform, let value = entry.terraform {
                azapi.set(target.path, value, entry)
            }
        }
        if plan.entries.contains(where: { $0.setting.terraform?.resource == "storage" }) {
            var storage = Resource(type: "azurerm_storage_account", name: "storage")
            storage.body.set("name", .input("storage-account-name"))
            storage.body.set("resource_group_name", .input("resource-group"))
            storage.body.set("location", .input("location"))
            storage.body.set("account_tier", .reference("split(\"_\", var.storage_sku)[0]"))
            storage.body.set("account_replication_type", .reference("split(\"_\", var.storage_sku)[1]"))
            storage.body.set("account_kind", .input("storage-kind"))
            storageSKU = true
            add(plan, "storage", to: &storage)
            resources.append(storage)
        }
        if plan.entries.contains(where: { $0.setting.terraform?.resource == "private-endpoint" }) {
            var endpoint = Resource(type: "azurerm_private_endpoint", name: "app")
            endpoint.body.set("name", .prefixed(plan.constant("private-endpoint-prefix"), input: "app-name"))
            endpoint.body.set("resource_group_name", .input("resource-group"))
            endpoint.body.set("location", .input("location"))
            add(plan, "private-endpoint", to: &endpoint)
            endpoint.body.set(
                "private_service_connection",
                .block([
                    .init("name", .prefixed(plan.constant("private-endpoint-prefix"), input: "app-name")),
                    .init("private_connection_resource_id", siteID),
                    .init("subresource_names", .list([.string(plan.constant("private-link-group"))])),
                    .init("is_manual_connection", .bool(false)),
                ]))
            resources.append(endpoint)
        }
        if plan.entries.contains(where: { $0.setting.terraform?.resource == "diagnostics" }) {
            var diagnostics = Resource(type: "azurerm_monitor_diagnostic_setting", name: "function_logs")
            diagnostics.body.set("name", .string(plan.constant("diagnostic-setting-name")))
            diagnostics.body.set("target_resource_id", siteID)
            add(plan, "diagnostics", to: &diagnostics)
            diagnostics.body.set(
                "enabled_log", .block([.init("category", .string(plan.constant("function-log-category")))]))
            resources.append(diagnostics)
        }
        if siteType == nil, !plan.appSettings.isEmpty {
            // No azurerm resource to hold them: azapi merges them into the app's settings.
            var settings = Resource(type: "azapi_update_resource", name: "app_settings")
            settings.body.set(
                "type", .string(ARMResourceBuilder.siteType + "/config@" + plan.apiVersion(ARMResourceBuilder.siteType))
            )
            settings.body.set("resource_id", .reference("\"${var.app_id}/config/appsettings\""))
            for entry in plan.appSettings {
                if let name = entry.setting.appSetting, let value = entry.value {
                    settings.azapiBody.set("properties." + name, value, entry)
                }
            }
            resources.append(settings)
        }
        if !azapi.isEmpty {
            var update = Resource(type: "azapi_update_resource", name: "site")
            update.body.set(
                "type", .string(ARMResourceBuilder.siteType + "@" + plan.apiVersion(ARMResourceBuilder.siteType)))
            update.body.set("resource_id", siteID)
            update.azapiBody = azapi
            resources.append(update)
        }
        for index in resources.indices where resources[index].type.hasSuffix("function_app") {
            resources[index].skips = plan.skips(in: "site").filter { $0.check == "CKV_AZURE_221" }
        }

        var out = SnippetLines()
        for line in header.lines(declarative: true) { out.add("# " + line) }
        if siteType == nil { out.add("# " + commentSafe(l10n.text("snippets.terraform.container-apps"))) }
        out.add("")
        writeProviders(
            plan, azapi: resources.contains { $0.type.hasPrefix("azapi") },
            sharedKeyOff: plan.entries.contains { $0.setting.id == "storage-shared-key-off" },
            into: &out)
        var used = resources.flatMap { $0.body.values + $0.azapiBody.values + $0.appSettings.compactMap(\.value) }
        if resources.contains(where: { !$0.appSettings.isEmpty }) { used.append(.input("app-settings")) }
        if siteType == nil { used.append(.input("app-id")) }
        if storageSKU { used.append(.input("storage-sku")) }
        for resolved in plan.inputs(for: used, skeleton: []) {
            out.add("")
            out.add("variable \"\(InputName.snake(resolved.input.id))\" {")
            var attributes: [(String, String)] = [
                ("description", Self.string(header.description(of: resolved.input.id))),
                (
                    "type",
                    resolved.input.kind == .int ? "number" : resolved.input.kind == .object ? "map(string)" : "string"
                ),
            ]
            if let value = resolved.defaultValue { attributes.append(("default", Self.inline(value))) }
            let width = attributes.map(\.0.count).max() ?? 0
            for (key, value) in attributes { out.add("  " + Self.aligned(key, width) + " = " + value) }
            if let minimum = resolved.input.minimum {
                let name = "var." + InputName.snake(resolved.input.id)
                out.add("")
                out.add("  validation {")
                out.add("    condition     = \(name) >= \(minimum)")
                out.add(
                    "    error_message = "
                        + Self.string(
                            l10n.text(
                                "snippets.minimum",
                                [
                                    "name": InputName.snake(resolved.input.id), "min": String(minimum),
                                ])))
                out.add("  }")
            }
            out.add("}")
        }
        for resource in resources {
            out.add("")
            var block = SnippetLines()
            write(resource, into: &block)
            let settings = resource.body.settings + resource.azapiBody.settings + resource.appSettings
            let sole =
                resource.type.hasSuffix("function_app") || resource.type.hasSuffix("flex_consumption")
                ? [] : settings.map(\.item).uniqued()
            out.add(contentsOf: block, alsoTagging: sole.count == 1 ? sole : [])
        }
        return out.rendered(.terraform)
    }

    private func write(_ resource: Resource, into out: inout SnippetLines) {
        do {
            out.add("resource \"\(resource.type)\" \"\(resource.name)\" {")
            for skip in resource.skips {
                out.add("  #checkov:skip=\(skip.check):" + commentSafe(l10n.text(skip.reason)))
            }
            if resource.type == "azapi_update_resource" {
                writeAzapi(resource, into: &out)
            } else {
                writeBlock(resource.body, indent: "  ", into: &out)
                writeAppSettings(resource.appSettings, into: &out)
            }
            out.add("}")
        }
    }

    static func siteType(_ plan: SnippetPlan) -> String? {
        if plan.isContainerApps { return nil }
        if plan.isFlex { return "azurerm_function_app_flex_consumption" }
        return plan.isLinux ? "azurerm_linux_function_app" : "azurerm_windows_function_app"
    }

    private func add(_ plan: SnippetPlan, _ resource: String, to target: inout Resource) {
        for entry in plan.entries where entry.setting.terraform?.resource == resource {
            if let path = entry.setting.terraform?.path, let value = entry.terraform {
                target.body.set(path, value, entry)
            }
        }
    }

    private func writeProviders(_ plan: SnippetPlan, azapi: Bool, sharedKeyOff: Bool, into out: inout SnippetLines) {
        out.add("terraform {")
        out.add("  required_providers {")
        out.add("    azurerm = {")
        out.add("      source  = \"hashicorp/azurerm\"")
        out.add("      version = \"~> 4.21\"")
        out.add("    }")
        if azapi {
            out.add("    azapi = {")
            out.add("      source  = \"Azure/azapi\"")
            out.add("      version = \"~> 2.0\"")
            out.add("    }")
        }
        out.add("  }")
        out.add("}")
        out.add("")
        out.add("provider \"azurerm\" {")
        out.add("  features {}")
        if sharedKeyOff {
            out.add("  # " + commentSafe(l10n.text("snippets.terraform.azuread-storage")))
            out.add("  storage_use_azuread = true")
        }
        out.add("}")
    }

    /// The app's other settings merged with the hardening ones: azurerm
    /// replaces the whole collection, like ARM.
    private func writeAppSettings(_ settings: [PlannedSetting], into out: inout SnippetLines) {
        guard !settings.isEmpty else { return }
        let removed = settings.compactMap(\.setting.removesAppSetting).uniqued()
        if removed.isEmpty {
            out.add("  app_settings = merge(var.app_settings, {")
        } else {
            // The settings the new ones replace (the storage connection string) are left out.
            let condition = removed.map { "name != " + Self.string($0) }.joined(separator: " && ")
            out.add(
                "  app_settings = merge({ for name, value in var.app_settings : name => value if \(condition) }, {",
                items: settings.filter { $0.setting.removesAppSetting != nil }.map(\.item).uniqued())
        }
        let width = settings.map { Self.key($0.setting.appSetting ?? "").count }.max() ?? 0
        for entry in settings {
            guard let name = entry.setting.appSetting, let value = entry.value else { continue }
            out.add(
                "    " + Self.aligned(Self.key(name), width) + " = " + Self.inline(value)
                    + " # " + settingNote(entry), items: [entry.item])
        }
        out.add("  })")
    }

    /// `body = { properties = { ... } }`, each value tagged with its item.
    private func writeAzapi(_ resource: Resource, into out: inout SnippetLines) {
        var head = PropertyTree()
        for entry in resource.body.entries where entry.key != "body" {
            if case .value(let value, _) = entry.node { head.set(entry.key, value) }
        }
        writeBlock(head, indent: "  ", into: &out)
        out.add("  body = {")
        writeObject(resource.azapiBody, indent: "    ", into: &out)
        out.add("  }")
    }

    private func writeObject(_ tree: PropertyTree, indent: String, into out: inout SnippetLines) {
        let width = tree.entries.map { Self.key($0.key).count }.max() ?? 0
        for entry in tree.entries {
            let key = Self.key(entry.key)
            switch entry.node {
            case .tree(let child):
                out.add(indent + key + " = {")
                writeObject(child, indent: indent + "  ", into: &out)
                out.add(indent + "}")
            case .value(let value, let setting):
                let lines = Self.lines(value, indent: indent)
                let items = setting.map { [$0.item] } ?? []
                for (index, line) in lines.enumerated() {
                    let text = index == 0 ? indent + Self.aligned(key, width) + " = " + line : line
                    out.add(
                        text + (index == lines.count - 1 ? setting.map { " # " + settingNote($0) } ?? "" : ""),
                        items: items)
                }
            case .list(let values):
                let list = SnippetValue.list(values.map(\.0))
                let items = values.compactMap(\.1).map(\.item).uniqued()
                for line in Self.lines(list, indent: indent).enumerated().map({
                    $0 == 0 ? indent + key + " = " + $1 : $1
                }) {
                    out.add(line, items: items)
                }
            }
        }
    }

    private func writeBlock(_ tree: PropertyTree, indent: String, into out: inout SnippetLines) {
        // terraform fmt aligns `=` over each run of one-line attributes.
        var run: [(key: String, value: String, note: String, items: [String])] = []
        func flush() {
            let width = run.map(\.key.count).max() ?? 0
            for line in run {
                out.add(
                    indent + Self.aligned(line.key, width) + " = " + line.value + line.note,
                    items: line.items)
            }
            run = []
        }
        for entry in tree.entries {
            switch entry.node {
            case .value(let value, let setting):
                if entry.key == "__keep" { continue }
                let items = setting.map { [$0.item] } ?? []
                let note = setting.map { " # " + settingNote($0) } ?? ""
                if case .block(let fields) = value {
                    flush()
                    writeNestedBlock(entry.key, fields, note: note, items: items, indent: indent, into: &out)
                    continue
                }
                let lines = Self.lines(value, indent: indent)
                if lines.count == 1 {
                    run.append((entry.key, lines[0], note, items))
                } else {
                    flush()
                    for (index, line) in lines.enumerated() {
                        out.add(
                            (index == 0 ? indent + entry.key + " = " + line : line)
                                + (index == lines.count - 1 ? note : ""),
                            items: items)
                    }
                }
            case .list(let values):
                flush()
                for (value, setting) in values {
                    guard case .block(let fields) = value else { continue }
                    writeNestedBlock(
                        entry.key, fields, note: setting.map { " # " + settingNote($0) } ?? "",
                        items: setting.map { [$0.item] } ?? [], indent: indent, into: &out)
                }
            case .tree(let child):
                flush()
                out.add(indent + entry.key + " {")
                writeBlock(child, indent: indent + "  ", into: &out)
                out.add(indent + "}")
            }
        }
        flush()
    }

    private func writeNestedBlock(
        _ name: String, _ fields: [SnippetValue.Field], note: String, items: [String],
        indent: String, into out: inout SnippetLines
    ) {
        var lines = SnippetLines()
        var tree = PropertyTree()
        for field in fields { tree.set(field.key, field.value) }
        writeBlock(tree, indent: indent + "  ", into: &lines)
        out.add(indent + name + " {" + note, items: items)
        for line in lines.lines { out.add(line, items: items) }
        out.add(indent + "}", items: items)
    }

    /// A value as lines; the first follows `key = `.
    static func lines(_ value: SnippetValue, indent: String) -> [String] {
        switch value {
        case .object(let fields) where !fields.isEmpty, .block(let fields) where !fields.isEmpty:
            let width = fields.map { key($0.key).count }.max() ?? 0
            return ["{"]
                + fields.flatMap { field in
                    lines(field.value, indent: indent + "  ").enumerated().map {
                        $0 == 0 ? indent + "  " + Self.aligned(key(field.key), width) + " = " + $1 : $1
                    }
                } + [indent + "}"]
        case .keyed(let input, let inner):
            return ["{", indent + "  (var.\(InputName.snake(input))) = " + inline(inner), indent + "}"]
        case .list(let values) where values.contains(where: \.isStructured):
            // A list of objects (azapi bodies): one element after another.
            return ["["]
                + values.enumerated().flatMap { index, element in
                    let elementLines = lines(element, indent: indent + "  ")
                    return elementLines.enumerated().map { line, text in
                        (line == 0 ? indent + "  " : "") + text
                            + (line == elementLines.count - 1 && index < values.count - 1 ? "," : "")
                    }
                } + [indent + "]"]
        default:
            return [inline(value)]
        }
    }

    static func inline(_ value: SnippetValue) -> String {
        switch value {
        case .bool(let flag): return flag ? "true" : "false"
        case .int(let number): return String(number)
        case .string(let text): return string(text)
        case .input(let id): return "var." + InputName.snake(id)
        case .prefixed(let prefix, let id): return "\"" + escaped(prefix) + "${var." + InputName.snake(id) + "}\""
        case .reference(let expression): return expression
        case .list(let values): return "[" + values.map(inline).joined(separator: ", ") + "]"
        case .object, .block, .keyed: return "{}"
        }
    }

    /// An HCL string: quotes, backslashes, control characters and the
    /// template openers `${` and `%{` escaped, so a value stays text.
    /// A key padded with spaces to `width` characters, so that the `=` of a block line up.
    static func aligned(_ key: String, _ width: Int) -> String {
        key + String(repeating: " ", count: max(0, width - key.count))
    }

    static func string(_ text: String) -> String { "\"" + escaped(text) + "\"" }

    static func escaped(_ text: String) -> String {
        var out = ""
        var previous: Unicode.Scalar?
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "{" where previous == "$" || previous == "%":
                out.unicodeScalars.append(previous ?? "$")
                out += "{"
            default:
                if scalar.breaksLiteral {
                    out +=
                        "\\u" + String(repeating: "0", count: 4 - min(4, String(scalar.value, radix: 16).count))
                        + String(scalar.value, radix: 16)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
            previous = scalar
        }
        return out
    }

    static func key(_ name: String) -> String {
        BicepSnippet.isIdentifier(name, alsoAllowed: [UInt8(ascii: "-")]) ? name : string(name)
    }
}
