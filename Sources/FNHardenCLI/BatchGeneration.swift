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

/// `generate` over many answers files: one folder per app named after
/// app.name, an index of all of them, and a bad file reported and skipped
/// (exit 2 at the end).
struct BatchGeneration {
    let session: Session
    let formats: [String]
    let dialects: [SnippetDialect]
    let asOf: String

    func run(_ paths: [String], into folder: String, force: Bool, failOn: Severity?) throws {
        let outputs = ChecklistOutputs(session: session)
        var files: [(path: String, content: String)] = []
        var apps: [AppIndex.App] = []
        var failed: [AppIndex.Failure] = []
        var folders = FolderNames()
        for path in paths {
            let name = path == "-" ? "<stdin>" : path
            let (result, digest) = session.loadAnswers(from: path, asOf: asOf)
            session.report(result.diagnostics)
            guard let answers = result.answers else {
                failed.append(AppIndex.Failure(source: path, errors: result.diagnostics.filter { $0.severity == .error }.count))
                continue
            }
            var checklist = ChecklistEvaluator.evaluate(answers, knowledgeBase: session.kb, asOf: asOf)
            checklist.answersSHA256 = digest
            session.report(checklist.acceptanceWarnings(file: name))
            let appFiles: [(path: String, content: String)]
            do {
                appFiles = try outputs.files(checklist, formats: formats, snippets: dialects, answersFile: name)
            } catch {
                session.report([Diagnostic(file: name, position: nil, message: Message("cli.render-failed"))])
                failed.append(AppIndex.Failure(source: path, errors: 1))
                continue
            }
            let appName = answers.value(of: "app.name").canonical
            let app = folders.unique(appName)
            files += appFiles.map { (app + "/" + $0.path, $0.content) }
            apps.append(AppIndex.App(name: appName, source: path, folder: app, checklist: checklist))
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
