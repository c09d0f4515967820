import FNHardenCore
import FNHardenL10n

/// `snippets/main.bicep`: the app's hardened resources in Bicep.
public struct BicepSnippet {
    let l10n: Localizer

    public init(localizer: Localizer) { self.l10n = localizer }

    public func render(_ plan: SnippetPlan) -> RenderedSnippet {
        let resources = ARMResourceBuilder.resources(plan)
        var out = SnippetLines()
        for line in SnippetHeader(plan: plan, l10n: l10n).lines(declarative: true) { out.add("// " + line) }
        out.add("")
        let used = resources.flatMap { values(in: $0) }
        for resolved in plan.inputs(for: used, skeleton: []) {
            let input = resolved.input
            out.add(
                "@description(" + Self.string(SnippetHeader(plan: plan, l10n: l10n).description(of: input.id)) + ")")
            if let minimum = input.minimum { out.add("@minValue(\(minimum))") }
            let type = input.kind == .string ? "string" : input.kind.rawValue
            var line = "param " + InputName.camel(input.id) + " " + type
            if let value = resolved.defaultValue { line += " = " + Self.inline(value) }
            out.add(line)
            out.add("")
        }
        for (index, resource) in resources.enumerated() {
            if index > 0 { out.add("") }
            var block = SnippetLines()
            write(resource, parent: nil, indent: "", into: &block)
            out.add(contentsOf: block, alsoTagging: soleItem(resource.body.settings, resource: resource.symbol))
        }
        return out.rendered(.bicep)
    }

    private func values(in resource: ARMResource) -> [SnippetValue] {
        var values = [resource.name] + resource.body.values + resource.children.flatMap(values(in:))
        if let input = resource.unionInput { values.append(.input(input)) }
        return values
    }

    private func write(_ resource: ARMResource, parent: ARMResource?, indent: String, into out: inout SnippetLines) {
        let type = parent == nil ? "'\(resource.type)@\(resource.apiVersion)'" : "'\(resource.type)'"
        out.add(indent + "resource \(resource.symbol) \(type) = {")
        let inner = indent + "  "
        for skip in resource.skips {
            out.add(inner + "// checkov:skip=\(skip.check):" + commentSafe(l10n.text(skip.reason)))
        }
        if let parent = resource.parent { out.add(inner + "parent: " + parent) }
        out.add(inner + "name: " + Self.inline(resource.name))
        if resource.scopedToSite { out.add(inner + "scope: site") }
        if let union = resource.unionInput,
            case .tree(let properties)? = resource.body.entries.first(where: { $0.key == "properties" })?.node
        {
            out.add(inner + "properties: union(" + InputName.camel(union) + ", {")
            writeEntries(properties, indent: inner + "  ", into: &out)
            out.add(inner + "})")
        } else {
            writeEntries(resource.body, indent: inner, into: &out)
        }
        for child in resource.children {
            out.add("")
            var block = SnippetLines()
            write(child, parent: resource, indent: inner, into: &block)
            out.add(contentsOf: block, alsoTagging: soleItem(child.settings, resource: child.symbol))
        }
        out.add(indent + "}")
    }

    private func writeEntries(_ tree: PropertyTree, indent: String, into out: inout SnippetLines) {
        for entry in tree.entries {
            let key = Self.key(entry.key)
            switch entry.node {
            case .value(let value, let setting):
                let items = setting.map { [$0.item] } ?? []
                if let setting, setting.setting.arm?.bicepUnknown == true {
                    out.add(
                        indent + "#disable-next-line BCP037 // " + commentSafe(l10n.text("snippets.bicep-unknown")),
                        items: items)
                }
                let lines = Self.lines(value, indent: indent)
                let note = setting.map { " // " + settingNote($0) } ?? ""
                for (index, line) in lines.enumerated() {
                    let text = index == 0 ? indent + key + ": " + line : line
                    out.add(text + (index == lines.count - 1 ? note : ""), items: items)
                }
            case .list(let values):
                let items = values.compactMap(\.1).map(\.item).uniqued()
                out.add(indent + key + ": [", items: items)
                for (value, setting) in values {
                    let lines = Self.lines(value, indent: indent + "  ")
                    let note = setting.map { " // " + settingNote($0) } ?? ""
                    for (index, line) in lines.enumerated() {
                        out.add(
                            (index == 0 ? indent + "  " : "") + line + (index == lines.count - 1 ? note : ""),
                            items: setting.map { [$0.item] } ?? [])
                    }
                }
                out.add(indent + "]", items: items)
            case .tree(let child):
                // Only the lines of values are tagged, so an item's link
                // points at its own lines, not at the block around them.
                out.add(indent + key + ": {")
                writeEntries(child, indent: indent + "  ", into: &out)
                out.add(indent + "}")
            }
        }
    }

    /// A value as lines; the first has no indentation (it follows `key: `).
    static func lines(_ value: SnippetValue, indent: String) -> [String] {
        switch value {
        case .list(let values) where !values.isEmpty:
            return ["["]
                + values.flatMap { element in
                    lines(element, indent: indent + "  ").enumerated().map { $0 == 0 ? indent + "  " + $1 : $1 }
                } + [indent + "]"]
        case .object(let fields) where !fields.isEmpty, .block(let fields) where !fields.isEmpty:
            return ["{"]
                + fields.flatMap { field in
                    lines(field.value, indent: indent + "  ").enumerated().map {
                        $0 == 0 ? indent + "  " + key(field.key) + ": " + $1 : $1
                    }
                } + [indent + "}"]
        case .keyed(let input, let inner):
            let first = lines(inner, indent: indent + "  ")
            return ["{", indent + "  '${" + InputName.camel(input) + "}': " + first[0]] + first.dropFirst() + [
                indent + "}"
            ]
        default:
            return [inline(value)]
        }
    }

    static func inline(_ value: SnippetValue) -> String {
        switch value {
        case .bool(let flag): return flag ? "true" : "false"
        case .int(let number): return String(number)
        case .string(let text): return string(text)
        case .input(let id): return InputName.camel(id)
        case .prefixed(let prefix, let id): return "'" + escaped(prefix) + "${" + InputName.camel(id) + "}'"
        case .reference(let name): return name == "site-id" ? "site.id" : name
        case .list: return "[]"
        case .object, .block, .keyed: return "{}"
        }
    }

    /// A Bicep string literal: quotes, backslashes, `${` and control
    /// characters escaped, so a value can't end the string or interpolate.
    static func string(_ text: String) -> String { "'" + escaped(text) + "'" }

    static func escaped(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "'": out += "\\'"
            case "$": out += "\\$"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.breaksLiteral {
                    out += "\\u{" + String(scalar.value, radix: 16) + "}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    static func key(_ name: String) -> String {
        isIdentifier(name) ? name : string(name)
    }

    /// An ASCII identifier: a letter or `_`, then letters, digits, `_` and
    /// the characters in `alsoAllowed` (as Bicep and Terraform want).
    static func isIdentifier(_ name: String, alsoAllowed: Set<UInt8> = []) -> Bool {
        guard let first = name.utf8.first, first.isASCIILetter || first == UInt8(ascii: "_") else { return false }
        return name.utf8.allSatisfy { $0.isASCIIAlphanumeric || $0 == UInt8(ascii: "_") || alsoAllowed.contains($0) }
    }
}
