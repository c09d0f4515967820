import ArgumentParser
import FNHardenCore
import Foundation

/// Options every command takes.
public struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Language of the output (en, el, ...).", valueName: "L"))
    public var lang: String?

    @Option(name: .long, help: ArgumentHelp(
        "Read checklists/ and locales/ from DIR instead of the built-in copy (also FNHARDEN_DATA_DIR).",
        valueName: "DIR"))
    public var dataDir: String?

    public init() {}
}

/// The date accepted risks are judged on: `--as-of`, else today (UTC), so
/// the output is the same for the same answers and the same date.
public struct ReviewDateOption: ParsableArguments {
    @Option(name: .customLong("as-of"), help: ArgumentHelp(
        "Judge accepted risks as of this date (YYYY-MM-DD; default: today).", valueName: "DATE"))
    var asOf: String?

    public init() {}

    public func validate() throws {
        if let asOf, !AnswersReader.isDate(asOf) { throw ValidationError("--as-of takes a date such as 2026-11-29") }
    }

    var date: String { asOf ?? today() }
}

/// Today's date in UTC, YYYY-MM-DD.
func today() -> String {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
    let parts = calendar.dateComponents([.year, .month, .day], from: Date())
    return String(format: "%04d-%02d-%02d", parts.year ?? 1970, parts.month ?? 1, parts.day ?? 1)
}

/// `--snippets LIST`, shared by `generate` and the wizard.
public struct SnippetsOption: ParsableArguments {
    @Option(name: .customLong("snippets"), help: ArgumentHelp(
        "Snippets to write, comma-separated: bicep, arm, terraform, azcli; or all (the default) or none.",
        valueName: "LIST"))
    var list: String?

    public init() {}
}

/// `--fail-on SEVERITY`, the CI gate, shared by `generate` and `audit`.
public struct FailOnOption: ParsableArguments {
    @Option(name: .customLong("fail-on"), help: ArgumentHelp(
        "Exit 1 when an item at or above this severity is open (critical, high, medium, low); files are still written.",
        valueName: "SEVERITY"))
    var severity: Severity?

    public init() {}
}
