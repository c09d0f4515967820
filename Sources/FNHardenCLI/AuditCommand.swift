import ArgumentParser
import FNHardenAudit
import FNHardenCore
import FNHardenRender

/// `fnharden audit`: configuration in (ARM templates, Azure CLI output,
/// Terraform plans), inferred answers, checklist, snippets and drift out.
struct AuditCommand: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "audit",
            abstract: CommandLineText.text("cli.help.audit.abstract"),
            discussion: CommandLineText.text("cli.help.audit.discussion"))
    }

    @Argument(
        help: ArgumentHelp(
            CommandLineText.text("cli.help.audit.sources"), valueName: CommandLineText.text("cli.help.values.source")))
    var sources: [String]

    @Option(
        name: .long,
        help: ArgumentHelp(
            CommandLineText.text("cli.help.audit.answers"),
            valueName: CommandLineText.text("cli.help.values.file")))
    var answers: String?

    @OptionGroup var out: OutputOptions

    @Flag(name: .long, help: ArgumentHelp(CommandLineText.text("cli.help.audit.fail-on-drift")))
    var failOnDrift = false

    @OptionGroup var gate: FailOnOption

    @OptionGroup var review: ReviewDateOption
    @OptionGroup var common: CommonOptions

    func validate() throws {
        if sources.isEmpty { throw CommandLineText.usage("audit-needs-source") }
        if sources.filter({ $0 == "-" }).count + (answers == "-" ? 1 : 0) > 1 {
            throw CommandLineText.usage("stdin-once")
        }
        if let output = out.output, output.isEmpty || output == "-" { throw CommandLineText.usage("output-folder") }
        if failOnDrift && answers == nil {
            throw CommandLineText.usage("fail-on-drift-needs-answers")
        }
    }

    func run() throws {
        let session = try Session(common)
        let outputs = ChecklistOutputs(session: session)
        let formats = out.formats(default: ChecklistOutputs.defaultFormats)
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
            session: session, formats: formats, snippets: out.snippets.selection(), sources: sources,
            statedFile: statedFile, asOf: review.date, policyStates: loaded.policyStates
        )
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
        // States of sites the sources don't hold would otherwise vanish unseen.
        let names = Set(written.map { $0.checklist.answers.value(of: "app.name").canonical.lowercased() })
        for site in (loaded.policyStates ?? []).compactMap(\.siteName).filter({ !names.contains($0.lowercased()) })
            .uniqued()
        {
            Terminal.error("fnharden: warning: " + session.l10n.text("audit.warnings.policy-unmatched", ["app": site]))
        }
        let folder = out.folder
        let paths = try outputs.write(files, into: folder, force: out.force)
        if several {
            Terminal.error(session.l10n.text("cli.wrote-apps", ["path": folder], count: written.count))
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
