import Foundation

/// Which language to speak: `--lang`, then FNHARDEN_LANG, LANGUAGE, LC_ALL,
/// LC_MESSAGES, LANG (Foundation's Locale ignores these on Linux).
public enum LanguageChoice {
    public struct Result: Equatable, Sendable {
        public let language: String
        /// Set when the requested language isn't available (English is used).
        public let unavailable: String?

        public init(language: String, unavailable: String?) {
            self.language = language
            self.unavailable = unavailable
        }
    }

    public static func resolve(flag: String?, environment: [String: String], available: [String]) -> Result {
        let requested = candidates(flag: flag, environment: environment).first
        guard let requested else { return Result(language: "en", unavailable: nil) }
        if available.contains(requested) { return Result(language: requested, unavailable: nil) }
        return Result(language: "en", unavailable: requested)
    }

    /// Requested languages in priority order, normalised (`el_GR.UTF-8` -> `el`).
    static func candidates(flag: String?, environment: [String: String]) -> [String] {
        var result: [String] = []
        if let flag, let language = normalise(flag) { result.append(language) }
        if let value = environment["FNHARDEN_LANG"], let language = normalise(value) { result.append(language) }
        // LANGUAGE is a colon list, ignored when the locale is C (as gettext does).
        let locale =
            environment["LC_ALL"].flatMap(nonEmpty) ?? environment["LC_MESSAGES"].flatMap(nonEmpty)
            ?? environment["LANG"].flatMap(nonEmpty)
        if let list = environment["LANGUAGE"], let locale, !isC(locale) {
            result += list.split(separator: ":").compactMap { normalise(String($0)) }
        }
        if let locale, let language = normalise(locale) { result.append(language) }
        return result
    }

    private static func nonEmpty(_ value: String) -> String? { value.isEmpty ? nil : value }

    private static func isC(_ value: String) -> Bool {
        let base = value.split(separator: ".").first.map(String.init) ?? value
        return base == "C" || base == "POSIX"
    }

    /// `el_GR.UTF-8@euro` -> `el`; `C`, `POSIX` -> `en`; empty -> nil.
    static func normalise(_ value: String) -> String? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return nil }
        if isC(trimmed) { return "en" }
        let language = trimmed.prefix { $0 != "_" && $0 != "." && $0 != "@" && $0 != "-" }.lowercased()
        return language.isEmpty ? nil : language
    }
}
