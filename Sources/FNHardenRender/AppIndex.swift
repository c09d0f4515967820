import FNHardenAudit
import FNHardenCore
import FNHardenL10n

/// The index of a run over many apps (`generate` with several answers
/// files, `audit` of a source with several apps): each app's counts and
/// folder, and the files that failed.
public struct AppIndex: Sendable {
    public struct App: Sendable {
        public let name: String
        /// The answers file or configuration source the app came from.
        public let source: String
        /// The app's folder, relative to the index.
        public let folder: String
        public let checklist: Checklist
        public let audit: AuditTrail?

        public init(name: String, source: String, folder: String, checklist: Checklist, audit: AuditTrail? = nil) {
            self.name = name
            self.source = source
            self.folder = folder
            self.checklist = checklist
            self.audit = audit
        }
    }

    public struct Failure: Sendable {
        public let source: String
        public let errors: Int

        public init(source: String, errors: Int) {
            self.source = source
            self.errors = errors
        }
    }

    let kb: KnowledgeBase
    let l10n: Localizer

    public init(knowledgeBase: KnowledgeBase, localizer: Localizer) {
        self.kb = knowledgeBase
        self.l10n = localizer
    }

    /// `index.md` and `index.json`.
    public func files(_ apps: [App], failed: [Failure]) -> [(path: String, content: String)] {
        [("index.md", markdown(apps, failed: failed)), ("index.json", json(apps, failed: failed))]
    }

    public func json(_ apps: [App], failed: [Failure]) -> String {
        JSONOutput.encode(
            JSONValue.object([
                "format": .string("fnharden.index/1"),
                "generator": .object([
                    "name": .string("fnharden"), "version": .string(Version.fnharden),
                    "knowledge-base": .string(kb.version),
                ]),
                "summary": .object([
                    "apps": .integer(apps.count),
                    "failed": .integer(failed.count),
                    "todo": .integer(apps.reduce(0) { $0 + $1.checklist.count(.todo) }),
                ]),
                "apps": .array(
                    apps.map { app in
                        var counts: JSONObject = [:]
                        for status in Status.allCases {
                            counts[status.rawValue] = .integer(app.checklist.count(status))
                        }
                        var open: JSONObject = [:]
                        for severity in Severity.allCases {
                            open[severity.rawValue] = .integer(app.checklist.count(.todo, severity))
                        }
                        let answers = app.checklist.answers
                        return .object([
                            "name": .string(app.name), "source": .string(app.source), "folder": .string(app.folder),
                            "plan": .string(answers.plan.canonical), "os": .string(answers.os.canonical),
                            "summary": .object(
                                counts.merging([
                                    "total": .integer(app.checklist.entries.count),
                                    "todo-by-severity": .object(open),
                                ]) { first, _ in first }),
                            "drift": .integer(app.audit?.drift.count ?? 0),
                        ])
                    }),
                "failed": .array(
                    failed.map { .object(["source": .string($0.source), "errors": .integer($0.errors)]) }),
            ]))
    }

    public func markdown(_ apps: [App], failed: [Failure]) -> String {
        var blocks = ["# " + l10n.text("index.title", count: apps.count)]
        blocks.append(l10n.text("index.intro", ["version": Version.fnharden, "kb": kb.version]))
        let drift = apps.contains { $0.audit?.statedAnswers != nil }
        var header =
            [l10n.text("index.app"), l10n.text("index.plan")]
            + [Status.done, .todo, .accepted, .notApplicable, .unsupported]
            .map { l10n.text("status.\($0.rawValue)") } + [l10n.text("index.open-critical-high")]
        if drift { header.append(l10n.text("index.drift")) }
        var rows = [
            "| " + header.joined(separator: " | ") + " |",
            "| --- | --- |" + String(repeating: " ---: |", count: header.count - 2),
        ]
        for app in apps {
            let checklist = app.checklist
            let answers = checklist.answers
            let link = "[" + Markdown.escape(app.name) + "](" + app.folder + "/checklist.md)"
            var cells = [link, Markdown.code(answers.plan.canonical + "/" + answers.os.canonical)]
            cells += [Status.done, .todo, .accepted, .notApplicable, .unsupported].map { String(checklist.count($0)) }
            cells.append(String(checklist.count(.todo, .critical) + checklist.count(.todo, .high)))
            if drift { cells.append(String(app.audit?.drift.count ?? 0)) }
            rows.append("| " + cells.joined(separator: " | ") + " |")
        }
        blocks.append(rows.joined(separator: "\n"))
        if !failed.isEmpty {
            blocks.append("## " + l10n.text("index.failed"))
            blocks.append(
                failed.map { "- " + Markdown.code($0.source) + ": " + l10n.text("index.errors", count: $0.errors) }
                    .joined(separator: "\n"))
        }
        return blocks.joined(separator: "\n\n") + "\n"
    }
}
