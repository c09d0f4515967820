import Foundation
import Yams

/// The wizard's state machine, pure and terminal-free: which question comes
/// next, what its default is, what `back` does, and whether an answer is
/// acceptable. Questions come in catalogue order and only when their
/// condition holds given the answers so far; changing an earlier answer
/// re-evaluates what follows and keeps later answers that are still valid.
public struct Interview: Sendable {
    public let kb: KnowledgeBase
    /// Answers given so far (typed, or accepted defaults), by question id.
    public private(set) var answers: [String: AnswerValue]
    /// Where each pre-filled answer came from, for the saved file's positions.
    public private(set) var positions: [String: Position]
    /// Question ids answered by a pre-filled file and not to be asked again.
    public private(set) var settled: Set<String>
    /// Accepted risks of a pre-filled file, carried through unchanged.
    public let acceptedRisks: [AcceptedRisk]
    /// The question being asked, or nil when the interview is over.
    public private(set) var current: String?
    /// Questions asked in this session, in order, for `back`.
    private var trail: [String] = []
    /// Questions answered without asking, because one answer was possible.
    private var forced: Set<String> = []

    /// Words a person may type for true and false besides the ids
    /// (y/yes/n/no, and the reader's own language's).
    public let yesWords: Set<String>
    public let noWords: Set<String>

    /// Starts an interview; `prefilled` answers (from `--answers` or a save
    /// file) that are valid are kept and not asked again.
    public init(
        knowledgeBase: KnowledgeBase, prefilled: AnswerSet = AnswerSet(),
        yesWords: Set<String> = ["y", "yes"], noWords: Set<String> = ["n", "no"]
    ) {
        self.kb = knowledgeBase
        self.yesWords = yesWords.union(["y", "yes"])
        self.noWords = noWords.union(["n", "no"])
        self.answers = prefilled.values
        self.positions = prefilled.positions
        self.settled = Set(prefilled.values.keys)
        self.acceptedRisks = prefilled.acceptedRisks
        self.current = nil
        // A pre-filled answer that breaks a rule is asked again.
        for key in settled where problem(with: prefilled.values[key] ?? .unknown, for: key) != nil {
            settled.remove(key)
        }
        advance(after: nil)
    }

    /// Moves to the next question to ask. A question with one possible
    /// answer (no storage isolation on Consumption, only `apim` as the
    /// gateway once APIM authenticates callers) takes it without being asked.
    private mutating func advance(after id: String?) {
        var candidate = next(after: id)
        while let forced = candidate, let question = kb.question(forced), isForced(question),
            let only = offeredValues(for: forced).first, case .success(let value) = parse(only, for: question)
        {
            answers[forced] = value
            self.forced.insert(forced)
            candidate = next(after: forced)
        }
        current = candidate
    }

    // MARK: - What to ask

    /// The answers in force: given ones and, for the rest, the defaults.
    public var resolved: ResolvedAnswers {
        AnswerResolver.resolve(answerSet, knowledgeBase: kb, file: "").0
    }

    /// Only the answers to questions that still apply: a change of plan
    /// drops, for example, the private-DNS answer once there is no private endpoint.
    public var applicableAnswers: [String: AnswerValue] {
        let all = AnswerResolver.resolve(AnswerSet(values: answers), knowledgeBase: kb, file: "").0
        return answers.filter { all.asked.contains($0.key) }
    }

    /// Ids of the questions that apply now, in catalogue order.
    public var applicable: [String] { resolved.asked }

    /// True when only one answer is possible for a question not answered
    /// yet (no storage isolation on Consumption): it isn't asked.
    func isForced(_ question: Question) -> Bool {
        (question.kind == .choice || question.kind == .boolean) && !question.required
            && answers[question.id] == nil && offeredValues(for: question.id).count == 1
    }

    /// `[N/M]`: the current question's place among those that will be asked.
    public var progress: (index: Int, total: Int) {
        let list = applicable.filter { id in
            id == current || (!forced.contains(id) && kb.question(id).map { !isForced($0) } ?? false)
        }
        let index = current.flatMap { list.firstIndex(of: $0) }.map { $0 + 1 } ?? list.count
        return (index, list.count)
    }

    public var isFinished: Bool { current == nil }

    /// The value Enter accepts: the answer already given (if still valid),
    /// else the catalogue's default for these answers. Nil for app.name.
    public func defaultValue(for id: String) -> AnswerValue? {
        if let given = answers[id], problem(with: given, for: id) == nil { return given }
        guard let question = kb.question(id), !question.required else { return nil }
        // The catalogue's default for the other answers, not the rejected one.
        var others = applicableAnswers
        others[id] = nil
        return AnswerResolver.resolve(AnswerSet(values: others), knowledgeBase: kb, file: "").0.values[id]
    }

    /// The values that can be chosen now: a choice the plan can't do (a
    /// private endpoint on Consumption) is not offered.
    public func offeredValues(for id: String) -> [String] {
        guard let question = kb.question(id) else { return [] }
        let candidates = question.kind == .boolean ? ["true", "false"] : question.values
        return candidates.filter { candidate in
            guard case .success(let value) = parse(candidate, for: question) else { return false }
            return problem(with: value, for: id) == nil
        }
    }

    private func next(after id: String?) -> String? {
        let start = id.flatMap { current in kb.questions.firstIndex { $0.id == current } }.map { $0 + 1 } ?? 0
        let asked = applicable
        for question in kb.questions[start...] where asked.contains(question.id) && !settled.contains(question.id) {
            // A question with one possible answer isn't worth asking: the default stands.
            return question.id
        }
        return nil
    }

    // MARK: - Moves

    public enum Outcome: Equatable, Sendable {
        case accepted
        /// The answer was not taken; the message says why (and suggests).
        case rejected(Message)
    }

    /// Answers the current question with what a person typed (already
    /// trimmed; empty means "accept the default").
    public mutating func answer(_ text: String) -> Outcome {
        guard let id = current, let question = kb.question(id) else { return .rejected(Message("wizard.finished")) }
        let value: AnswerValue
        if text.isEmpty {
            guard let fallback = defaultValue(for: id) else {
                return .rejected(Message("errors.missing-required", ["key": id]))
            }
            value = fallback
        } else {
            switch parse(text, for: question) {
            case .success(let parsed): value = parsed
            case .failure(let message): return .rejected(message)
            }
        }
        if let message = problem(with: value, for: id) { return .rejected(message) }
        answers[id] = value
        forced.remove(id)
        trail.append(id)
        advance(after: id)
        return .accepted
    }

    /// Goes back to the previous question asked; its answer becomes the
    /// default. False when there is nothing to go back to.
    public mutating func back() -> Bool {
        while let previous = trail.popLast() {
            if applicable.contains(previous) {
                current = previous
                return true
            }
        }
        // Nothing asked in this session before: step back through the
        // pre-filled (or resumed) answers in catalogue order.
        let list = applicable
        let position = current.flatMap { list.firstIndex(of: $0) } ?? list.count
        guard position > 0 else { return false }
        let previous = list[position - 1]
        settled.remove(previous)
        current = previous
        return true
    }

    /// Opens a question again (for a contradiction found at the end).
    public mutating func reopen(_ id: String) {
        settled.remove(id)
        current = id
    }

    /// The first cross-field rule the complete answers break, if any, and
    /// the question it points at.
    public var contradiction: (id: String, message: Message)? {
        let (_, diagnostics) = AnswerResolver.resolve(AnswerSet(values: applicableAnswers), knowledgeBase: kb, file: "")
        guard let error = diagnostics.first(where: { $0.severity == .error }),
            let rule = kb.rules.first(where: { "rules.\($0.id)" == error.message.key })
        else { return nil }
        return (rule.at, error.message)
    }

    /// Parses typed text as the question's value: the same rules as an
    /// answers file (yes/no accepted for booleans, commas separate a list).
    public func parse(_ text: String, for question: Question) -> Result<AnswerValue, Message> {
        let node: Node
        switch question.kind {
        case .string:
            node = text == "unknown" ? Node(text, .implicit, .plain) : Node(text, Tag(.str), .doubleQuoted)
        case .list:
            if text == "unknown" { return .success(.unknown) }
            if text == "-" || text == "none" { return .success(.list([])) }
            // As browsers show origins: `HTTPS://A.example/` means https://a.example.
            let items = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
                !$0.isEmpty
            }
            .map { $0.contains("://") ? String($0.lowercased().trimmingSuffix("/")) : $0 }
            node = Node(items.map { Node($0, Tag(.str), .doubleQuoted) })
        case .boolean:
            let lowered = text.lowercased()
            let word = yesWords.contains(lowered) ? "true" : noWords.contains(lowered) ? "false" : lowered
            node = Node(word, .implicit, .plain)
        case .choice, .integer:
            node = Node(text, .implicit, .plain)
        }
        return AnswerParsing.value(from: node, for: question)
    }

    /// The first cross-field rule this value would break at this question.
    /// The first cross-field rule this value would break, among the rules
    /// that read this question. Questions not answered yet count as unknown,
    /// which no rule rejects: a later answer can't veto an earlier one before
    /// it is given (client-auth apim before the gateway question).
    func problem(with value: AnswerValue, for id: String) -> Message? {
        var trial = answers
        trial[id] = value
        // Only questions still to come are unknown; those before keep their defaults.
        let later = kb.questions.drop { $0.id != id }.dropFirst()
        for question in later where trial[question.id] == nil && !question.required {
            trial[question.id] = .unknown
        }
        let (_, diagnostics) = AnswerResolver.resolve(AnswerSet(values: trial), knowledgeBase: kb, file: "")
        let rules = kb.rules.filter { rule in
            rule.at == id || rule.when.answerKeys.contains(id) || rule.require.answerKeys.contains(id)
        }.map { "rules.\($0.id)" }
        return diagnostics.first { $0.severity == .error && rules.contains($0.message.key) }?.message
    }

    /// The answers as a file would hold them (for the save file).
    public var answerSet: AnswerSet {
        AnswerSet(values: applicableAnswers, positions: positions, acceptedRisks: acceptedRisks)
    }
}

extension String {
    func trimmingSuffix(_ suffix: String) -> Substring {
        hasSuffix(suffix) ? dropLast(suffix.count) : self[...]
    }
}
