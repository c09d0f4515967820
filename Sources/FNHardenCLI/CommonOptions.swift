import ArgumentParser
import FNHardenCore
import FNHardenRender
import Foundation

/// Options every command takes.
public struct CommonOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            CommandLineText.text("cli.help.common.lang"), valueName: CommandLineText.text("cli.help.values.l")))
    public var lang: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            CommandLineText.text("cli.help.common.data-dir"),
            valueName: CommandLineText.text("cli.help.values.dir")))
    public var dataDir: String?

    public init() {}
}

/// The date accepted risks are judged on: `--as-of`, else today (UTC), so
/// the output is the same for the same answers and the same date.
public struct ReviewDateOption: ParsableArguments {
    @Option(
        name: .customLong("as-of"),
        help: ArgumentHelp(
            CommandLineText.text("cli.help.common.as-of"), valueName: CommandLineText.text("cli.help.values.date")))
    var asOf: String?

    public init() {}

    public func validate() throws {
        if let asOf, !AnswersReader.isDate(asOf) { throw CommandLineText.usage("as-of-date") }
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

/// `--snippets LIST`, shared by `generate`, `audit` and the wizard.
public struct SnippetsOption: ParsableArguments {
    @Option(
        name: .customLong("snippets"),
        help: ArgumentHelp(
            CommandLineText.text("cli.help.common.snippets"),
            valueName: CommandLineText.text("cli.help.values.snippets")))
    var lists: [CommaSeparated<SnippetChoice>] = []

    public init() {}

    public func validate() throws {
        let choices = lists.flatMap(\.elements)
        if choices.count > 1 && (choices.contains(.all) || choices.contains(.none)) {
            throw CommandLineText.usage("snippets-alone")
        }
    }

    /// Given at all (`--stdout` writes no snippets).
    var isGiven: Bool { !lists.isEmpty }

    /// The files asked for, in file order whatever the order asked for.
    /// Without `--snippets`: the configuration in every dialect, as the
    /// output folder has always held, and the policy set only where
    /// `policyByDefault` (the interview, which asks what the set should do):
    /// five more files an app would take `generate` over 1,000 answers files
    /// past its 3 s budget (Tests/README.md).
    func selection(policyByDefault: Bool = false) -> SnippetSelection {
        let choices = lists.flatMap(\.elements)
        if choices.isEmpty { return SnippetSelection(dialects: SnippetDialect.allCases, policy: policyByDefault) }
        if choices == [.all] { return SnippetSelection(dialects: SnippetDialect.allCases, policy: true) }
        return SnippetSelection(
            dialects: SnippetDialect.allCases.filter { choices.contains(.dialect($0)) },
            policy: choices.contains(.policy))
    }
}

/// The snippet files to write: the configuration in each dialect, and the
/// Azure Policy set (snippets/policy.*).
struct SnippetSelection: Sendable {
    var dialects: [SnippetDialect]
    var policy: Bool
}

/// A value of `--snippets`.
enum SnippetChoice: Equatable, CaseIterable, ExpressibleByArgument {
    case dialect(SnippetDialect)
    case policy, all, none

    static var allCases: [SnippetChoice] {
        SnippetDialect.allCases.map(SnippetChoice.dialect) + [.policy, .all, .none]
    }

    init?(argument: String) {
        switch argument {
        case "policy": self = .policy
        case "all": self = .all
        case "none": self = .none
        default:
            guard let dialect = SnippetDialect(rawValue: argument) else { return nil }
            self = .dialect(dialect)
        }
    }

    static var allValueStrings: [String] { allCases.map(\.name) }

    var name: String {
        switch self {
        case .dialect(let dialect): return dialect.rawValue
        case .policy: return "policy"
        case .all: return "all"
        case .none: return "none"
        }
    }
}

/// The checklist formats, and the file each is written to.
enum ChecklistFormat: String, CaseIterable, ExpressibleByArgument, Sendable {
    case markdown, json, sarif

    var file: String {
        switch self {
        case .markdown: return "checklist.md"
        case .json: return "checklist.json"
        case .sarif: return "checklist.sarif"
        }
    }
}

/// A comma-separated list of names (`--format markdown,json`); the option
/// may also be repeated. An empty name between commas is skipped; a list of
/// none is refused.
struct CommaSeparated<Element: ExpressibleByArgument>: ExpressibleByArgument {
    let elements: [Element]

    init?(argument: String) {
        var elements: [Element] = []
        for name in argument.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !name.isEmpty
        {
            guard let element = Element(argument: name) else { return nil }
            elements.append(element)
        }
        guard !elements.isEmpty else { return nil }
        self.elements = elements
    }

    static var allValueStrings: [String] { Element.allValueStrings }
    static var defaultCompletionKind: CompletionKind { Element.defaultCompletionKind }
}

/// What `generate` and `audit` write: the folder, the formats, the
/// snippets, and whether existing files may be replaced.
public struct OutputOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            CommandLineText.text("cli.help.common.output"), valueName: CommandLineText.text("cli.help.values.dir")))
    var output: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            CommandLineText.text("cli.help.common.format"),
            valueName: CommandLineText.text("cli.help.values.format")))
    var format: [CommaSeparated<ChecklistFormat>] = []

    @OptionGroup var snippets: SnippetsOption

    @Flag(name: .long, help: ArgumentHelp(CommandLineText.text("cli.help.common.force")))
    var force = false

    public init() {}

    /// The formats asked for, each once, or `fallback`.
    func formats(default fallback: [ChecklistFormat]) -> [ChecklistFormat] {
        format.isEmpty ? fallback : format.flatMap(\.elements).uniqued()
    }

    var folder: String { output ?? "fnharden-out" }
}

/// `--fail-on SEVERITY`, the CI gate, shared by `generate` and `audit`.
public struct FailOnOption: ParsableArguments {
    @Option(
        name: .customLong("fail-on"),
        help: ArgumentHelp(
            CommandLineText.text("cli.help.common.fail-on"),
            valueName: CommandLineText.text("cli.help.values.severity")))
    var severity: Severity?

    public init() {}
}
