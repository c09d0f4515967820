import FNHardenAudit
import FNHardenCore
import FNHardenL10n
import Foundation

/// The checklist as JSON, format `fnharden.checklist/1`. Field names and ids
/// are fixed; only titles, rationale and other human text are translated.
public struct ChecklistJSON {
    let kb: KnowledgeBase
    let l10n: Localizer

    /// The snippet plan of the checklist (nil while the hosting is
    /// unknown): each item lists the settings the snippets write for it.
    let plan: SnippetPlan?
    /// For a checklist whose answers were inferred from configuration.
    let audit: AuditTrail?

    public init(knowledgeBase: KnowledgeBase, localizer: Localizer, plan: SnippetPlan?, audit: AuditTrail? = nil) {
        self.kb = knowledgeBase
        self.l10n = localizer
        self.plan = plan
        self.audit = audit
    }

    public func render(_ checklist: Checklist) -> String {
        JSONOutput.encode(document(checklist))
    }

    func document(_ checklist: Checklist) -> JSONValue {
        let answers = checklist.answers
        let runtime: JSONValue =
            if case .integer(let version) = answers.runtime { .integer(version) } else {
                .string(answers.runtime.canonical)
            }
        var written: [String: [String]] = [:]
        for entry in plan?.entries ?? [] { written[entry.item, default: []].append(entry.setting.id) }
        var openBySeverity: JSONObject = [:]
        for severity in Severity.allCases {
            openBySeverity[severity.rawValue] = .integer(checklist.count(.todo, severity))
        }
        var document: JSONObject = [
            "format": .string("fnharden.checklist/1"),
            "generator": .object([
                "name": .string("fnharden"),
                "version": .string(Version.fnharden),
                "knowledge-base": .string(checklist.knowledgeBaseVersion),
            ]),
            "app": .object([
                "name": .string(answers.value(of: "app.name").canonical),
                "plan": .string(answers.plan.canonical),
                "os": .string(answers.os.canonical),
                "runtime-version": runtime,
            ]),
            "summary": .object([
                "total": .integer(checklist.entries.count),
                "done": .integer(checklist.count(.done)),
                "todo": .integer(checklist.count(.todo)),
                "accepted": .integer(checklist.count(.accepted)),
                "not-applicable": .integer(checklist.count(.notApplicable)),
                "unsupported": .integer(checklist.count(.unsupported)),
                "todo-by-severity": .object(openBySeverity),
            ]),
            "items": .array(checklist.entries.map { item($0, answers: answers, written: written) }),
            "review": .object([
                "answers-sha256": checklist.answersSHA256.map(JSONValue.string) ?? .null,
                "reviewer": known(answers.value(of: "review.reviewer")),
                "date": known(answers.value(of: "review.date")),
                // Only where it matters, so the output stays the same from day to day otherwise.
                "risks-as-of": answers.explicit.acceptedRisks.isEmpty ? .null : .string(checklist.asOf),
            ]),
            "notices": .array(
                checklist.notices.map { notice in
                    .object([
                        "id": .string(notice.id),
                        "text": .string(NoticeText.text(notice, answers, l10n)),
                        "url": .string(kb.sources[notice.source] ?? ""),
                    ])
                }),
        ]
        // Only audits carry it: a generated checklist stays as it was.
        if let audit { document["audit"] = AuditSections(l10n: l10n, kb: kb).json(audit, answers) }
        return .object(document)
    }

    private func known(_ value: AnswerValue) -> JSONValue {
        value.isUnknown ? .null : .string(value.canonical)
    }

    private func item(_ entry: Checklist.Entry, answers: ResolvedAnswers, written: [String: [String]]) -> JSONValue {
        let item = entry.item
        var controls: JSONObject = [:]
        for list in item.controls { controls[list.tool] = .array(list.ids.map(JSONValue.string)) }
        var frameworks: JSONObject = [:]
        for (id, covered) in item.frameworks { frameworks[id] = .array(covered.map(JSONValue.string)) }
        return .object([
            "acceptance": entry.acceptance.map { risk in
                .object([
                    "expired": .bool(entry.acceptanceExpired), "expires": .string(risk.expires),
                    "owner": .string(risk.owner), "reason": .string(risk.reason),
                ])
            } ?? .null,
            "alternatives": .array(entry.alternatives.map(JSONValue.string)),
            "area": .string(item.area),
            "because": .array(entry.because.map(JSONValue.string)),
            "checkov-frameworks": .object(frameworks),
            "controls": .object(controls),
            "fix": .string(l10n.text("items.\(item.id).\(entry.fixKey)")),
            "id": .string(item.id),
            "mcsb-responsibility": item.mcsbResponsibility.map(JSONValue.string) ?? .null,
            "notes": .array(
                ControlText.notes(of: item, for: answers, l10n).map { note in
                    .object(["key": .string(note.key), "text": .string(note.text)])
                }),
            "rationale": .string(l10n.text("items.\(item.id).rationale")),
            "references": .array(
                item.references.map { source in
                    .object([
                        "title": .string(l10n.text("sources.\(source)")), "url": .string(kb.sources[source] ?? ""),
                    ])
                }),
            "section": .string(item.section),
            "section-url": .string(kb.url(ofSection: item.section)),
            "settings": .array((written[item.id] ?? []).map(JSONValue.string)),
            "severity": .string(item.severity.rawValue),
            "status": .string(entry.status.rawValue),
            "title": .string(l10n.text("items.\(item.id).title")),
            "unconfirmed": .array(entry.unconfirmed.map(JSONValue.string)),
            "verify": .bool(entry.verify),
        ])
    }
}

/// Versions stamped into every output.
public enum Version {
    public static let fnharden = "0.1.0"
}
