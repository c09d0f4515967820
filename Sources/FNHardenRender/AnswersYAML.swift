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
        // An audit writes one per app: the file is written as bytes into one
        // buffer, its header's lines found by bytes (lines joined from
        // arrays, then Strings appended to, were a seventh of an audit).
        var text = TextBytes(capacity: 4096)
        let header = header ?? l10n.text("answers-file.header", ["version": Version.fnharden, "kb": kb.version])
        // The same for every app of a run: made once.
        text.append(Self.headerComments.value(header) { Self.comments(header) })
        text.append("fnharden: \(AnswersReader.formatVersion)\n")
        var currentGroup: Substring = ""
        let defaultNote = "  # " + l10n.text("answers-file.default")
        // The questions asked are in catalogue order (ResolvedAnswers): the
        // catalogue is walked beside them, its questions read in place (a
        // copy of each question, and a set of the asked, were made per app).
        let asked = answers.asked
        var nextAsked = asked.startIndex
        for index in kb.questions.indices {
            let id = kb.questions[index].id
            var isAsked = nextAsked < asked.endIndex && asked[nextAsked] == id
            if isAsked {
                nextAsked += 1
            } else if asked[nextAsked...].contains(id) {
                isAsked = true  // (asked out of catalogue order: still written)
            }
            // The OS is listed even where the plan fixes it (Flex: linux), so
            // the file says plainly what the checklist assumed.
            guard isAsked || id == HostingKey.os else { continue }
            let (group, key) = Self.split(id)
            if group != currentGroup {
                currentGroup = group
                text.append(group)
                text.append(":\n")
            }
            text.append("  ")
            text.append(key)
            switch answers.value(of: id) {
            case .list(let values) where !values.isEmpty:
                text.append(":")
                appendNote(notes[id], answered: answers.isAnswered(id), defaultNote: defaultNote, to: &text)
                for value in values {
                    text.append("\n    - ")
                    text.appendJSONString(value)
                }
            case let value:
                text.append(": ")
                appendScalar(value, kb.questions[index].kind, to: &text)
                appendNote(notes[id], answered: answers.isAnswered(id), defaultNote: defaultNote, to: &text)
            }
            text.append("\n")
        }
        for line in risks(answers.explicit.acceptedRisks) {
            text.append(line)
            text.append("\n")
        }
        return text.string
    }

    /// The comment after an answer: where it came from, or that it is the
    /// default (asked only when there is no note: an audit notes nearly all).
    private func appendNote(_ note: String?, answered: @autoclosure () -> Bool, defaultNote: String, to text: inout TextBytes) {
        if let note {
            text.append("  # ")
            text.append(Self.oneLine(note))
        } else if !answered() {
            text.append(defaultNote)
        }
    }

    /// `header` as comment lines, each kept to its line.
    private static func comments(_ header: String) -> String {
        var text = TextBytes(capacity: header.utf8.count + 64)
        for line in header.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            text.append("# ")
            text.append(oneLine(String(decoding: line, as: UTF8.self)))
            text.append("\n")
        }
        return text.string
    }

    private static let headerComments = ShapeMemo<String>()

    /// `hosting` and `plan` of `hosting.plan`, without copying either.
    private static func split(_ id: String) -> (group: Substring, key: Substring) {
        let utf8 = id.utf8
        // The dot found in the bytes in place (through the view's indices it
        // was most of the split, made for every answer of every app).
        let found = utf8.withContiguousStorageIfAvailable { $0.firstIndex(of: UInt8(ascii: ".")) }
        let dot = found.map { $0.map { utf8.index(utf8.startIndex, offsetBy: $0) } } ?? utf8.firstIndex(of: UInt8(ascii: "."))
        guard let dot else { return (id[...], "") }
        return (id[..<dot], id[utf8.index(after: dot)...])
    }

    /// A comment stays on its line whatever the text holds.
    static func oneLine(_ text: String) -> String {
        // Line breaks are rare: look for one before rebuilding the text.
        // (Looked for in the bytes in place: through the UTF8View it was a
        // thirtieth of an audit, whose every comment comes through here.)
        func breaks(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            guard let base = bytes.baseAddress else { return false }
            var index = 0
            // Eight bytes at a time while none is a control byte or outside
            // ASCII (a comment says where an answer came from, and nearly
            // every app's every answer has one).
            while index + 8 <= bytes.count {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                let high: UInt64 = 0x8080_8080_8080_8080
                if (word &- 0x2020_2020_2020_2020) & ~word & high == 0 && word & high == 0 {
                    index += 8
                    continue
                }
                break
            }
            // Byte by byte from there: 0x0A to 0x0D in one comparison; 0x85
            // and 0xE2 start NEL and U+2028/9.
            while index < bytes.count {
                let byte = base[index]
                if byte &- 0x0A < 4 || byte == 0x85 || byte == 0xE2 { return true }
                index += 1
            }
            return false
        }
        // (Text not stored contiguously takes the careful way.)
        guard text.utf8.withContiguousStorageIfAvailable(breaks) ?? true else { return text }
        return String(text.map { $0.isNewline ? " " : $0 })
    }

    /// Words YAML 1.1 reads as booleans or null, and fnharden's `unknown`.
    private static let readAsOtherTypes: Set<String> = ["true", "false", "yes", "no", "on", "off", "null", "unknown", "y", "n"]

    /// `scalar`, written straight into the file (quoted text, said of
    /// most answers of an audit, is not made a string of its own first).
    private func appendScalar(_ value: AnswerValue, _ kind: Question.Kind, to text: inout TextBytes) {
        if case .text(let words) = value, !Self.isPlainWord(words, kind) {
            text.appendJSONString(words)
        } else {
            text.append(scalar(value, kind))
        }
    }

    /// A choice that YAML reads back as the same text: no quotes needed.
    private static func isPlainWord(_ text: String, _ kind: Question.Kind) -> Bool {
        kind == .choice
            && text.utf8.allSatisfy { ASCIIText.isLetter($0) || ASCIIText.isDigit($0) || $0 == UInt8(ascii: "-") }
            && text.utf8.first.map(ASCIIText.isLetter) == true
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
