import ArgumentParser
import FNHardenCore
import FNHardenRender
import Foundation

/// `fnharden generate`: answers file in, checklist files out, no terminal needed.
struct GenerateCommand: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "generate",
            abstract: CommandLineText.text("cli.help.generate.abstract"),
            discussion: CommandLineText.text("cli.help.generate.discussion"))
    }

    @Option(
        name: .long, parsing: .upToNextOption,
        help: ArgumentHelp(
            CommandLineText.text("cli.help.generate.answers"),
            valueName: CommandLineText.text("cli.help.values.file")))
    var answers: [String]

    @Flag(name: .long, help: ArgumentHelp(CommandLineText.text("cli.help.generate.stdout")))
    var stdout = false

    @OptionGroup var out: OutputOptions
    @OptionGroup var gate: FailOnOption

    @OptionGroup var review: ReviewDateOption
    @OptionGroup var common: CommonOptions

    func validate() throws {
        if answers.isEmpty { throw CommandLineText.usage("generate-needs-answers") }
        if answers.count > 1 && answers.contains("-") {
            throw CommandLineText.usage("stdin-alone")
        }
        if stdout && answers.count > 1 { throw CommandLineText.usage("stdout-one-app") }
        if stdout && (out.output != nil || out.force) {
            throw CommandLineText.usage("stdout-no-output")
        }
        if stdout && out.snippets.isGiven {
            throw CommandLineText.usage("stdout-no-snippets")
        }
        if let output = out.output, output.isEmpty || output == "-" {
            throw CommandLineText.usage("output-folder-or-stdout")
        }
    }

    func run() throws {
        let session = try Session(common)
        let outputs = ChecklistOutputs(session: session)
        let formats = out.formats(default: stdout ? [.markdown] : ChecklistOutputs.defaultFormats)
        if stdout && formats.count != 1 {
            Terminal.fail(session.l10n.text("cli.stdout-one-format"))
            throw ExitCode(2)
        }
        let snippets = out.snippets.selection()
        let files = try AnswersFiles.expand(answers, session)
        if files.count != 1 || files[0] != answers[0] {
            if stdout {
                Terminal.fail(session.l10n.text("cli.stdout-one-app"))
                throw ExitCode(2)
            }
            return try BatchGeneration(session: session, formats: formats, snippets: snippets, asOf: review.date)
                .run(files, into: out.folder, force: out.force, failOn: gate.severity)
        }
        let (answers, digest) = try session.answers(from: files[0], asOf: review.date)
        var checklist = ChecklistEvaluator.evaluate(answers, knowledgeBase: session.kb, asOf: review.date)
        checklist.answersSHA256 = digest
        session.report(checklist.acceptanceWarnings(file: answersName))
        if stdout {
            Terminal.output(
                outputs.render(formats[0], checklist, answersFile: answersName, plan: outputs.plan(checklist)))
        } else {
            let (files, warnings) = outputs.files(
                checklist, formats: formats, snippets: snippets, answersFile: answersName)
            warnings.forEach(Terminal.error)
            let written = try outputs.write(files, into: out.folder, force: out.force)
            for file in written { Terminal.error(outputs.written(file)) }
        }
        try gate(checklist, session)
    }

    private var answersName: String { answers[0] == "-" ? "<stdin>" : answers[0] }

    /// `--fail-on`: the CI gate. Says which open items tripped it, then exit 1.
    private func gate(_ checklist: Checklist, _ session: Session) throws {
        guard let threshold = gate.severity else { return }
        if ChecklistOutputs(session: session).reportThreshold(checklist, threshold) { throw ExitCode(1) }
    }
}

extension Severity: ExpressibleByArgument {}
