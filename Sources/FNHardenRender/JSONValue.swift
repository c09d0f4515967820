import FNHardenCore
import Foundation

/// A JSON document built in code (the schema, `questions --format json`),
/// encoded with sorted keys so the same input always gives the same bytes.
public enum JSONValue: Encodable, Equatable, Sendable {
    case string(String)
    case integer(Int)
    case number(Double)
    case bool(Bool)
    case array([JSONValue])
    case object(JSONObject)
    case null
    /// JSON already written by JSONWriter at the depth it is placed at (a
    /// cached checklist item); only JSONOutput.encode(_: JSONValue) takes it.
    case raw(String)

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .raw:
            throw EncodingError.invalidValue(self, .init(codingPath: encoder.codingPath,
                                                         debugDescription: "pre-written JSON goes through JSONOutput"))
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

/// A JSON object's members, kept in the order JSON output lists them (by
/// the UTF-8 bytes of their keys, as JSONEncoder's `.sortedKeys`), one per
/// key. Built like a dictionary; written without hashing or sorting, which
/// were a tenth of a thousand-app audit (BENCHMARKS.md).
public struct JSONObject: Equatable, Sendable, Encodable, ExpressibleByDictionaryLiteral {
    public typealias Key = String
    public typealias Value = JSONValue

    public private(set) var members: [(key: String, value: JSONValue)] = []

    public init() {}

    /// A later duplicate key replaces an earlier one.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        members.reserveCapacity(elements.count)
        // Literals are mostly written in key order: appending is then all.
        for (key, value) in elements {
            if let last = members.last, JSONWriter.precedes(last.key, key) {
                members.append((key, value))
            } else {
                self[key] = value
            }
        }
    }

    public init(_ dictionary: [String: JSONValue]) {
        // The order found by sorting numbers (moving the pairs copies each).
        let pairs = Array(dictionary)
        members = pairs.indices.sorted { JSONWriter.precedes(pairs[$0].key, pairs[$1].key) }.map { pairs[$0] }
    }

    public var count: Int { members.count }
    public var isEmpty: Bool { members.isEmpty }

    /// Where `key` is, or where it would go.
    private func slot(_ key: String) -> (index: Int, found: Bool) {
        var low = 0
        var high = members.count
        while low < high {
            let middle = (low + high) / 2
            if JSONWriter.precedes(members[middle].key, key) { low = middle + 1 } else { high = middle }
        }
        return (low, low < members.count && members[low].key == key)
    }

    public subscript(key: String) -> JSONValue? {
        get {
            let slot = slot(key)
            return slot.found ? members[slot.index].value : nil
        }
        set {
            let slot = slot(key)
            switch (slot.found, newValue) {
            case (true, let value?): members[slot.index].value = value
            case (true, nil): members.remove(at: slot.index)
            case (false, let value?): members.insert((key, value), at: slot.index)
            case (false, nil): break
            }
        }
    }

    /// As Dictionary's: `combine` picks between this object's value and the other's.
    public mutating func merge(_ other: JSONObject, uniquingKeysWith combine: (JSONValue, JSONValue) -> JSONValue) {
        for (key, value) in other.members { self[key] = self[key].map { combine($0, value) } ?? value }
    }

    public func merging(_ other: JSONObject, uniquingKeysWith combine: (JSONValue, JSONValue) -> JSONValue) -> JSONObject {
        var merged = self
        merged.merge(other, uniquingKeysWith: combine)
        return merged
    }

    public static func == (a: JSONObject, b: JSONObject) -> Bool {
        a.members.count == b.members.count && zip(a.members, b.members).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }

    private struct CodingName: CodingKey {
        let stringValue: String
        init(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingName.self)
        for (key, value) in members { try container.encode(value, forKey: CodingName(stringValue: key)) }
    }
}

/// The one JSON encoding of fnharden: pretty, sorted keys, no escaped slashes
/// (URLs stay readable), a final newline.
public enum JSONOutput {
    /// A JSONValue is written directly, byte for byte as JSONEncoder with
    /// these options writes it (a test holds them equal): the encoder was
    /// most of the time `audit` took for a thousand apps (BENCHMARKS.md).
    public static func encode(_ value: JSONValue) throws -> String {
        try encodeText(value).string
    }

    /// The same bytes, with each pre-written part (`.raw`, a checklist's
    /// items) a piece of its own, shared rather than copied.
    public static func encodeText(_ value: JSONValue) throws -> FileText {
        var writer = JSONWriter(keepingRawApart: true)
        try writer.write(value, depth: 0)
        return FileText(pieces: writer.finishedLine)
    }

    public static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(value)
        return (String(data: data, encoding: .utf8) ?? "") + "\n"
    }

    /// A string as a JSON (and so YAML double-quoted) literal.
    public static func quoted(_ text: String) -> String {
        var writer = JSONWriter()
        try? writer.write(.string(text), depth: 0)
        return writer.text
    }
}

/// Pretty-printed JSON as Foundation's JSONEncoder writes it with
/// `.prettyPrinted, .sortedKeys, .withoutEscapingSlashes`: two-space indent,
/// `"key" : value`, keys in code-point order, an empty object or list on
/// two lines around a blank one.
struct JSONWriter: ~Copyable {
    /// UTF-8 bytes: appending to an array is cheap, to a String is not.
    private var bytes = TextBytes()
    /// The text before the bytes, in pieces, when pre-written JSON is kept
    /// apart (nil: it is copied into the bytes).
    private var pieces: [String]?

    init(keepingRawApart: Bool = false) {
        pieces = keepingRawApart ? [] : nil
    }

    var text: String { bytes.string }

    /// Everything written and a final newline, in pieces (one without
    /// `keepingRawApart`).
    var finishedLine: [String] {
        mutating get {
            bytes.append(UInt8(ascii: "\n"))
            return (pieces ?? []) + [bytes.taken()]
        }
    }

    private mutating func append(_ literal: StaticString) { bytes.append(literal) }

    /// One value written at `depth`, for a fragment to place there later.
    static func fragment(_ value: JSONValue, depth: Int) throws -> String {
        var writer = JSONWriter()
        try writer.write(value, depth: depth)
        return writer.text
    }

    mutating func write(_ value: JSONValue, depth: Int) throws {
        switch value {
        case .string(let string): writeString(string)
        case .integer(let number): bytes.append(decimal: number)
        case .number(let number): bytes.append(String(try JSONOutput.encode(number).dropLast()))
        case .bool(let flag): append(flag ? "true" : "false")
        case .null: append("null")
        case .raw(let text):
            if pieces != nil {
                pieces?.append(bytes.taken())
                pieces?.append(text)
            } else {
                bytes.append(text)
            }
        case .array(let values):
            append("[\n")
            // By index, each element read in place (a copy retains and releases it).
            for index in values.indices {
                indent(depth + 1)
                try write(values[index], depth: depth + 1)
                append(index == values.count - 1 ? "\n" : ",\n")
            }
            if values.isEmpty { append("\n") }
            indent(depth)
            append("]")
        case .object(let members):
            append("{\n")
            // Already in the order of their keys' UTF-8 bytes (JSONObject),
            // as JSONEncoder's sortedKeys writes them.
            let list = members.members
            for index in list.indices {
                indent(depth + 1)
                writeString(list[index].key)
                append(" : ")
                try write(list[index].value, depth: depth + 1)
                append(index == list.count - 1 ? "\n" : ",\n")
            }
            if members.isEmpty { append("\n") }
            indent(depth)
            append("}")
        }
    }

    /// Answer keys and the places they come from (an audit's
    /// `from-configuration`), written at `depth` byte for byte as `write`
    /// writes the object of `AuditSections.json(location)` objects (a test
    /// holds them equal). One is written per app of an audit; built as a
    /// tree of values first, it was most of the cost of the app's JSON.
    static func places(_ places: [String: ConfigLocation], depth: Int) -> String {
        var writer = JSONWriter()
        guard !places.isEmpty else {
            writer.append("{\n\n")
            writer.indent(depth)
            writer.append("}")
            return writer.text
        }
        // Their order found by sorting numbers: sorting the pairs moved (so
        // copied, retained and released) each place a dozen times.
        let entries = Array(places)
        let keys = entries.map(\.key)
        let order = keys.withUnsafeBufferPointer { keys in keys.indices.sorted { precedes(keys[$0], keys[$1]) } }
        writer.append("{\n")
        for (number, index) in order.enumerated() {
            let place = entries[index].value
            writer.indent(depth + 1)
            writer.writeString(entries[index].key)
            writer.append(" : {\n")
            // The place's members in key order: column, file, line, path.
            writer.member("\"column\" : ", depth: depth + 2)
            writer.number(place.position?.column)
            writer.member(",\n", then: "\"file\" : ", depth: depth + 2)
            writer.writeString(place.file)
            writer.member(",\n", then: "\"line\" : ", depth: depth + 2)
            writer.number(place.position?.line)
            writer.member(",\n", then: "\"path\" : ", depth: depth + 2)
            writer.writeString(place.path)
            writer.append("\n")
            writer.indent(depth + 1)
            writer.append(number == order.count - 1 ? "}\n" : "},\n")
        }
        writer.indent(depth)
        writer.append("}")
        return writer.text
    }

    /// `"key" : ` at `depth`.
    private mutating func member(_ key: StaticString, depth: Int) {
        indent(depth)
        append(key)
    }

    /// What ends the member before, then `"key" : ` at `depth`.
    private mutating func member(_ end: StaticString, then key: StaticString, depth: Int) {
        append(end)
        member(key, depth: depth)
    }

    /// A whole number, or `null`.
    private mutating func number(_ value: Int?) {
        if let value { bytes.append(decimal: value) } else { append("null") }
    }

    private mutating func indent(_ depth: Int) {
        bytes.append(repeating: UInt8(ascii: " "), count: depth * 2)
    }

    /// `a.utf8` before `b.utf8`, byte by byte, compared in place (not
    /// copied: a copy retains and releases each string).
    @inline(__always)
    static func precedes(_ a: String, _ b: String) -> Bool {
        let inPlace = a.utf8.withContiguousStorageIfAvailable { one in
            b.utf8.withContiguousStorageIfAvailable { two in precedes(one, two) }
        }
        if let inPlace, let order = inPlace { return order }
        var (a, b) = (a, b)
        return a.withUTF8 { one in b.withUTF8 { two in precedes(one, two) } }
    }

    private static func precedes(_ one: UnsafeBufferPointer<UInt8>, _ two: UnsafeBufferPointer<UInt8>) -> Bool {
        let common = min(one.count, two.count)
        if common > 0, let x = one.baseAddress, let y = two.baseAddress {
            let order = memcmp(x, y, common)
            if order != 0 { return order < 0 }
        }
        return one.count < two.count
    }

    private mutating func writeString(_ string: String) {
        bytes.appendJSONString(string)
    }
}
