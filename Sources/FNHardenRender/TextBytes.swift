/// Text written as UTF-8 bytes and made a String once: appending to a
/// String checks its capacity and form at every step. The JSON writer and
/// the answers file, written once per app of an audit, are written so.
struct TextBytes {
    private var bytes: [UInt8] = []

    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    mutating func reserve(_ count: Int) { bytes.reserveCapacity(count) }

    // Bytes are copied from contiguous storage: appending a String's
    // UTF8View went byte by byte, and was a twentieth of an audit.
    mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    mutating func append(_ text: Substring) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    mutating func append(_ literal: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    mutating func append(_ byte: UInt8) { bytes.append(byte) }

    mutating func append(_ buffer: UnsafeBufferPointer<UInt8>) { bytes.append(contentsOf: buffer) }

    mutating func append(repeating byte: UInt8, count: Int) { bytes.append(contentsOf: repeatElement(byte, count: count)) }

    var string: String { String(decoding: bytes, as: UTF8.self) }

    /// The text so far, leaving none behind.
    mutating func taken() -> String {
        defer { bytes.removeAll(keepingCapacity: true) }
        return string
    }
}
