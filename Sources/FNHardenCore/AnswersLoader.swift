import Foundation

/// Reading, resolving and rule checking in one call: what every command
/// that takes an answers file does.
public enum AnswersLoader {
    public struct Result: Sendable {
        /// Nil when the file has errors.
        public let answers: ResolvedAnswers?
        public let diagnostics: [Diagnostic]

        public init(answers: ResolvedAnswers?, diagnostics: [Diagnostic]) {
            self.answers = answers
            self.diagnostics = diagnostics
        }
    }
}

extension AnswersLoader {
    public static func load(_ data: Data, file: String, knowledgeBase: KnowledgeBase, asOf: String? = nil) -> Result {
        let (explicit, readProblems) = AnswersReader.read(data, file: file, knowledgeBase: knowledgeBase)
        // Rules run even when some answers were unreadable (those count as
        // unknown, which no rule rejects), so every problem shows at once.
        let (resolved, ruleProblems) = AnswerResolver.resolve(
            explicit, knowledgeBase: knowledgeBase, file: file, asOf: asOf)
        let all = (readProblems + ruleProblems).sortedByPosition()
        return Result(answers: all.hasErrors ? nil : resolved, diagnostics: all)
    }
}
