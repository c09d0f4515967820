import ArgumentParser
import FNHardenCore
import FNHardenL10n
import FNHardenRender
import Foundation
import LineEditing

/// Options of the interview, shared by `fnharden` and `fnharden wizard`.
public struct WizardOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Pre-fill from this answers file; only missing or invalid answers are asked.",
            valueName: "FILE"))
    var answers: String?

    static let defaultSave = "fnharden-answers.yaml"

    @Option(name: .long, help: ArgumentHelp("Where the answers are saved, after every answer.", valueName: "FILE"))
    var save: String = WizardOptions.defaultSave

    @Option(name: .long, help: ArgumentHelp("Folder for the checklist.", valueName: "DIR"))
    var output: String = "fnharden-out"

    @OptionGroup var snippets: SnippetsOption

    @Flag(name: .long, help: "Replace existing output files without asking.")
    var force = false

    @Flag(name: .long, help: "Start over even if the save file holds earlier answers.")
    var fresh = false

    public init() {}
}

/// `fnharden wizard`: the interview.
struct WizardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wizard",
        abstract: "Answer questions about the app and get its checklist (the default on a terminal).",
        discussion: """
            At every prompt: ? or help, back, unknown, summary, quit. Enter accepts the default \
            in brackets; Tab completes values. Answers are saved after each one, so an interrupted \
            interview resumes where it stopped. Without a terminal, answers are read one per line \
            from standard input.
            """)

    @OptionGroup var options: WizardOptions
    @OptionGroup var common: CommonOptions

    func run() throws {
        let session = try Session(common)
        if invokedWithoutSubcommand && !standardInputIsTerminal && options.answers == nil {
            Terminal.error(session.l10n.text("cli.no-terminal"))
            throw ExitCode(2)
        }
        try Wizard(session: session, options: options).run()
    }
}
