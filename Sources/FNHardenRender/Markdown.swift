/// Markdown escaping, so that text and values can't become structure.
public enum Markdown {
    /// A code span that holds `text` literally, whatever backticks it has.
    public static func code(_ text: String) -> String {
        let flat = text.replacingEvery("\n", with: " ")
        // One backtick more than the longest run inside. Counted on the
        // bytes: a backtick followed by a combining mark is one Character,
        // but to Markdown it is still a backtick.
        var longest = 0
        var run = 0
        for byte in flat.utf8 {
            run = byte == UInt8(ascii: "`") ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: longest + 1)
        let pad = flat.utf8.first == UInt8(ascii: "`") || flat.utf8.last == UInt8(ascii: "`") ? " " : ""
        return fence + pad + flat + pad + fence
    }

    /// White_Space. Tested by number for ASCII, most of the text: a property
    /// lookup for every character of every line would take `generate` over
    /// 1,000 answers files close to its 3 s budget (Tests/README.md).
    private static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII ? scalar.value == 0x20 || (0x09...0x0D).contains(scalar.value) : scalar.properties.isWhitespace
    }

    /// Text with Markdown and HTML punctuation backslash-escaped.
    public static func escape(_ text: String) -> String {
        // One line, single spaces (no hard breaks from trailing spaces).
        var result = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if isWhitespace(scalar) {
                pendingSpace = !result.isEmpty
                continue
            }
            if pendingSpace {
                result.append(" ")
                pendingSpace = false
            }
            switch scalar {
            case "\\", "`", "*", "_", "[", "]", "<", ">", "#", "|", "!", "~", "&": result.append("\\")
            default: break
            }
            result.append(scalar)
        }
        // No bare URLs: they would autolink (and trip MD034).
        return String(result).replacingEvery("://", with: ":\\/\\/").replacingEvery("www.", with: "www\\.")
    }
}
