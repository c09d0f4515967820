import Foundation
import Yams

/// Turns one YAML node into an answer for a question, or says what is wrong
/// with it. Shared by the answers reader and the knowledge-base loader (for
/// defaults and examples), so both accept exactly the same values.
public enum AnswerParsing {
    /// Tags a value may carry: YAML's core schema, written or implied.
    /// Anything else (`!!binary`, `!!python/...`, `!custom`) is refused.
    static let allowedTags: Set<String> = [
        "", "!", Tag.Name.str.rawValue, Tag.Name.int.rawValue, Tag.Name.bool.rawValue, Tag.Name.float.rawValue,
        Tag.Name.null.rawValue, Tag.Name.seq.rawValue, Tag.Name.map.rawValue, Tag.Name.timestamp.rawValue,
    ]

    public static func value(from node: Node, for question: Question) -> Result<AnswerValue, Message> {
        for part in [node] + (node.sequence.map(Array.init) ?? []) where !allowedTags.contains(part.tag.rawValue) {
            return .failure(
                Message("errors.tag-not-allowed", ["key": question.id, "tag": displayable(part.tag.rawValue)]))
        }
        if let scalar = node.scalar, scalar.string == "unknown", scalar.style == .plain || question.kind != .string {
            return question.required
                ? .failure(Message("errors.unknown-not-allowed", ["key": question.id]))
                : .success(.unknown)
        }
        switch question.kind {
        case .choice: return choice(node, question)
        case .boolean: return boolean(node, question)
        case .integer: return integer(node, question)
        case .string: return string(node, question)
        case .list: return list(node, question)
        }
    }

    /// What the answers file would say of `value` if a person had written
    /// it: nil when it would be accepted. The audit checks each inferred
    /// answer so, so that no answer it writes is one `validate` refuses.
    public static func problem(with value: AnswerValue, for question: Question) -> Message? {
        func text(_ string: String) -> Node { Node(string, Tag(.str), .doubleQuoted) }
        let node: Node
        switch value {
        case .unknown: return nil
        case .bool(let flag): node = Node(flag ? "true" : "false", Tag(.bool), .plain)
        case .integer(let number): node = Node(String(number), Tag(.int), .plain)
        case .text(let string): node = question.kind == .choice ? Node(string, Tag(.str), .plain) : text(string)
        case .list(let items): node = Node(items.map(text))
        }
        if case .failure(let message) = self.value(from: node, for: question) { return message }
        return nil
    }

    private static func scalarText(_ node: Node) -> String? {
        guard let scalar = node.scalar, !(scalar.style == .plain && scalar.string.isEmpty) else { return nil }
        if scalar.style == .plain, node.tag.rawValue == Tag.Name.null.rawValue { return nil }
        return scalar.string
    }

    /// A plain `123`, `true` or `1.5` is a number or a boolean in YAML, not
    /// text: names must be quoted then, as JSON and the schema expect.
    private static func isText(_ node: Node) -> Bool {
        guard let scalar = node.scalar, scalar.style == .plain else { return true }
        // A plain 2026-11-29 is a YAML 1.1 timestamp; as text it is what a date answer means.
        return node.tag.rawValue == Tag.Name.str.rawValue || node.tag.rawValue == Tag.Name.timestamp.rawValue
    }

    private static func choice(_ node: Node, _ question: Question) -> Result<AnswerValue, Message> {
        guard let text = scalarText(node) else {
            return .failure(expected(question, found: node))
        }
        // `min-tls: 1.2` and `runtime-version: 4.0` are numbers in YAML: the same number is the same value.
        if !question.values.contains(text), isNumber(node), let number = Double(text),
            let match = question.values.first(where: { Double($0) == number })
        {
            return choice(Node(match, Tag(.str), .plain), question)
        }
        guard question.values.contains(text) else {
            var arguments = [
                "key": question.id, "value": describe(node), "allowed": question.values.joined(separator: ", "),
            ]
            if let suggestion = Suggestion.closest(to: text, in: question.values) {
                arguments["suggestion"] = suggestion
                return .failure(Message("errors.bad-choice-suggest", arguments))
            }
            return .failure(Message("errors.bad-choice", arguments))
        }
        if question.integerValues, let number = Int(text) { return .success(.integer(number)) }
        return .success(.text(text))
    }

    private static func isNumber(_ node: Node) -> Bool {
        guard let scalar = node.scalar, scalar.style == .plain else { return false }
        return [Tag.Name.int.rawValue, Tag.Name.float.rawValue].contains(node.tag.rawValue)
    }

    private static func boolean(_ node: Node, _ question: Question) -> Result<AnswerValue, Message> {
        // `!!str true` or `"true"` is text, not a boolean.
        guard let scalar = node.scalar, scalar.style == .plain,
            node.tag.rawValue == Tag.Name.bool.rawValue || !["true", "false"].contains(scalar.string)
        else {
            return .failure(expected(question, found: node))
        }
        switch scalar.string {
        case "true": return .success(.bool(true))
        case "false": return .success(.bool(false))
        default:
            var arguments = ["key": question.id, "value": scalar.string]
            if let bool = node.bool { arguments["suggestion"] = bool ? "true" : "false" }
            return .failure(
                Message(
                    arguments["suggestion"] == nil ? "errors.bad-boolean" : "errors.bad-boolean-suggest",
                    arguments))
        }
    }

    private static func integer(_ node: Node, _ question: Question) -> Result<AnswerValue, Message> {
        let minimum = question.minimum ?? Int.min
        let maximum = question.maximum ?? Int.max
        guard let scalar = node.scalar, scalar.style == .plain, isNumber(node) else {
            return .failure(expected(question, found: node))
        }
        // YAML's own reading (0x10, 1_000, 5.0), as the JSON Schema sees it too.
        let whole = node.int ?? node.float.flatMap { $0.rounded() == $0 && abs($0) < 1e15 ? Int($0) : nil }
        guard let number = whole else {
            let digits = scalar.string.drop { $0 == "-" || $0 == "+" }
            if !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) {
                return .failure(
                    Message(
                        "errors.out-of-range",
                        [
                            "key": question.id, "value": displayable(scalar.string), "min": String(minimum),
                            "max": String(maximum),
                        ]))
            }
            return .failure(expected(question, found: node))
        }
        guard (minimum...maximum).contains(number) else {
            return .failure(
                Message(
                    "errors.out-of-range",
                    [
                        "key": question.id, "value": scalar.string,
                        "min": String(minimum), "max": String(maximum),
                    ]))
        }
        return .success(.integer(number))
    }

    private static func string(_ node: Node, _ question: Question) -> Result<AnswerValue, Message> {
        guard let text = scalarText(node), isText(node) else {
            return .failure(expected(question, found: node))
        }
        if !isOneLineText(text, limit: question.maxLength ?? 10_000) {
            return .failure(
                Message(
                    "naming." + (question.naming ?? "generic"),
                    [
                        "key": question.id, "value": displayable(text), "min": String(question.minLength ?? 0),
                        "max": String(question.maxLength ?? 0),
                    ]))
        }
        if question.format == "date", !AnswersReader.isDate(text) {
            return .failure(
                Message("naming." + (question.naming ?? "generic"), ["key": question.id, "value": displayable(text)]))
        }
        if let problem = namingProblem(text, question) { return .failure(problem) }
        return .success(.text(text))
    }

    private static func list(_ node: Node, _ question: Question) -> Result<AnswerValue, Message> {
        guard let sequence = node.sequence else {
            return .failure(expected(question, found: node))
        }
        if let limit = question.maxItems, sequence.count > limit {
            return .failure(Message("errors.too-many-items", ["key": question.id, "max": String(limit)]))
        }
        var items: [String] = []
        for element in sequence {
            guard let text = scalarText(element), isText(element) else {
                return .failure(Message("errors.list-item-type", ["key": question.id]))
            }
            if let problem = namingProblem(text, question) { return .failure(problem) }
            if !items.contains(text) { items.append(text) }
        }
        return .success(.list(items))
    }

    /// Length and pattern rules for strings and list items (Azure naming
    /// rules, origins); `naming` names the message that explains the rule.
    static func namingProblem(_ text: String, _ question: Question) -> Message? {
        let count = text.count
        let fitsLength = count >= (question.minLength ?? 0) && count <= (question.maxLength ?? Int.max)
        var fitsPattern = true
        if let pattern = question.pattern {
            // wholeMatch, not `$`: a `$` also matches before a final newline.
            let regex = CompiledPatterns.shared.regex(pattern)
            fitsPattern = (regex.flatMap { try? $0.wholeMatch(in: text) }) != nil
        }
        guard fitsLength, fitsPattern else {
            return Message(
                "naming." + (question.naming ?? "generic"),
                [
                    "key": question.id, "value": displayable(text),
                    "min": String(question.minLength ?? 0), "max": String(question.maxLength ?? 0),
                ])
        }
        return nil
    }

    private static func expected(_ question: Question, found node: Node) -> Message {
        Message(
            "errors.expected-\(question.kind.rawValue)",
            [
                "key": question.id, "found": describe(node),
                "allowed": question.values.joined(separator: ", "),
            ])
    }

    /// What a person wrote, in a word: "a list", "a mapping", "nothing", or the text.
    static func describe(_ node: Node) -> String {
        switch node {
        case .mapping: return "{…}"
        case .sequence: return "[…]"
        case .scalar(let scalar):
            if scalar.style == .plain && (scalar.string.isEmpty || node.tag.rawValue == Tag.Name.null.rawValue) {
                return "null"
            }
            // Quotes shown: `"true"` must not read like the true it isn't.
            switch scalar.style {
            case .doubleQuoted: return "\"" + displayable(scalar.string) + "\""
            case .singleQuoted: return "'" + displayable(scalar.string) + "'"
            default: return displayable(scalar.string)
            }
        case .alias: return "*alias"
        }
    }

    /// Free text that stays one visible line: no control, format (bidi,
    /// zero-width) or separator characters, at most `limit` Unicode scalars.
    public static func isOneLineText(_ text: String, limit: Int) -> Bool {
        text.unicodeScalars.count <= limit
            && !text.unicodeScalars.contains { scalar in
                [.control, .format, .lineSeparator, .paragraphSeparator].contains(scalar.properties.generalCategory)
            }
    }

    /// A value made safe to quote in a one-line message on a terminal:
    /// control characters (escapes, newlines) shown as \u{..}, long text cut.
    public static func displayable(_ text: String, limit: Int = 80) -> String {
        var result = ""
        for scalar in text.unicodeScalars.prefix(limit) {
            if scalar.properties.generalCategory == .control || scalar.properties.generalCategory == .format {
                result += "\\u{" + String(scalar.value, radix: 16) + "}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return text.unicodeScalars.count > limit ? result + "…" : result
    }
}

extension AnswerParsing {
    /// Whether a text answer keeps the question's length and pattern rules,
    /// as an answers file is held to them (the audit checks a name it
    /// infers so, with the pattern compiled once).
    public static func fitsNamingRules(_ text: String, of question: Question) -> Bool {
        namingProblem(text, question) == nil
    }
}

/// Each naming pattern compiled once per run, not once per value checked:
/// compiling a pattern takes far longer than matching one, and `generate`
/// over 1,000 answers files checks thousands of values within its 3 s
/// budget (Tests/README.md).
final class CompiledPatterns: @unchecked Sendable {
    static let shared = CompiledPatterns()
    private let lock = NSLock()
    private var compiled: [String: Regex<AnyRegexOutput>?] = [:]

    func regex(_ pattern: String) -> Regex<AnyRegexOutput>? {
        lock.lock()
        defer { lock.unlock() }
        if let found = compiled[pattern] { return found }
        let regex = try? Regex(pattern)
        compiled[pattern] = regex
        return regex
    }
}
