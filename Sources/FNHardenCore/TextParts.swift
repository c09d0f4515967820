extension String {
    /// The non-empty parts between each `separator`, as
    /// `split(separator:)` gives them, for the ASCII paths and command lines
    /// of the knowledge base (`properties.siteConfig.cors`). Split by bytes:
    /// by characters, as `split` does, it was most of building a snippet's
    /// property tree (BENCHMARKS.md). Not for text a person wrote, where a
    /// separator can start a longer character (`.` + U+0301).
    public func parts(separatedBy separator: Unicode.Scalar) -> [String] {
        guard separator.isASCII else { return split(separator: Character(separator)).map(String.init) }
        return utf8.split(separator: UInt8(separator.value)).map { String(decoding: $0, as: UTF8.self) }
    }
}

extension String {
    /// The folder part of a file path, as NSString's
    /// `deletingLastPathComponent` gives it for the paths fnharden writes
    /// (`out/app/checklist.json` -> `out/app`; `/a` -> `/`; `a` -> ``),
    /// found by bytes: NSString standardised the whole path first, and did
    /// so four times per file of a thousand-app audit (a twenty-fifth of it).
    public var parentPath: String {
        let bytes = Array(utf8)
        var end = bytes.count
        // Trailing slashes belong to the last part.
        while end > 1 && bytes[end - 1] == UInt8(ascii: "/") { end -= 1 }
        guard let slash = bytes[..<end].lastIndex(of: UInt8(ascii: "/")) else { return "" }
        end = slash
        // `a//b` -> `a`
        while end > 0 && bytes[end - 1] == UInt8(ascii: "/") { end -= 1 }
        return end == 0 ? "/" : String(decoding: bytes[..<end], as: UTF8.self)
    }

    /// The last part of a path, as NSString's `lastPathComponent`
    /// (`out/app/` -> `app`, `/` -> `/`).
    public var lastPathName: String {
        let bytes = Array(utf8)
        var end = bytes.count
        while end > 1 && bytes[end - 1] == UInt8(ascii: "/") { end -= 1 }
        if end == 1 && bytes[0] == UInt8(ascii: "/") { return "/" }
        let start = bytes[..<end].lastIndex(of: UInt8(ascii: "/")).map { $0 + 1 } ?? 0
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}
