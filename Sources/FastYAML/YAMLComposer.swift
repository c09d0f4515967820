import Yams

/// Composes YAML into Yams' `Node` tree, as `Yams.compose` does, for the
/// knowledge base and the locale catalogues that every run reads at start-up.
///
/// Why not plain `Yams.compose`: its default resolver tags each plain scalar
/// with NSRegularExpression, and again on every `node["key"]` lookup and
/// every hash of a key. Profiling `fnharden audit` on one app showed 60% of
/// the run in those regular expressions (issue #10). Here Yams composes with
/// `Resolver.basic` (no rules, so no regular expression), then each plain
/// scalar gets its YAML 1.1 type once, from a plain Swift test of its text
/// (null, bool, int, float, else str). Every tag keeps the basic resolver,
/// so lookups stay cheap. Marks, styles and values are Yams' own.
public enum YAMLComposer {
    /// The first document of `text`, or nil when it is empty. Errors are
    /// Yams' (`YamlError`), marks included.
    public static func compose(_ text: String) throws -> Node? {
        try Yams.compose(yaml: text, .basic).map(retag)
    }

    /// `Constructor.default` builds a new constructor on every use: one is
    /// enough. It is only read (its tables are `let`), so sharing it is safe.
    nonisolated(unsafe) private static let constructor = Constructor.default

    /// One shared tag per core type: a tag is a class, and one per scalar
    /// was an allocation per value. Yams changes a tag only while its name
    /// is still implicit, which these never are, so sharing them is safe.
    nonisolated(unsafe) private static let shared: [Tag.Name: Tag] = Dictionary(
        uniqueKeysWithValues: [Tag.Name.str, .int, .bool, .null, .float, .map, .seq].map { ($0, Tag($0, .basic, constructor)) })

    static func tag(_ name: Tag.Name) -> Tag { shared[name] ?? Tag(name, .basic, constructor) }

    static func retag(_ node: Node) -> Node {
        switch node {
        case .scalar(let scalar):
            let given = Tag.Name(rawValue: scalar.tag.rawValue)
            let name = given == .implicit
                ? (scalar.style == .plain || scalar.style == .any ? resolve(scalar.string) : .str)
                : given
            return .scalar(.init(scalar.string, tag(name), scalar.style, scalar.mark))
        case .mapping(let mapping):
            return .mapping(.init(mapping.map { (retag($0.key), retag($0.value)) }, tag(.map), mapping.style, mapping.mark))
        case .sequence(let sequence):
            return .sequence(.init(sequence.map(retag), tag(.seq), sequence.style, sequence.mark))
        case .alias:
            return node
        }
    }

    /// YAML 1.1's implicit types, as Yams' default resolver has them,
    /// without regular expressions.
    static func resolve(_ text: String) -> Tag.Name {
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE", "false", "False", "FALSE", "yes", "Yes", "YES", "no", "No", "NO",
             "on", "On", "ON", "off", "Off", "OFF", "y", "Y", "n", "N":
            return .bool
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF", ".nan", ".NaN", ".NAN":
            return .float
        default:
            break
        }
        // Numbers, by their UTF-8 bytes (Character tests were a tenth of loading).
        var bytes = Substring(text).utf8[...]
        if let sign = bytes.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
        func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        guard let first = bytes.first, isDigit(first) || first == UInt8(ascii: ".") else { return .str }
        if bytes.allSatisfy({ isDigit($0) || $0 == UInt8(ascii: "_") }) { return .int }
        if bytes.starts(with: "0x".utf8), bytes.count > 2, bytes.dropFirst(2).allSatisfy({ byte in
            isDigit(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte | 0x20) || byte == UInt8(ascii: "_")
        }) {
            return .int
        }
        let parts = bytes.split(maxSplits: 1, omittingEmptySubsequences: false) { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }
        guard let mantissa = parts.first, mantissa.filter({ $0 == UInt8(ascii: ".") }).count == 1,
              mantissa.allSatisfy({ isDigit($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") }) else { return .str }
        guard parts.count == 2 else { return .float }
        var exponent = parts[1]
        if let sign = exponent.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") { exponent = exponent.dropFirst() }
        return !exponent.isEmpty && exponent.allSatisfy(isDigit) ? .float : .str
    }
}
