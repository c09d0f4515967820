import ArgumentParser
import FNHardenCore
import FNHardenRender
import Foundation

/// `fnharden diff OLD NEW`: what changed between two reviews.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare two checklist.json files: newly done, open again, accepted, expired, added, removed.",
        discussion: "Exit 1 with --fail-on-regression when an item that was done is open again.")

    @Argument(help: ArgumentHelp("The earlier checklist.json.", valueName: "OLD"))
    var old: String

    @Argument(help: ArgumentHelp("The later checklist.json.", valueName: "NEW"))
    var new: String

    enum Format: String, ExpressibleByArgument, CaseIterable { case markdown, json }

    @Option(name: .long, help: "markdown (for a review comment) or json (for tools).")
    var format: Format = .markdown

    @Flag(name: .long, help: "Exit 1 when something that was done is open again.")
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
