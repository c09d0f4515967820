import ArgumentParser
import FNHardenL10n
import Foundation

/// Text for the command line itself (help, usage errors) in the reader's
/// language, which has to be known before the arguments are parsed: `--lang`
/// wherever it is given, else `FNHARDEN_LANG`, `LANGUAGE`, `LC_ALL`,
/// `LC_MESSAGES` and `LANG`. Commands read the same choice again from their
/// parsed options, and take this localizer when it agrees.
enum CommandLineText {
    static let arguments = Array(CommandLine.arguments.dropFirst())
    static let flag = value(of: "--lang")
    static let dataDirectory = value(of: "--data-dir")

    /// The reader's localizer, or the problem reading its catalogues.
    static let loaded: Result<Localizer, any Error> = Result {
        let environment = ProcessInfo.processInfo.environment
        let data = DataStore(dataDirectory: dataDirectory, environment: environment)
        let choice = LanguageChoice.resolve(flag: flag, environment: environment, available: data.languages)
        return try makeLocalizer(language: choice.language, data: data)
    }

    /// The localizer for help and usage errors: a data folder that can't be
    /// read is reported by the command, and these fall back to the built-in
    /// English meanwhile.
    static var localizer: Localizer {
        if case .success(let localizer) = loaded { return localizer }
        return builtInEnglish
    }

    static let builtInEnglish: Localizer = {
        let english = (try? DataStore.compiled.catalog("en")) ?? Catalog(language: "en", entries: [:])
        return Localizer(catalog: english, fallback: nil)
    }()

    /// `language` with English behind it; a key a catalogue lacks is
    /// reported once.
    static func makeLocalizer(language: String, data: DataStore) throws -> Localizer {
        // English is read once: it is the fallback and it reports what a translation lacks.
        let englishCatalog = try data.catalog("en")
        let english = Localizer(catalog: englishCatalog, fallback: nil) { key, _ in
            // The catalogue itself lacks the key: nothing to translate this with.
            Terminal.error("fnharden: warning: locales/en has no text for `\(key)`")
        }
        guard language != "en" else { return english }
        let catalog = try data.catalog(language)
        return Localizer(catalog: catalog, fallback: englishCatalog) { key, language in
            Terminal.error("fnharden: " + english.text("cli.missing-key", ["key": key, "language": language]))
        }
    }

    static func text(_ key: String, _ arguments: [String: String] = [:]) -> String {
        localizer.text(key, arguments)
    }

    /// A usage error in the reader's language.
    static func usage(_ key: String, _ arguments: [String: String] = [:]) -> ValidationError {
        ValidationError(text("cli.usage.\(key)", arguments))
    }

    /// The value of `--name VALUE` or `--name=VALUE`, the last one given,
    /// before a `--` that ends the options.
    static func value(of name: String) -> String? {
        var found: String?
        var index = 0
        while index < arguments.count, arguments[index] != "--" {
            let word = arguments[index]
            if word == name, index + 1 < arguments.count {
                found = arguments[index + 1]
                index += 1
            } else if word.hasPrefix(name + "=") {
                found = String(word.dropFirst(name.count + 1))
            }
            index += 1
        }
        return found
    }
}

extension CommandLineText {
    /// swift-argument-parser writes its help and usage errors in English;
    /// these are its phrases, each with the catalogue key that says it in the
    /// reader's language (`cli.parser.*`). The captured parts (option names,
    /// values, commands) are kept as they are.
    static var parserPhrases: [(pattern: Regex<AnyRegexOutput>, key: String)] {
        [
            (#"^Error: "#, "error"),
            (#"Unknown option '([^']*)'\. Did you mean '([^']*)'\?"#, "unknown-option-suggest"),
            (#"Unknown option '([^']*)'"#, "unknown-option"),
            (#"Missing value for '([^']*)'"#, "missing-value"),
            (#"(\d+) unexpected arguments: '([^']*)'"#, "unexpected-arguments"),
            (#"Unexpected argument '([^']*)'"#, "unexpected-argument"),
            (#"Missing expected argument '([^']*)'"#, "missing-argument"),
            (#"The value '([^']*)' is invalid for '([^']*)'"#, "invalid-value"),
            (#"\. Please provide one of ([^\n]*) or ('[^'\n]*')\."#, "provide-one-of-list"),
            (#"\. Please provide one of ([^\n]*)\."#, "provide-one-of"),
            (#"^Usage: "#, "usage"),
            (#"^Help: "#, "help"),
            (#"See '([^']*) --help' for more information\."#, "see-help"),
            (#"See '([^']*) <subcommand>' for detailed help\."#, "see-subcommand-help"),
            (#"^OVERVIEW: "#, "overview"),
            (#"^USAGE: "#, "usage-heading"),
            (#"^ARGUMENTS:$"#, "arguments"),
            (#"^OPTIONS:$"#, "options"),
            (#"^SUBCOMMANDS:$"#, "subcommands"),
            // The help wraps anywhere, after the colon too.
            (#"\(values:\s+([^;)]*);\s+default:\s+([^)]*)\)"#, "values-default"),
            (#"\(values:\s+([^)]*)\)"#, "values"),
            (#"\(default:\s+([^)]*)\)"#, "default"),
            (#"^(\s+\S+) \(default\)"#, "default-subcommand"),
            (#"(fnharden) <subcommand>"#, "subcommand"),
            (#"Show help information\."#, "show-help"),
            (#"Show the version\."#, "show-version"),
        ].compactMap { pattern, key in
            (try? Regex(pattern)).map { ($0.anchorsMatchLineEndings(), key) }
        }
    }

    /// Help or a usage error from swift-argument-parser, in the reader's
    /// language. English is left byte for byte as the library writes it.
    static func localized(parserText text: String) -> String {
        // A completion script or the help's JSON dump is for the shell, not a reader.
        let forTools = arguments.contains {
            $0.hasPrefix("--generate-completion-script") || $0.hasPrefix("--experimental-dump-help")
        }
        guard localizer.language != "en", !forTools else { return text }
        var result = text
        for (pattern, key) in parserPhrases {
            result = result.replacing(pattern) { match in
                var arguments: [String: String] = [:]
                for index in 1..<match.output.count {
                    arguments["\(index)"] = match.output[index].substring.map(String.init) ?? ""
                }
                return localizer.text("cli.parser.\(key)", arguments)
            }
        }
        return result
    }
}
