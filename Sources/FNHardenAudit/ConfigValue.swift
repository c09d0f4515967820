import FNHardenCore

/// A configuration value as the audit sees it: a JSON value, a reference to
/// a resource (what `resourceId(...)` gives), or unknown: an expression that
/// can't be worked out without deploying (`reference()`, `uniqueString()`,
/// a parameter with no default). Unknown values are reported, never guessed.
public enum ConfigValue: Sendable, Equatable {
    case string(String)
    case number(String)
    case bool(Bool)
    case array([ConfigValue])
    case object([(key: String, value: ConfigValue)])
    case null
    /// A resource named by type and name (`Microsoft.Web/serverfarms`, `plan`).
    case resource(type: String, name: String)
    /// The expression text that could not be resolved.
    case unknown(String)

    public static func == (lhs: ConfigValue, rhs: ConfigValue) -> Bool {
        switch (lhs, rhs) {
        case (.string(let a), .string(let b)): return a == b
        case (.number(let a), .number(let b)): return Double(a) == Double(b)
        case (.bool(let a), .bool(let b)): return a == b
        case (.array(let a), .array(let b)): return a == b
        case (.object(let a), .object(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        case (.null, .null): return true
        case (.resource(let t1, let n1), .resource(let t2, let n2)):
            return t1.lowercased() == t2.lowercased() && n1.lowercased() == n2.lowercased()
        case (.unknown(let a), .unknown(let b)): return a == b
        default: return false
        }
    }

    public var isUnknown: Bool {
        if case .unknown = self { return true }
        return false
    }

    /// Text for a string, a number or a boolean (how ARM compares them).
    public var text: String? {
        switch self {
        case .string(let text), .number(let text): return text
        case .bool(let value): return value ? "true" : "false"
        default: return nil
        }
    }

    /// A boolean; ARM and the az CLI also write "true" / "false" as text.
    public var bool: Bool? {
        switch self {
        case .bool(let value): return value
        case .string(let text):
            switch text.lowercased() {
            case "true": return true
            case "false": return false
            default: return nil
            }
        default: return nil
        }
    }

    public var int: Int? {
        switch self {
        case .number(let text): return Int(text) ?? Double(text).flatMap { $0 == $0.rounded() ? Int(exactly: $0) : nil }
        case .string(let text): return Int(text)
        default: return nil
        }
    }

    public subscript(key: String) -> ConfigValue? {
        switch self {
        case .object(let members):
            return members.first { $0.key == key }?.value ?? members.first { $0.key.equalsIgnoringCase(key) }?.value
        case .unknown(let expression): return .unknown(expression)
        default: return nil
        }
    }

    public var members: [(key: String, value: ConfigValue)]? {
        if case .object(let members) = self { return members }
        return nil
    }

    public var elements: [ConfigValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// Holds an unknown anywhere inside (an object literal may mix both).
    public var containsUnknown: Bool {
        switch self {
        case .unknown: return true
        case .array(let elements): return elements.contains { $0.containsUnknown }
        case .object(let members): return members.contains { $0.value.containsUnknown }
        default: return false
        }
    }

    /// True when the value holds more than `limit` characters and elements
    /// (counting stops there, so a check costs at most the limit).
    func exceeds(_ limit: Int) -> Bool { measure(upTo: limit) > limit }

    /// The characters and elements the value holds, counted as far as just
    /// past `limit`.
    func measure(upTo limit: Int) -> Int {
        var budget = limit
        func spend(_ value: ConfigValue) -> Bool {
            switch value {
            case .string(let text), .number(let text), .unknown(let text): budget -= text.utf8.count
            case .array(let elements):
                budget -= elements.count
                for element in elements where budget >= 0 { _ = spend(element) }
            case .object(let members):
                budget -= members.count
                for member in members where budget >= 0 {
                    budget -= member.key.utf8.count
                    _ = spend(member.value)
                }
            case .resource(let type, let name): budget -= type.utf8.count + name.utf8.count
            case .bool, .null: budget -= 1
            }
            return budget < 0
        }
        _ = spend(self)
        return limit - budget
    }

    /// Short text for messages and comments.
    public var display: String {
        switch self {
        case .string(let text): return text
        case .number(let text): return text
        case .bool(let value): return value ? "true" : "false"
        case .array(let elements): return "[" + elements.map(\.display).joined(separator: ", ") + "]"
        case .object: return "{…}"
        case .null: return "null"
        case .resource(let type, let name): return type + "/" + name
        case .unknown(let expression): return expression
        }
    }

    /// The plain value of a JSON node, without evaluating any expression.
    public init(literal node: JSONNode) {
        switch node.value {
        case .string(let text): self = .string(text)
        case .number(let text): self = .number(text)
        case .bool(let value): self = .bool(value)
        case .null: self = .null
        case .array(let elements): self = .array(elements.map(ConfigValue.init(literal:)))
        case .object(let members): self = .object(members.map { ($0.key, ConfigValue(literal: $0.value)) })
        }
    }
}

/// A value read from the sources, and where.
public struct Observed: Sendable, Equatable {
    public let value: ConfigValue
    public let location: ConfigLocation

    public init(_ value: ConfigValue, at location: ConfigLocation) {
        self.value = value
        self.location = location
    }
}
