/// A sentence for a person, by locale key and named arguments. Core never
/// holds human text: FNHardenL10n turns a message into the reader's language.
public struct Message: Error, Sendable, Equatable, CustomStringConvertible {
    public let key: String
    public let arguments: [String: String]
    /// A count that selects the plural form (CLDR `one` / `other`), if any.
    public let count: Int?

    public init(_ key: String, _ arguments: [String: String] = [:], count: Int? = nil) {
        self.key = key
        self.arguments = arguments
        self.count = count
    }

    /// For debugging and test failures only; people see localized text.
    public var description: String {
        key
            + (arguments.isEmpty
                ? ""
                : " "
                    + arguments.sorted { $0.key < $1.key }
                    .map { "\($0.key)=\($0.value)" }.joined(separator: " "))
    }
}

/// A problem found in an answers file, placed where a person can find it.
public struct Diagnostic: Sendable, Equatable {
    public enum Severity: String, Sendable { case error, warning }

    public let file: String
    public let position: Position?
    public let severity: Severity
    public let message: Message

    public init(file: String, position: Position?, severity: Severity = .error, message: Message) {
        self.file = file
        self.position = position
        self.severity = severity
        self.message = message
    }
}

extension Array where Element == Diagnostic {
    public var hasErrors: Bool { contains { $0.severity == .error } }

    /// In file order, so a person can work down the file.
    public func sortedByPosition() -> [Diagnostic] {
        enumerated().sorted { lhs, rhs in
            let left = lhs.element.position ?? .start
            let right = rhs.element.position ?? .start
            return left == right ? lhs.offset < rhs.offset : left < right
        }.map(\.element)
    }
}
