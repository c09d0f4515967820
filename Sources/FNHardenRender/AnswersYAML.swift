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
        // An audit writes one per app: the file is written into one string,
        // its lines found by bytes, and the questions asked looked up in a
        // set (lines joined from arrays were a seventh of an audit).
        var text = ""
        text.reserveCapacity(4096)
        for line in (header ?? l10n.text("answers-file.header", ["version": Version.fnharden, "kb": kb.version]))
            .utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            text += "# "
            text += Self.oneLine(String(decoding: line, as: UTF8.self))
            text += "\n"
        }
        text += "fnharden: \(AnswersReader.formatVersion)\n"
        var currentGroup: Substring = ""
        let defaultNote = "  # " + l10n.text("answers-file.default")
        let asked = Set(answers.asked)
        // The OS is listed even where the plan fixes it (Flex: linux), so the
        // file says plainly what the checklist assumed.
        for question in kb.questions where asked.contains(question.id) || question.id == HostingKey.os {
            let id = question.id
            let (group, key) = Self.split(id)
            if group != currentGroup {
                currentGroup = group
                text += group
                text += ":\n"
            }
            let note = notes[id].map { "  # " + Self.oneLine($0) } ?? (answers.isAnswered(id) ? "" : defaultNote)
            append(question, key, answers.value(of: id), note: note, to: &text)
        }
        for line in risks(answers.explicit.acceptedRisks) {
            text += line
            text += "\n"
        }
        return text
    }

    /// `hosting` and `plan` of `hosting.plan`, without copying either.
    private static func split(_ id: String) -> (group: Substring, key: Substring) {
        guard let dot = id.utf8.firstIndex(of: UInt8(ascii: ".")) else { return (id[...], "") }
        return (id[..<dot], id[id.utf8.index(after: dot)...])
    }

    /// One answer's line (or lines, for a list), each ending in a newline.
    private func append(_ question: Question, _ key: Substring, _ value: AnswerValue, note: String, to text: inout String) {
        text += "  "
        text += key
        switch value {
        case .list(let values) where !values.isEmpty:
            text += ":"
            text += note
            for value in values {
                text += "\n    - "
                text += JSONOutput.quoted(value)
            }
        default:
            text += ": "
            text += scalar(value, question)
            text += note
        }
        text += "\n"
    }

    /// A comment stays on its line whatever the text holds.
    static func oneLine(_ text: String) -> String {
        // Line breaks are rare: look for one before rebuilding the text.
        // (Looked for in the bytes in place: through the UTF8View it was a
        // thirtieth of an audit, whose every comment comes through here.)
        var bytes = text
        guard bytes.withUTF8({ $0.contains { $0 == 0x0A || $0 == 0x0D || $0 == 0x0B || $0 == 0x0C || $0 == 0x85 || $0 == 0xE2 } })
        else { return text }
        return String(text.map { $0.isNewline ? " " : $0 })
    }

    /// Words YAML 1.1 reads as booleans or null, and fnharden's `unknown`.
    private static let readAsOtherTypes: Set<String> = ["true", "false", "yes", "no", "on", "off", "null", "unknown", "y", "n"]

    /// Plain when YAML reads it back as the same text and type, else quoted.
    private func scalar(_ value: AnswerValue, _ question: Question) -> String {
        switch value {
        case .unknown, .bool, .integer: return value.canonical
        case .list: return "[]"
        case .text(let text):
            guard question.kind == .choice else { return JSONOutput.quoted(text) }
            let isPlainWord = text.utf8.allSatisfy { ASCIIText.isLetter($0) || ASCIIText.isDigit($0) || $0 == UInt8(ascii: "-") }
                && text.utf8.first.map(ASCIIText.isLetter) == true
                && !Self.readAsOtherTypes.contains(text.lowercased())
            return isPlainWord ? text : JSONOutput.quoted(text)
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
            return ["  \(question.key): \(scalar(value, question))" + note]
        }
    }
}
