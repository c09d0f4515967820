import ArgumentParser
import FNHardenCore
import FNHardenRender
import Foundation

/// The answers files a run names: files as given, folders as the answers
/// files in them (sorted, not recursive).
enum AnswersFiles {
    static let extensions: Set<String> = ["yaml", "yml", "json"]

    static func expand(_ paths: [String], _ session: Session) throws -> [String] {
        var files: [String] = []
        for path in paths {
            var isFolder: ObjCBool = false
            guard path != "-", FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else {
                files.append(path)
                continue
            }
            let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            let found = names.filter { extensions.contains(($0 as NSString).pathExtension.lowercased()) && !$0.hasPrefix(".") }
                .sorted().map { (path as NSString).appendingPathComponent($0) }
            if found.isEmpty {
                session.report([Diagnostic(file: path, position: nil, message: Message("cli.no-answers-files"))])
                throw ExitCode(2)
            }
            files += found
        }
        return files
    }
}

/// `generate` over many answers files: every app on any core, one folder
/// per app named after app.name, an index of all of them, and a bad file
/// reported and skipped (exit 2 at the end).
struct BatchGeneration {
    let session: Session
    let formats: [String]
    let dialects: [SnippetDialect]
    let asOf: String

    /// One file's outcome, made on any thread.
    struct Outcome: Sendable {
        let diagnostics: [Diagnostic]
        let checklist: Checklist?
        let files: [(path: String, content: FileText)]
    }

    func run(_ paths: [String], into folder: String, force: Bool, failOn: Severity?) throws {
        let outputs = ChecklistOutputs(session: session)
        let (session, formats, dialects, asOf) = (session, formats, dialects, asOf)
        // Apps of one answer shape (all but their names) share a checklist,
        // evaluated once, and its items' JSON, as an audit's apps do.
        let checklists = ShapeMemo<Checklist>()
        let outcomes = parallelMap(paths) { path -> Outcome in
            let (result, digest) = session.loadAnswers(from: path, asOf: asOf)
            guard let answers = result.answers else { return Outcome(diagnostics: result.diagnostics, checklist: nil, files: []) }
            let shape = AnswerShape.key(of: answers.explicit) + "\u{2}" + asOf
            var checklist = checklists.value(shape) {
                var evaluated = ChecklistEvaluator.evaluate(answers, knowledgeBase: session.kb, asOf: asOf)
                evaluated.shapeKey = shape
                return evaluated
            }.forApp(answers)
            checklist.answersSHA256 = digest
            let name = path == "-" ? "<stdin>" : path
            do {
                let files = try outputs.files(checklist, formats: formats, snippets: dialects, answersFile: name,
                                              alone: paths.count == 1)
                return Outcome(diagnostics: result.diagnostics + checklist.acceptanceWarnings(file: name), checklist: checklist,
                               files: files)
            } catch {
                return Outcome(diagnostics: result.diagnostics + [Diagnostic(file: name, position: nil,
                                                                             message: Message("cli.render-failed"))],
                               checklist: nil, files: [])
            }
        }
        var files: [(path: String, content: FileText)] = []
        var apps: [AppIndex.App] = []
        var failed: [AppIndex.Failure] = []
        var folders = FolderNames()
        for (path, outcome) in zip(paths, outcomes) {
            session.report(outcome.diagnostics)
            guard let checklist = outcome.checklist else {
                failed.append(AppIndex.Failure(source: path, errors: outcome.diagnostics.filter { $0.severity == .error }.count))
                continue
            }
            let name = checklist.answers.value(of: "app.name").canonical
            let app = folders.unique(name)
            files += outcome.files.map { (app + "/" + $0.path, $0.content) }
            apps.append(AppIndex.App(name: name, source: path, folder: app, checklist: checklist))
        }
        let index = AppIndex(knowledgeBase: session.kb, localizer: session.l10n)
        files += try index.files(apps, failed: failed)
        try outputs.write(files, into: folder, force: force)
        Terminal.error(session.l10n.text("cli.wrote-apps", ["count": String(apps.count), "path": folder]))
        if !failed.isEmpty {
            Terminal.error("fnharden: " + session.l10n.text("cli.batch-failed", count: failed.count))
            throw ExitCode(2)
        }
        if let failOn, !apps.filter({ outputs.reportThreshold($0.checklist, failOn, naming: true) }).isEmpty {
            throw ExitCode(1)
        }
    }
}
