import Foundation

/// The one JSON encoding of fnharden, byte for byte what JSONEncoder writes
/// with `.prettyPrinted, .sortedKeys, .withoutEscapingSlashes` (a test holds
/// them equal), and a final newline: two-space indent, `"key" : value`,
/// keys in the order of their UTF-8 bytes, an empty object or list on two
/// lines around a blank one. Written here because JSONEncoder is too slow
/// for the 3 s budget of `generate` over 1,000 answers files (Tests/README.md).
public enum JSONOutput {
    public static func encode(_ value: JSONValue) -> String {
        var bytes: [UInt8] = []
        write(value, depth: 0, into: &bytes)
        bytes.append(UInt8(ascii: "\n"))
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func write(_ value: JSONValue, depth: Int, into bytes: inout [UInt8]) {
        switch value {
        case .string(let string): appendQuoted(string, to: &bytes)
        case .integer(let number): bytes += String(number).utf8
        // Rare (a schema's enum of decimals): JSONEncoder's own form of a double.
        case .number(let number): bytes += (try? JSONEncoder().encode(number)) ?? Data("null".utf8)
        case .bool(let flag): bytes += (flag ? "true" : "false").utf8
        case .null: bytes += "null".utf8
        case .array(let values):
            bytes.append(UInt8(ascii: "["))
            for (index, element) in values.enumerated() {
                bytes += (index == 0 ? "\n" : ",\n").utf8
                indent(depth + 1, &bytes)
                write(element, depth: depth + 1, into: &bytes)
            }
            close("]", empty: values.isEmpty, depth: depth, &bytes)
        case .object(let members):
            bytes.append(UInt8(ascii: "{"))
            for (index, member) in members.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) })
                .enumerated()
            {
                bytes += (index == 0 ? "\n" : ",\n").utf8
                indent(depth + 1, &bytes)
                appendQuoted(member.key, to: &bytes)
                bytes += " : ".utf8
                write(member.value, depth: depth + 1, into: &bytes)
            }
            close("}", empty: members.isEmpty, depth: depth, &bytes)
        }
    }

    private static func close(_ bracket: Unicode.Scalar, empty: Bool, depth: Int, _ bytes: inout [UInt8]) {
        bytes += (empty ? "\n\n" : "\n").utf8
        indent(depth, &bytes)
        bytes.append(UInt8(ascii: bracket))
    }

    private static func indent(_ depth: Int, _ bytes: inout [UInt8]) {
        bytes += repeatElement(UInt8(ascii: " "), count: depth * 2)
    }

    /// A string as a JSON (and so YAML double-quoted) literal.
    public static func quoted(_ text: String) -> String {
        var bytes: [UInt8] = []
        appendQuoted(text, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Quotes, backslashes and control characters escaped, nothing else.
    private static func appendQuoted(_ text: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        defer { bytes.append(UInt8(ascii: "\"")) }
        // Most text has nothing to escape: copied whole.
        guard text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else {
            bytes += text.utf8
            return
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes += "\\\"".utf8
            case UInt8(ascii: "\\"): bytes += "\\\\".utf8
            case UInt8(ascii: "\n"): bytes += "\\n".utf8
            case UInt8(ascii: "\r"): bytes += "\\r".utf8
            case UInt8(ascii: "\t"): bytes += "\\t".utf8
            case 0x08: bytes += "\\b".utf8
            case 0x0C: bytes += "\\f".utf8
            case ..<0x20: bytes += "\\u00".utf8 + [hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)]]
            default: bytes.append(byte)
            }
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}
