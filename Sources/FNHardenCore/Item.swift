/// A recommendation (checklists/items/*.yml).
public struct Item: Sendable, Codable, Equatable {
    public let id: String
    public let area: String
    public let severity: Severity
    public let section: String
    public let appliesWhen: Condition?
    public let satisfiedWhen: Condition
    public let requires: [String]
    public let references: [String]
    /// Tool -> ids, in the crosswalk's fixed tool order.
    public let controls: [Controls]
    /// Checkov id -> the frameworks whose check covers a function app
    /// (terraform, arm, bicep): a check that only knows web apps, or only the
    /// deprecated azurerm_function_app, doesn't count.
    public let frameworks: [String: [String]]
    /// Who configures the MCSB control's feature, as the Functions security
    /// baseline says: customer, microsoft or shared.
    public let mcsbResponsibility: String?
    /// Answers and the status they give, run by the tests from the YAML.
    /// The compiled form leaves them out (see CodingKeys).
    public var examples: [Example] = []
    /// Fix texts for situations where the usual one would advise the
    /// impossible (a private endpoint on Consumption): the first whose
    /// condition holds names the locale key used instead of `fix`.
    public let fixVariants: [FixVariant]
    /// Facts a reader needs beside the status (how to confirm a `done`, a
    /// control that still flags the app): locale key items.ID.notes.KEY,
    /// shown wherever the item is listed when `when` holds (always without one).
    public let notes: [Note]

    /// Every field but the examples: only the tests run them, and decoding
    /// them at every start takes time that `audit` of one app can't spare,
    /// since it must stay a hundredth of Checkov's (Tests/README.md).
    private enum CodingKeys: String, CodingKey {
        case id, area, severity, section, appliesWhen, satisfiedWhen, requires, references, controls, frameworks
        case mcsbResponsibility, fixVariants, notes
    }

    /// One tool's ids in the crosswalk.
    public struct Controls: Sendable, Codable, Equatable {
        public let tool: String
        public let ids: [String]
    }

    public struct FixVariant: Sendable, Codable, Equatable {
        public let when: Condition
        public let key: String
    }

    public struct Note: Sendable, Codable, Equatable {
        public let key: String
        public let when: Condition?
    }

    public struct Example: Sendable, Codable, Equatable {
        public let answers: [String: AnswerValue]
        public let status: Status
        public let position: Position?
    }

    /// The notes whose condition holds for these answers.
    public func notes(for answers: some ConditionContext) -> [String] {
        notes.filter { ($0.when?.evaluate(in: answers).truth ?? .yes) == .yes }.map(\.key)
    }

    /// The crosswalk's tools, in output order.
    public static let controlTools = ["mcsb", "azure-policy", "checkov", "prowler", "psrule"]
    public static let responsibilities = ["customer", "microsoft", "shared"]
    /// What a Checkov check can scan, in output order.
    public static let checkovFrameworks = ["terraform", "arm", "bicep"]
}

public enum Severity: String, Sendable, Codable, CaseIterable, Comparable {
    case critical, high, medium, low

    /// 0 for critical, rising as severity falls.
    public var rank: Int {
        switch self {
        case .critical: return 0
        case .high: return 1
        case .medium: return 2
        case .low: return 3
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// The status of an item for one app.
public enum Status: String, Sendable, Codable, CaseIterable {
    case done, todo
    /// Open, but its risk is accepted by someone until a date (answers file `accepted-risks`).
    case accepted
    case notApplicable = "not-applicable"
    case unsupported
}
