/// Plan x OS x capability, with the OSes each plan offers.
public struct CapabilityMatrix: Sendable, Codable, Equatable {
    public let plans: [String]
    public let operatingSystems: [String: [String]]
    public let capabilities: [String: Capability]

    public func systems(of plan: String) -> [String] { operatingSystems[plan] ?? [] }
}

public struct Capability: Sendable, Codable, Equatable {
    public let id: String
    /// Runtime versions on which the capability exists at all (nil: all).
    public let runtimeVersions: [Int]?
    public let runtimeSource: String?
    /// Plan -> OS -> cell.
    public let cells: [String: [String: CapabilityCell]]

    public func cell(plan: String, os: String) -> CapabilityCell? { cells[plan]?[os] }
}

public struct CapabilityCell: Sendable, Codable, Equatable {
    public let support: Support
    public let source: String
    /// Locale key under `capabilities.ID.notes.`, for nuances.
    public let note: String?
}

/// Whether a plan and OS can do something.
public enum Support: String, Sendable, Codable, CaseIterable {
    case yes, no, unconfirmed
}
