/// The outcome of a condition: Kleene's three-valued logic, because an
/// answer may be `unknown` and a capability may be unconfirmed.
public enum Truth: String, Sendable, Equatable {
    case yes, no, unknown

    public var negated: Truth {
        switch self {
        case .yes: return .no
        case .no: return .yes
        case .unknown: return .unknown
        }
    }
}

/// A truth value with the answers that decided it, for `because`.
public struct Outcome: Sendable, Equatable {
    public var truth: Truth
    /// Answer keys, in the order they were consulted, without repeats.
    public var reasons: [String]

    public init(_ truth: Truth, reasons: [String] = []) {
        self.truth = truth
        self.reasons = reasons
    }

    public static let yes = Outcome(.yes)
}

extension Array where Element == String {
    /// Appends the keys not already present, keeping first-seen order.
    mutating func appendUnique(_ keys: [String]) {
        for key in keys where !contains(key) { append(key) }
    }
}
