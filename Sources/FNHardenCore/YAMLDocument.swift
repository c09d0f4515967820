import Yams

/// One knowledge-base file, with accessors that fail with the file and the
/// place of the problem instead of a bare decoding error.
public struct YAMLDocument {
    public let path: String
    public let root: Node

    public func error(at node: Node, _ problem: String) -> KnowledgeBaseError {
        KnowledgeBaseError(file: path, position: node.mark.map(Position.init), problem: problem)
    }

    public func list(_ key: String) throws -> [Node] {
        guard let sequence = root[key]?.sequence else { throw error(at: root, "`\(key)` must be a list") }
        return Array(sequence)
    }

    public func map(_ key: String) throws -> [(key: String, node: Node)] {
        guard let mapping = root[key]?.mapping else { throw error(at: root, "`\(key)` must be a mapping") }
        return try mapping.map { keyNode, value in
            guard let name = keyNode.string else { throw error(at: keyNode, "keys must be text") }
            return (name, value)
        }
    }

    public func mapping(_ key: String, in node: Node) throws -> Node {
        guard let child = node[key], child.mapping != nil else {
            throw error(at: node, "`\(key)` must be a mapping")
        }
        return child
    }

    public func string(_ key: String, in node: Node) throws -> String {
        guard let value = optionalString(key, in: node) else { throw error(at: node, "`\(key)` is required text") }
        return value
    }

    public func strings(_ key: String, in node: Node) throws -> [String] {
        guard let values = optionalStrings(key, in: node) else { throw error(at: node, "`\(key)` must be a list") }
        return values
    }

    public func bool(_ key: String, in node: Node) throws -> Bool {
        guard let value = optionalBool(key, in: node) else { throw error(at: node, "`\(key)` must be true or false") }
        return value
    }

    public func optionalString(_ key: String, in node: Node) -> String? {
        guard let scalar = node[key]?.scalar, !scalar.string.isEmpty else { return nil }
        return scalar.string
    }

    public func optionalStrings(_ key: String, in node: Node) -> [String]? {
        node[key]?.sequence?.compactMap { $0.scalar?.string }
    }

    public func optionalInt(_ key: String, in node: Node) -> Int? { node[key]?.int }

    public func optionalBool(_ key: String, in node: Node) -> Bool? { node[key]?.bool }

    public func condition(_ key: String, in node: Node) throws -> Condition {
        guard let child = node[key] else { throw error(at: node, "`\(key)` (a condition) is required") }
        return try condition(child)
    }

    /// Parses the condition language of checklists/README.md.
    public func condition(_ node: Node) throws -> Condition {
        guard let mapping = node.mapping, !mapping.isEmpty else {
            throw error(at: node, "a condition is a mapping such as {hosting.plan: premium}")
        }
        var parts: [Condition] = []
        for (keyNode, value) in mapping {
            guard let key = keyNode.string else { throw error(at: keyNode, "condition keys must be text") }
            switch key {
            case "all", "any":
                guard let list = value.sequence, !list.isEmpty else {
                    throw error(at: value, "`\(key)` takes a non-empty list of conditions")
                }
                let inner = try list.map { try condition($0) }
                parts.append(key == "all" ? .all(inner) : .any(inner))
            case "not":
                parts.append(.not(try condition(value)))
            case "capability", "answered":
                guard let name = value.scalar?.string else { throw error(at: value, "`\(key)` takes a name") }
                parts.append(key == "capability" ? .capability(name) : .answered(name))
            default:
                parts.append(.answer(key, try test(value)))
            }
        }
        return parts.count == 1 ? parts[0] : .all(parts)
    }

    private func test(_ node: Node) throws -> Condition.Test {
        if let scalar = node.scalar { return .equals(scalar.string) }
        guard let mapping = node.mapping, mapping.count == 1, let (keyNode, value) = mapping.first,
            let operation = keyNode.string
        else {
            throw error(
                at: node,
                "an answer test is a value or one of {in: [...]}, {not-in: [...]}, {not: v}, "
                    + "{greater-than: n}, {contains: v}, {empty: true|false}")
        }
        func words() throws -> [String] {
            guard let list = value.sequence else { throw error(at: value, "`\(operation)` takes a list") }
            return list.compactMap { $0.scalar?.string }
        }
        switch operation {
        case "in": return .isIn(try words())
        case "not-in": return .notIn(try words())
        case "not":
            guard let scalar = value.scalar else { throw error(at: value, "`not` takes a value") }
            return .notEquals(scalar.string)
        case "greater-than":
            guard let bound = value.int else { throw error(at: value, "`greater-than` takes a number") }
            return .greaterThan(bound)
        case "contains":
            guard let scalar = value.scalar else { throw error(at: value, "`contains` takes a value") }
            return .contains(scalar.string)
        case "empty":
            guard let flag = value.bool else { throw error(at: value, "`empty` takes true or false") }
            return .isEmpty(flag)
        default:
            throw error(at: keyNode, "unknown answer test `\(operation)`")
        }
    }
}
