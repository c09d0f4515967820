import ArgumentParser
import FNHardenCore
import FNHardenRender

/// `generate` over many answers files: one folder per app named after
/// app.name, an index of all of them, and a bad file reported and skipped
/// (exit 2 at the end).
struct BatchGeneration {
    let session: Session
    let formats: [ChecklistFormat]
    let snippets: SnippetSelection
    let asOf: String

    /// One answers file read, checked and rendered; nothing reported or written yet.
    private struct Prepared: Sendable {
        var diagnostics: [Diagnostic]
        var warnings: [String] = []
        var app: (checklist: Checklist, files: [(path: String, content: String)])?
    }

    private func prepare(_ path: String) -> Prepared {
        let name = path == "-" ? "<stdin>" : path
        let (result, digest) = session.loadAnswers(from: path, asOf: asOf)
        guard let answers = result.answers else { return Prepared(diagnostics: result.diagnostics, app: nil) }
        var checklist = ChecklistEvaluator.evaluate(answers, knowledgeBase: session.kb, asOf: asOf)
        checklist.answersSHA256 = digest
        let (files, warnings) = ChecklistOutputs(session: session).files(
            checklist, formats: formats,
            snippets: snippets, answersFile: name)
        return Prepared(
            diagnostics: result.diagnostics + checklist.acceptanceWarnings(file: name),
            warnings: warnings, app: (checklist, files))
    }

    /// Each file prepared on its own, on every core: one core falls short of
    /// the 3 s budget for 1,000 answers files (Tests/README.md). Returned in
    /// the order given, so reports and folder names don't depend on timing.
    private func prepareAll(_ paths: [String]) -> [Prepared] {
        paths.concurrentMap(prepare)
    }

    func run(_ paths: [String], into folder: String, force: Bool, failOn: Severity?) throws {
        let outputs = ChecklistOutputs(session: session)
        var files: [(path: String, content: String)] = []
        var apps: [AppIndex.App] = []
        var failed: [AppIndex.Failure] = []
        var folders = FolderNames()
        for (path, prepared) in zip(paths, prepareAll(paths)) {
            session.report(prepared.diagnostics)
            prepared.warnings.forEach(Terminal.error)
            guard let (checklist, appFiles) = prepared.app else {
                failed.append(
                    AppIndex.Failure(source: path, errors: prepared.diagnostics.filter { $0.severity == .error }.count))
                continue
            }
            let appName = checklist.answers.value(of: "app.name").canonical
            let app = folders.unique(appName)
            files += appFiles.map { (app + "/" + $0.path, $0.content) }
            apps.append(AppIndex.App(name: appName, source: path, folder: app, checklist: checklist))
        }
        let index = AppIndex(knowledgeBase: session.kb, localizer: session.l10n)
        files += index.files(apps, failed: failed)
        try outputs.write(files, into: folder, force: force)
        Terminal.error(session.l10n.text("cli.wrote-apps", ["path": folder], count: apps.count))
        if !failed.isEmpty {
            Terminal.error("fnharden: " + session.l10n.text("cli.batch-failed", count: failed.count))
            throw ExitCode(2)
        }
        if let failOn, !apps.filter({ outputs.reportThreshold($0.checklist, failOn, naming: true) }).isEmpty {
            throw ExitCode(1)
        }
    }
}
