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
    /// The built-in policy definitions of the crosswalk and the policy
    /// resources the snippets write (policies.yml).
    public let policies: PolicyCatalog

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
