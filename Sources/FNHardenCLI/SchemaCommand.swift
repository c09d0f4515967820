import ArgumentParser
import FNHardenRender

/// `fnharden schema`: the JSON Schema of the answers file, for editors.
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the JSON Schema of the answers file (for editor completion and CI).")

    @OptionGroup var common: CommonOptions

    func run() throws {
        let session = try Session(common)
        Terminal.output(AnswersSchema(knowledgeBase: session.kb, localizer: session.l10n).render())
    }
}
