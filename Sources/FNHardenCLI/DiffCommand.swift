import ArgumentParser
import FNHardenCore
import FNHardenRender
import Foundation

/// `fnharden diff OLD NEW`: what changed between two reviews.
struct DiffCommand: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "diff",
            abstract: CommandLineText.text("cli.help.diff.abstract"),
            discussion: CommandLineText.text("cli.help.diff.discussion"))
    }

    @Argument(
        help: ArgumentHelp(
            CommandLineText.text("cli.help.diff.old"), valueName: CommandLineText.text("cli.help.values.old")))
    var old: String

    @Argument(
        help: ArgumentHelp(
            CommandLineText.text("cli.help.diff.new"), valueName: CommandLineText.text("cli.help.values.new")))
    var new: String

    enum Format: String, ExpressibleByArgument, CaseIterable { case markdown, json }

    @Option(
        name: .long,
        help: ArgumentHelp(
            CommandLineText.text("cli.help.diff.format"), valueName: CommandLineText.text("cli.help.values.format")))
    var format: Format = .markdown

    @Flag(name: .long, help: ArgumentHelp(CommandLineText.text("cli.help.diff.fail-on-regression")))
    var failOnRegression = false

    @OptionGroup var common: CommonOptions

    func run() throws {
        let session = try Session(common)
        let before = try document(old, session)
        let after = try document(new, session)
        let diff = ChecklistDiff(old: before, new: after)
        Terminal.output(format == .json ? diff.json() : diff.markdown(session.l10n))
        if failOnRegression && diff.hasRegression { throw ExitCode(1) }
    }

    private func document(_ path: String, _ session: Session) throws -> ChecklistDiff.Document {
        let problem: Message
        switch AnswersInput.read(path) {
        case .success(let data):
            switch ChecklistDiff.Document.parse(data) {
            case .success(let document): return document
            case .failure(let message): problem = message
            }
        case .failure(let message): problem = message
        }
        session.report([Diagnostic(file: path, position: nil, message: problem)])
        throw ExitCode(2)
    }
}
