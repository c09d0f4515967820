import ArgumentParser
import FNHardenRender

/// `fnharden schema`: the JSON Schema of the answers file, for editors.
struct SchemaCommand: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "schema",
            abstract: CommandLineText.text("cli.help.schema.abstract"))
    }

    @OptionGroup var common: CommonOptions

    func run() throws {
        let session = try Session(common)
        Terminal.output(AnswersSchema(knowledgeBase: session.kb, localizer: session.l10n).render())
    }
}
