extension String {
    /// Every occurrence of `target` replaced, found by comparing UTF-8
    /// bytes. Foundation's replacingOccurrences(of:with:) goes through
    /// NSString and was a fifth of rendering a batch (BENCHMARKS.md). Text
    /// without `target`, most of it, is returned with no copy made.
    func replacingEvery(_ target: String, with replacement: String) -> String {
        var text = self
        var target = target
        return text.withUTF8 { bytes in
            target.withUTF8 { needle in
                guard let first = needle.first, bytes.count >= needle.count else { return self }
                let last = bytes.count - needle.count
                func matches(at index: Int) -> Bool {
                    bytes[index] == first && (1..<needle.count).allSatisfy { bytes[index + $0] == needle[$0] }
                }
                var index = 0
                while index <= last, !matches(at: index) { index += 1 }
                guard index <= last else { return self }
                var result: [UInt8] = []
                result.reserveCapacity(bytes.count + 16)
                var copied = 0
                while index <= last {
                    if matches(at: index) {
                        result.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<index]))
                        result.append(contentsOf: replacement.utf8)
                        index += needle.count
                        copied = index
                    } else {
                        index += 1
                    }
                }
                result.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied...]))
                return String(decoding: result, as: UTF8.self)
            }
        }
    }

    /// `padding(toLength:withPad: " ", startingAt: 0)` without NSString
    /// (a twenty-fifth of a batch went through it): spaces up to `length`
    /// UTF-16 units, or the text cut to that many, as NSString does.
    func padded(toLength length: Int) -> String {
        let units = utf16.count
        if units < length { return self + String(repeating: " ", count: length - units) }
        return units == length ? self : String(decoding: Array(utf16.prefix(length)), as: UTF16.self)
    }
}
