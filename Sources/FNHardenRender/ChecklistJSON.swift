import Foundation
import FNHardenCore
import FNHardenL10n

/// The checklist as JSON, format `fnharden.checklist/1` (PRODUCT.md §4).
/// Field names and ids are fixed; only titles and rationale are translated.
public struct ChecklistJSON {
    let kb: KnowledgeBase
    let l10n: Localizer

    public init(knowledgeBase: KnowledgeBase, localizer: Localizer) {
        self.kb = knowledgeBase
        self.l10n = localizer
    }

    public func render(_ checklist: Checklist) throws -> String {
        try JSONOutput.encode(document(checklist))
    }

    func document(_ checklist: Checklist) -> JSONValue {
        let answers = checklist.answers
        let runtime: JSONValue = if case .integer(let version) = answers.runtime { .integer(version) }
            else { .string(answers.runtime.canonical) }
        // The settings the snippets write for each item (none while the hosting is unknown).
        let written = checklist.shapeKey.map { key in Self.writtenByShape.value(key) { settings(checklist) } }
            ?? settings(checklist)
        var openBySeverity: [String: JSONValue] = [:]
        for severity in Severity.allCases {
            openBySeverity[severity.rawValue] = .integer(checklist.count(.todo, severity))
        }
        var document: [String: JSONValue] = [
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
            "items": items(checklist, written: written),
            "review": .object([
                "answers-sha256": checklist.answersSHA256.map(JSONValue.string) ?? .null,
                "reviewer": known(answers.value(of: "review.reviewer")),
                "date": known(answers.value(of: "review.date")),
                // Only where it matters, so the output stays the same from day to day otherwise.
                "risks-as-of": answers.explicit.acceptedRisks.isEmpty ? .null : .string(checklist.asOf),
            ]),
            "notices": .array(checklist.notices.map { notice in
                .object([
                    "id": .string(notice.id),
                    "text": .string(NoticeText.text(notice, answers, l10n)),
                    "url": .string(kb.sources[notice.source] ?? ""),
                ])
            }),
        ]
        // Only audits carry it: a generated checklist stays as it was.
        if let audit = checklist.audit { document["audit"] = AuditSections(l10n: l10n).json(audit, answers) }
        return .object(document)
    }

    /// The settings the snippets write for each item, by answer shape.
    private static let writtenByShape = ShapeMemo<[String: [String]]>()

    private func settings(_ checklist: Checklist) -> [String: [String]] {
        var written: [String: [String]] = [:]
        if case .success(let plan) = SnippetPlanner.plan(checklist, knowledgeBase: kb) {
            for entry in plan.entries { written[entry.item, default: []].append(entry.setting.id) }
        }
        return written
    }

    private func known(_ value: AnswerValue) -> JSONValue {
        value.isUnknown ? .null : .string(value.canonical)
    }

    /// The items. Apps of the same answer shape (an audit shares work by
    /// shape) have the same items: they are written once, as JSON text.
    /// A process has one knowledge base, so shape and language identify it.
    private func items(_ checklist: Checklist, written: [String: [String]]) -> JSONValue {
        func all() -> JSONValue { .array(checklist.entries.map { item($0, written: written) }) }
        guard let shape = checklist.shapeKey else { return all() }
        // The list sits at depth 1: document -> items.
        return .raw(Self.itemsByShape.value(l10n.identity + "\u{3}" + shape) { (try? JSONWriter.fragment(all(), depth: 1)) ?? "[]" })
    }

    private static let itemsByShape = ShapeMemo<String>()

    private func item(_ entry: Checklist.Entry, written: [String: [String]]) -> JSONValue {
        let item = entry.item
        var controls: [String: JSONValue] = [:]
        for (tool, ids) in item.controls { controls[tool] = .array(ids.map(JSONValue.string)) }
        return .object([
            "id": .string(item.id),
            "title": .string(l10n.text("items.\(item.id).title")),
            "rationale": .string(l10n.text("items.\(item.id).rationale")),
            "fix": .string(l10n.text("items.\(item.id).\(entry.fixKey)")),
            "area": .string(item.area),
            "severity": .string(item.severity.rawValue),
            "status": .string(entry.status.rawValue),
            "verify": .bool(entry.verify),
            "because": .array(entry.because.map(JSONValue.string)),
            "section": .string(item.section),
            "section-url": .string(kb.url(ofSection: item.section)),
            "alternatives": .array(entry.alternatives.map(JSONValue.string)),
            "unconfirmed": .array(entry.unconfirmed.map(JSONValue.string)),
            "references": .array(item.references.map { source in
                .object(["title": .string(l10n.text("sources.\(source)")), "url": .string(kb.sources[source] ?? "")])
            }),
            "controls": .object(controls),
            "mcsb-responsibility": item.mcsbResponsibility.map(JSONValue.string) ?? .null,
            "settings": .array((written[item.id] ?? []).map(JSONValue.string)),
            "acceptance": entry.acceptance.map { risk in
                .object([
                    "owner": .string(risk.owner), "reason": .string(risk.reason),
                    "expires": .string(risk.expires), "expired": .bool(entry.acceptanceExpired),
                ])
            } ?? .null,
        ])
    }
}

/// Versions stamped into every output.
public enum Version {
    public static let fnharden = "0.1.0"
}
