import FNHardenAudit
import FNHardenCore
import FNHardenL10n
import Foundation

/// The checklist as SARIF 2.1.0, for code scanning: one rule per
/// recommendation, one result per open item, placed at the line of the
/// answers file whose answer made it open, so the review annotates the
/// answers file itself.
public struct ChecklistSARIF {
    let kb: KnowledgeBase
    let l10n: Localizer
    /// The answers file as the person named it (the artifact results point at).
    let answersFile: String

    /// For a checklist whose answers were inferred from configuration.
    let audit: AuditTrail?

    public init(knowledgeBase: KnowledgeBase, localizer: Localizer, answersFile: String, audit: AuditTrail? = nil) {
        self.kb = knowledgeBase
        self.l10n = localizer
        self.answersFile = answersFile
        self.audit = audit
    }

    public func render(_ checklist: Checklist) -> String { JSONOutput.encode(document(checklist)) }

    /// SARIF's levels; security-severity is what GitHub code scanning sorts by.
    static func level(_ severity: Severity) -> String {
        switch severity {
        case .critical, .high: return "error"
        case .medium: return "warning"
        case .low: return "note"
        }
    }

    static func securitySeverity(_ severity: Severity) -> String {
        switch severity {
        case .critical: return "9.5"
        case .high: return "7.5"
        case .medium: return "5.0"
        case .low: return "2.5"
        }
    }

    /// The rule id of drift results (an audit's answers file contradicted).
    static let driftRule = "fnharden-drift"

    /// The rule id of Azure Policy findings that no item maps.
    static let policyRule = "fnharden-policy"

    /// The files results point at: the answers file, or for an audit the
    /// configuration sources and then the answers file compared against.
    func artifacts(_ checklist: Checklist) -> [String] {
        guard let audit else { return [answersFile] }
        return audit.sources + (audit.statedAnswers.map { [$0] } ?? [])
    }

    func document(_ checklist: Checklist) -> JSONValue {
        var rules = kb.items.map(rule)
        let indices = Dictionary(uniqueKeysWithValues: kb.items.enumerated().map { ($1.id, $0) })
        let files = artifacts(checklist)
        var results = checklist.entries.filter { $0.status == .todo || $0.status == .accepted }.map { entry in
            result(entry, index: indices[entry.item.id] ?? 0, checklist: checklist, files: files)
        }
        if let audit, audit.statedAnswers != nil {
            rules.append(driftRuleDescription())
            results += audit.drift.map {
                drift($0, ruleIndex: rules.count - 1, files: files, stated: audit.statedAnswers ?? "")
            }
        }
        if let audit, !audit.policy.isEmpty {
            // A finding is reported under each item its definition checks;
            // one that no item maps, under a rule of its own.
            if audit.policy.contains(where: \.items.isEmpty) { rules.append(policyRuleDescription()) }
            for finding in audit.policy {
                for item in finding.items {
                    guard let index = indices[item], let severity = kb.item(item)?.severity else { continue }
                    results.append(
                        policy(finding, ruleID: item, ruleIndex: index, level: Self.level(severity), files: files))
                }
                if finding.items.isEmpty {
                    results.append(
                        policy(
                            finding, ruleID: Self.policyRule, ruleIndex: rules.count - 1, level: "warning", files: files
                        ))
                }
            }
        }
        return .object([
            "$schema": .string("https://json.schemastore.org/sarif-2.1.0.json"),
            "version": .string("2.1.0"),
            "runs": .array([
                .object([
                    "tool": .object([
                        "driver": .object([
                            "name": .string("fnharden"),
                            "version": .string(Version.fnharden),
                            "informationUri": .string(kb.sourceArticleURL),
                            "rules": .array(rules),
                            "properties": .object(["knowledge-base": .string(checklist.knowledgeBaseVersion)]),
                        ])
                    ]),
                    // One category per app, so several apps uploaded from one job don't replace each other's alerts.
                    "automationDetails": .object([
                        "id": .string("fnharden/" + checklist.answers.value(of: "app.name").canonical + "/")
                    ]),
                    "artifacts": .array(files.map { .object(["location": .object(["uri": .string(Self.uri($0))])]) }),
                    "results": .array(results),
                    "columnKind": .string("unicodeCodePoints"),
                ])
            ]),
        ])
    }

    /// A relative path as a URI reference (spaces and the like escaped).
    static func uri(_ file: String) -> String {
        let name = file == "<stdin>" ? "stdin" : file
        return name.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? name
    }

    private func driftRuleDescription() -> JSONValue {
        .object([
            "id": .string(Self.driftRule),
            "name": .string(Self.driftRule),
            "shortDescription": .object(["text": .string(l10n.text("audit.sarif.drift-rule"))]),
            "fullDescription": .object(["text": .string(l10n.text("audit.sarif.drift-rule-help"))]),
            "help": .object(["text": .string(l10n.text("audit.sarif.drift-rule-help"))]),
            "helpUri": .string(kb.sourceArticleURL),
            "defaultConfiguration": .object(["level": .string("warning")]),
            "properties": .object([
                "tags": .array([.string("security"), .string("drift")]), "precision": .string("high"),
            ]),
        ])
    }

    private func policyRuleDescription() -> JSONValue {
        .object([
            "id": .string(Self.policyRule),
            "name": .string(Self.policyRule),
            "shortDescription": .object(["text": .string(l10n.text("audit.sarif.policy-rule"))]),
            "fullDescription": .object(["text": .string(l10n.text("audit.sarif.policy-rule-help"))]),
            "help": .object(["text": .string(l10n.text("audit.sarif.policy-rule-help"))]),
            "helpUri": .string(kb.sources["policy-compliance-data"] ?? kb.sourceArticleURL),
            "defaultConfiguration": .object(["level": .string("warning")]),
            "properties": .object([
                "tags": .array([.string("security"), .string("azure-policy")]), "precision": .string("high"),
            ]),
        ])
    }

    private func policy(
        _ finding: PolicyFinding, ruleID: String, ruleIndex: Int, level: String, files: [String]
    ) -> JSONValue {
        .object([
            "ruleId": .string(ruleID),
            "ruleIndex": .integer(ruleIndex),
            "level": .string(level),
            "message": .object([
                "text": .string(
                    l10n.text(
                        "audit.sarif.policy",
                        [
                            "definition": kb.policies.displayName(of: finding.definition),
                            "id": finding.definition, "assignment": finding.assignment,
                        ]))
            ]),
            "locations": .array([physical(finding.location.file, finding.location.position, files: files)]),
            "partialFingerprints": .object([
                "fnharden/policy": .string(ruleID + "/" + finding.definition + "/" + finding.assignment)
            ]),
        ])
    }

    private func region(_ position: Position?) -> JSONValue {
        let position = position ?? .start
        return .object(["startLine": .integer(position.line), "startColumn": .integer(position.column)])
    }

    private func physical(_ file: String, _ position: Position?, files: [String]) -> JSONValue {
        .object([
            "physicalLocation": .object([
                "artifactLocation": .object([
                    "uri": .string(Self.uri(file)), "index": .integer(files.firstIndex(of: file) ?? 0),
                ]),
                "region": region(position),
            ])
        ])
    }

    private func drift(_ finding: DriftFinding, ruleIndex: Int, files: [String], stated: String) -> JSONValue {
        .object([
            "ruleId": .string(Self.driftRule),
            "ruleIndex": .integer(ruleIndex),
            "level": .string("warning"),
            "message": .object([
                "text": .string(
                    l10n.text(
                        "audit.sarif.drift",
                        [
                            "key": finding.key, "stated": finding.stated.canonical,
                            "configured": finding.configured.canonical,
                        ]))
            ]),
            "locations": .array([physical(finding.location.file, finding.location.position, files: files)]),
            "relatedLocations": .array([physical(stated, finding.statedPosition, files: files)]),
            "partialFingerprints": .object(["fnharden/drift": .string(finding.key)]),
        ])
    }

    private func rule(_ item: Item) -> JSONValue {
        var tags = ["security", item.area]
        for list in item.controls { tags += list.ids.map { "\(list.tool):\($0)" } }
        let url = kb.url(ofSection: item.section)
        let help = l10n.text("items.\(item.id).rationale") + " " + l10n.text("items.\(item.id).fix")
        return .object([
            "id": .string(item.id),
            "name": .string(item.id),
            "shortDescription": .object(["text": .string(l10n.text("items.\(item.id).title"))]),
            "fullDescription": .object(["text": .string(l10n.text("items.\(item.id).rationale"))]),
            "help": .object([
                "text": .string(help),
                "markdown": .string(
                    help + " [" + Markdown.escape(SectionTitle.text(item.section, kb, l10n)) + "](" + url + ")"),
            ]),
            "helpUri": .string(url),
            "defaultConfiguration": .object(["level": .string(Self.level(item.severity))]),
            "properties": .object([
                "tags": .array(tags.map(JSONValue.string)),
                "security-severity": .string(Self.securitySeverity(item.severity)),
                "precision": .string("high"),
            ]),
        ])
    }

    private func result(_ entry: Checklist.Entry, index: Int, checklist: Checklist, files: [String]) -> JSONValue {
        let answers = checklist.answers
        // The first answer behind the status that the file itself states; an
        // item open only because of defaults points at the file's first line.
        // The deciding answer comes last in `because` (the conditions that make
        // an item apply come first); an accepted risk points at its acceptance.
        // An audit points at the configuration that decided the answer.
        let keys = entry.because.map { String($0.prefix { $0 != "=" }) }
        let answersFile = audit?.statedAnswers ?? self.answersFile
        var file = answersFile
        var position = keys.reversed().lazy.compactMap { answers.explicit.positions[$0] }.first
        if let audit {
            if let location = keys.reversed().lazy.compactMap({ audit.evidence[$0] }).first {
                file = location.file
                position = location.position
            } else if position == nil || audit.statedAnswers == nil {
                file = audit.sources[0]
                position = nil
            }
        }
        if entry.status == .accepted, let accepted = entry.acceptance?.position {
            file = answersFile
            position = accepted
        }
        let reasons = entry.because.joined(separator: ", ")
        let why =
            entry.status == .accepted
            ? l10n.text(
                "sarif.accepted",
                [
                    "owner": entry.acceptance?.owner ?? "", "reason": entry.acceptance?.reason ?? "",
                    "expires": entry.acceptance?.expires ?? "",
                ])
            : l10n.text("sarif.open-because", ["answers": reasons])
        return .object([
            "ruleId": .string(entry.item.id),
            "ruleIndex": .integer(index),
            "level": .string(Self.level(entry.item.severity)),
            "message": .object([
                "text": .string(
                    l10n.text("items.\(entry.item.id).title") + ". " + why + " "
                        + l10n.text("items.\(entry.item.id).\(entry.fixKey)"))
            ]),
            "locations": .array([physical(file, position, files: files)]),
            "partialFingerprints": .object(["fnharden/item": .string(entry.item.id)]),
            // An accepted risk is reported as suppressed, with who and why.
            "suppressions": entry.status == .accepted
                ? .array([
                    .object([
                        "kind": .string("inSource"), "status": .string("accepted"),
                        "justification": .string(
                            l10n.text(
                                "sarif.accepted",
                                [
                                    "owner": entry.acceptance?.owner ?? "", "reason": entry.acceptance?.reason ?? "",
                                    "expires": entry.acceptance?.expires ?? "",
                                ])),
                    ])
                ]) : .array([]),
        ])
    }
}
