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

    static func tag(_ name: Tag.Name) -> Tag { Tag(name, .basic, constructor) }

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
        var digits = Substring(text)
        if digits.first == "-" || digits.first == "+" { digits = digits.dropFirst() }
        guard let first = digits.first, first.isASCII, first.isNumber || first == "." else { return .str }
        if digits.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "_") }) { return .int }
        if digits.hasPrefix("0x"), digits.count > 2, digits.dropFirst(2).allSatisfy({ $0.isHexDigit || $0 == "_" }) {
            return .int
        }
        let parts = digits.split(omittingEmptySubsequences: false) { $0 == "e" || $0 == "E" }
        guard parts.count <= 2, let mantissa = parts.first, mantissa.filter({ $0 == "." }).count == 1,
              mantissa.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == "_") }) else { return .str }
        guard parts.count == 2 else { return .float }
        var exponent = parts[1]
        if exponent.first == "-" || exponent.first == "+" { exponent = exponent.dropFirst() }
        return !exponent.isEmpty && exponent.allSatisfy({ $0.isASCII && $0.isNumber }) ? .float : .str
    }
}
