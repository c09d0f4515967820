/// The text of an output file, held as pieces that files may share.
///
/// A checklist's items are the same for every app of an answer shape: their
/// JSON (60 KB per app) is written once and each app's `checklist.json`
/// holds it as a piece, rather than a copy. A thousand-app audit copied,
/// checked as UTF-8 and held 60 MB that way (BENCHMARKS.md); the file's
/// bytes are the pieces one after another.
public struct FileText: Sendable, Equatable, ExpressibleByStringLiteral {
    /// Never an empty piece.
    public private(set) var pieces: [String]

    public init(_ text: String) {
        pieces = text.isEmpty ? [] : [text]
    }

    public init(pieces: [String]) {
        self.pieces = pieces.filter { !$0.isEmpty }
    }

    public init(stringLiteral text: String) {
        self.init(text)
    }

    /// The whole text, as one string.
    public var string: String {
        pieces.count == 1 ? pieces[0] : pieces.joined()
    }

    /// The length in UTF-8 bytes (each piece knows its own).
    public var byteCount: Int {
        pieces.reduce(0) { $0 + $1.utf8.count }
    }

    /// Two texts are equal when their bytes are, however they are cut.
    public static func == (a: FileText, b: FileText) -> Bool {
        a.byteCount == b.byteCount && a.string.utf8.elementsEqual(b.string.utf8)
    }
}
