/// Text written as UTF-8 bytes into a buffer of its own and made a String
/// once: appending to a String checks its capacity and form at every step,
/// and appending to an Array checks that it is unique and grows it by the
/// generic path. The JSON writer and the answers file, written once per
/// app of an audit in pieces of a few bytes, are written so
/// (BENCHMARKS.md).
///
/// Not copyable: the buffer has one owner, which frees it.
struct TextBytes: ~Copyable {
    private var start: UnsafeMutablePointer<UInt8>
    private var count = 0
    private var capacity: Int

    init(capacity: Int = 0) {
        self.capacity = max(capacity, 64)
        start = .allocate(capacity: self.capacity)
    }

    deinit { start.deallocate() }

    /// At least twice as large, so appending stays linear.
    private mutating func grow(to wanted: Int) {
        let larger = max(wanted, capacity * 2)
        let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
        moved.initialize(from: start, count: count)
        start.deallocate()
        start = moved
        capacity = larger
    }

    mutating func append(_ buffer: UnsafeBufferPointer<UInt8>) {
        guard let source = buffer.baseAddress, !buffer.isEmpty else { return }
        if count + buffer.count > capacity { grow(to: count + buffer.count) }
        (start + count).initialize(from: source, count: buffer.count)
        count += buffer.count
    }

    // A String's bytes are copied from its contiguous storage: through its
    // UTF8View they went byte by byte, a twentieth of an audit. They are
    // read where they are (`withUTF8` wants a copy of its own, and copying
    // a String retains and releases its storage: an atomic operation
    // each, thousands per app).
    mutating func append(_ text: String) {
        let done = text.utf8.withContiguousStorageIfAvailable { append($0) } != nil
        if !done {
            var copy = text
            copy.withUTF8 { append($0) }
        }
    }

    mutating func append(_ text: Substring) {
        let done = text.utf8.withContiguousStorageIfAvailable { append($0) } != nil
        if !done {
            var copy = text
            copy.withUTF8 { append($0) }
        }
    }

    mutating func append(_ literal: StaticString) {
        append(UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    mutating func append(_ byte: UInt8) {
        if count == capacity { grow(to: count + 1) }
        start[count] = byte
        count += 1
    }

    mutating func append(repeating byte: UInt8, count repeats: Int) {
        guard repeats > 0 else { return }
        if count + repeats > capacity { grow(to: count + repeats) }
        (start + count).initialize(repeating: byte, count: repeats)
        count += repeats
    }

    /// A whole number in decimal, as `String(number)` writes it.
    mutating func append(decimal number: Int) {
        var magnitude = number.magnitude
        // Int.min has 19 digits and a sign.
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        let written = withUnsafeMutableBytes(of: &digits) { buffer -> Int in
            var end = buffer.count
            repeat {
                end -= 1
                buffer[end] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            if number < 0 {
                end -= 1
                buffer[end] = UInt8(ascii: "-")
            }
            return end
        }
        withUnsafeBytes(of: digits) { buffer in
            append(UnsafeBufferPointer(rebasing: buffer.assumingMemoryBound(to: UInt8.self)[written...]))
        }
    }

    /// `string` as a JSON string literal (so also a YAML double-quoted
    /// one): `"`, `\\` and control characters escaped as JSONEncoder escapes
    /// them; everything else, UTF-8 included, copied as it is, a run of
    /// plain bytes at a time.
    mutating func appendJSONString(_ string: String) {
        append(UInt8(ascii: "\""))
        // Read in place; a copy of its own only for a string that isn't contiguous.
        if string.utf8.withContiguousStorageIfAvailable({ appendEscaped($0) }) == nil {
            var text = string
            text.withUTF8 { appendEscaped($0) }
        }
        append(UInt8(ascii: "\""))
    }

    private mutating func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        guard let base = utf8.baseAddress else { return }
        var plain = 0
        var index = 0
        // A plain loop over the bytes: most strings have nothing to escape.
        while index < utf8.count {
            let byte = base[index]
            if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                append(UnsafeBufferPointer(start: base + plain, count: index - plain))
                appendEscape(byte)
                plain = index + 1
            }
            index += 1
        }
        append(UnsafeBufferPointer(start: base + plain, count: utf8.count - plain))
    }

    /// One byte that JSON strings can't hold as it is.
    private mutating func appendEscape(_ byte: UInt8) {
        let short: UInt8? = switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): byte
        case 0x0A: UInt8(ascii: "n")
        case 0x0D: UInt8(ascii: "r")
        case 0x09: UInt8(ascii: "t")
        case 0x08: UInt8(ascii: "b")
        case 0x0C: UInt8(ascii: "f")
        default: nil
        }
        append(UInt8(ascii: "\\"))
        if let short {
            append(short)
        } else {
            append("u00" as StaticString)
            append(Self.hex[Int(byte >> 4)])
            append(Self.hex[Int(byte & 0x0F)])
        }
    }

    private static let hex = Array("0123456789abcdef".utf8)

    var string: String { String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self) }

    /// The text so far, leaving none behind.
    mutating func taken() -> String {
        defer { count = 0 }
        return string
    }
}
