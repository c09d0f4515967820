import ArgumentParser
import FNHardenAudit
import FNHardenCore
import FNHardenRender
import Foundation

/// The files a checklist run produces, shared by `generate` and the wizard:
/// rendering by format, then writing all or nothing with the usual messages.
struct ChecklistOutputs: Sendable {
    static let defaultFormats: [ChecklistFormat] = [.markdown, .json]

    let session: Session

    /// The settings the snippets write for the checklist, and with which
    /// values; nil while the hosting plan or OS is unknown.
    func plan(_ checklist: Checklist) -> SnippetPlan? {
        try? SnippetPlanner.plan(checklist, knowledgeBase: session.kb).get()
    }

    /// The snippets in each dialect, or the warning that says why there are none.
    func snippets(_ plan: SnippetPlan?, dialects: [SnippetDialect]) -> (snippets: [RenderedSnippet], warning: String?) {
        guard !dialects.isEmpty else { return ([], nil) }
        guard let plan else { return ([], "fnharden: warning: " + session.l10n.text("cli.snippets-need-hosting")) }
        return (dialects.map { $0.render(plan, localizer: session.l10n) }, nil)
    }

    func render(
        _ format: ChecklistFormat, _ checklist: Checklist, answersFile: String, plan: SnippetPlan?,
        snippets: [RenderedSnippet] = [], audit: AuditTrail? = nil
    ) -> String {
        let (kb, l10n) = (session.kb, session.l10n)
        switch format {
        case .json: return ChecklistJSON(knowledgeBase: kb, localizer: l10n, plan: plan, audit: audit).render(checklist)
        case .sarif:
            return ChecklistSARIF(knowledgeBase: kb, localizer: l10n, answersFile: answersFile, audit: audit).render(
                checklist)
        case .markdown:
            return ChecklistMarkdown(knowledgeBase: kb, localizer: l10n, snippets: snippets, audit: audit).render(
                checklist)
        }
    }

    /// The checklist files, the snippets and the normalised answers, in the
    /// order they are listed, and the warnings to show with them (returned,
    /// not shown, so that a batch shows each app's in the order given).
    /// For an audit, `audit` is what the checklists show of it, and
    /// `answersYAML` replaces the normalised answers (annotated).
    func files(
        _ checklist: Checklist, formats: [ChecklistFormat], snippets selection: SnippetSelection,
        answersFile: String, audit: AuditTrail? = nil, answersYAML: String? = nil
    )
        -> (files: [(path: String, content: String)], warnings: [String])
    {
        let plan = plan(checklist)
        var (snippets, warning) = snippets(plan, dialects: selection.dialects)
        var files: [(path: String, content: String)] = []
        for format in formats {
            let text = render(format, checklist, answersFile: answersFile, plan: plan, snippets: snippets, audit: audit)
            files.append((format.file, text))
        }
        files += snippets.map { ($0.dialect.file, $0.text) }
        if selection.policy {
            if let policy = PolicyPlanner.plan(checklist, knowledgeBase: session.kb) {
                files += PolicySnippets(knowledgeBase: session.kb, localizer: session.l10n).render(policy)
            } else if warning == nil {
                warning = "fnharden: warning: " + session.l10n.text("cli.snippets-need-hosting")
            }
        }
        files.append(
            (
                "answers.yaml",
                answersYAML
                    ?? AnswersYAML(knowledgeBase: session.kb, localizer: session.l10n).render(checklist.answers)
            ))
        return (files, warning.map { [$0] } ?? [])
    }

    /// `--fail-on`: says which open items reach the threshold. True when any does.
    /// `naming` puts the app's name first, for runs over several apps.
    func reportThreshold(_ checklist: Checklist, _ threshold: Severity, naming: Bool = false) -> Bool {
        let tripped = checklist.entries.filter { $0.status == .todo && $0.item.severity <= threshold }
        guard !tripped.isEmpty else { return false }
        let l10n = session.l10n
        var heading = l10n.text(
            "cli.fail-on", ["severity": l10n.text("severity.\(threshold.rawValue)")], count: tripped.count)
        if naming { heading = checklist.answers.value(of: "app.name").canonical + ": " + heading }
        Terminal.error(heading)
        for entry in tripped.sortedBySeverity() {
            Terminal.error(
                "  " + entry.item.id + " (" + l10n.text("severity.\(entry.item.severity.rawValue)") + ") "
                    + l10n.text("items.\(entry.item.id).title"))
        }
        return true
    }

    /// Writes into `folder`, refusing to replace files unless `force`.
    /// Returns each path and whether it was left unchanged (it held the
    /// same bytes); problems are reported and end with exit 2.
    @discardableResult
    func write(
        _ files: [(path: String, content: String)], into folder: String, force: Bool
    ) throws
        -> [(path: String, unchanged: Bool)]
    {
        let outputs = OutputFiles(folder: URL(fileURLWithPath: folder), files: files)
        let unchanged: Set<String>
        do {
            try outputs.check(force: force)
            unchanged = try outputs.write()
        } catch {
            report(error)
            throw ExitCode(2)
        }
        let base = folder.hasSuffix("/") ? folder : folder + "/"
        return files.map { (base + $0.path, unchanged.contains($0.path)) }
    }

    /// `wrote PATH`, or `unchanged PATH` for a file that already held those bytes.
    func written(_ file: (path: String, unchanged: Bool)) -> String {
        session.l10n.text(file.unchanged ? "cli.unchanged" : "cli.wrote", ["path": file.path])
    }

    func report(_ problem: OutputFiles.Problem) {
        let l10n = session.l10n
        switch problem {
        case .exists(let paths):
            for path in paths { Terminal.fail(l10n.text("cli.refuse-overwrite", ["path": path])) }
        case .notFolder(let path):
            Terminal.fail(l10n.text("cli.output-not-folder", ["path": path]))
        case .write(let path, let reason):
            Terminal.fail(l10n.text("cli.write-failed", ["path": path, "problem": reason]))
        }
    }
}
