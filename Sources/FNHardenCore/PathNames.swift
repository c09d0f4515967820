extension String {
    /// The folder part of a file path, as NSString's
    /// `deletingLastPathComponent` gives it for the paths fnharden writes
    /// (`out/app/checklist.json` -> `out/app`; `/a` -> `/`; `a` -> ``).
    /// (Foundation's own traps on a path of one character: `--save a`.)
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
