import FNHardenCore
import FNHardenL10n

/// `snippets/azuredeploy.json`: the same resources as the Bicep, as an ARM
/// template. JSON has no comments, so each resource's `metadata.fnharden`
/// maps its property paths to the items they implement.
public struct ARMSnippet {
    let l10n: Localizer

    public init(localizer: Localizer) { self.l10n = localizer }

    /// JSON built with the items each member implements, for line tags.
    indirect enum Node {
        case string(String)
        case bool(Bool)
        case int(Int)
        case array([Node])
        case object([Member])
        /// A node whose every line also implements these items.
        case tagged(Node, [String])

        struct Member {
            let key: String
            let value: Node
            var items: [String] = []
        }
    }

    public func render(_ plan: SnippetPlan) -> RenderedSnippet {
        let header = SnippetHeader(plan: plan, l10n: l10n)
        let resources = ARMResourceBuilder.resources(plan)
        var variables: [Node.Member] = []
        let json = resources.map {
            Node.tagged(
                resource($0, parent: nil, variables: &variables), soleItem($0.body.settings, resource: $0.symbol))
        }
        let used = resources.flatMap(inputs(in:))
        var parameters: [Node.Member] = []
        for resolved in plan.inputs(for: used.map { .input($0) }, skeleton: []) {
            var members: [Node.Member] = [.init(key: "type", value: .string(resolved.input.kind.rawValue))]
            if let value = resolved.defaultValue { members.append(.init(key: "defaultValue", value: node(value))) }
            if let minimum = resolved.input.minimum { members.append(.init(key: "minValue", value: .int(minimum))) }
            members.append(
                .init(
                    key: "metadata",
                    value: .object([
                        .init(key: "description", value: .string(header.description(of: resolved.input.id)))
                    ])))
            parameters.append(.init(key: InputName.camel(resolved.input.id), value: .object(members)))
        }
        var top: [Node.Member] = [
            .init(
                key: "$schema",
                value: .string("https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#")),
            .init(key: "contentVersion", value: .string("1.0.0.0")),
            .init(
                key: "metadata",
                value: .object([
                    .init(key: "description", value: .array(header.lines(declarative: true).map(Node.string)))
                ])),
            .init(key: "parameters", value: .object(parameters)),
        ]
        if !variables.isEmpty { top.append(.init(key: "variables", value: .object(variables))) }
        top.append(.init(key: "resources", value: .array(json)))
        var out = SnippetLines()
        emit(.object(top), prefix: "", indent: "", comma: false, items: [], into: &out)
        return out.rendered(.arm)
    }

    private func inputs(in resource: ARMResource) -> [String] {
        var names =
            resource.name.inputs + resource.body.values.flatMap(\.inputs) + resource.children.flatMap(inputs(in:))
        if let union = resource.unionInput { names.append(union) }
        if resource.scopedToSite || resource.parent != nil || !resource.children.isEmpty { names.append("app-name") }
        return names
    }

    private func resource(_ resource: ARMResource, parent: ARMResource?, variables: inout [Node.Member]) -> Node {
        // A child written on its own is named after its parent: SITE/appsettings.
        let name =
            resource.parent == nil
            ? node(resource.name)
            : .string("[format('{0}/{1}', parameters('appName'), \(expression(resource.name)))]")
        var members: [Node.Member] = [
            .init(key: "type", value: .string(resource.type)),
            .init(key: "apiVersion", value: .string(resource.apiVersion)),
            .init(key: "name", value: name),
        ]
        if resource.scopedToSite {
            members.append(
                .init(key: "scope", value: .string("[format('Microsoft.Web/sites/{0}', parameters('appName'))]")))
        }
        if parent != nil || resource.parent != nil || resource.scopedToSite || resource.symbol == "privateEndpoint" {
            let owner =
                parent
                ?? ARMResource(
                    symbol: "site", type: ARMResourceBuilder.siteType, apiVersion: "", name: .input("app-name"))
            members.append(.init(key: "dependsOn", value: .array([.string(resourceID(owner))])))
        }
        var notes: [Node.Member] = []
        if !resource.skips.isEmpty {
            notes.append(
                .init(
                    key: "checkov",
                    value: .array(
                        resource.skips.map {
                            .string("checkov:skip=\($0.check):" + commentSafe(l10n.text($0.reason)))
                        })))
        }
        let settings = resource.body.settings
        if !settings.isEmpty {
            notes.append(
                .init(
                    key: "fnharden",
                    value: .object(
                        paths(resource.body, prefix: "").map {
                            .init(key: $0.path, value: .string(settingNote($0.setting)))
                        })))
        }
        if !notes.isEmpty { members.append(.init(key: "metadata", value: .object(notes))) }
        if let union = resource.unionInput,
            case .tree(let properties)? = resource.body.entries.first(where: { $0.key == "properties" })?.node
        {
            let name = InputName.camel(union) == "appSettings" ? "hardenedAppSettings" : "hardened"
            variables.append(.init(key: name, value: .object(self.members(of: properties))))
            members.append(
                .init(
                    key: "properties",
                    value: .string("[union(parameters('\(InputName.camel(union))'), variables('\(name)'))]")))
        } else {
            members += self.members(of: resource.body)
        }
        if !resource.children.isEmpty {
            members.append(
                .init(
                    key: "resources",
                    value: .array(
                        resource.children.map {
                            .tagged(
                                self.resource($0, parent: resource, variables: &variables),
                                soleItem($0.settings, resource: $0.symbol))
                        })))
        }
        return .object(members)
    }

    private func resourceID(_ resource: ARMResource) -> String {
        "[resourceId('\(resource.type)', \(expression(resource.name)))]"
    }

    private func paths(_ tree: PropertyTree, prefix: String) -> [(path: String, setting: PlannedSetting)] {
        tree.entries.flatMap { entry -> [(path: String, setting: PlannedSetting)] in
            let path = prefix.isEmpty ? entry.key : prefix + "." + entry.key
            switch entry.node {
            case .value(_, let setting): return setting.map { [(path, $0)] } ?? []
            case .list(let values): return values.compactMap(\.1).map { (path + "[]", $0) }
            case .tree(let child): return paths(child, prefix: path)
            }
        }
    }

    private func members(of tree: PropertyTree) -> [Node.Member] {
        tree.entries.map { entry in
            switch entry.node {
            case .value(let value, let setting):
                return .init(key: entry.key, value: node(value), items: setting.map { [$0.item] } ?? [])
            case .list(let values):
                return .init(
                    key: entry.key, value: .array(values.map { node($0.0) }),
                    items: values.compactMap(\.1).map(\.item).uniqued())
            case .tree(let child):
                // Only the lines of values are tagged, so an item's link
                // points at its own lines, not at the block around them.
                return .init(key: entry.key, value: .object(members(of: child)))
            }
        }
    }

    private func node(_ value: SnippetValue) -> Node {
        switch value {
        case .bool(let flag): return .bool(flag)
        case .int(let number): return .int(number)
        case .string(let text): return .string(Self.literal(text))
        case .list(let values): return .array(values.map(node))
        case .object(let fields), .block(let fields):
            return .object(fields.map { .init(key: Self.literal($0.key), value: node($0.value)) })
        case .input, .prefixed, .reference: return .string("[" + expression(value) + "]")
        case .keyed(let input, let inner):
            return .object([.init(key: "[parameters('\(InputName.camel(input))')]", value: node(inner))])
        }
    }

    /// An ARM expression (without brackets) for a value.
    private func expression(_ value: SnippetValue) -> String {
        switch value {
        case .input(let id): return "parameters('\(InputName.camel(id))')"
        case .prefixed(let prefix, let id):
            return "concat('\(prefix.replacingEvery("'", with: "''"))', parameters('\(InputName.camel(id))'))"
        case .reference: return "resourceId('Microsoft.Web/sites', parameters('appName'))"
        case .string(let text): return "'" + text.replacingEvery("'", with: "''") + "'"
        default: return "null"
        }
    }

    /// A literal string: ARM reads a string that starts with `[` and ends
    /// with `]` as an expression unless it starts `[[`; any other string is
    /// taken as it is, so escaping it would add a bracket ("Escape
    /// characters", learn.microsoft.com/azure/azure-resource-manager/templates/template-expressions).
    static func literal(_ text: String) -> String { text.hasPrefix("[") && text.hasSuffix("]") ? "[" + text : text }

    func emit(
        _ node: Node, prefix: String, indent: String, comma: Bool, items: [String], into out: inout SnippetLines
    ) {
        let end = comma ? "," : ""
        switch node {
        case .tagged(let inner, let more):
            emit(inner, prefix: prefix, indent: indent, comma: comma, items: (items + more).uniqued(), into: &out)
        case .string(let text): out.add(indent + prefix + JSONOutput.quoted(text) + end, items: items)
        case .bool(let flag): out.add(indent + prefix + (flag ? "true" : "false") + end, items: items)
        case .int(let number): out.add(indent + prefix + String(number) + end, items: items)
        case .array(let elements):
            if elements.isEmpty {
                out.add(indent + prefix + "[]" + end, items: items)
                return
            }
            out.add(indent + prefix + "[", items: items)
            for (index, element) in elements.enumerated() {
                emit(
                    element, prefix: "", indent: indent + "  ", comma: index < elements.count - 1, items: items,
                    into: &out)
            }
            out.add(indent + "]" + end, items: items)
        case .object(let members):
            if members.isEmpty {
                out.add(indent + prefix + "{}" + end, items: items)
                return
            }
            out.add(indent + prefix + "{", items: items)
            for (index, member) in members.enumerated() {
                emit(
                    member.value, prefix: JSONOutput.quoted(member.key) + ": ", indent: indent + "  ",
                    comma: index < members.count - 1, items: (items + member.items).uniqued(), into: &out)
            }
            out.add(indent + "}" + end, items: items)
        }
    }
}
