/// The checklist for one app: every item of the knowledge base with its
/// status and the answers that decided it.
public struct Checklist: Sendable {
    public let knowledgeBaseVersion: String
    public let answers: ResolvedAnswers
    public let entries: [Entry]
    /// Notices whose condition holds for this app, in knowledge-base order.
    public let notices: [Notice]
    /// The SHA-256 of the answers file's bytes (set by whoever read them),
    /// so a reviewer can tell which answers a checklist came from.
    public var answersSHA256: String?
    /// The date accepted risks were judged on.
    public var asOf: String = ""

    public struct Entry: Sendable {
        public let item: Item
        public var status: Status
        /// `key=value` statements of the answers that decided the status.
        public let because: [String]
        /// For unsupported items: plan ids and `key=value` changes that would help.
        public let alternatives: [String]
        /// Open partly because an answer is unknown or a capability unconfirmed.
        public let verify: Bool
        /// Required capabilities the matrix marks `unconfirmed` for this plan.
        public let unconfirmed: [String]
        /// For unsupported items: the capability that blocks it.
        public let blockedBy: String?
        /// The locale key of the fix text under items.ID (`fix` or a variant).
        public var fixKey: String = "fix"
        /// The acceptance behind an `accepted` status, or one that has
        /// expired (the item is `todo` again then).
        public var acceptance: AcceptedRisk?
        public var acceptanceExpired: Bool { status == .todo && acceptance != nil }
    }

    // By index: iterating the entries would copy each one, item and all,
    // and the outputs count a few dozen times per app, within the 3 s budget
    // of `generate` over 1,000 answers files (Tests/README.md).
    public func count(_ status: Status) -> Int { entries.indices.count { entries[$0].status == status } }

    public func count(_ status: Status, _ severity: Severity) -> Int {
        entries.indices.count { entries[$0].status == status && entries[$0].item.severity == severity }
    }
}

extension Checklist {
    /// Acceptances of items that aren't open (done, not applicable, not
    /// possible): they have no effect now, which a person should know.
    public func acceptanceWarnings(file: String) -> [Diagnostic] {
        answers.explicit.acceptedRisks.compactMap { risk in
            guard let entry = entries.first(where: { $0.item.id == risk.item }),
                entry.status != .todo, entry.status != .accepted
            else { return nil }
            return Diagnostic(
                file: file, position: risk.position, severity: .warning,
                message: Message("errors.risk-not-open", ["item": risk.item, "status": entry.status.rawValue]))
        }
    }
}
