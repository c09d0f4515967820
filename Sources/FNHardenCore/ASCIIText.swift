/// Byte tests for plain ASCII text, the common case: the renderers and the
/// audit's readers try them first and use Unicode properties only for other
/// text. A property lookup
/// per scalar or character was a sixth of a thousand-file batch
/// (BENCHMARKS.md).
public enum ASCIIText {
    public static func isLetter(_ byte: UInt8) -> Bool { (0x61...0x7A).contains(byte | 0x20) }
    public static func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }

    /// True when `text` is printable ASCII (space to tilde) with no byte
    /// that `isSpecial`: such text needs no escaping at all.
    public static func isPlain(_ text: String, except isSpecial: (UInt8) -> Bool) -> Bool {
        text.utf8.allSatisfy { (0x20...0x7E).contains($0) && !isSpecial($0) }
    }

    /// An identifier: a letter or `_`, then letters, digits, `_` and the
    /// bytes `alsoAllowed` (ASCII only, as Bicep and Terraform want).
    public static func isIdentifier(_ text: String, alsoAllowed: Set<UInt8> = []) -> Bool {
        guard let first = text.utf8.first, isLetter(first) || first == UInt8(ascii: "_") else { return false }
        return text.utf8.allSatisfy { isLetter($0) || isDigit($0) || $0 == UInt8(ascii: "_") || alsoAllowed.contains($0) }
    }
}
