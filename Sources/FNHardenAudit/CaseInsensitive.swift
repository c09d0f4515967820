import Foundation

extension String {
    /// `lowercased() == other.lowercased()`, the way ARM compares property
    /// and setting names, without making two lowercase copies when both are
    /// ASCII. A property looked up and not set is compared with every
    /// member of its object, and those copies were a twelfth of an audit.
    func equalsIgnoringCase(_ other: String) -> Bool {
        // Read in place: copies of both strings, to read their bytes, were
        // two retains and two releases per member of every object searched.
        var folded: Bool?
        _ = utf8.withContiguousStorageIfAvailable { one in
            other.utf8.withContiguousStorageIfAvailable { two in folded = Self.equalIgnoringASCIICase(one, two) }
        }
        return folded ?? (lowercased() == other.lowercased())
    }

    /// Equal ignoring the case of ASCII letters; nil when a non-ASCII byte
    /// leaves it to the Unicode rules.
    private static func equalIgnoringASCIICase(_ one: UnsafeBufferPointer<UInt8>, _ two: UnsafeBufferPointer<UInt8>) -> Bool? {
        guard one.count == two.count else {
            return one.allSatisfy { $0 < 0x80 } && two.allSatisfy { $0 < 0x80 } ? false : nil
        }
        for index in 0..<one.count {
            let (a, b) = (one[index], two[index])
            if a >= 0x80 || b >= 0x80 { return nil }
            if a == b { continue }
            // ASCII letters differ in case by the 0x20 bit alone.
            guard a | 0x20 == b | 0x20, (0x61...0x7A).contains(a | 0x20) else { return false }
        }
        return true
    }
}

extension String {
    /// Whether the UTF-8 bytes of `needle` occur in this text's, found by
    /// memchr and memcmp: Foundation's `contains` looked through every app
    /// setting for half a dozen marks of a secret, a fiftieth of an audit.
    func containsBytes(of needle: String) -> Bool {
        var (text, needle) = (self, needle)
        return text.withUTF8 { text in
            needle.withUTF8 { needle in
                guard let base = needle.baseAddress else { return true }
                guard var start = text.baseAddress, text.count >= needle.count else { return false }
                // The last place the needle can start.
                let last = start + (text.count - needle.count)
                while start <= last, let found = memchr(start, Int32(base.pointee), last - start + 1) {
                    let candidate = found.assumingMemoryBound(to: UInt8.self)
                    if memcmp(candidate, base, needle.count) == 0 { return true }
                    start = UnsafePointer(candidate) + 1
                }
                return false
            }
        }
    }
}
