import Yams

/// Composes YAML into Yams' `Node` tree, as `Yams.compose` does, for answers
/// files and for the knowledge base and catalogues read from YAML (at build
/// time, and with `--data-dir`).
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

    /// YAML 1.1's implicit types, exactly as Yams' default resolver's rules
    /// have them (bool, int, float, null; sexagesimal numbers and timestamps
    /// stay text, which the loaders read as text anyway), without regular
    /// expressions.
    static func resolve(_ text: String) -> Tag.Name {
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE", "false", "False", "FALSE", "yes", "Yes", "YES", "no", "No", "NO",
             "on", "On", "ON", "off", "Off", "OFF":
            return .bool
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF", ".nan", ".NaN", ".NAN":
            return .float
        default:
            break
        }
        let bytes = Array(text.utf8)
        func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        func all(_ slice: ArraySlice<UInt8>, _ test: (UInt8) -> Bool) -> Bool { !slice.isEmpty && slice.allSatisfy(test) }
        var body = bytes[...]
        let signed = body.first == UInt8(ascii: "-") || body.first == UInt8(ascii: "+")
        if signed { body = body.dropFirst() }
        // int: 0b..., 0o... or 0..., decimal, 0x...
        if body.starts(with: Array("0b".utf8)), all(body.dropFirst(2), { $0 == 48 || $0 == 49 || $0 == 95 }) { return .int }
        if body.starts(with: Array("0o".utf8)), all(body.dropFirst(2), { (48...55).contains($0) || $0 == 95 }) { return .int }
        if body.first == 48, all(body.dropFirst(), { (48...55).contains($0) || $0 == 95 }) { return .int }
        if body == [48] { return .int }
        if let first = body.first, (49...57).contains(first), body.dropFirst().allSatisfy({ isDigit($0) || $0 == 95 }) { return .int }
        if body.starts(with: Array("0x".utf8)), all(body.dropFirst(2), { isDigit($0) || (97...102).contains($0 | 0x20) || $0 == 95 }) {
            return .int
        }
        // float: digits[.digits][e[sign]digits], or (unsigned) .digits[e sign digits]
        var rest = body
        if let first = rest.first, isDigit(first) {
            rest = rest.drop { isDigit($0) || $0 == 95 }
            if rest.first == UInt8(ascii: ".") { rest = rest.dropFirst().drop { isDigit($0) || $0 == 95 } }
            if rest.first == UInt8(ascii: "e") || rest.first == UInt8(ascii: "E") {
                rest = rest.dropFirst()
                if rest.first == UInt8(ascii: "-") || rest.first == UInt8(ascii: "+") { rest = rest.dropFirst() }
                guard all(rest, isDigit) else { return .str }
                return .float
            }
            return rest.isEmpty ? .float : .str
        }
        if !signed, body.first == UInt8(ascii: "."), let second = body.dropFirst().first, isDigit(second) || second == 95 {
            rest = body.dropFirst().drop { isDigit($0) || $0 == 95 }
            if rest.isEmpty { return .float }
            guard rest.first == UInt8(ascii: "e") || rest.first == UInt8(ascii: "E") else { return .str }
            rest = rest.dropFirst()
            guard rest.first == UInt8(ascii: "-") || rest.first == UInt8(ascii: "+") else { return .str }
            return all(rest.dropFirst(), isDigit) ? .float : .str
        }
        return .str
    }
}
