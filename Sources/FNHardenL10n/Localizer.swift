import FNHardenData
import Foundation

/// Looks up human text: the chosen language, then English, then the key
/// itself; each missing key is reported once (to standard error, by the CLI).
public struct Localizer: Sendable {
    public let language: String
    let catalog: Catalog
    let fallback: Catalog?
    let missing: MissingKeys

    public init(
        catalog: Catalog, fallback: Catalog?, onMissing: @escaping @Sendable (String, String) -> Void = { _, _ in }
    ) {
        self.language = catalog.language
        self.catalog = catalog
        self.fallback = fallback
        self.missing = MissingKeys(report: onMissing)
    }

    /// Loads `language` with English behind it.
    public static func load(
        language: String, from source: any DataSource,
        onMissing: @escaping @Sendable (String, String) -> Void = { _, _ in }
    ) throws -> Localizer {
        let catalog = try Catalog.load(language: language, from: source)
        let english = language == "en" ? nil : try Catalog.load(language: "en", from: source)
        return Localizer(catalog: catalog, fallback: english, onMissing: onMissing)
    }

    public func has(_ key: String) -> Bool { catalog.entries[key] != nil || fallback?.entries[key] != nil }

    /// The text for `key` with `%{name}` placeholders filled; `count` picks
    /// the plural form and is available as `%{count}`.
    public func text(_ key: String, _ arguments: [String: String] = [:], count: Int? = nil) -> String {
        let entry: Catalog.Entry
        if let found = catalog.entries[key] {
            entry = found
        } else if let found = fallback?.entries[key] {
            missing.note(key, language)
            entry = found
        } else {
            missing.note(key, language)
            return key
        }
        var arguments = arguments
        let template: String
        switch entry {
        case .text(let text):
            template = text
        case .plural(let forms):
            let number = count ?? 0
            arguments["count"] = arguments["count"] ?? String(number)
            template = forms[PluralRules.category(for: number, language: language)] ?? forms["other"] ?? ""
        }
        return Self.interpolate(template, arguments)
    }

    /// `%{name}` -> arguments[name]; an unknown name stays as written so
    /// that a mistake shows instead of vanishing. One pass, so a value that
    /// itself holds `%{...}` is left as it is.
    static func interpolate(_ template: String, _ arguments: [String: String]) -> String {
        // On the UTF-8 bytes: every sentence of every output comes through
        // here, and a search by Characters or with Foundation's range(of:)
        // takes `generate` over 1,000 answers files past its 3 s budget
        // (Tests/README.md).
        let bytes = Array(template.utf8)
        var result: [UInt8] = []
        var copied = 0
        var index = 0
        while index + 1 < bytes.count {
            guard bytes[index] == UInt8(ascii: "%"), bytes[index + 1] == UInt8(ascii: "{"),
                let close = bytes[(index + 2)...].firstIndex(of: UInt8(ascii: "}"))
            else {
                index += 1
                continue
            }
            result += bytes[copied..<index]
            if let value = arguments[String(decoding: bytes[(index + 2)..<close], as: UTF8.self)] {
                result += value.utf8
            } else {
                result += bytes[index...close]
            }
            index = close + 1
            copied = index
        }
        guard copied > 0 else { return template }
        result += bytes[copied...]
        return String(decoding: result, as: UTF8.self)
    }
}

/// CLDR plural categories for the languages we ship (en, el: `one` for
/// exactly 1, `other` otherwise), `other` for any language not listed.
public enum PluralRules {
    public static func category(for number: Int, language: String) -> String {
        switch language {
        case "en", "el": return number == 1 ? "one" : "other"
        default: return "other"
        }
    }

    /// The categories a language's plural entries must have.
    public static func categories(for language: String) -> [String] {
        switch language {
        case "en", "el": return ["one", "other"]
        default: return ["other"]
        }
    }
}

/// Remembers which keys were reported, so each is reported once.
final class MissingKeys: @unchecked Sendable {
    private let lock = NSLock()
    private var seen = Set<String>()
    private let report: @Sendable (String, String) -> Void

    init(report: @escaping @Sendable (String, String) -> Void) { self.report = report }

    func note(_ key: String, _ language: String) {
        lock.lock()
        let isNew = seen.insert(key).inserted
        lock.unlock()
        if isNew { report(key, language) }
    }
}
