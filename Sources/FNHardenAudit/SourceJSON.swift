import FNHardenCore

/// A JSON value read from a configuration source, with the place it starts.
///
/// Written by hand, not decoded with Foundation or Yams, for three reasons
/// the audit can't do without: every value keeps its line and column (drift
/// and SARIF point into the template), ARM templates may hold `//` and
/// `/* */` comments and line breaks inside strings (neither JSONSerialization
/// nor a YAML parser takes those), and a template of a thousand apps must be
/// read in milliseconds (Yams took 240 ms on 2.5 MB; this takes a tenth).
public struct JSONNode: Sendable {
    public enum Value: Sendable {
        case object([Member])
        case array([JSONNode])
        case string(String)
        /// The number as written (ARM and Terraform values are compared as text).
        case number(String)
        case bool(Bool)
        case null
    }

    public struct Member: Sendable {
        public let key: String
        public let value: JSONNode
    }

    public let value: Value
    public let position: Position

    public init(_ value: Value, at position: Position) {
        self.value = value
        self.position = position
    }

    /// A member by name. ARM property names are case-insensitive
    /// (`httpsOnly` and `HttpsOnly` are the same property), so an exact
    /// match is tried first, then one ignoring case.
    public subscript(key: String) -> JSONNode? {
        guard case .object(let members) = value else { return nil }
        // By index, the members read in place: each one copied out retained
        // and released its key and value (the inference looks up thousands).
        for index in members.indices where members[index].key == key { return members[index].value }
        for index in members.indices where members[index].key.equalsIgnoringCase(key) { return members[index].value }
        return nil
    }

    /// The member's key as the file spells it (for JSON paths in messages).
    public func spelling(of key: String) -> String? {
        guard case .object(let members) = value else { return nil }
        if members.contains(where: { $0.key == key }) { return key }
        return members.first { $0.key.equalsIgnoringCase(key) }?.key
    }

    public var members: [Member] {
        if case .object(let members) = value { return members }
        return []
    }

    public var elements: [JSONNode] {
        if case .array(let elements) = value { return elements }
        return []
    }

    public var string: String? {
        if case .string(let text) = value { return text }
        return nil
    }

    public var isObject: Bool {
        if case .object = value { return true }
        return false
    }
}

/// A problem in a source file that stops it from being read.
public struct SourceProblem: Error, Sendable, Equatable {
    public let file: String
    public let position: Position?
    public let message: Message

    public init(file: String, position: Position?, message: Message) {
        self.file = file
        self.position = position
        self.message = message
    }

    public var diagnostic: Diagnostic { Diagnostic(file: file, position: position, message: message) }
}

/// Reads JSON as ARM templates write it: standard JSON plus comments and
/// line breaks inside strings. Positions count lines and Unicode code points
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
    /// A template's list of resources this long or longer is read on every core.
    private let parallelFrom: Int

    private init(_ bytes: [UInt8], file: String, parallelFrom: Int) {
        self.bytes = bytes
        self.file = file
        self.parallelFrom = parallelFrom
    }

    /// The document in `bytes`. A template's top-level `resources` list of
    /// `parallelFrom` or more elements is read on every core (tests set it
    /// to read the same document both ways).
    public static func read(_ bytes: [UInt8], file: String, parallelFrom: Int = 64) -> Result<JSONNode, SourceProblem> {
        var reader = JSONReader(bytes, file: file, parallelFrom: parallelFrom)
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

    private func problem(_ key: String, _ arguments: [String: String] = [:], at position: Position? = nil) -> SourceProblem {
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
                skipWhitespace()
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
        case UInt8(ascii: "t"): try literal("true"); return JSONNode(.bool(true), at: start)
        case UInt8(ascii: "f"): try literal("false"); return JSONNode(.bool(false), at: start)
        case UInt8(ascii: "n"): try literal("null"); return JSONNode(.null, at: start)
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

    private mutating func literal(_ word: StaticString) throws {
        let text = Array(UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount))
        guard bytes.count - index >= text.count, Array(bytes[index..<index + text.count]) == text else {
            throw unexpected()
        }
        for _ in text { advance() }
    }

    private mutating func number() throws -> String {
        let start = index
        while let byte = current, byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".")
            || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
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
            guard current == UInt8(ascii: "\"") else { throw problem("errors.json.key") }
            let key = try string()
            try skipSpace()
            guard current == UInt8(ascii: ":") else { throw problem("errors.json.colon") }
            advance()
            try skipSpace()
            let member = depth == 0 && key == "resources" && current == UInt8(ascii: "[")
                ? try resources(depth: depth + 1) : try value(depth: depth + 1)
            members.append(JSONNode.Member(key: key, value: member))
            try skipSpace()
            switch current {
            case UInt8(ascii: ","): advance()
            case UInt8(ascii: "}"): advance(); return members
            default: throw problem("errors.json.object-end")
            }
        }
    }

    /// A template's list of resources. A long one (a generated template of a
    /// thousand apps: five thousand resources, 2.5 MB) is read on every
    /// core: where each element starts and ends is found by stepping over
    /// it, which builds nothing, then the elements are read side by side,
    /// each from its own line and column. Reading it on one core was most
    /// of the time an audit of a thousand apps spent on one core
    /// (BENCHMARKS.md). Anything unexpected, and a short list, is read the
    /// plain way, which also says what is wrong exactly as it always has.
    private mutating func resources(depth: Int) throws -> JSONNode {
        let mark = (index, line, column)
        if let split = splitList(depth: depth) { return split }
        (index, line, column) = mark
        return try value(depth: depth)
    }

    private mutating func splitList(depth: Int) -> JSONNode? {
        guard depth < Self.maximumDepth, parallelFrom < Int.max else { return nil }
        let start = here
        let from = index
        guard let found = bytes.withUnsafeBufferPointer({ Self.elements(of: $0, from: from) }),
              found.spans.count >= parallelFrom else { return nil }
        // Each element's line and column, counted as `advance` counts them,
        // in one pass; then the list's end is where reading goes on from.
        var spans: [(index: Int, line: Int, column: Int, end: Int)] = []
        spans.reserveCapacity(found.spans.count)
        var (position, line, column) = (index, self.line, self.column)
        bytes.withUnsafeBufferPointer { buffer in
            func count(to end: Int) {
                while position < end {
                    let byte = buffer[position]
                    if byte == 0x0A {
                        line += 1
                        column = 1
                    } else if byte & 0xC0 != 0x80 {
                        column += 1
                    }
                    position += 1
                }
            }
            for span in found.spans {
                count(to: span.lowerBound)
                spans.append((span.lowerBound, line, column, span.upperBound))
            }
            count(to: found.end)
        }
        let (bytes, file) = (self.bytes, self.file)
        let read = parallelMapInRuns(spans, runsPerCore: 8) { span -> JSONNode? in
            var reader = JSONReader(bytes, file: file, parallelFrom: .max)
            (reader.index, reader.line, reader.column) = (span.index, span.line, span.column)
            guard let node = try? reader.value(depth: depth + 1), reader.index == span.end else { return nil }
            return node
        }
        var elements: [JSONNode] = []
        elements.reserveCapacity(read.count)
        for node in read {
            guard let node else { return nil }
            elements.append(node)
        }
        (index, self.line, self.column) = (position, line, column)
        return JSONNode(.array(elements), at: start)
    }

    /// Where each element of the list whose `[` is at `open` starts and
    /// ends, and the offset just past its `]`: one pass over the bytes,
    /// brackets counted, strings and comments stepped over, nothing built.
    /// Where the elements are, not whether they are well formed (reading
    /// each says that); nil when the list itself looks wrong.
    static func elements(of bytes: UnsafeBufferPointer<UInt8>, from open: Int) -> (spans: [Range<Int>], end: Int)? {
        var spans: [Range<Int>] = []
        var index = open + 1
        var nesting = 0
        var start: Int?
        var last = index  // just past the last byte of the element so far
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case 0x20, 0x09, 0x0A, 0x0D:
                index += 1
                continue
            case UInt8(ascii: "\""):
                if start == nil { start = index }
                index += 1
                while index < bytes.count && bytes[index] != UInt8(ascii: "\"") {
                    index += bytes[index] == UInt8(ascii: "\\") ? 2 : 1
                }
                guard index < bytes.count else { return nil }
                index += 1
                last = index
                continue
            case UInt8(ascii: "/") where index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "/"):
                while index < bytes.count && bytes[index] != 0x0A { index += 1 }
                continue
            case UInt8(ascii: "/") where index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "*"):
                index += 2
                while index + 1 < bytes.count && !(bytes[index] == UInt8(ascii: "*") && bytes[index + 1] == UInt8(ascii: "/")) {
                    index += 1
                }
                guard index + 1 < bytes.count else { return nil }
                index += 2
                continue
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                if start == nil { start = index }
                nesting += 1
            case UInt8(ascii: "]") where nesting == 0:
                if let start {
                    spans.append(start..<last)
                } else if !spans.isEmpty {
                    return nil  // `[a,]`
                }
                return (spans, index + 1)
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                guard nesting > 0 else { return nil }
                nesting -= 1
            case UInt8(ascii: ",") where nesting == 0:
                guard let begun = start else { return nil }
                spans.append(begun..<last)
                start = nil
            default:
                if start == nil { start = index }
            }
            index += 1
            last = index
        }
        return nil
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
            elements.append(try value(depth: depth + 1))
            try skipSpace()
            switch current {
            case UInt8(ascii: ","): advance()
            case UInt8(ascii: "]"): advance(); return elements
            default: throw problem("errors.json.array-end")
            }
        }
    }

    private mutating func string() throws -> String {
        let start = here
        advance()
        var scalars: [UInt8] = []
        var segment = index
        // Most strings have no escape: their bytes are made a string as they
        // are, with no copy in between (a template is mostly strings).
        var escaped = false
        func flush(_ upTo: Int) { scalars.append(contentsOf: bytes[segment..<upTo]) }
        while true {
            guard let byte = current else { throw problem("errors.json.open-string", at: start) }
            switch byte {
            case UInt8(ascii: "\""):
                let text: String
                if escaped {
                    flush(index)
                    text = String(decoding: scalars, as: UTF8.self)
                } else {
                    text = String(decoding: bytes[segment..<index], as: UTF8.self)
                }
                advance()
                return text
            case UInt8(ascii: "\\"):
                escaped = true
                flush(index)
                advance()
                try escape(into: &scalars)
                segment = index
            case 0x00..<0x20 where byte != 0x0A && byte != 0x0D && byte != 0x09:
                throw problem("errors.json.control", ["code": Self.hexByte(byte)])
            case 0x00..<0x20:
                advance()
            default:
                skipPlainText()
            }
        }
    }

    /// Past a run of spaces, tabs and line breaks (a pretty-printed
    /// template's indentation is a third of its bytes), in one tight loop.
    private mutating func skipWhitespace() {
        var (position, line, column) = (index, self.line, self.column)
        bytes.withUnsafeBufferPointer { buffer in
            while position < buffer.count {
                switch buffer[position] {
                case 0x0A: line += 1; column = 1
                case 0x20, 0x09, 0x0D: column += 1
                default: return
                }
                position += 1
            }
        }
        (index, self.line, self.column) = (position, line, column)
    }

    /// Past a run of bytes that need no care in a string (no quote,
    /// backslash or control byte), counting columns as `advance` does, in
    /// one tight loop: strings are most of a template, and a byte at a time
    /// through `advance` was half of reading one.
    private mutating func skipPlainText() {
        var (position, column) = (index, self.column)
        bytes.withUnsafeBufferPointer { buffer in
            while position < buffer.count {
                let byte = buffer[position]
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { break }
                if byte & 0xC0 != 0x80 { column += 1 }
                position += 1
            }
        }
        (index, self.column) = (position, column)
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
           bytes[index + 1] == UInt8(ascii: "u") {
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
