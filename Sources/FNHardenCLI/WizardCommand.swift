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
            CommandLineText.text("cli.help.wizard.answers"),
            valueName: CommandLineText.text("cli.help.values.file")))
    var answers: String?

    static let defaultSave = "fnharden-answers.yaml"

    @Option(
        name: .long,
        help: ArgumentHelp(
            CommandLineText.text("cli.help.wizard.save"), valueName: CommandLineText.text("cli.help.values.file")))
    var save: String = WizardOptions.defaultSave

    @Option(
        name: .long,
        help: ArgumentHelp(
            CommandLineText.text("cli.help.wizard.output"), valueName: CommandLineText.text("cli.help.values.dir")))
    var output: String = "fnharden-out"

    @OptionGroup var snippets: SnippetsOption

    @Flag(name: .long, help: ArgumentHelp(CommandLineText.text("cli.help.wizard.force")))
    var force = false

    @Flag(name: .long, help: ArgumentHelp(CommandLineText.text("cli.help.wizard.fresh")))
    var fresh = false

    public init() {}
}

/// `fnharden wizard`: the interview.
struct WizardCommand: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "wizard",
            abstract: CommandLineText.text("cli.help.wizard.abstract"),
            discussion: CommandLineText.text("cli.help.wizard.discussion"))
    }

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
