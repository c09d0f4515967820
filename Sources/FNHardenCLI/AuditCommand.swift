import ArgumentParser
import FNHardenAudit
import FNHardenCore
import FNHardenRender

/// `fnharden audit`: configuration in (ARM templates, Azure CLI output,
/// Terraform plans), inferred answers, checklist, snippets and drift out.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Infer the answers from an app's configuration and show where it drifts from an answers file.",
        discussion: """
            SOURCE is an ARM template (also one compiled from Bicep), the JSON printed by `az functionapp show`, \
            `az functionapp config show`, `az functionapp config appsettings list` or `az resource show` \
            (basicPublishingCredentialsPolicies), or `terraform show -json`. Every function app in them is audited. \
            One app's files are written into the output folder; several apps get a folder each, named after the app.
            """)

    @Argument(help: ArgumentHelp("Configuration files to read.", valueName: "SOURCE"))
    var sources: [String]

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The answers file describing the intended design: drift from it is reported; it also answers what configuration can't tell.",
            valueName: "FILE"))
    var answers: String?

    @OptionGroup var out: OutputOptions

    @Flag(name: .long, help: "Exit 1 when the configuration contradicts the answers file; files are still written.")
    var failOnDrift = false

    @OptionGroup var gate: FailOnOption

    @OptionGroup var review: ReviewDateOption
    @OptionGroup var common: CommonOptions

    func validate() throws {
        if sources.isEmpty { throw ValidationError("name at least one configuration file to audit") }
        if sources.filter({ $0 == "-" }).count + (answers == "-" ? 1 : 0) > 1 {
            throw ValidationError("standard input (-) can be read once: as one source or as --answers")
        }
        if let output = out.output, output.isEmpty || output == "-" { throw ValidationError("--output takes a folder") }
        if failOnDrift && answers == nil {
            throw ValidationError("--fail-on-drift compares with an answers file: give --answers")
        }
    }

    func run() throws {
        let session = try Session(common)
        let outputs = ChecklistOutputs(session: session)
        let formats = out.formats(default: ChecklistOutputs.defaultFormats)
        let dialects = out.snippets.dialects
        var stated: (answers: ResolvedAnswers, file: String)?
        if let answers {
            stated = (
                try session.answers(from: answers, asOf: review.date).answers, answers == "-" ? "<stdin>" : answers
            )
        }
        let (loaded, problems) = AuditSources.read(sources, knowledgeBase: session.kb)
        session.report(problems)
        guard let loaded else { throw ExitCode(2) }

        let statedFile = stated?.file
        let sources = self.sources.map { $0 == "-" ? "<stdin>" : $0 }
        let audit = AppAudit(
            session: session, formats: formats, dialects: dialects, sources: sources,
            statedFile: statedFile, asOf: review.date)
        var files: [(path: String, content: String)] = []
        var written: [(checklist: Checklist, audit: AuditTrail)] = []
        var indexed: [AppIndex.App] = []
        var folders = FolderNames()
        let several = loaded.apps.count > 1
        let knowledge: AuditKnowledge
        do { knowledge = try session.data.auditKnowledge(session.kb) } catch {
            Terminal.fail("\(error)")
            throw ExitCode(2)
        }
        let auditor = Auditor(knowledgeBase: session.kb, auditKnowledge: knowledge)
        // Inferred one by one: the apps of a template share its scope, whose
        // variables are worked out once, when first used.
        let audited = zip(loaded.apps, loaded.fallbackNames).map { app, fallback in
            (
                auditor.audit(
                    app, fallbackName: fallback, stated: stated?.answers.explicit, statedFile: statedFile,
                    asOf: review.date), app.format
            )
        }
        for (app, prepared) in zip(loaded.apps, audit.prepareAll(audited)) {
            let (checklist, audit, appFiles) = (prepared.checklist, prepared.audit, prepared.files)
            prepared.warnings.forEach(Terminal.error)
            let name = checklist.answers.value(of: "app.name").canonical
            session.report(prepared.diagnostics)
            Terminal.error(
                session.l10n.text(
                    "cli.audited",
                    [
                        "app": name, "configured": String(audit.evidence.count), "unknown": String(audit.unknown.count),
                        "drift": String(audit.drift.count),
                    ]))
            let folder = folders.unique(name)
            let prefix = several ? folder + "/" : ""
            files += appFiles.map { (prefix + $0.path, $0.content) }
            indexed.append(
                AppIndex.App(
                    name: name, source: app.site.location?.file ?? app.name.location.file, folder: folder,
                    checklist: checklist, audit: audit))
            written.append((checklist, audit))
        }
        if several {
            // Many apps: an index of all of them beside their folders.
            let index = AppIndex(knowledgeBase: session.kb, localizer: session.l10n)
            files += index.files(indexed, failed: [])
        }
        let folder = out.folder
        let paths = try outputs.write(files, into: folder, force: out.force)
        if several {
            Terminal.error(session.l10n.text("cli.wrote-apps", ["count": String(written.count), "path": folder]))
        } else {
            for path in paths { Terminal.error(outputs.written(path)) }
        }
        let drift = written.flatMap(\.audit.drift)
        var failed = false
        if failOnDrift && !drift.isEmpty {
            Terminal.error(session.l10n.text("cli.drift-found", count: drift.count))
            for finding in drift {
                Terminal.error(
                    "  " + finding.key + ": " + finding.stated.canonical + " -> " + finding.configured.canonical
                        + " (" + finding.location.display + ")")
            }
            failed = true
        }
        if let failOn = gate.severity {
            for app in written where outputs.reportThreshold(app.checklist, failOn, naming: several) { failed = true }
        }
        if failed { throw ExitCode(1) }
    }
}
