/// Answers files take plain values: an anchor or an alias is refused before
/// Yams composes the document. Composing follows aliases, and an alias used
/// as a mapping key is hashed in full, so a small file of nested aliases
/// would take exponential time (the fuzzer found one).
///
/// In YAML, `&` and `*` are indicators only where a node starts: at the
/// start of a line's content, after `- `, `? ` or `: `, and after `[`, `{`
/// and `,` in flow collections. The scan visits each such place outside
/// comments, quoted text and block scalars, once, in linear time. It errs on
/// the side of refusing: a plain value continued on a line that starts with
/// `*` or `&` is refused too (quoting it is the answer).
enum AliasScan {
    /// The position of the first anchor or alias, or nil when there is none.
    static func firstAnchorOrAlias(in text: String) -> Position? {
        // No `&` and no `*`, no anchor and no alias: most files end here.
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "*") }) else { return nil }
        var scanner = Scanner()
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if let column = scanner.scan(Array(line.utf8)) { return Position(line: number + 1, column: column + 1) }
        }
        return nil
    }

    /// The state carried from one line to the next.
    private struct Scanner {
        /// Inside a quoted scalar that spans lines: its closing quote.
        var quote: UInt8?
        /// Inside a block scalar (`|`, `>`): lines indented more than this are its text.
        var blockIndent: Int?
        /// How deep inside `[` and `{`.
        var flowDepth = 0

        private static let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t"), carriageReturn = UInt8(ascii: "\r")

        /// The byte offset of the first anchor or alias in `line`.
        mutating func scan(_ line: [UInt8]) -> Int? {
            let indent = line.prefix { $0 == Self.space }.count
            let blank = line.allSatisfy { $0 == Self.space || $0 == Self.tab || $0 == Self.carriageReturn }
            if let parent = blockIndent {
                if blank || indent > parent { return nil }
                blockIndent = nil
            }
            var index = 0
            // A line's content starts a node, unless it continues a quoted scalar.
            var nodeStart = quote == nil
            // So does what follows a document's `---`.
            if nodeStart, line.starts(with: Array("---".utf8)),
                line.count == 3 || [Self.space, Self.tab].contains(line[3])
            {
                index = 3
            }
            while index < line.count {
                let byte = line[index]
                if let closing = quote {
                    if closing == UInt8(ascii: "\"") && byte == UInt8(ascii: "\\") {
                        index += 2
                        continue
                    }
                    if byte == closing {
                        // '' inside single quotes is a quote, not the end.
                        if closing == UInt8(ascii: "'"), index + 1 < line.count, line[index + 1] == closing {
                            index += 2
                            continue
                        }
                        quote = nil
                    }
                    index += 1
                    continue
                }
                if byte == Self.space || byte == Self.tab || byte == Self.carriageReturn {
                    index += 1
                    continue
                }
                // A comment starts at the line's start or after white space.
                if byte == UInt8(ascii: "#"), index == 0 || [Self.space, Self.tab].contains(line[index - 1]) {
                    return nil
                }
                let next = index + 1 < line.count ? line[index + 1] : Self.space
                let separated = next == Self.space || next == Self.tab || next == Self.carriageReturn
                if nodeStart {
                    switch byte {
                    case UInt8(ascii: "&"), UInt8(ascii: "*"):
                        return index
                    case UInt8(ascii: "\""), UInt8(ascii: "'"):
                        quote = byte
                        nodeStart = false
                        index += 1
                        continue
                    case UInt8(ascii: "|"), UInt8(ascii: ">"):
                        blockIndent = flowDepth == 0 ? indent : nil
                        return nil
                    case UInt8(ascii: "-") where separated, UInt8(ascii: "?") where separated:
                        index += 1
                        continue
                    case UInt8(ascii: "!"):
                        // A tag, then the node itself.
                        while index < line.count, line[index] != Self.space { index += 1 }
                        continue
                    default:
                        break
                    }
                }
                let inFlow = flowDepth > 0
                switch byte {
                // A bracket opens a flow collection where a node starts; in a plain value it is text.
                case UInt8(ascii: "["), UInt8(ascii: "{"):
                    if nodeStart || inFlow { flowDepth += 1 }
                    nodeStart = nodeStart || inFlow
                case UInt8(ascii: "]"), UInt8(ascii: "}"):
                    if inFlow { flowDepth -= 1 }
                    nodeStart = false
                case UInt8(ascii: ","):
                    nodeStart = inFlow
                case UInt8(ascii: ":"):
                    nodeStart = separated || inFlow
                default:
                    nodeStart = false
                }
                index += 1
            }
            return nil
        }
    }
}
