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

    @Option(name: .long, help: ArgumentHelp("Folder to write into.", valueName: "DIR"))
    var output: String = "fnharden-out"

    @Flag(name: .long, help: "Print one format to standard output instead of writing files.")
    var stdout = false

    @Option(name: .long, help: ArgumentHelp("Formats, comma-separated: markdown, json.", valueName: "LIST"))
    var format: String?

    @Flag(name: .long, help: "Replace files that already exist.")
    var force = false

    @OptionGroup var common: CommonOptions

    /// Format name -> file name.
    static let formats: [(name: String, file: String)] = [("markdown", "checklist.md"), ("json", "checklist.json")]

    func run() throws {
        let session = try Session(common)
        let formats = try chosenFormats(session)
        let answers = try session.answers(from: self.answers)
        let checklist = ChecklistEvaluator.evaluate(answers, knowledgeBase: session.kb)
        var rendered: [(path: String, content: String)] = []
        for format in formats {
            let file = Self.formats.first { $0.name == format }?.file ?? format
            rendered.append((file, try render(format, checklist, session)))
        }
        if stdout {
            Terminal.output(rendered.first?.content ?? "")
            return
        }
        rendered.append(("answers.yaml", AnswersYAML(knowledgeBase: session.kb, localizer: session.l10n).render(answers)))
        let outputs = OutputFiles(folder: URL(fileURLWithPath: output), files: rendered)
        do {
            try outputs.check(force: force)
            try outputs.write()
        } catch {
            switch error {
            case .exists(let paths):
                for path in paths { Terminal.error("fnharden: error: " + session.l10n.text("cli.refuse-overwrite", ["path": path])) }
            case .notFolder(let path):
                Terminal.error("fnharden: error: " + session.l10n.text("cli.output-not-folder", ["path": path]))
            case .write(let path, let reason):
                Terminal.error("fnharden: error: " + session.l10n.text("cli.write-failed", ["path": path, "problem": reason]))
            }
            throw ExitCode(2)
        }
        for file in rendered {
            Terminal.error(session.l10n.text("cli.wrote", ["path": (output as NSString).appendingPathComponent(file.path)]))
        }
    }

    private func chosenFormats(_ session: Session) throws -> [String] {
        let requested = (format ?? (stdout ? "markdown" : "markdown,json"))
            .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let known = Self.formats.map(\.name)
        for name in requested where !known.contains(name) {
            Terminal.error("fnharden: error: " + session.l10n.text("cli.unknown-format", [
                "format": name, "allowed": known.joined(separator: ", "),
            ]))
            throw ExitCode(2)
        }
        if stdout && requested.count != 1 {
            Terminal.error("fnharden: error: " + session.l10n.text("cli.stdout-one-format"))
            throw ExitCode(2)
        }
        return requested.uniqued()
    }

    private func render(_ format: String, _ checklist: Checklist, _ session: Session) throws -> String {
        switch format {
        case "json": return try ChecklistJSON(knowledgeBase: session.kb, localizer: session.l10n).render(checklist)
        default: return ChecklistMarkdown(knowledgeBase: session.kb, localizer: session.l10n).render(checklist)
        }
    }
}
