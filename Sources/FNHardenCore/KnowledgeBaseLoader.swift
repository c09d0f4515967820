import FNHardenData
import Foundation
import Yams

/// A mistake in the knowledge base, for its authors: file, place, problem.
/// (English only: it is a build-time error, like a compiler's.)
public struct KnowledgeBaseError: Error, CustomStringConvertible, Equatable {
    public let file: String
    public let position: Position?
    public let problem: String

    public var description: String {
        let place = position.map { ":\($0.line):\($0.column)" } ?? ""
        return "\(file)\(place): knowledge base error: \(problem)"
    }
}

/// Reads `checklists/` from a data source into a `KnowledgeBase`, then checks
/// that every reference in it resolves (sections, sources, capabilities,
/// answer keys and values), so that a broken knowledge base fails loudly at
/// load time and in tests rather than producing a wrong checklist.
public enum KnowledgeBaseLoader {
    public static func load(from source: any DataSource) throws -> KnowledgeBase {
        let itemPaths = source.files(under: "checklists/items")
        func document(_ path: String) throws -> YAMLDocument { try Self.document(source, path) }
        let meta = try document("checklists/knowledge-base.yml")
        let sourcesDoc = try document("checklists/sources.yml")
        let sectionsDoc = try document("checklists/sections.yml")
        let questionsDoc = try document("checklists/questions.yml")
        let capabilitiesDoc = try document("checklists/capabilities.yml")
        let rulesDoc = try document("checklists/rules.yml")
        let noticesDoc = try document("checklists/notices.yml")
        let settingsDoc = try document("checklists/settings.yml")
        let policiesDoc = try document("checklists/policies.yml")

        let questions = try questionsDoc.list("questions").map { try question($0, questionsDoc) }
        let catalogue = Dictionary(questions.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })

        var items: [Item] = []
        for path in itemPaths {
            let doc = try document(path)
            items += try doc.list("items").map { try item($0, doc, catalogue) }
        }

        let capabilities = try capabilityMatrix(capabilitiesDoc)
        let sources: [String: String] = try sourcesDoc.map("sources").reduce(into: [:]) { result, entry in
            result[entry.key] = try sourcesDoc.string("url", in: entry.node)
        }
        let knowledgeBase = KnowledgeBase(
            version: try meta.string("version", in: meta.root),
            sourceArticleURL: try meta.string("url", in: try meta.mapping("source-article", in: meta.root)),
            areas: try meta.strings("areas", in: meta.root),
            sources: sources,
            sections: try sectionsDoc.list("sections").map { node in
                Section(
                    heading: try sectionsDoc.string("heading", in: node),
                    anchor: try sectionsDoc.string("anchor", in: node),
                    recommends: try sectionsDoc.bool("recommends", in: node))
            },
            questions: questions,
            capabilities: capabilities,
            rules: try rulesDoc.list("rules").map { node in
                Rule(
                    id: try rulesDoc.string("id", in: node),
                    at: try rulesDoc.string("at", in: node),
                    when: try rulesDoc.condition("when", in: node),
                    require: try rulesDoc.condition("require", in: node),
                    source: rulesDoc.optionalString("source", in: node))
            },
            items: items,
            notices: try noticesDoc.list("notices").map { node in
                Notice(
                    id: try noticesDoc.string("id", in: node),
                    when: try noticesDoc.condition("when", in: node),
                    source: try noticesDoc.string("source", in: node))
            },
            snippets: try SnippetCatalogLoader.load(
                settingsDoc, items: items, questions: questions,
                capabilities: capabilities),
            policies: try policyCatalog(policiesDoc))
        try KnowledgeBaseChecks(knowledgeBase).run()
        return knowledgeBase
    }

    // MARK: - Questions

    private static func question(_ node: Node, _ doc: YAMLDocument) throws -> Question {
        let id = try doc.string("id", in: node)
        guard let kind = Question.Kind(rawValue: try doc.string("type", in: node)) else {
            throw doc.error(at: node, "question \(id): type must be one of \(Question.Kind.allCases.map(\.rawValue))")
        }
        let values = doc.optionalStrings("values", in: node) ?? []
        let bare = Question(
            id: id, kind: kind, values: values,
            integerValues: doc.optionalBool("integer-values", in: node) ?? false,
            minimum: doc.optionalInt("min", in: node), maximum: doc.optionalInt("max", in: node),
            pattern: doc.optionalString("pattern", in: node),
            minLength: doc.optionalInt("min-length", in: node), maxLength: doc.optionalInt("max-length", in: node),
            naming: doc.optionalString("naming", in: node), format: doc.optionalString("format", in: node),
            maxItems: doc.optionalInt("max-items", in: node),
            required: doc.optionalBool("required", in: node) ?? false,
            defaultValue: nil, conditionalDefaults: [],
            when: try node["when"].map { try doc.condition($0) },
            section: doc.optionalString("section", in: node), source: doc.optionalString("source", in: node))
        if let pattern = bare.pattern, (try? Regex(pattern)) == nil {
            throw doc.error(at: node, "question \(id): pattern does not compile")
        }
        func parse(_ valueNode: Node) throws -> AnswerValue {
            switch AnswerParsing.value(from: valueNode, for: bare) {
            case .success(let value): return value
            case .failure(let message): throw doc.error(at: valueNode, "question \(id): default: \(message)")
            }
        }
        let conditional = try (node["defaults"]?.sequence.map(Array.init) ?? []).map { entry in
            guard let value = entry["value"] else {
                throw doc.error(at: entry, "question \(id): default without value")
            }
            return Question.ConditionalDefault(when: try doc.condition("when", in: entry), value: try parse(value))
        }
        let fallback = try node["default"].map(parse)
        if !bare.required && fallback == nil {
            throw doc.error(at: node, "question \(id): needs a default (or required: true)")
        }
        return Question(
            id: id, kind: kind, values: values, integerValues: bare.integerValues,
            minimum: bare.minimum, maximum: bare.maximum, pattern: bare.pattern,
            minLength: bare.minLength, maxLength: bare.maxLength, naming: bare.naming, format: bare.format,
            maxItems: bare.maxItems,
            required: bare.required, defaultValue: fallback, conditionalDefaults: conditional,
            when: bare.when, section: bare.section, source: bare.source)
    }

    // MARK: - Policies

    private static func policyCatalog(_ doc: YAMLDocument) throws -> PolicyCatalog {
        let origin = try doc.mapping("azure-policy", in: doc.root)
        let assignment = try doc.mapping("assignment", in: doc.root)
        guard try doc.string("scope", in: assignment) == "app" else {
            throw doc.error(at: assignment, "assignment: the writers assign the set to the app (scope: app)")
        }
        // The commit is for the reader who checks a record against its file.
        _ = try doc.string("commit", in: origin)
        return PolicyCatalog(
            sources: try doc.strings("sources", in: origin) + doc.strings("sources", in: assignment),
            definitions: try doc.list("definitions").map { node in
                let effect = try doc.mapping("effect", in: node)
                return PolicyDefinition(
                    id: try doc.string("id", in: node), displayName: try doc.string("display-name", in: node),
                    version: try doc.string("version", in: node), file: try doc.string("file", in: node),
                    effectParameter: try doc.string("parameter", in: effect),
                    allowedEffects: try doc.strings("allowed", in: effect),
                    defaultEffect: try doc.string("default", in: effect),
                    excludedKinds: doc.optionalStrings("excludes-kinds", in: node) ?? [])
            },
            resources: try doc.list("resources").map { node in
                PolicyResource(
                    type: try doc.string("type", in: node), apiVersion: doc.optionalString("api-version", in: node),
                    properties: try doc.strings("properties", in: node), source: try doc.string("source", in: node))
            })
    }

    // MARK: - Capabilities

    private static func capabilityMatrix(_ doc: YAMLDocument) throws -> CapabilityMatrix {
        let plans = try doc.strings("plans", in: doc.root)
        var systems: [String: [String]] = [:]
        for entry in try doc.map("operating-systems") {
            systems[entry.key] = try doc.strings(entry.key, in: try doc.mapping("operating-systems", in: doc.root))
        }
        var capabilities: [String: Capability] = [:]
        for entry in try doc.map("capabilities") {
            var cells: [String: [String: CapabilityCell]] = [:]
            let cellsNode = try doc.mapping("cells", in: entry.node)
            for plan in plans {
                guard let planNode = cellsNode[plan] else {
                    throw doc.error(at: cellsNode, "capability \(entry.key): no cells for plan \(plan)")
                }
                for os in systems[plan] ?? [] {
                    guard let cellNode = planNode[os] else {
                        throw doc.error(at: planNode, "capability \(entry.key): no cell for \(plan)/\(os)")
                    }
                    let word = try doc.string("supported", in: cellNode)
                    let support: Support? =
                        switch word {
                        case "yes", "true": .yes
                        case "no", "false": .no
                        default: Support(rawValue: word)
                        }
                    guard let support else {
                        throw doc.error(at: cellNode, "supported must be yes, no or unconfirmed")
                    }
                    cells[plan, default: [:]][os] = CapabilityCell(
                        support: support, source: try doc.string("source", in: cellNode),
                        note: doc.optionalString("note", in: cellNode))
                }
            }
            capabilities[entry.key] = Capability(
                id: entry.key,
                runtimeVersions: doc.optionalStrings("runtime-versions", in: entry.node)?.compactMap { Int($0) },
                runtimeSource: doc.optionalString("runtime-source", in: entry.node),
                cells: cells)
        }
        return CapabilityMatrix(plans: plans, operatingSystems: systems, capabilities: capabilities)
    }

    // MARK: - Items

    private static func item(_ node: Node, _ doc: YAMLDocument, _ catalogue: [String: Question]) throws -> Item {
        let id = try doc.string("id", in: node)
        guard let severity = Severity(rawValue: try doc.string("severity", in: node)) else {
            throw doc.error(at: node, "item \(id): severity must be one of \(Severity.allCases.map(\.rawValue))")
        }
        var controls: [Item.Controls] = []
        var frameworks: [String: [String]] = [:]
        if let controlsNode = node["controls"] {
            for (key, _) in controlsNode.mapping ?? [:] {
                guard let tool = key.string, Item.controlTools.contains(tool) else {
                    throw doc.error(at: key, "item \(id): controls are \(Item.controlTools)")
                }
            }
            for tool in Item.controlTools {
                guard let list = controlsNode[tool] else { continue }
                guard let entries = list.sequence else {
                    throw doc.error(at: list, "item \(id): controls.\(tool) is a list")
                }
                var ids: [String] = []
                for entry in entries {
                    // A plain id, or {id, frameworks} for a Checkov check.
                    if let plain = entry.string, entry.mapping == nil {
                        if tool == "checkov" {
                            throw doc.error(at: entry, "item \(id): Checkov id \(plain) needs {id, frameworks}")
                        }
                        ids.append(plain)
                        continue
                    }
                    let checkID = try doc.string("id", in: entry)
                    let covered = try doc.strings("frameworks", in: entry)
                    guard tool == "checkov", !covered.isEmpty, covered.allSatisfy(Item.checkovFrameworks.contains)
                    else {
                        throw doc.error(
                            at: entry, "item \(id): only Checkov ids take frameworks, some of \(Item.checkovFrameworks)"
                        )
                    }
                    ids.append(checkID)
                    frameworks[checkID] = Item.checkovFrameworks.filter(covered.contains)
                }
                if !ids.isEmpty { controls.append(Item.Controls(tool: tool, ids: ids)) }
            }
        }
        let examples = try (node["examples"]?.sequence.map(Array.init) ?? []).map { example in
            guard let status = Status(rawValue: try doc.string("status", in: example)) else {
                throw doc.error(
                    at: example, "item \(id): example status must be one of \(Status.allCases.map(\.rawValue))")
            }
            var answers: [String: AnswerValue] = [:]
            for (keyNode, valueNode) in try doc.mapping("answers", in: example).mapping ?? [:] {
                guard let key = keyNode.string, let question = catalogue[key] else {
                    throw doc.error(at: keyNode, "item \(id): example sets unknown answer \(keyNode.string ?? "?")")
                }
                switch AnswerParsing.value(from: valueNode, for: question) {
                case .success(let value): answers[key] = value
                case .failure(let message): throw doc.error(at: valueNode, "item \(id): example: \(message)")
                }
            }
            return Item.Example(answers: answers, status: status, position: example.mark.map(Position.init))
        }
        return Item(
            id: id, area: try doc.string("area", in: node), severity: severity,
            section: try doc.string("section", in: node),
            appliesWhen: try node["applies-when"].map { try doc.condition($0) },
            satisfiedWhen: try doc.condition("satisfied-when", in: node),
            requires: doc.optionalStrings("requires", in: node) ?? [],
            references: doc.optionalStrings("references", in: node) ?? [],
            controls: controls,
            frameworks: frameworks,
            mcsbResponsibility: try responsibility(node, doc, id),
            examples: examples,
            fixVariants: try (node["fix-variants"]?.sequence.map(Array.init) ?? []).map { variant in
                Item.FixVariant(when: try doc.condition("when", in: variant), key: try doc.string("key", in: variant))
            },
            notes: try (node["notes"]?.sequence.map(Array.init) ?? []).map { note in
                Item.Note(key: try doc.string("key", in: note), when: try note["when"].map { try doc.condition($0) })
            })
    }

    private static func responsibility(_ node: Node, _ doc: YAMLDocument, _ id: String) throws -> String? {
        guard let value = doc.optionalString("mcsb-responsibility", in: node) else { return nil }
        guard Item.responsibilities.contains(value) else {
            throw doc.error(at: node, "item \(id): mcsb-responsibility is one of \(Item.responsibilities)")
        }
        return value
    }

    /// Every path's document; the first problem (in path order) is thrown.
    /// One data file composed, its problems positioned.
    public static func document(_ source: any DataSource, _ path: String) throws -> YAMLDocument {
        let text: String
        do { text = try source.text(of: path) } catch {
            throw KnowledgeBaseError(file: path, position: nil, problem: "\(error)")
        }
        do {
            guard let root = try Yams.compose(yaml: text) else {
                throw KnowledgeBaseError(file: path, position: nil, problem: "the file is empty")
            }
            return YAMLDocument(path: path, root: root)
        } catch let error as KnowledgeBaseError {
            throw error
        } catch {
            throw KnowledgeBaseError(file: path, position: nil, problem: "not valid YAML: \(error)")
        }
    }
}

extension Position {
    init(_ mark: Mark) { self.init(line: mark.line, column: mark.column) }
}
