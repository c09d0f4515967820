/// The answers an answers file states explicitly, with where each one is.
public struct AnswerSet: Sendable, Equatable {
    public var values: [String: AnswerValue] = [:]
    /// Where each explicit answer's value is in the file (for messages and SARIF).
    public var positions: [String: Position] = [:]
    /// Open items whose risk someone accepted, until a date.
    public var acceptedRisks: [AcceptedRisk] = []

    public init(
        values: [String: AnswerValue] = [:], positions: [String: Position] = [:],
        acceptedRisks: [AcceptedRisk] = []
    ) {
        self.values = values
        self.positions = positions
        self.acceptedRisks = acceptedRisks
    }
}

/// An accepted risk: an open item, who accepted it, why, and until when
/// (YYYY-MM-DD, inclusive). Past that date the item is open again.
public struct AcceptedRisk: Sendable, Equatable {
    public let item: String
    public let owner: String
    public let reason: String
    public let expires: String
    public let position: Position?

    public init(item: String, owner: String, reason: String, expires: String, position: Position? = nil) {
        self.item = item
        self.owner = owner
        self.reason = reason
        self.expires = expires
        self.position = position
    }

    /// Still in force on `date` (both YYYY-MM-DD, so text order is date order).
    public func isInForce(on date: String) -> Bool { expires >= date }
}
