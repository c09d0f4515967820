import FNHardenAudit
import FNHardenCore
import FNHardenL10n

/// What `fnharden audit` adds to each output: where the answers came from
/// and the drift from a stated answers file.
struct AuditSections {
    let l10n: Localizer
    let kb: KnowledgeBase

    // MARK: Markdown

    func markdown(_ audit: AuditTrail, _ answers: ResolvedAnswers) -> [String] {
        var blocks = ["## " + l10n.text("audit.markdown.heading")]
        let unknown = audit.unknown.count
        blocks.append(
            l10n.text("audit.markdown.sources", ["sources": audit.sources.map(Markdown.code).joined(separator: ", ")])
                + " "
                + l10n.text(
                    "audit.markdown.counts",
                    [
                        "configured": String(audit.evidence.count), "stated": String(audit.statedKeys.count),
                        "unknown": String(unknown),
                    ]))
        blocks += policy(audit)
        guard let stated = audit.statedAnswers else { return blocks }
        guard !audit.drift.isEmpty else {
            blocks.append(l10n.text("audit.markdown.no-drift", ["file": Markdown.code(stated)]))
            return blocks
        }
        blocks.append(
            "### " + l10n.text("audit.markdown.drift", ["file": Markdown.code(stated)], count: audit.drift.count))
        blocks.append(
            audit.drift.map { finding in
                let file = Markdown.code(stated + (finding.statedPosition.map { ":\($0.line)" } ?? ""))
                let place = Markdown.code(finding.location.display)
                return "- "
                    + l10n.text(
                        finding.byDefault ? "audit.markdown.drift-default" : "audit.markdown.drift-line",
                        [
                            "key": Markdown.code(finding.key), "file": file,
                            "stated": Markdown.code(finding.stated.canonical),
                            "configured": Markdown.code(finding.configured.canonical), "place": place,
                        ])
            }.joined(separator: "\n"))
        return blocks
    }

    /// What Azure Policy reports, beside what the configuration says.
    private func policy(_ audit: AuditTrail) -> [String] {
        guard let states = audit.policyStates else { return [] }
        guard states > 0 else { return [l10n.text("audit.markdown.policy-none")] }
        guard !audit.policy.isEmpty else { return [l10n.text("audit.markdown.policy-clean", count: states)] }
        return [
            "### " + l10n.text("audit.markdown.policy", count: audit.policy.count),
            audit.policy.map { finding in
                "- "
                    + l10n.text(
                        kb.policies.definition(finding.definition) == nil
                            ? "audit.markdown.policy-line-unrecorded" : "audit.markdown.policy-line",
                        [
                            "items": finding.items.isEmpty
                                ? l10n.text("audit.markdown.policy-no-item")
                                : finding.items.map(Markdown.code).joined(separator: ", "),
                            "definition": Markdown.escape(kb.policies.displayName(of: finding.definition)),
                            "id": Markdown.code(finding.definition), "assignment": Markdown.code(finding.assignment),
                            "place": Markdown.code(finding.location.display),
                        ])
            }.joined(separator: "\n"),
        ]
    }

    // MARK: JSON

    static func json(_ value: AnswerValue) -> JSONValue {
        switch value {
        case .unknown: return .null
        case .bool(let flag): return .bool(flag)
        case .integer(let number): return .integer(number)
        case .text(let text): return .string(text)
        case .list(let items): return .array(items.map(JSONValue.string))
        }
    }

    static func json(_ location: ConfigLocation) -> JSONValue {
        .object([
            "column": location.position.map { .integer($0.column) } ?? .null,
            "file": .string(location.file),
            "line": location.position.map { .integer($0.line) } ?? .null,
            "path": .string(location.path),
        ])
    }

    func json(_ audit: AuditTrail, _ answers: ResolvedAnswers) -> JSONValue {
        var object: JSONObject = [
            "answers-file": audit.statedAnswers.map(JSONValue.string) ?? .null,
            "drift": .array(
                audit.drift.map { finding in
                    .object([
                        "answer": .string(finding.key),
                        "by-default": .bool(finding.byDefault),
                        "configured": Self.json(finding.configured),
                        "location": Self.json(finding.location),
                        "stated": Self.json(finding.stated),
                        "stated-line": finding.statedPosition.map { .integer($0.line) } ?? .null,
                    ])
                }),
            "from-answers-file": .array(audit.statedKeys.map(JSONValue.string)),
            "from-configuration": .object(audit.evidence.mapValues(Self.json)),
            "source-format": .string(audit.format),
            "sources": .array(audit.sources.map(JSONValue.string)),
            "unknown": .array(audit.unknown.map(JSONValue.string)),
        ]
        // Only where a policy-state file was read: other audits stay as they were.
        if let states = audit.policyStates {
            object["policy"] = .object([
                "states": .integer(states),
                "non-compliant": .array(
                    audit.policy.map { finding in
                        .object([
                            "definition": .string(finding.definition),
                            "items": .array(finding.items.map(JSONValue.string)),
                            "assignment": .string(finding.assignment),
                            "reference": finding.referenceID.map(JSONValue.string) ?? .null,
                            "timestamp": finding.timestamp.map(JSONValue.string) ?? .null,
                            "location": Self.json(finding.location),
                        ])
                    }),
            ])
        }
        return .object(object)
    }
}
