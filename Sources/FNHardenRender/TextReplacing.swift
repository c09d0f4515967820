extension String {
    /// Every occurrence of `target` replaced, found by comparing UTF-8
    /// bytes. Foundation's replacingOccurrences(of:with:) goes through
    /// NSString and was a fifth of rendering a batch (BENCHMARKS.md).
    func replacingEvery(_ target: String, with replacement: String) -> String {
        let bytes = Array(utf8)
        let needle = Array(target.utf8)
        guard let first = needle.first, bytes.count >= needle.count else { return self }
        var result: [UInt8] = []
        var index = 0
        var copied = 0
        while index <= bytes.count - needle.count {
            if bytes[index] == first && bytes[index..<index + needle.count].elementsEqual(needle) {
                if result.isEmpty { result.reserveCapacity(bytes.count + 16) }
                result.append(contentsOf: bytes[copied..<index])
                result.append(contentsOf: replacement.utf8)
                index += needle.count
                copied = index
            } else {
                index += 1
            }
        }
        guard copied > 0 else { return self }
        result.append(contentsOf: bytes[copied...])
        return String(decoding: result, as: UTF8.self)
    }
}
