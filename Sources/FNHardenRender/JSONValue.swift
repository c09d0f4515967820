/// A JSON document built in code (the checklist, the schema, `questions
/// --format json`), written with sorted keys so the same input always gives
/// the same bytes.
public enum JSONValue: Encodable, Equatable, Sendable {
    case string(String)
    case integer(Int)
    case number(Double)
    case bool(Bool)
    case array([JSONValue])
    case object(JSONObject)
    case null

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .bool(let value): try container.encode(value)
        case .array(let values): try container.encode(values)
        case .object(let members): try container.encode(members)
        case .null: try container.encodeNil()
        }
    }
}

/// A JSON object's members; written in key order whatever order they were set in.
public typealias JSONObject = [String: JSONValue]
