import FNHardenCore

/// A JSON value read from a configuration source, with the place it starts.
///
/// Read by `JSONReader`, not by Foundation or Yams, because the audit needs
/// what neither gives: every value keeps its line and column (drift and SARIF
/// point into the template), and ARM templates may hold `//` and `/* */`
/// comments and line breaks inside strings.
public struct JSONNode: Sendable {
    public enum Value: Sendable {
        case object([Member])
        case array([JSONNode])
        case string(String)
        /// The number as written (ARM and Terraform values are compared as text).
        case number(String)
        case bool(Bool)
        case null
    }

    public struct Member: Sendable {
        public let key: String
        public let value: JSONNode
    }

    public let value: Value
    public let position: Position

    public init(_ value: Value, at position: Position) {
        self.value = value
        self.position = position
    }

    /// A member by name. ARM property names are case-insensitive
    /// (`httpsOnly` and `HttpsOnly` are the same property), so an exact
    /// match is tried first, then one ignoring case.
    public subscript(key: String) -> JSONNode? {
        guard case .object(let members) = value else { return nil }
        return (members.first { $0.key == key } ?? members.first { $0.key.equalsIgnoringCase(key) })?.value
    }

    /// The member's key as the file spells it (for JSON paths in messages).
    public func spelling(of key: String) -> String? {
        guard case .object(let members) = value else { return nil }
        if members.contains(where: { $0.key == key }) { return key }
        return members.first { $0.key.equalsIgnoringCase(key) }?.key
    }

    public var members: [Member] {
        if case .object(let members) = value { return members }
        return []
    }

    public var elements: [JSONNode] {
        if case .array(let elements) = value { return elements }
        return []
    }

    public var string: String? {
        if case .string(let text) = value { return text }
        return nil
    }

    public var isObject: Bool {
        if case .object = value { return true }
        return false
    }
}

/// A problem in a source file that stops it from being read.
public struct SourceProblem: Error, Sendable, Equatable {
    public let file: String
    public let position: Position?
    public let message: Message

    public init(file: String, position: Position?, message: Message) {
        self.file = file
        self.position = position
        self.message = message
    }

    public var diagnostic: Diagnostic { Diagnostic(file: file, position: position, message: message) }
}
