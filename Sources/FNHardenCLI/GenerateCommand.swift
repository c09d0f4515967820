import ArgumentParser
import FNHardenCore
import FNHardenRender
import Foundation

/// `fnharden generate`: answers file in, checklist files out, no terminal needed.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write the checklist for an answers file (no questions asked).")

    @Option(name: .long, help: ArgumentHelp("The answers file; - reads standard input.", valueName: "FILE"))
    var answers: String

    @Option(name: .long, help: ArgumentHelp("Folder to write into (default: fnharden-out).", valueName: "DIR"))
    var output: String?

    @Flag(name: .long, help: "Print one format to standard output instead of writing files.")
    var stdout = false

    @Option(name: .long, help: ArgumentHelp("Formats, comma-separated: markdown, json.", valueName: "LIST"))
    var format: String?

    @Flag(name: .long, help: "Replace files that already exist.")
    var force = false

    @OptionGroup var common: CommonOptions

    func validate() throws {
        if stdout && (output != nil || force) {
            throw ValidationError("--stdout writes to standard output: --output and --force don't apply")
        }
        if let output, output.isEmpty || output == "-" {
            throw ValidationError("--output takes a folder; use --stdout to print")
        }
        if let format, format.split(separator: ",").allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            throw ValidationError("--format needs at least one of: markdown, json")
        }
    }

    func run() throws {
        let session = try Session(common)
        let outputs = ChecklistOutputs(session: session)
        let formats = try outputs.formats(from: format, default: stdout ? ["markdown"] : ChecklistOutputs.defaultFormats)
        if stdout && formats.count != 1 {
            Terminal.error("fnharden: error: " + session.l10n.text("cli.stdout-one-format"))
            throw ExitCode(2)
        }
        let answers = try session.answers(from: self.answers)
        let checklist = ChecklistEvaluator.evaluate(answers, knowledgeBase: session.kb)
        if stdout {
            Terminal.output(try outputs.render(formats[0], checklist))
            return
        }
        let written = try outputs.write(try outputs.files(checklist, formats: formats), into: output ?? "fnharden-out",
                                        force: force)
        for path in written { Terminal.error(session.l10n.text("cli.wrote", ["path": path])) }
    }
}
