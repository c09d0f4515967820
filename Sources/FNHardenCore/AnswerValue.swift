/// One answer, as the answers file states it or as a default supplies it.
public enum AnswerValue: Equatable, Hashable, Sendable, Codable {
    /// The person doesn't know; related items stay open and are marked "verify".
    case unknown
    case bool(Bool)
    case integer(Int)
    /// A choice value or a free string (names, locations).
    case text(String)
    case list([String])

    /// The canonical text used in conditions, `because` and messages.
    public var canonical: String {
        switch self {
        case .unknown: return "unknown"
        case .bool(let value): return value ? "true" : "false"
        case .integer(let value): return String(value)
        case .text(let value): return value
        case .list(let values): return "[" + values.joined(separator: ", ") + "]"
        }
    }

    public var isUnknown: Bool { self == .unknown }
}
