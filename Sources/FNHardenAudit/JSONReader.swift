import FNHardenCore

/// Reads JSON as ARM templates write it: standard JSON plus comments,
/// line breaks inside strings and a comma before a closing bracket (the
/// portal's JSON view and hand-edited files leave one). Positions count lines and Unicode code points
/// from 1, as SARIF's `unicodeCodePoints` does.
public struct JSONReader {
    /// Deeper nesting than any real template; beyond it a crafted file could
    /// exhaust the stack.
    public static let maximumDepth = 256

    private let bytes: [UInt8]
    private let file: String
    private var index = 0
    private var line = 1
    private var column = 1

    private init(_ bytes: [UInt8], file: String) {
        self.bytes = bytes
        self.file = file
    }

    /// The document in `bytes`.
    public static func read(_ bytes: [UInt8], file: String) -> Result<JSONNode, SourceProblem> {
        var reader = JSONReader(bytes, file: file)
        // A UTF-8 byte order mark is allowed before the document.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { reader.index = 3 }
        do {
            try reader.skipSpace()
            let node = try reader.value(depth: 0)
            try reader.skipSpace()
            guard reader.index == bytes.count else { throw reader.problem("errors.json.trailing") }
            return .success(node)
        } catch let problem as SourceProblem {
            return .failure(problem)
        } catch {
            return .failure(reader.problem("errors.json.syntax"))
        }
    }

    private var here: Position { Position(line: line, column: column) }

    private func problem(
        _ key: String, _ arguments: [String: String] = [:], at position: Position? = nil
    ) -> SourceProblem {
        SourceProblem(file: file, position: position ?? here, message: Message(key, arguments))
    }

    /// Moves one byte on, keeping line and column (continuation bytes of a
    /// multi-byte character don't count as columns).
    private mutating func advance() {
        let byte = bytes[index]
        index += 1
        if byte == 0x0A {
            line += 1
            column = 1
        } else if byte & 0xC0 != 0x80 {
            column += 1
        }
    }

    private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func skipSpace() throws {
        while let byte = current {
            switch byte {
            case 0x20, 0x09, 0x0A, 0x0D:
                advance()
            case UInt8(ascii: "/") where index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "/"):
                while let next = current, next != 0x0A { advance() }
            case UInt8(ascii: "/") where index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "*"):
                let start = here
                advance()
                advance()
                while true {
                    guard let next = current else { throw problem("errors.json.open-comment", at: start) }
                    if next == UInt8(ascii: "*"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "/") {
                        advance()
                        advance()
                        break
                    }
                    advance()
                }
            default:
                return
            }
        }
    }

    private mutating func value(depth: Int) throws -> JSONNode {
        guard depth < Self.maximumDepth else {
            throw problem("errors.json.too-deep", ["max": String(Self.maximumDepth)])
        }
        let start = here
        guard let byte = current else { throw problem("errors.json.end") }
        switch byte {
        case UInt8(ascii: "{"): return JSONNode(.object(try object(depth: depth)), at: start)
        case UInt8(ascii: "["): return JSONNode(.array(try array(depth: depth)), at: start)
        case UInt8(ascii: "\""): return JSONNode(.string(try string()), at: start)
        case UInt8(ascii: "t"):
            try literal("true")
            return JSONNode(.bool(true), at: start)
        case UInt8(ascii: "f"):
            try literal("false")
            return JSONNode(.bool(false), at: start)
        case UInt8(ascii: "n"):
            try literal("null")
            return JSONNode(.null, at: start)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return JSONNode(.number(try number()), at: start)
        default: throw unexpected()
        }
    }

    private func unexpected() -> SourceProblem {
        guard let byte = current else { return problem("errors.json.end") }
        let character = byte < 0x80 && byte >= 0x20 ? String(UnicodeScalar(byte)) : Self.hexByte(byte)
        return problem("errors.json.unexpected", ["character": character])
    }

    private static func hexByte(_ byte: UInt8) -> String {
        let hex = String(byte, radix: 16, uppercase: true)
        return "0x" + (hex.count == 1 ? "0" + hex : hex)
    }

    private mutating func literal(_ word: String) throws {
        let text = Array(word.utf8)
        guard bytes.count - index >= text.count, Array(bytes[index..<index + text.count]) == text else {
            throw unexpected()
        }
        for _ in text { advance() }
    }

    private mutating func number() throws -> String {
        let start = index
        while let byte = current,
            byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".")
                || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        {
            advance()
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        guard Double(text) != nil else { throw problem("errors.json.number", ["text": text]) }
        return text
    }

    private mutating func object(depth: Int) throws -> [JSONNode.Member] {
        advance()
        var members: [JSONNode.Member] = []
        try skipSpace()
        if current == UInt8(ascii: "}") {
            advance()
            return members
        }
        while true {
            try skipSpace()
            if current == UInt8(ascii: "}"), !members.isEmpty {
                advance()
                return members
            }
            guard current == UInt8(ascii: "\"") else { throw problem("errors.json.key") }
            let key = try string()
            try skipSpace()
            guard current == UInt8(ascii: ":") else { throw problem("errors.json.colon") }
            advance()
            try skipSpace()
            members.append(JSONNode.Member(key: key, value: try value(depth: depth + 1)))
            try skipSpace()
            switch current {
            case UInt8(ascii: ","): advance()
            case UInt8(ascii: "}"):
                advance()
                return members
            default: throw problem("errors.json.object-end")
            }
        }
    }

    private mutating func array(depth: Int) throws -> [JSONNode] {
        advance()
        var elements: [JSONNode] = []
        try skipSpace()
        if current == UInt8(ascii: "]") {
            advance()
            return elements
        }
        while true {
            try skipSpace()
            if current == UInt8(ascii: "]"), !elements.isEmpty {
                advance()
                return elements
            }
            elements.append(try value(depth: depth + 1))
            try skipSpace()
            switch current {
            case UInt8(ascii: ","): advance()
            case UInt8(ascii: "]"):
                advance()
                return elements
            default: throw problem("errors.json.array-end")
            }
        }
    }

    private mutating func string() throws -> String {
        let start = here
        advance()
        var text: [UInt8] = []
        while true {
            guard let byte = current else { throw problem("errors.json.open-string", at: start) }
            switch byte {
            case UInt8(ascii: "\""):
                advance()
                return String(decoding: text, as: UTF8.self)
            case UInt8(ascii: "\\"):
                advance()
                try escape(into: &text)
            case 0x00..<0x20 where byte != 0x0A && byte != 0x0D && byte != 0x09:
                throw problem("errors.json.control", ["code": Self.hexByte(byte)])
            default:
                // Line breaks inside strings are allowed, as ARM allows them.
                text.append(byte)
                advance()
            }
        }
    }

    private mutating func escape(into scalars: inout [UInt8]) throws {
        guard let byte = current else { throw problem("errors.json.end") }
        let simple: [UInt8: UInt8] = [
            UInt8(ascii: "\""): 0x22, UInt8(ascii: "\\"): 0x5C, UInt8(ascii: "/"): 0x2F, UInt8(ascii: "b"): 0x08,
            UInt8(ascii: "f"): 0x0C, UInt8(ascii: "n"): 0x0A, UInt8(ascii: "r"): 0x0D, UInt8(ascii: "t"): 0x09,
        ]
        if let replacement = simple[byte] {
            advance()
            scalars.append(replacement)
            return
        }
        guard byte == UInt8(ascii: "u") else { throw problem("errors.json.escape") }
        advance()
        var code = try hex4()
        // A surrogate pair is two \u escapes for one character.
        if (0xD800..<0xDC00).contains(code), current == UInt8(ascii: "\\"), index + 1 < bytes.count,
            bytes[index + 1] == UInt8(ascii: "u")
        {
            advance()
            advance()
            let low = try hex4()
            guard (0xDC00..<0xE000).contains(low) else { throw problem("errors.json.escape") }
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
        }
        guard let scalar = Unicode.Scalar(code) else { throw problem("errors.json.escape") }
        scalars.append(contentsOf: Array(String(Character(scalar)).utf8))
    }

    private mutating func hex4() throws -> UInt32 {
        var code: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = current, let digit = Self.hexValue(byte) else { throw problem("errors.json.escape") }
            code = code * 16 + digit
            advance()
        }
        return code
    }

    private static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(byte - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }
}
