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
