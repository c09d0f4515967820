import ArgumentParser
import FNHardenCore

/// `fnharden validate`: check answers files, report every problem, change nothing.
struct ValidateCommand: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "validate",
            abstract: CommandLineText.text("cli.help.validate.abstract"))
    }

    @Argument(
        help: ArgumentHelp(
            CommandLineText.text("cli.help.validate.files"), valueName: CommandLineText.text("cli.help.values.file")))
    var files: [String]

    @OptionGroup var review: ReviewDateOption
    @OptionGroup var common: CommonOptions

    func validate() throws {
        if files.isEmpty { throw CommandLineText.usage("validate-needs-file") }
    }

    func run() throws {
        let session = try Session(common)
        var failed = 0
        for file in files {
            let result = session.loadAnswers(from: file, asOf: review.date).result
            session.report(result.diagnostics)
            if let answers = result.answers {
                let checklist = ChecklistEvaluator.evaluate(answers, knowledgeBase: session.kb, asOf: review.date)
                session.report(checklist.acceptanceWarnings(file: file == "-" ? "<stdin>" : file))
            }
            if result.answers == nil {
                failed += 1
            } else {
                Terminal.output(session.l10n.text("cli.valid", ["file": file == "-" ? "<stdin>" : file]) + "\n")
            }
        }
        if failed > 0 {
            Terminal.error(session.l10n.text("cli.invalid-files", count: failed))
            throw ExitCode(2)
        }
    }
}
