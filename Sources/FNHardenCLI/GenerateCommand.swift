import ArgumentParser
import FNHardenCore
import FNHardenRender
import Foundation

/// `fnharden generate`: answers file in, checklist files out, no terminal needed.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write the checklist for an answers file (no questions asked).",
        discussion: """
            Several answers files, or a folder of them, give one folder per app under the output folder, named after \
            app.name, and an index (index.md, index.json) of every app's counts. A bad file is reported and skipped; \
            the run then ends with exit 2 after writing the others.
            """)

    @Option(
        name: .long, parsing: .upToNextOption,
        help: ArgumentHelp(
            "The answers file, several, or a folder of them (*.yaml, *.yml, *.json); - reads standard input.",
            valueName: "FILE"))
    var answers: [String]

    @Flag(name: .long, help: "Print one format to standard output instead of writing files.")
    var stdout = false

    @OptionGroup var out: OutputOptions
    @OptionGroup var gate: FailOnOption

    @OptionGroup var review: ReviewDateOption
    @OptionGroup var common: CommonOptions

    func validate() throws {
        if answers.isEmpty { throw ValidationError("--answers needs a file, several, or a folder") }
        if answers.count > 1 && answers.contains("-") {
            throw ValidationError("--answers - (standard input) stands alone")
        }
        if stdout && answers.count > 1 { throw ValidationError("--stdout prints one app: give one answers file") }
        if stdout && (out.output != nil || out.force) {
            throw ValidationError("--stdout writes to standard output: --output and --force don't apply")
        }
        if stdout && out.snippets.isGiven {
            throw ValidationError("--stdout prints the checklist only: --snippets applies to files")
        }
        if let output = out.output, output.isEmpty || output == "-" {
            throw ValidationError("--output takes a folder; use --stdout to print")
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
        let dialects = out.snippets.dialects
        let files = try AnswersFiles.expand(answers, session)
        if files.count != 1 || files[0] != answers[0] {
            if stdout {
                Terminal.fail(session.l10n.text("cli.stdout-one-app"))
                throw ExitCode(2)
            }
            return try BatchGeneration(session: session, formats: formats, dialects: dialects, asOf: review.date)
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
                checklist, formats: formats, snippets: dialects, answersFile: answersName)
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
