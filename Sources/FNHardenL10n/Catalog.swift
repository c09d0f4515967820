import FNHardenData
import Yams

/// The strings of one language: every `locales/LANG/*.yml` (Rails-i18n
/// shape, root key LANG) flattened to dotted keys.
public struct Catalog: Sendable, Codable, Equatable {
    public enum Entry: Sendable, Equatable, Codable {
        case text(String)
        /// CLDR plural category -> text.
        case plural([String: String])
    }

    public let language: String
    public let entries: [String: Entry]

    static let pluralCategories: Set<String> = ["zero", "one", "two", "few", "many", "other"]

    public init(language: String, entries: [String: Entry]) {
        self.language = language
        self.entries = entries
    }

    /// Languages with a folder under `locales/`.
    public static func languages(in source: any DataSource) -> [String] {
        source.files(under: "locales").compactMap { path in
            let parts = path.split(separator: "/")
            return parts.count == 3 ? String(parts[1]) : nil
        }.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
    }

    public static func load(language: String, from source: any DataSource) throws -> Catalog {
        var entries: [String: Entry] = [:]
        for path in source.files(under: "locales/\(language)") {
            let text = try source.text(of: path)
            let root: Node?
            do { root = try Yams.compose(yaml: text) } catch {
                throw CatalogError(file: path, problem: "not valid YAML: \(error)")
            }
            guard let body = root?[language] else {
                throw CatalogError(file: path, problem: "the root key must be `\(language):`")
            }
            try flatten(body, prefix: "", file: path, into: &entries)
        }
        return Catalog(language: language, entries: entries)
    }

    private static func flatten(_ node: Node, prefix: String, file: String, into entries: inout [String: Entry]) throws
    {
        guard let mapping = node.mapping else {
            guard let scalar = node.scalar else {
                throw CatalogError(file: file, problem: "\(prefix): lists are not allowed")
            }
            try add(prefix, .text(scalar.string), file: file, into: &entries)
            return
        }
        let keys = mapping.keys.compactMap(\.string)
        if keys.contains("other"), Set(keys).isSubset(of: pluralCategories) {
            var forms: [String: String] = [:]
            for (key, value) in mapping { forms[key.string ?? ""] = value.scalar?.string ?? "" }
            try add(prefix, .plural(forms), file: file, into: &entries)
            return
        }
        for (key, value) in mapping {
            guard let name = key.string else { continue }
            try flatten(value, prefix: prefix.isEmpty ? name : prefix + "." + name, file: file, into: &entries)
        }
    }

    private static func add(_ key: String, _ entry: Entry, file: String, into entries: inout [String: Entry]) throws {
        guard entries[key] == nil else { throw CatalogError(file: file, problem: "\(key) is defined twice") }
        entries[key] = entry
    }
}

public struct CatalogError: Error, CustomStringConvertible {
    public let file: String
    public let problem: String
    public var description: String { "\(file): locale error: \(problem)" }

    public init(file: String, problem: String) {
        self.file = file
        self.problem = problem
    }
}
