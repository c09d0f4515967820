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
    /// The question being asked, or nil when the interview is over.
    public private(set) var current: String?
    /// Questions asked in this session, in order, for `back`.
    private var trail: [String] = []

    /// Starts an interview; `prefilled` answers (from `--answers` or a save
    /// file) that are valid are kept and not asked again.
    public init(knowledgeBase: KnowledgeBase, prefilled: AnswerSet = AnswerSet()) {
        self.kb = knowledgeBase
        self.answers = prefilled.values
        self.positions = prefilled.positions
        self.settled = Set(prefilled.values.keys)
        self.current = nil
        // A pre-filled answer that breaks a rule is asked again.
        for key in settled where problem(with: prefilled.values[key] ?? .unknown, for: key) != nil {
            settled.remove(key)
        }
        current = next(after: nil)
    }

    // MARK: - What to ask

    /// The answers in force: given ones and, for the rest, the defaults.
    public var resolved: ResolvedAnswers {
        AnswerResolver.resolve(AnswerSet(values: applicableAnswers), knowledgeBase: kb, file: "").0
    }

    /// Only the answers to questions that still apply: a change of plan
    /// drops, for example, the private-DNS answer once there is no private endpoint.
    public var applicableAnswers: [String: AnswerValue] {
        let all = AnswerResolver.resolve(AnswerSet(values: answers), knowledgeBase: kb, file: "").0
        return answers.filter { all.asked.contains($0.key) }
    }

    /// Ids of the questions that apply now, in catalogue order.
    public var applicable: [String] { resolved.asked }

    /// `[N/M]`: the current question's place among those that apply.
    public var progress: (index: Int, total: Int) {
        let list = applicable
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
        trail.append(id)
        current = next(after: id)
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
        return false
    }

    /// Parses typed text as the question's value: the same rules as an
    /// answers file (yes/no accepted for booleans, commas separate a list).
    public func parse(_ text: String, for question: Question) -> Result<AnswerValue, Message> {
        let node: Node
        switch question.kind {
        case .string:
            node = text == "unknown" ? Node(text) : Node(text, Tag(.str), .doubleQuoted)
        case .list:
            if text == "unknown" { return .success(.unknown) }
            if text == "-" || text == "none" { return .success(.list([])) }
            let items = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            node = Node(items.map { Node($0, Tag(.str), .doubleQuoted) })
        case .boolean:
            let lowered = text.lowercased()
            let word = ["y", "yes"].contains(lowered) ? "true" : ["n", "no"].contains(lowered) ? "false" : lowered
            node = Node(word, .implicit, .plain)
        case .choice, .integer:
            node = Node(text, .implicit, .plain)
        }
        return AnswerParsing.value(from: node, for: question)
    }

    /// The first cross-field rule this value would break at this question.
    func problem(with value: AnswerValue, for id: String) -> Message? {
        var trial = answers
        trial[id] = value
        let (_, diagnostics) = AnswerResolver.resolve(AnswerSet(values: trial), knowledgeBase: kb, file: "")
        let rules = kb.rules.filter { $0.at == id }.map { "rules.\($0.id)" }
        return diagnostics.first { $0.severity == .error && rules.contains($0.message.key) }?.message
    }

    /// The answers as a file would hold them (for the save file).
    public var answerSet: AnswerSet { AnswerSet(values: applicableAnswers, positions: positions) }
}
