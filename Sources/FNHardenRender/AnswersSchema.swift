import FNHardenCore
import FNHardenL10n

/// The JSON Schema (draft 2020-12) of the answers file, built from the
/// question catalogue so it can't drift from what `validate` accepts: it
/// accepts every valid file and rejects unknown keys and bad values.
/// (Cross-field rules are beyond a schema; `fnharden validate` checks them.)
public struct AnswersSchema {
    let kb: KnowledgeBase
    let l10n: Localizer

    public init(knowledgeBase: KnowledgeBase, localizer: Localizer) {
        self.kb = knowledgeBase
        self.l10n = localizer
    }

    public func render() -> String { JSONOutput.encode(document()) }

    public func document() -> JSONValue {
        var groups: JSONObject = [
            "fnharden": .object([
                "const": .integer(1),
                "description": .string(l10n.text("schema.format")),
            ])
        ]
        var groupRequired: [String] = []
        for group in kb.questions.map(\.group).uniqued() {
            let questions = kb.questions.filter { $0.group == group }
            var properties: JSONObject = [:]
            for question in questions { properties[question.key] = schema(for: question) }
            let required = questions.filter(\.required).map { JSONValue.string($0.key) }
            var object: JSONObject = [
                "type": .string("object"), "additionalProperties": .bool(false), "properties": .object(properties),
            ]
            if !required.isEmpty {
                object["required"] = .array(required)
                groupRequired.append(group)
            }
            groups[group] = .object(object)
        }
        groups["accepted-risks"] = .object([
            "description": .string(l10n.text("schema.accepted-risks")),
            "type": .string("array"),
            "items": .object([
                "type": .string("object"),
                "additionalProperties": .bool(false),
                "required": .array(["item", "owner", "reason", "expires"].map(JSONValue.string)),
                "properties": .object([
                    "item": .object(["enum": .array(kb.items.map { .string($0.id) })]),
                    "owner": .object(["type": .string("string"), "minLength": .integer(1), "maxLength": .integer(500)]),
                    "reason": .object(["type": .string("string"), "minLength": .integer(1), "maxLength": .integer(500)]
                    ),
                    // YAML reads an unquoted 2027-01-31 as a date; both forms are accepted.
                    "expires": .object(["type": .string("string"), "pattern": .string("^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]),
                ]),
            ]),
        ])
        return .object([
            "$schema": .string("https://json-schema.org/draft/2020-12/schema"),
            "$id": .string("urn:fnharden:answers:1"),
            "title": .string(l10n.text("schema.title")),
            "type": .string("object"),
            "additionalProperties": .bool(false),
            "required": .array((["fnharden"] + groupRequired).map(JSONValue.string)),
            "properties": .object(groups),
        ])
    }

    private func schema(for question: Question) -> JSONValue {
        var result: JSONObject = ["description": .string(l10n.text("questions.\(question.id).prompt"))]
        let unknown: [JSONValue] = question.required ? [] : [.string("unknown")]
        switch question.kind {
        case .choice:
            var values: [JSONValue] = []
            for value in question.values {
                values.append(question.integerValues ? .integer(Int(value) ?? 0) : .string(value))
                // YAML reads `runtime-version: "4"` and `min-tls: 1.2` too.
                if question.integerValues { values.append(.string(value)) }
                if !question.integerValues, let number = Double(value) { values.append(.number(number)) }
            }
            result["enum"] = .array(values + unknown)
        case .boolean:
            result["enum"] = .array([.bool(true), .bool(false)] + unknown)
        case .integer:
            var number: JSONObject = ["type": .string("integer")]
            if let minimum = question.minimum { number["minimum"] = .integer(minimum) }
            if let maximum = question.maximum { number["maximum"] = .integer(maximum) }
            result["anyOf"] = .array([.object(number)] + unknown.map { .object(["const": $0]) })
        case .string:
            // `unknown` stands for any text answer that isn't known yet.
            if unknown.isEmpty {
                result.merge(text(question)) { _, new in new }
            } else {
                result["anyOf"] = .array([.object(text(question))] + unknown.map { .object(["const": $0]) })
            }
        case .list:
            var list: JSONObject = ["type": .string("array"), "items": .object(text(question))]
            if let limit = question.maxItems { list["maxItems"] = .integer(limit) }
            result["anyOf"] = .array([.object(list)] + unknown.map { .object(["const": $0]) })
        }
        if let fallback = question.defaultValue { result["default"] = json(fallback, question) }
        return .object(result)
    }

    private func text(_ question: Question) -> JSONObject {
        var text: JSONObject = ["type": .string("string")]
        if let minimum = question.minLength { text["minLength"] = .integer(minimum) }
        if let maximum = question.maxLength { text["maxLength"] = .integer(maximum) }
        if let pattern = question.pattern { text["pattern"] = .string(pattern) }
        return text
    }

    private func json(_ value: AnswerValue, _ question: Question) -> JSONValue {
        switch value {
        case .unknown: return .string("unknown")
        case .bool(let flag): return .bool(flag)
        case .integer(let number): return .integer(number)
        case .text(let text): return .string(text)
        case .list(let items): return .array(items.map(JSONValue.string))
        }
    }
}
