/// The knowledge base in memory: what `checklists/` says, decoded and
/// cross-checked by `KnowledgeBaseLoader`.
public struct KnowledgeBase: Sendable, Codable, Equatable {
    public let version: String
    public let sourceArticleURL: String
    /// Areas in checklist order.
    public let areas: [String]
    /// Source id -> URL.
    public let sources: [String: String]
    public let sections: [Section]
    public let questions: [Question]
    public let capabilities: CapabilityMatrix
    public let rules: [Rule]
    public let items: [Item]
    public let notices: [Notice]
    /// The settings that implement the items (settings.yml), for the snippets.
    public let snippets: SnippetCatalog

    public func question(_ id: String) -> Question? { questions.first { $0.id == id } }
    public func item(_ id: String) -> Item? { items.first { $0.id == id } }
    public func section(_ heading: String) -> Section? { sections.first { $0.heading == heading } }

    /// The Learn URL of a seed heading (the article URL and the heading's anchor).
    public func url(ofSection heading: String) -> String {
        guard let anchor = section(heading)?.anchor else { return sourceArticleURL }
        return sourceArticleURL + "#" + anchor
    }
}

/// A heading of "Securing Azure Functions".
public struct Section: Sendable, Codable, Equatable {
    public let heading: String
    public let anchor: String
    /// False for grouping headings ("Secure operation"), which no item cites.
    public let recommends: Bool
}

/// One question of the catalogue (checklists/questions.yml).
public struct Question: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable, CaseIterable { case choice, boolean, integer, string, list }

    public let id: String
    public let kind: Kind
    public let values: [String]
    public let integerValues: Bool
    public let minimum: Int?
    public let maximum: Int?
    public let pattern: String?
    public let minLength: Int?
    public let maxLength: Int?
    public let naming: String?
    /// `date`: a real calendar day, YYYY-MM-DD (beyond what the pattern says).
    public let format: String?
    public let maxItems: Int?
    public let required: Bool
    public let defaultValue: AnswerValue?
    public let conditionalDefaults: [ConditionalDefault]
    public let when: Condition?
    public let section: String?
    public let source: String?

    public struct ConditionalDefault: Sendable, Codable, Equatable {
        public let when: Condition
        public let value: AnswerValue
    }

    /// `hosting` of `hosting.plan`: the mapping that holds it in the file.
    public var group: String { String(id.prefix { $0 != "." }) }
    /// `plan` of `hosting.plan`.
    public var key: String { id.firstIndex(of: ".").map { String(id[id.index(after: $0)...]) } ?? "" }
}

/// Whether a plan and OS can do something.
public enum Support: String, Sendable, Codable, CaseIterable {
    case yes, no, unconfirmed
}

public struct CapabilityCell: Sendable, Codable, Equatable {
    public let support: Support
    public let source: String
    /// Locale key under `capabilities.ID.notes.`, for nuances.
    public let note: String?
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

/// Plan x OS x capability, with the OSes each plan offers.
public struct CapabilityMatrix: Sendable, Codable, Equatable {
    public let plans: [String]
    public let operatingSystems: [String: [String]]
    public let capabilities: [String: Capability]

    public func systems(of plan: String) -> [String] { operatingSystems[plan] ?? [] }
}

/// A cross-field rule: when `when` holds, `require` must hold too, or the
/// answer at `at` is reported (checklists/rules.yml).
public struct Rule: Sendable, Codable, Equatable {
    public let id: String
    public let at: String
    public let when: Condition
    public let require: Condition
    public let source: String?
}

/// A fact about the app as a whole, newer than the seed (checklists/notices.yml).
public struct Notice: Sendable, Codable, Equatable {
    public let id: String
    public let when: Condition
    public let source: String
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
    public let examples: [Example]
    /// Fix texts for situations where the usual one would advise the
    /// impossible (a private endpoint on Consumption): the first whose
    /// condition holds names the locale key used instead of `fix`.
    public let fixVariants: [FixVariant]
    /// Facts a reader needs beside the status (how to confirm a `done`, a
    /// control that still flags the app): locale key items.ID.notes.KEY,
    /// shown wherever the item is listed when `when` holds (always without one).
    public let notes: [Note]

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

/// The status of an item for one app (PRODUCT.md §4).
public enum Status: String, Sendable, Codable, CaseIterable {
    case done, todo
    /// Open, but its risk is accepted by someone until a date (answers file `accepted-risks`).
    case accepted
    case notApplicable = "not-applicable"
    case unsupported
}
