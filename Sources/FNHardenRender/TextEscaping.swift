extension String {
    /// Every occurrence of `target` replaced, found by UTF-8 bytes rather
    /// than by Characters as the standard library's `replacing` finds it:
    /// that one misses a quote followed by a combining mark (one Character),
    /// which would let such a quote end a quoted string in a snippet.
    func replacingEvery(_ target: String, with replacement: String) -> String {
        let pattern = Array(target.utf8)
        guard let first = pattern.first, utf8.contains(first) else { return self }
        let bytes = Array(utf8)
        var result: [UInt8] = []
        var copied = 0
        var index = 0
        while index + pattern.count <= bytes.count {
            if bytes[index] == first, bytes[index..<index + pattern.count].elementsEqual(pattern) {
                result += bytes[copied..<index]
                result += replacement.utf8
                index += pattern.count
                copied = index
            } else {
                index += 1
            }
        }
        result += bytes[copied...]
        return String(decoding: result, as: UTF8.self)
    }
}

/// What a bare word or identifier may hold, tested by byte as escaping
/// must be (a Character can hide a quote behind a combining mark).
extension UInt8 {
    var isASCIILetter: Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(self) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(self)
    }

    var isASCIIDigit: Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self) }

    var isASCIIAlphanumeric: Bool { isASCIILetter || isASCIIDigit }
}

extension Unicode.Scalar {
    /// General category Cc (C0, DEL and C1), or a line or paragraph
    /// separator: what a one-line string literal or comment can't hold.
    /// Tested by number: a property lookup for every character of every
    /// literal and comment takes `generate` over 1,000 answers files close
    /// to its 3 s budget (Tests/README.md).
    var breaksLiteral: Bool {
        (0...0x1F).contains(value) || (0x7F...0x9F).contains(value) || value == 0x2028 || value == 0x2029
    }
}
