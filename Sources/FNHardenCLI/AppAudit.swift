import FNHardenAudit
import FNHardenCore
import FNHardenRender

/// One app of an audit: its answers inferred, its checklist and its files.
struct AppAudit: Sendable {
    let session: Session
    let formats: [ChecklistFormat]
    let snippets: SnippetSelection
    let sources: [String]
    let statedFile: String?
    let asOf: String
    /// Azure Policy states from the sources; nil when no policy-state file was read.
    let policyStates: [PolicyState]?

    /// Nothing reported or written yet.
    struct Prepared: Sendable {
        var checklist: Checklist
        var audit: AuditTrail
        var files: [(path: String, content: String)]
        var warnings: [String]
        var diagnostics: [Diagnostic]
    }

    func prepare(_ audited: AuditedApp, format: String) -> Prepared {
        let checklist = ChecklistEvaluator.evaluate(audited.answers, knowledgeBase: session.kb, asOf: asOf)
        let unknown = audited.answers.asked.filter { audited.answers.value(of: $0).isUnknown }
        var audit = AuditTrail(
            sources: sources, evidence: audited.evidence, drift: audited.drift,
            statedAnswers: statedFile, statedKeys: audited.fromStated.sorted(),
            format: format, unknown: unknown)
        if let policyStates {
            let name = checklist.answers.value(of: "app.name").canonical
            (audit.policyStates, audit.policy) = PolicyFinding.findings(
                in: policyStates, app: name, knowledgeBase: session.kb)
        }
        let annotations = AuditAnnotations(l10n: session.l10n, statedFile: statedFile)
        let (files, warnings) = ChecklistOutputs(session: session).files(
            checklist, formats: formats, snippets: snippets, answersFile: statedFile ?? "answers.yaml", audit: audit,
            answersYAML: annotations.answersFile(audited, sources: sources, knowledgeBase: session.kb))
        return Prepared(
            checklist: checklist, audit: audit, files: files, warnings: warnings, diagnostics: audited.warnings)
    }

    /// Each app prepared on its own, on every core: one core falls short of
    /// the 2 s budget for a template of 1,000 apps (Tests/README.md).
    /// Returned in the template's order, so reports and folder names don't
    /// depend on timing.
    func prepareAll(_ apps: [(audited: AuditedApp, format: String)]) -> [Prepared] {
        apps.concurrentMap { prepare($0.audited, format: $0.format) }
    }
}
