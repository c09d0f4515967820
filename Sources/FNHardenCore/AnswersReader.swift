import Foundation
import Yams

/// Reads an answers file (format 1, YAML or JSON) into explicit answers,
/// reporting every problem at once with its line and column.
public struct AnswersReader {
    /// Files above this size are refused before parsing (a review's answers
    /// file is a few kilobytes; this bounds memory and time on hostile input).
    public static let maximumSize = 1_048_576
    public static let formatVersion = 1
    /// Problems reported per file before the rest are summed up in one line:
    /// a person fixes the first fifty before reading more.
    public static let maximumProblems = 50

    let kb: KnowledgeBase
    let file: String
    private var diagnostics: [Diagnostic] = []

    public init(knowledgeBase: KnowledgeBase, file: String) {
        self.kb = knowledgeBase
        self.file = file
    }

    /// The explicit answers and the problems found. Answers are complete only
    /// when no diagnostic is an error.
    public static func read(_ data: Data, file: String, knowledgeBase: KnowledgeBase) -> (AnswerSet, [Diagnostic]) {
        var reader = AnswersReader(knowledgeBase: knowledgeBase, file: file)
        let answers = reader.read(data)
        return (answers, reader.diagnostics)
    }

    private var capped: Bool { diagnostics.count >= Self.maximumProblems }

    private mutating func report(_ position: Position?, _ key: String, _ arguments: [String: String] = [:]) {
        add(Diagnostic(file: file, position: position, message: Message(key, arguments)))
    }

    private mutating func report(_ node: Node, _ message: Message) {
        add(Diagnostic(file: file, position: node.mark.map(Position.init), message: message))
    }

    private mutating func add(_ diagnostic: Diagnostic) {
        if diagnostics.count < Self.maximumProblems {
            diagnostics.append(diagnostic)
        } else if diagnostics.count == Self.maximumProblems {
            diagnostics.append(
                Diagnostic(
                    file: file, position: diagnostic.position,
                    message: Message("errors.too-many-problems", ["max": String(Self.maximumProblems)])))
        }
    }

    private mutating func read(_ data: Data) -> AnswerSet {
        guard data.count <= Self.maximumSize else {
            report(nil, "errors.too-large", ["size": String(data.count), "max": String(Self.maximumSize)])
            return AnswerSet()
        }
        guard let text = String(data: data, encoding: .utf8) else {
            report(Self.position(ofFirstInvalidByteIn: data), "errors.not-utf8")
            return AnswerSet()
        }
        if let nul = text.firstIndex(of: "\u{0}") {
            report(Self.position(of: nul, in: text), "errors.binary")
            return AnswerSet()
        }
        if let anchor = AliasScan.firstAnchorOrAlias(in: text) {
            report(anchor, "errors.alias")
            return AnswerSet()
        }
        let root: Node
        do {
            guard let composed = try Yams.compose(yaml: text) else {
                report(.start, "errors.empty")
                return AnswerSet()
            }
            root = composed
        } catch let error as YamlError {
            diagnostics.append(Self.diagnostic(for: error, file: file, text: text))
            return AnswerSet()
        } catch {
            report(.start, "errors.yaml", ["problem": "\(error)"])
            return AnswerSet()
        }
        guard let mapping = root.mapping else {
            report(root, Message("errors.root-not-mapping", ["found": AnswerParsing.describe(root)]))
            return AnswerSet()
        }
        return readRoot(mapping, rootNode: root)
    }

    private mutating func readRoot(_ mapping: Node.Mapping, rootNode: Node) -> AnswerSet {
        var answers = AnswerSet()
        let groups = kb.questions.map(\.group).uniqued()
        var sawVersion = false
        for (keyNode, valueNode) in mapping {
            guard let key = keyNode.scalar?.string else {
                report(keyNode, Message("errors.key-not-text"))
                continue
            }
            if key == "fnharden" {
                sawVersion = true
                checkVersion(valueNode)
            } else if groups.contains(key) {
                readGroup(key, valueNode, into: &answers)
            } else if key == Self.acceptedRisksKey {
                readAcceptedRisks(valueNode, into: &answers)
            } else {
                reportUnknownKey(
                    key, at: keyNode, candidates: ["fnharden", Self.acceptedRisksKey] + groups, group: nil)
            }
        }
        if !sawVersion { report(rootNode, Message("errors.missing-version")) }
        for question in kb.questions
        where question.required && answers.values[question.id] == nil
            && !diagnostics.contains(where: { $0.message.arguments["key"] == question.id })
        {
            let groupNode = mapping[question.group]
            report(groupNode ?? rootNode, Message("errors.missing-required", ["key": question.id]))
        }
        return answers
    }

    static let acceptedRisksKey = "accepted-risks"
    static let acceptedRiskFields = ["item", "owner", "reason", "expires"]

    /// `accepted-risks:` a list of {item, owner, reason, expires}.
    private mutating func readAcceptedRisks(_ node: Node, into answers: inout AnswerSet) {
        guard let list = node.sequence else {
            report(node, Message("errors.risks-not-list", ["found": AnswerParsing.describe(node)]))
            return
        }
        let ids = kb.items.map(\.id)
        for entry in list {
            guard let mapping = entry.mapping else {
                report(entry, Message("errors.risk-not-mapping", ["found": AnswerParsing.describe(entry)]))
                continue
            }
            var fields: [String: String] = [:]
            var invalid = Set<String>()
            for (keyNode, valueNode) in mapping {
                guard let key = keyNode.scalar?.string, Self.acceptedRiskFields.contains(key) else {
                    let key = keyNode.scalar?.string ?? "?"
                    reportUnknownKey(
                        key, at: keyNode, candidates: Self.acceptedRiskFields, group: Self.acceptedRisksKey)
                    continue
                }
                guard let raw = valueNode.scalar?.string, case let text = raw.trimmingCharacters(in: .whitespaces),
                    !text.isEmpty, AnswerParsing.isOneLineText(text, limit: 500)
                else {
                    report(valueNode, Message("errors.risk-field", ["field": key]))
                    invalid.insert(key)
                    continue
                }
                fields[key] = text
            }
            for field in Self.acceptedRiskFields where fields[field] == nil && !invalid.contains(field) {
                report(entry, Message("errors.risk-missing", ["field": field]))
            }
            if let item = fields["item"], !ids.contains(item) {
                var arguments = ["item": AnswerParsing.displayable(item)]
                if let suggestion = Suggestion.closest(to: item, in: ids) { arguments["suggestion"] = suggestion }
                report(
                    mapping["item"] ?? entry,
                    Message(
                        arguments["suggestion"] == nil
                            ? "errors.risk-unknown-item" : "errors.risk-unknown-item-suggest",
                        arguments))
                continue
            }
            if let expires = fields["expires"], !Self.isDate(expires) {
                report(
                    mapping["expires"] ?? entry,
                    Message("errors.risk-date", ["value": AnswerParsing.displayable(expires)]))
                continue
            }
            guard let item = fields["item"], let owner = fields["owner"], let reason = fields["reason"],
                let expires = fields["expires"]
            else { continue }
            if answers.acceptedRisks.contains(where: { $0.item == item }) {
                report(mapping["item"] ?? entry, Message("errors.risk-twice", ["item": item]))
                continue
            }
            answers.acceptedRisks.append(
                AcceptedRisk(
                    item: item, owner: owner, reason: reason, expires: expires,
                    position: entry.mark.map(Position.init)))
        }
    }

    /// YYYY-MM-DD and a real day of the calendar.
    public static func isDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            (1...12).contains(month), day >= 1
        else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= days[month - 1]
    }

    private mutating func checkVersion(_ node: Node) {
        guard let scalar = node.scalar, scalar.style == .plain, let version = Int(scalar.string) else {
            report(node, Message("errors.bad-version", ["found": AnswerParsing.describe(node)]))
            return
        }
        if version > Self.formatVersion {
            report(node, Message("errors.future-version", ["found": String(version), "supported": "1"]))
        } else if version != Self.formatVersion {
            report(node, Message("errors.bad-version", ["found": String(version)]))
        }
    }

    private mutating func readGroup(_ group: String, _ node: Node, into answers: inout AnswerSet) {
        guard let mapping = node.mapping else {
            report(node, Message("errors.group-not-mapping", ["group": group, "found": AnswerParsing.describe(node)]))
            return
        }
        let questions = kb.questions.filter { $0.group == group }
        for (keyNode, valueNode) in mapping {
            guard let key = keyNode.scalar?.string else {
                report(keyNode, Message("errors.key-not-text"))
                continue
            }
            guard let question = questions.first(where: { $0.key == key }) else {
                reportUnknownKey(key, at: keyNode, candidates: questions.map(\.key), group: group)
                continue
            }
            switch AnswerParsing.value(from: valueNode, for: question) {
            case .success(let value):
                answers.values[question.id] = value
                answers.positions[question.id] = valueNode.mark.map(Position.init)
            case .failure(let message):
                report(valueNode, message)
            }
        }
    }

    private mutating func reportUnknownKey(_ key: String, at node: Node, candidates: [String], group: String?) {
        guard !capped else {
            // Past the cap only the summing-up line is added, without the cost of a suggestion.
            add(Diagnostic(file: file, position: node.mark.map(Position.init), message: Message("errors.unknown-key")))
            return
        }
        let shown = group.map { "\($0).\(key)" } ?? key
        var arguments = ["key": AnswerParsing.displayable(shown)]
        if let suggestion = Suggestion.closest(to: key, in: candidates) {
            arguments["suggestion"] = group.map { "\($0).\(suggestion)" } ?? suggestion
        } else if let elsewhere = kb.questions.first(where: { $0.key == key }) {
            // `app: {plan: ...}`: the key exists, in another group.
            arguments["suggestion"] = elsewhere.id
        }
        report(
            node,
            Message(
                arguments["suggestion"] == nil ? "errors.unknown-key" : "errors.unknown-key-suggest",
                arguments))
    }

    // MARK: - Positions of low-level problems

    static func diagnostic(for error: YamlError, file: String, text: String) -> Diagnostic {
        func make(_ mark: Mark?, _ problem: String) -> Diagnostic {
            // libyaml stops at 1000 levels; say so without its API's name.
            let message =
                problem.contains("Maximum nesting level")
                ? Message("errors.too-deep") : Message("errors.yaml", ["problem": problem])
            return Diagnostic(file: file, position: mark.map(Position.init) ?? .start, message: message)
        }
        switch error {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            var detail = context.map { "\(problem) (\($0.text) at line \($0.mark.line))" } ?? problem
            // libyaml's words for a tab are cryptic; say what to do.
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            if mark.line >= 1, mark.line <= lines.count, lines[mark.line - 1].contains("\t") {
                detail += "; tabs can't indent YAML, use spaces"
            }
            return make(mark, detail)
        case .duplicatedKeysInMapping(let duplicates, let context):
            // libyaml names the first copy; point at the second, the one to remove.
            let first = Position(context.mark)
            let second = duplicates.first.flatMap { secondOccurrence(of: $0, after: first, in: text) }
            return Diagnostic(
                file: file, position: second ?? first,
                message: Message("errors.duplicate-key", ["keys": duplicates.joined(separator: ", ")]))
        case .reader(let problem, _, _, _):
            return make(nil, problem)
        default:
            return make(nil, "\(error)")
        }
    }

    /// Where `key` is written as a key again after its first place
    /// (`key:`, `"key":` or `'key':`), scanning line by line.
    static func secondOccurrence(of key: String, after first: Position, in text: String) -> Position? {
        let forms = [key + ":", "\"" + key + "\":", "'" + key + "':"]
        for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where offset + 1 >= first.line {
            let characters = Array(line)
            let start = offset + 1 == first.line ? first.column : 0  // past the first copy on its own line
            guard start < characters.count else { continue }
            let rest = String(characters[start...])
            for form in forms {
                if let range = rest.range(of: form) {
                    let column = start + rest.distance(from: rest.startIndex, to: range.lowerBound) + 1
                    return Position(line: offset + 1, column: column)
                }
            }
        }
        return nil
    }

    static func position(of index: String.Index, in text: String) -> Position {
        let before = text[..<index]
        let line = before.reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
        let column = before.reversed().prefix { $0 != "\n" }.count + 1
        return Position(line: line, column: column)
    }

    public static func position(ofFirstInvalidByteIn data: Data) -> Position {
        var line = 1
        var column = 1
        var index = data.startIndex
        while index < data.endIndex {
            let byte = data[index]
            let length =
                byte < 0x80 ? 1 : byte >> 5 == 0b110 ? 2 : byte >> 4 == 0b1110 ? 3 : byte >> 3 == 0b11110 ? 4 : 0
            let end = data.index(index, offsetBy: length, limitedBy: data.endIndex) ?? data.endIndex
            guard length > 0, end <= data.endIndex, String(data: data[index..<end], encoding: .utf8) != nil else {
                return Position(line: line, column: column)
            }
            if byte == 0x0A {
                line += 1
                column = 1
            } else {
                column += 1
            }
            index = end
        }
        return Position(line: line, column: column)
    }
}

extension Array where Element: Hashable {
    /// The elements in order, each once. Inlinable, so that callers in
    /// other modules get a version specialised to their element type, and
    /// a short list searched instead of hashed: this runs hundreds of times
    /// per app, and `generate` over 1,000 answers files needs both for its
    /// 3 s budget (Tests/README.md).
    @inlinable
    public func uniqued() -> [Element] {
        guard count > 16 else {
            var result: [Element] = []
            for element in self where !result.contains(element) { result.append(element) }
            return result
        }
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
