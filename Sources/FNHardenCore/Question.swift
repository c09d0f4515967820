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
