import FNHardenCore
import FNHardenL10n

/// The normalised answers file written beside the checklist: every question
/// that applies, in catalogue order, with the value in force and a comment
/// on the ones that are defaults. Re-running `generate` on it gives the same
/// checklist, byte for byte.
public struct AnswersYAML {
    let kb: KnowledgeBase
    let l10n: Localizer

    public init(knowledgeBase: KnowledgeBase, localizer: Localizer) {
        self.kb = knowledgeBase
        self.l10n = localizer
    }

    /// `notes` replace the "default" comment on the keys they name (the
    /// audit says where each answer came from); `header` replaces the
    /// header text.
    public func render(_ answers: ResolvedAnswers, notes: [String: String] = [:], header: String? = nil) -> String {
        let header = header ?? l10n.text("answers-file.header", ["version": Version.fnharden, "kb": kb.version])
        var lines = header.split(separator: "\n", omittingEmptySubsequences: false).map {
            "# " + Self.oneLine(String($0))
        }
        lines.append("fnharden: \(AnswersReader.formatVersion)")
        let defaultNote = "  # " + l10n.text("answers-file.default")
        var currentGroup = ""
        for question in kb.questions {
            // The OS is listed even where the plan fixes it (Flex: linux), so
            // the file says plainly what the checklist assumed.
            guard answers.asked.contains(question.id) || question.id == HostingKey.os else { continue }
            if question.group != currentGroup {
                currentGroup = question.group
                lines.append(currentGroup + ":")
            }
            let note =
                notes[question.id].map { "  # " + Self.oneLine($0) }
                ?? (answers.isAnswered(question.id) ? "" : defaultNote)
            lines += line(question, answers.value(of: question.id), note: note)
        }
        lines += risks(answers.explicit.acceptedRisks)
        return lines.joined(separator: "\n") + "\n"
    }

    /// A comment stays on its line whatever the text holds.
    static func oneLine(_ text: String) -> String {
        String(text.map { $0.isNewline ? " " : $0 })
    }

    /// Words YAML 1.1 reads as booleans or null, and fnharden's `unknown`.
    private static let readAsOtherTypes: Set<String> = [
        "true", "false", "yes", "no", "on", "off", "null", "unknown", "y", "n",
    ]

    /// A choice that YAML reads back as the same text: no quotes needed.
    private static func isPlainWord(_ text: String, _ kind: Question.Kind) -> Bool {
        kind == .choice
            && text.allSatisfy { ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "-" }
            && text.first.map { $0.isASCII && $0.isLetter } == true
            && !readAsOtherTypes.contains(text.lowercased())
    }

    /// Plain when YAML reads it back as the same text and type, else quoted.
    private func scalar(_ value: AnswerValue, _ kind: Question.Kind) -> String {
        switch value {
        case .unknown, .bool, .integer: return value.canonical
        case .list: return "[]"
        case .text(let text):
            return Self.isPlainWord(text, kind) ? text : JSONOutput.quoted(text)
        }
    }

    /// The answers given so far in an interview, and only those, so that a
    /// resumed interview asks the rest.
    public func renderPartial(_ answers: AnswerSet, file: String = "FILE") -> String {
        var lines = l10n.text("answers-file.partial-header", ["version": Version.fnharden, "file": file])
            .split(separator: "\n", omittingEmptySubsequences: false).map { "# " + $0 }
        lines.append("fnharden: \(AnswersReader.formatVersion)")
        var currentGroup = ""
        for question in kb.questions {
            guard let value = answers.values[question.id] else { continue }
            if question.group != currentGroup {
                currentGroup = question.group
                lines.append("\(currentGroup):")
            }
            lines += line(question, value, note: "")
        }
        lines += risks(answers.acceptedRisks)
        return lines.joined(separator: "\n") + "\n"
    }

    /// `accepted-risks:` as the answers file wrote them, values quoted.
    private func risks(_ risks: [AcceptedRisk]) -> [String] {
        guard !risks.isEmpty else { return [] }
        var lines = ["accepted-risks:"]
        for risk in risks {
            lines.append("  - item: " + risk.item)
            lines.append("    owner: " + JSONOutput.quoted(risk.owner))
            lines.append("    reason: " + JSONOutput.quoted(risk.reason))
            lines.append("    expires: " + JSONOutput.quoted(risk.expires))
        }
        return lines
    }

    private func line(_ question: Question, _ value: AnswerValue, note: String) -> [String] {
        switch value {
        case .list(let values) where !values.isEmpty:
            return ["  \(question.key):" + note] + values.map { "    - " + JSONOutput.quoted($0) }
        default:
            return ["  \(question.key): \(scalar(value, question.kind))" + note]
        }
    }
}
