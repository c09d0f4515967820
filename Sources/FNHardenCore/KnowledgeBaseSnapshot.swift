import FNHardenData

// The knowledge base in the compiled form (`Snapshot.swift` in FNHardenData):
// each type writes its stored properties in declaration order and reads them
// back the same way. `SnapshotTests` holds a decoded copy equal, property for
// property, to what `KnowledgeBaseLoader` reads from the YAML, so a property
// left out here fails there.

extension KnowledgeBase: SnapshotCodable {
    public init(from reader: inout SnapshotReader) throws {
        self.init(version: try reader.read(), sourceArticleURL: try reader.read(), areas: try reader.read(),
                  sources: try reader.read(), sections: try reader.read(), questions: try reader.read(),
                  capabilities: try reader.read(), rules: try reader.read(), items: try reader.read(),
                  notices: try reader.read(), snippets: try reader.read(), audit: try reader.read())
    }

    public func write(to writer: inout SnapshotWriter) {
        writer.write(version)
        writer.write(sourceArticleURL)
        writer.write(areas)
        writer.write(sources)
        writer.write(sections)
        writer.write(questions)
        writer.write(capabilities)
        writer.write(rules)
        writer.write(items)
        writer.write(notices)
        writer.write(snippets)
        writer.write(audit)
    }
}

extension AuditKnowledge: SnapshotCodable {
    public init(from reader: inout SnapshotReader) throws {
        self.init()
        planByTier = try reader.read()
        planBySKUName = try reader.read()
        planBySKUPrefix = try reader.read([SnapshotPair<String, String>].self).map { (prefix: $0.first, plan: $0.second) }
        sources = try reader.read()
        routeAllProperties = try reader.read()
        routeAllAppSetting = try reader.read()
        referenceIdentityProperty = try reader.read()
        systemAssignedIdentity = try reader.read()
        networkSources = try reader.read()
    }

    public func write(to writer: inout SnapshotWriter) {
        writer.write(planByTier)
        writer.write(planBySKUName)
        writer.write(planBySKUPrefix.map { SnapshotPair($0.prefix, $0.plan) })
        writer.write(sources)
        writer.write(routeAllProperties)
        writer.write(routeAllAppSetting)
        writer.write(referenceIdentityProperty)
        writer.write(systemAssignedIdentity)
        writer.write(networkSources)
    }
}

extension Section: SnapshotCodable {
    public init(from reader: inout SnapshotReader) throws {
        self.init(heading: try reader.read(), anchor: try reader.read(), recommends: try reader.read())
    }

    public func write(to writer: inout SnapshotWriter) {
        writer.write(heading)
        writer.write(anchor)
        writer.write(recommends)
    }
}

extension Question.Kind: SnapshotCodable {}

extension Question: SnapshotCodable {
    public init(from reader: inout SnapshotReader) throws {
        self.init(id: try reader.read(), kind: try reader.read(), values: try reader.read(),
                  integerValues: try reader.read(), minimum: try reader.read(), maximum: try reader.read(),
                  pattern: try reader.read(), minLength: try reader.read(), maxLength: try reader.read(),
                  naming: try reader.read(), format: try reader.read(), maxItems: try reader.read(),
                  required: try reader.read(), defaultValue: try reader.read(), conditionalDefaults: try reader.read(),
                  when: try reader.read(), section: try reader.read(), source: try reader.read())
    }

    public func write(to writer: inout SnapshotWriter) {
        writer.write(id)
        writer.write(kind)
        writer.write(values)
        writer.write(integerValues)
        writer.write(minimum)
        writer.write(maximum)
        writer.write(pattern)
        writer.write(minLength)
        writer.write(maxLength)
        writer.write(naming)
        writer.write(format)
        writer.write(maxItems)
        writer.write(required)
        writer.write(defaultValue)
        writer.write(conditionalDefaults)
        writer.write(when)
        writer.write(section)
        writer.write(source)
    }
}

extension Question.ConditionalDefault: SnapshotCodable {
    public init(from reader: inout SnapshotReader) throws {
        self.init(when: try reader.read(), value: try reader.read())
    }

    public func write(to writer: inout SnapshotWriter) {
        writer.write(when)
        writer.write(value)
    }
}

extension Support: SnapshotCodable {}
extension Severity: SnapshotCodable {}
extension Status: SnapshotCodable {}

extension CapabilityCell: SnapshotCodable {
    public init(from reader: inout SnapshotReader) throws {
        self.init(support: try reader.read(), source: try reader.read(), note: try reader.read())
    }

    public func write(to writer: inout SnapshotWriter) {
        writer.write(support)
        writer.write(source)
        writer.write(note)
    }
}

extension Capability: SnapshotCodable {
    public init(from reader: inout SnapshotReader) throws {
        self.init(id: try reader.read(), runtimeVersions: try reader.read(), runtimeSource: try reader.read(),
                  cells: try reader.read())
    }

    public func write(to writer: inout SnapshotWriter) {
        writer.write(id)
        writer.write(runtimeVersions)
        writer.write(runtimeSource)
        writer.write(cells)
    }
}

extension CapabilityMatrix: SnapshotCodable {
    public init(from reader: inout SnapshotReader) throws {
        self.init(plans: try reader.read(), operatingSystems: try reader.read(), capabilities: try reader.read())
    }

    public func write(to writer: inout SnapshotWriter) {
        writer.write(plans)
        writer.write(operatingSystems)
        writer.write(capabilities)
    }
}

extension Rule: SnapshotCodable {
    public init(from reader: inout SnapshotReader) throws {
        self.init(id: try reader.read(), at: try reader.read(), when: try reader.read(), require: try reader.read(),
                  source: try reader.read())
    }

    public func write(to writer: inout SnapshotWriter) {
        writer.write(id)
        writer.write(at)
        writer.write(when)
        writer.write(require)
        writer.write(source)
    }
}

extension Notice: SnapshotCodable {
    public init(from reader: inout SnapshotReader) throws {
        self.init(id: try reader.read(), when: try reader.read(), source: try reader.read())
    }

    public func write(to writer: inout SnapshotWriter) {
        writer.write(id)
        writer.write(when)
        writer.write(source)
    }
}

extension Item: SnapshotCodable {
    public convenience init(from reader: inout SnapshotReader) throws {
        self.init(id: try reader.read(), area: try reader.read(), severity: try reader.read(), section: try reader.read(),
                  appliesWhen: try reader.read(), satisfiedWhen: try reader.read(), requires: try reader.read(),
                  references: try reader.read(),
                  controls: try reader.read([SnapshotPair<String, [String]>].self).map { (tool: $0.first, ids: $0.second) },
                  frameworks: try reader.read(),
                  mcsbResponsibility: try reader.read(), examples: try reader.read(),
                  fixVariants: try reader.read([SnapshotPair<Condition, String>].self).map { (when: $0.first, key: $0.second) },
                  notes: try reader.read([SnapshotPair<String, Condition?>].self).map { (key: $0.first, when: $0.second) })
    }

    public func write(to writer: inout SnapshotWriter) {
        writer.write(id)
        writer.write(area)
        writer.write(severity)
        writer.write(section)
        writer.write(appliesWhen)
        writer.write(satisfiedWhen)
        writer.write(requires)
        writer.write(references)
        writer.write(controls.map { SnapshotPair($0.tool, $0.ids) })
        writer.write(frameworks)
        writer.write(mcsbResponsibility)
        writer.write(examples)
        writer.write(fixVariants.map { SnapshotPair($0.when, $0.key) })
        writer.write(notes.map { SnapshotPair($0.key, $0.when) })
    }
}

extension Item.Example: SnapshotCodable {
    public init(from reader: inout SnapshotReader) throws {
        self.init(answers: try reader.read(), status: try reader.read(), position: try reader.read())
    }

    public func write(to writer: inout SnapshotWriter) {
        writer.write(answers)
        writer.write(status)
        writer.write(position)
    }
}

extension Position: SnapshotCodable {
    public init(from reader: inout SnapshotReader) throws {
        self.init(line: try reader.read(), column: try reader.read())
    }

    public func write(to writer: inout SnapshotWriter) {
        writer.write(line)
        writer.write(column)
    }
}

extension AnswerValue: SnapshotCodable {
    public init(from reader: inout SnapshotReader) throws {
        switch try reader.caseNumber(below: 5) {
        case 0: self = .unknown
        case 1: self = .bool(try reader.read())
        case 2: self = .integer(try reader.read())
        case 3: self = .text(try reader.read())
        default: self = .list(try reader.read())
        }
    }

    public func write(to writer: inout SnapshotWriter) {
        switch self {
        case .unknown: writer.writeCase(0)
        case .bool(let value): writer.writeCase(1); writer.write(value)
        case .integer(let value): writer.writeCase(2); writer.write(value)
        case .text(let value): writer.writeCase(3); writer.write(value)
        case .list(let values): writer.writeCase(4); writer.write(values)
        }
    }
}

extension Condition: SnapshotCodable {
    public init(from reader: inout SnapshotReader) throws {
        switch try reader.caseNumber(below: 6) {
        case 0: self = .all(try reader.read())
        case 1: self = .any(try reader.read())
        case 2: self = .not(try reader.read())
        case 3: self = .capability(try reader.read())
        case 4: self = .answered(try reader.read())
        default: self = .answer(try reader.read(), try reader.read())
        }
    }

    public func write(to writer: inout SnapshotWriter) {
        switch self {
        case .all(let parts): writer.writeCase(0); writer.write(parts)
        case .any(let parts): writer.writeCase(1); writer.write(parts)
        case .not(let inner): writer.writeCase(2); writer.write(inner)
        case .capability(let id): writer.writeCase(3); writer.write(id)
        case .answered(let key): writer.writeCase(4); writer.write(key)
        case .answer(let key, let test): writer.writeCase(5); writer.write(key); writer.write(test)
        }
    }
}

extension Condition.Test: SnapshotCodable {
    public init(from reader: inout SnapshotReader) throws {
        switch try reader.caseNumber(below: 7) {
        case 0: self = .equals(try reader.read())
        case 1: self = .notEquals(try reader.read())
        case 2: self = .isIn(try reader.read())
        case 3: self = .notIn(try reader.read())
        case 4: self = .greaterThan(try reader.read())
        case 5: self = .contains(try reader.read())
        default: self = .isEmpty(try reader.read())
        }
    }

    public func write(to writer: inout SnapshotWriter) {
        switch self {
        case .equals(let value): writer.writeCase(0); writer.write(value)
        case .notEquals(let value): writer.writeCase(1); writer.write(value)
        case .isIn(let values): writer.writeCase(2); writer.write(values)
        case .notIn(let values): writer.writeCase(3); writer.write(values)
        case .greaterThan(let bound): writer.writeCase(4); writer.write(bound)
        case .contains(let value): writer.writeCase(5); writer.write(value)
        case .isEmpty(let expected): writer.writeCase(6); writer.write(expected)
        }
    }
}

// MARK: - Snippets (settings.yml)

extension SnippetCatalog: SnapshotCodable {
    public init(from reader: inout SnapshotReader) throws {
        self.init(apiVersions: try reader.read(), constants: try reader.read(), inputs: try reader.read(),
                  settings: try reader.read(), checkovSkips: try reader.read(), azcliScopes: try reader.read())
    }

    public func write(to writer: inout SnapshotWriter) {
        writer.write(apiVersions)
        writer.write(constants)
        writer.write(inputs)
        writer.write(settings)
        writer.write(checkovSkips)
        writer.write(azcliScopes)
    }
}

extension CheckovSkip: SnapshotCodable {
    public init(from reader: inout SnapshotReader) throws {
        self.init(check: try reader.read(), resource: try reader.read(), reason: try reader.read(), when: try reader.read())
    }

    public func write(to writer: inout SnapshotWriter) {
        writer.write(check)
        writer.write(resource)
        writer.write(reason)
        writer.write(when)
    }
}

extension SnippetInput.Kind: SnapshotCodable {}

extension SnippetInput: SnapshotCodable {
    public init(from reader: inout SnapshotReader) throws {
        self.init(id: try reader.read(), kind: try reader.read(), answer: try reader.read(),
                  defaultText: try reader.read(), pattern: try reader.read(), minimum: try reader.read())
    }

    public func write(to writer: inout SnapshotWriter) {
        writer.write(id)
        writer.write(kind)
        writer.write(answer)
        writer.write(defaultText)
        writer.write(pattern)
        writer.write(minimum)
    }
}

extension Setting: SnapshotCodable {
    public convenience init(from reader: inout SnapshotReader) throws {
        self.init(id: try reader.read(), item: try reader.read(), when: try reader.read(), requires: try reader.read(),
                  notWith: try reader.read(), value: try reader.read(), arm: try reader.read(), terraform: try reader.read(), azcli: try reader.read(),
                  appSetting: try reader.read(), removesAppSetting: try reader.read(), research: try reader.read())
    }

    public func write(to writer: inout SnapshotWriter) {
        writer.write(id)
        writer.write(item)
        writer.write(when)
        writer.write(requires)
        writer.write(notWith)
        writer.write(value)
        writer.write(arm)
        writer.write(terraform)
        writer.write(azcli)
        writer.write(appSetting)
        writer.write(removesAppSetting)
        writer.write(research)
    }
}

extension Setting.Target: SnapshotCodable {
    public init(from reader: inout SnapshotReader) throws {
        self.init(resource: try reader.read(), path: try reader.read(), value: try reader.read(),
                  bicepUnknown: try reader.read(), flexFallback: try reader.read())
    }

    public func write(to writer: inout SnapshotWriter) {
        writer.write(resource)
        writer.write(path)
        writer.write(value)
        writer.write(bicepUnknown)
        writer.write(flexFallback)
    }
}

extension AzureCLITarget: SnapshotCodable {
    public init(from reader: inout SnapshotReader) throws {
        self.init(command: try reader.read(), scope: try reader.read(), form: try reader.read(), value: try reader.read())
    }

    public func write(to writer: inout SnapshotWriter) {
        writer.write(command)
        writer.write(scope)
        writer.write(form)
        writer.write(value)
    }
}

extension AzureCLITarget.Form: SnapshotCodable {
    public init(from reader: inout SnapshotReader) throws {
        switch try reader.caseNumber(below: 4) {
        case 0: self = .flag(try reader.read())
        case 1: self = .set(try reader.read())
        case 2: self = .generic(try reader.read())
        default: self = .arguments
        }
    }

    public func write(to writer: inout SnapshotWriter) {
        switch self {
        case .flag(let name): writer.writeCase(0); writer.write(name)
        case .set(let path): writer.writeCase(1); writer.write(path)
        case .generic(let key): writer.writeCase(2); writer.write(key)
        case .arguments: writer.writeCase(3)
        }
    }
}

extension ValueSpec: SnapshotCodable {
    public init(from reader: inout SnapshotReader) throws {
        switch try reader.caseNumber(below: 12) {
        case 0: self = .literal(try reader.read())
        case 1: self = .input(try reader.read())
        case 2: self = .keep(answer: try reader.read(), keep: try reader.read(), fallback: try reader.read())
        case 3: self = .map(answer: try reader.read(), cases: try reader.read())
        case 4: self = .drop(answer: try reader.read(), drop: try reader.read())
        case 5: self = .list(try reader.read())
        case 6: self = .object(try reader.read([SnapshotPair<String, ValueSpec>].self).map { ($0.first, $0.second) })
        case 7: self = .block(try reader.read([SnapshotPair<String, ValueSpec>].self).map { ($0.first, $0.second) })
        case 8: self = .keyed(input: try reader.read(), value: try reader.read())
        case 9: self = .prefixed(try reader.read(), input: try reader.read())
        case 10: self = .reference(try reader.read())
        default: self = .none
        }
    }

    public func write(to writer: inout SnapshotWriter) {
        switch self {
        case .literal(let value): writer.writeCase(0); writer.write(value)
        case .input(let id): writer.writeCase(1); writer.write(id)
        case .keep(let answer, let keep, let fallback):
            writer.writeCase(2); writer.write(answer); writer.write(keep); writer.write(fallback)
        case .map(let answer, let cases): writer.writeCase(3); writer.write(answer); writer.write(cases)
        case .drop(let answer, let drop): writer.writeCase(4); writer.write(answer); writer.write(drop)
        case .list(let values): writer.writeCase(5); writer.write(values)
        case .object(let fields): writer.writeCase(6); writer.write(fields.map { SnapshotPair($0.0, $0.1) })
        case .block(let fields): writer.writeCase(7); writer.write(fields.map { SnapshotPair($0.0, $0.1) })
        case .keyed(let input, let value): writer.writeCase(8); writer.write(input); writer.write(value)
        case .prefixed(let text, let input): writer.writeCase(9); writer.write(text); writer.write(input)
        case .reference(let name): writer.writeCase(10); writer.write(name)
        case .none: writer.writeCase(11)
        }
    }
}

extension SnippetValue: SnapshotCodable {
    public init(from reader: inout SnapshotReader) throws {
        switch try reader.caseNumber(below: 10) {
        case 0: self = .bool(try reader.read())
        case 1: self = .int(try reader.read())
        case 2: self = .string(try reader.read())
        case 3: self = .list(try reader.read())
        case 4: self = .object(try reader.read())
        case 5: self = .block(try reader.read())
        case 6: self = .input(try reader.read())
        case 7: self = .keyed(input: try reader.read(), value: try reader.read())
        case 8: self = .prefixed(try reader.read(), input: try reader.read())
        default: self = .reference(try reader.read())
        }
    }

    public func write(to writer: inout SnapshotWriter) {
        switch self {
        case .bool(let value): writer.writeCase(0); writer.write(value)
        case .int(let value): writer.writeCase(1); writer.write(value)
        case .string(let value): writer.writeCase(2); writer.write(value)
        case .list(let values): writer.writeCase(3); writer.write(values)
        case .object(let fields): writer.writeCase(4); writer.write(fields)
        case .block(let fields): writer.writeCase(5); writer.write(fields)
        case .input(let id): writer.writeCase(6); writer.write(id)
        case .keyed(let input, let value): writer.writeCase(7); writer.write(input); writer.write(value)
        case .prefixed(let text, let input): writer.writeCase(8); writer.write(text); writer.write(input)
        case .reference(let name): writer.writeCase(9); writer.write(name)
        }
    }
}

extension SnippetValue.Field: SnapshotCodable {
    public init(from reader: inout SnapshotReader) throws {
        self.init(try reader.read(), try reader.read())
    }

    public func write(to writer: inout SnapshotWriter) {
        writer.write(key)
        writer.write(value)
    }
}
