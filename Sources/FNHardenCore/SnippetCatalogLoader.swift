import Yams

/// Reads `checklists/settings.yml` and checks that every reference in it
/// resolves: items, capabilities, answers, inputs, resources and scopes.
enum SnippetCatalogLoader {
    static func load(
        _ doc: YAMLDocument, items: [Item], questions: [Question],
        capabilities: CapabilityMatrix
    ) throws -> SnippetCatalog {
        var apiVersions: [String: String] = [:]
        for entry in try doc.map("api-versions") {
            guard let version = entry.node.scalar?.string else {
                throw doc.error(at: entry.node, "API versions are text")
            }
            apiVersions[entry.key] = version
        }
        var constants: [String: String] = [:]
        for entry in try doc.map("constants") {
            guard let text = entry.node.scalar?.string else { throw doc.error(at: entry.node, "constants are text") }
            constants[entry.key] = text
        }
        let inputs = try doc.list("inputs").map { try input($0, doc) }
        let ids = inputs.map(\.id)
        if ids != ids.sorted() { throw doc.error(at: doc.root, "inputs must be sorted by id") }
        let questionIDs = Set(questions.map(\.id))
        for input in inputs {
            if let answer = input.answer, !questionIDs.contains(answer) {
                throw KnowledgeBaseError(
                    file: doc.path, position: nil, problem: "input \(input.id): unknown answer \(answer)")
            }
        }
        var scopes: [String: [ValueSpec]] = [:]
        for entry in try doc.map("azcli-scopes") {
            guard let arguments = entry.node.sequence else {
                throw doc.error(at: entry.node, "a scope is a list of arguments")
            }
            scopes[entry.key] = try arguments.map { try spec($0, doc) }
            for reference in scopes[entry.key, default: []].flatMap(\.inputs)
            where !inputs.contains(where: { $0.id == reference }) {
                throw doc.error(at: entry.node, "scope \(entry.key): unknown input \(reference)")
            }
        }
        let settings = try doc.list("settings").map { try setting($0, doc) }
        var seen: Set<String> = []
        let itemIDs = Set(items.map(\.id))
        for (setting, node) in zip(settings, try doc.list("settings")) {
            func fail(_ problem: String) -> KnowledgeBaseError {
                doc.error(at: node, "setting \(setting.id): \(problem)")
            }
            guard seen.insert(setting.id).inserted else { throw fail("duplicate id") }
            guard itemIDs.contains(setting.item) else { throw fail("unknown item \(setting.item)") }
            for capability in setting.requires where capabilities.capabilities[capability] == nil {
                throw fail("unknown capability \(capability)")
            }
            for other in setting.notWith where !settings.contains(where: { $0.id == other && $0.notWith.isEmpty }) {
                throw fail("not-with names \(other), which is no setting, or one with a not-with of its own")
            }
            let specs = [setting.value, setting.arm?.value, setting.terraform?.value, setting.azcli?.value].compactMap {
                $0
            }
            for reference in specs.flatMap(\.inputs) where !ids.contains(reference) {
                throw fail("unknown input \(reference)")
            }
            for key in specs.flatMap(\.answers) + (setting.when?.answerKeys ?? []) where !questionIDs.contains(key) {
                throw fail("unknown answer \(key)")
            }
            for target in [setting.arm, setting.terraform].compactMap({ $0 })
            where !(Setting.resources + ["azapi"]).contains(target.resource) {
                throw fail("unknown resource \(target.resource)")
            }
            if let cli = setting.azcli, scopes[cli.scope] == nil {
                throw fail("unknown az scope \(cli.scope)")
            }
            if setting.appSetting == nil, setting.arm == nil, setting.terraform == nil, setting.azcli == nil {
                throw fail("says how to write it in no dialect")
            }
        }
        let skips = try doc.list("checkov-skips").map { node in
            CheckovSkip(
                check: try doc.string("check", in: node),
                resource: doc.optionalString("resource", in: node) ?? "site",
                reason: try doc.string("reason", in: node),
                when: try node["when"].map { try doc.condition($0) })
        }
        return SnippetCatalog(
            apiVersions: apiVersions, constants: constants, inputs: inputs, settings: settings,
            checkovSkips: skips, azcliScopes: scopes)
    }

    private static func input(_ node: Node, _ doc: YAMLDocument) throws -> SnippetInput {
        let id = try doc.string("id", in: node)
        let kindName = doc.optionalString("type", in: node) ?? "string"
        guard let kind = SnippetInput.Kind(rawValue: kindName) else {
            throw doc.error(at: node, "input \(id): type is string, int or object")
        }
        let pattern = doc.optionalString("pattern", in: node)
        if let pattern, (try? Regex(pattern)) == nil {
            throw doc.error(at: node, "input \(id): pattern does not compile")
        }
        return SnippetInput(
            id: id, kind: kind, answer: doc.optionalString("answer", in: node),
            defaultText: node["default"].map { $0.mapping != nil ? "{}" : ($0.scalar?.string ?? "") },
            pattern: pattern, minimum: doc.optionalInt("min", in: node))
    }

    private static func setting(_ node: Node, _ doc: YAMLDocument) throws -> Setting {
        let id = try doc.string("id", in: node)
        guard let valueNode = node["value"] else { throw doc.error(at: node, "setting \(id): value is required") }
        func target(_ key: String) throws -> Setting.Target? {
            guard let targetNode = node[key] else { return nil }
            return Setting.Target(
                resource: try doc.string("resource", in: targetNode),
                path: try doc.string("path", in: targetNode),
                value: try targetNode["value"].map { try spec($0, doc) },
                bicepUnknown: doc.optionalBool("bicep-unknown", in: targetNode) ?? false,
                flexFallback: doc.optionalString("flex", in: targetNode))
        }
        var cli: AzureCLITarget?
        if let cliNode = node["azcli"] {
            let form: AzureCLITarget.Form
            if let flag = doc.optionalString("flag", in: cliNode) {
                form = .flag(flag)
            } else if let path = doc.optionalString("set", in: cliNode) {
                form = .set(path)
            } else if let key = doc.optionalString("generic", in: cliNode) {
                form = .generic(key)
            } else if cliNode["value"]?.sequence != nil {
                form = .arguments
            } else {
                throw doc.error(at: cliNode, "setting \(id): azcli needs flag, set, generic or a list value")
            }
            cli = AzureCLITarget(
                command: try doc.string("command", in: cliNode), scope: try doc.string("scope", in: cliNode),
                form: form, value: try cliNode["value"].map { try spec($0, doc) })
        }
        return Setting(
            id: id, item: try doc.string("item", in: node),
            when: try node["when"].map { try doc.condition($0) },
            requires: doc.optionalStrings("requires", in: node) ?? [],
            notWith: doc.optionalStrings("not-with", in: node) ?? [],
            value: try spec(valueNode, doc),
            arm: try target("arm"), terraform: try target("terraform"), azcli: cli,
            appSetting: doc.optionalString("app-setting", in: node),
            removesAppSetting: doc.optionalString("removes-app-setting", in: node),
            research: doc.optionalInt("research", in: node) ?? 0)
    }

    /// A value description: a literal, a list, or a mapping of one of the
    /// forms documented at the top of settings.yml.
    static func spec(_ node: Node, _ doc: YAMLDocument) throws -> ValueSpec {
        if let sequence = node.sequence { return .list(try sequence.map { try spec($0, doc) }) }
        if let scalar = node.scalar {
            if scalar.style == .plain {
                if scalar.string == "none" { return .none }
                if let flag = Bool(scalar.string) { return .literal(.bool(flag)) }
                if let number = Int(scalar.string) { return .literal(.int(number)) }
            }
            return .literal(.string(scalar.string))
        }
        guard node.mapping != nil else { throw doc.error(at: node, "a value must be text, a list or a mapping") }
        func fields(_ key: String) throws -> [ValueSpec.Field] {
            try (node[key]?.mapping ?? [:]).map { keyNode, valueNode in
                guard let name = keyNode.string else { throw doc.error(at: keyNode, "keys must be text") }
                return ValueSpec.Field(key: name, value: try spec(valueNode, doc))
            }
        }
        if node["object"] != nil { return .object(try fields("object")) }
        if node["block"] != nil { return .block(try fields("block")) }
        if let keyed = node["keyed"] {
            return .keyed(input: try doc.string("input", in: keyed), value: .object([]))
        }
        if let prefix = doc.optionalString("prefix", in: node) {
            return .prefixed(prefix, input: try doc.string("input", in: node))
        }
        if let input = doc.optionalString("input", in: node) { return .input(input) }
        if let name = doc.optionalString("reference", in: node) { return .reference(name) }
        let answer = try doc.string("answer", in: node)
        if let keep = doc.optionalStrings("keep", in: node) {
            guard let fallback = node["else"] else { throw doc.error(at: node, "keep needs else") }
            return .keep(answer: answer, keep: keep, fallback: try spec(fallback, doc))
        }
        if let drop = doc.optionalStrings("drop", in: node) { return .drop(answer: answer, drop: drop) }
        if let cases = node["map"]?.mapping {
            var table: [String: ValueSpec] = [:]
            for (keyNode, valueNode) in cases {
                guard let key = keyNode.string else { throw doc.error(at: keyNode, "keys must be text") }
                table[key] = try spec(valueNode, doc)
            }
            if let fallback = node["else"] { table["\u{0}else"] = try spec(fallback, doc) }
            return .map(answer: answer, cases: table)
        }
        throw doc.error(
            at: node, "a value mapping needs object, block, keyed, prefix, input, reference, keep, drop or map")
    }
}
