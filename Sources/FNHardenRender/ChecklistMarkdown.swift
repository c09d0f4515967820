import FNHardenAudit
import FNHardenCore
import FNHardenL10n

/// The checklist as GitHub-flavoured Markdown for a security review:
/// summary table, one section per area with task-list items, then
/// unsupported items with alternatives, then not-applicable ones.
/// Every sentence comes from the locale; ids and values stay as they are.
public struct ChecklistMarkdown {
    let kb: KnowledgeBase
    let l10n: Localizer
    /// The snippet files written beside the checklist, for links from each
    /// open item to the lines that fix it.
    let snippets: [RenderedSnippet]
    /// For a checklist whose answers were inferred from configuration.
    let audit: AuditTrail?

    public init(
        knowledgeBase: KnowledgeBase, localizer: Localizer, snippets: [RenderedSnippet] = [],
        audit: AuditTrail? = nil
    ) {
        self.kb = knowledgeBase
        self.l10n = localizer
        self.snippets = snippets
        self.audit = audit
    }

    public func render(_ checklist: Checklist) -> String {
        var blocks: [String] = []
        let answers = checklist.answers
        blocks.append("# " + l10n.text("markdown.title", ["app": answers.value(of: "app.name").canonical]))
        blocks.append(
            l10n.text(
                "markdown.intro",
                [
                    "version": Version.fnharden, "kb": checklist.knowledgeBaseVersion,
                    "plan": Markdown.code(answers.plan.canonical), "os": Markdown.code(answers.os.canonical),
                    "runtime": Markdown.code(answers.runtime.canonical),
                ]))
        var review: [String] = []
        switch (answers.value(of: "review.reviewer"), answers.value(of: "review.date")) {
        case (.text(let reviewer), .text(let date)):
            review.append(l10n.text("markdown.reviewed", ["reviewer": Markdown.escape(reviewer), "date": date]))
        case (.text(let reviewer), _):
            review.append(l10n.text("markdown.reviewed-by", ["reviewer": Markdown.escape(reviewer)]))
        case (_, .text(let date)):
            review.append(l10n.text("markdown.reviewed-on", ["date": date]))
        default:
            break
        }
        if let digest = checklist.answersSHA256 {
            review.append(l10n.text("markdown.review", ["digest": Markdown.code(digest)]))
        }
        if !review.isEmpty { blocks.append(review.joined(separator: " ")) }
        if let audit { blocks += AuditSections(l10n: l10n, kb: kb).markdown(audit, answers) }
        blocks.append("## " + l10n.text("markdown.summary"))
        blocks.append(summaryTable(checklist))
        blocks.append(openSummary(checklist))
        if !checklist.notices.isEmpty {
            blocks.append("## " + l10n.text("markdown.notices"))
            blocks.append(
                checklist.notices.map { notice in
                    let source =
                        "[\(Markdown.escape(l10n.text("sources.\(notice.source)")))](\(kb.sources[notice.source] ?? ""))"
                    return "- "
                        + l10n.text(
                            "markdown.notice", ["text": NoticeText.text(notice, answers, l10n), "source": source])
                }.joined(separator: "\n"))
        }

        for area in kb.areas {
            let entries = checklist.entries.filter {
                $0.item.area == area && ($0.status == .todo || $0.status == .done)
            }
            guard !entries.isEmpty else { continue }
            let ordered =
                entries.filter { $0.status == .todo }.sortedBySeverity()
                + entries.filter { $0.status == .done }.sortedBySeverity()
            blocks.append("## " + l10n.text("areas.\(area)"))
            let plan = answers.plan.canonical + "/" + answers.os.canonical
            blocks.append(ordered.map { task($0, plan: plan, answers) }.joined(separator: "\n"))
        }

        let accepted = checklist.entries.filter { $0.status == .accepted }.sortedBySeverity()
        if !accepted.isEmpty {
            blocks.append("## " + l10n.text("markdown.accepted"))
            blocks.append(
                accepted.map { entry in
                    let risk = entry.acceptance
                    return "- **\(title(entry))** (\(severity(entry)))\n  - "
                        + l10n.text(
                            "markdown.accepted-by",
                            [
                                "owner": Markdown.escape(risk?.owner ?? ""), "expires": risk?.expires ?? "",
                                "reason": Markdown.escape(risk?.reason ?? ""),
                            ]) + "\n  - "
                        + l10n.text("markdown.open-because", ["answers": statements(entry.because, answers)])
                }.joined(separator: "\n"))
        }
        let unsupported = checklist.entries.filter { $0.status == .unsupported }.sortedBySeverity()
        if !unsupported.isEmpty {
            blocks.append("## " + l10n.text("markdown.unsupported"))
            blocks.append(l10n.text("markdown.unsupported-intro"))
            blocks.append(unsupported.map { unsupportedEntry($0, answers) }.joined(separator: "\n"))
        }
        let notApplicable = checklist.entries.filter { $0.status == .notApplicable }
        if !notApplicable.isEmpty {
            blocks.append("## " + l10n.text("markdown.not-applicable"))
            blocks.append(
                notApplicable.map { entry in
                    (["- " + title(entry) + " (" + statements(entry.because, answers) + ")"] + noteLines(entry, answers))
                        .joined(separator: "\n")
                }.joined(separator: "\n"))
        }
        return blocks.joined(separator: "\n\n") + "\n"
    }

    /// `key=value` statements as code, each marked when the answers file
    /// didn't set it (a default), so a reviewer sees what was assumed.
    private func statements(_ because: [String], _ answers: ResolvedAnswers) -> String {
        because.map { statement in
            // Cut at the first `=` byte: a value that starts with a combining
            // mark would join the `=` into one Character.
            let key = String(statement.utf8.prefix { $0 != UInt8(ascii: "=") }) ?? statement
            let code = Markdown.code(statement)
            return answers.isAnswered(key) || key.isEmpty ? code : l10n.text("markdown.defaulted", ["answer": code])
        }.joined(separator: ", ")
    }

    private func title(_ entry: Checklist.Entry) -> String {
        Markdown.escape(l10n.text("items.\(entry.item.id).title"))
    }

    private func severity(_ entry: Checklist.Entry) -> String { l10n.text("severity.\(entry.item.severity.rawValue)") }

    private func summaryTable(_ checklist: Checklist) -> String {
        let severities = Severity.allCases
        var rows: [String] = []
        rows.append(
            "| "
                + ([l10n.text("markdown.status")] + severities.map { l10n.text("severity.\($0.rawValue)") }
                + [l10n.text("markdown.total")]).joined(separator: " | ") + " |")
        rows.append("| --- |" + String(repeating: " ---: |", count: severities.count + 1))
        for status in Status.allCases {
            let counts = severities.map { checklist.count(status, $0) }
            rows.append(
                "| "
                    + ([l10n.text("status.\(status.rawValue)")] + counts.map(String.init)
                    + [String(checklist.count(status))]).joined(separator: " | ") + " |")
        }
        let totals = severities.map { severity in checklist.entries.filter { $0.item.severity == severity }.count }
        rows.append(
            "| "
                + ([l10n.text("markdown.total")] + totals.map(String.init)
                + [String(checklist.entries.count)]).joined(separator: " | ") + " |")
        return rows.joined(separator: "\n")
    }

    private func openSummary(_ checklist: Checklist) -> String {
        let open = checklist.count(.todo)
        guard open > 0 else { return l10n.text("markdown.all-done") }
        let urgent = checklist.count(.todo, .critical) + checklist.count(.todo, .high)
        return l10n.text(
            urgent == 0 ? "markdown.open-summary-calm" : "markdown.open-summary", ["urgent": String(urgent)],
            count: open)
    }

    private func task(_ entry: Checklist.Entry, plan: String, _ answers: ResolvedAnswers) -> String {
        let item = entry.item
        let box = entry.status == .done ? "[x]" : "[ ]"
        var lines = ["- \(box) **\(title(entry))** (\(severity(entry)))"]
        lines.append("  - " + l10n.text("markdown.why", ["text": l10n.text("items.\(item.id).rationale")]))
        if entry.status == .todo {
            lines.append("  - " + l10n.text("markdown.fix", ["text": l10n.text("items.\(item.id).\(entry.fixKey)")]))
            if let links = snippetLinks(item.id) {
                lines.append("  - " + l10n.text("markdown.fix-lines", ["links": links]))
            }
        }
        if !entry.because.isEmpty {
            let key = entry.status == .done ? "markdown.done-because" : "markdown.open-because"
            lines.append("  - " + l10n.text(key, ["answers": statements(entry.because, answers)]))
        }
        // What Azure Policy reports about the item, beside what the answers say.
        for finding in audit?.policy ?? [] where finding.items.contains(item.id) {
            lines.append(
                "  - "
                    + l10n.text(
                        "markdown.policy-non-compliant",
                        [
                            "definition": Markdown.escape(kb.policies.displayName(of: finding.definition)),
                            "assignment": Markdown.code(finding.assignment),
                            "place": Markdown.code(finding.location.display),
                        ]))
        }
        if entry.acceptanceExpired, let risk = entry.acceptance {
            lines.append(
                "  - "
                    + l10n.text(
                        "markdown.acceptance-expired",
                        [
                            "owner": Markdown.escape(risk.owner), "expires": risk.expires,
                            "reason": Markdown.escape(risk.reason),
                        ]))
        }
        if entry.verify && entry.because.contains(where: { $0.hasSuffix("=unknown") }) {
            lines.append("  - " + l10n.text("markdown.verify"))
        }
        for capability in entry.unconfirmed {
            lines.append(
                "  - "
                    + l10n.text(
                        "markdown.unconfirmed",
                        [
                            "capability": l10n.text("capabilities.\(capability).name"),
                            "plan": Markdown.code(plan),
                        ]))
        }
        lines += noteLines(entry, answers)
        lines.append("  - " + sourceLine(item))
        if let controls = controlsLine(item) { lines.append("  - " + controls) }
        return lines.joined(separator: "\n")
    }

    /// The item's notes that hold for these answers, one sub-item each.
    private func noteLines(_ entry: Checklist.Entry, _ answers: ResolvedAnswers) -> [String] {
        ControlText.notes(of: entry.item, for: answers, l10n).map {
            "  - " + l10n.text("markdown.note", ["text": $0.text])
        }
    }

    /// `[Bicep](snippets/main.bicep#L12-L14), [L40](snippets/main.bicep#L40) · ...`:
    /// every run of lines of the item in each snippet file (GitHub's line anchors).
    private func snippetLinks(_ item: String) -> String? {
        let links = snippets.compactMap { snippet -> String? in
            guard let ranges = snippet.lines[item], !ranges.isEmpty else { return nil }
            return ranges.enumerated().map { index, range in
                let lines = range.count == 1 ? "L\(range.lowerBound)" : "L\(range.lowerBound)-L\(range.upperBound)"
                let label = index == 0 ? l10n.text("markdown.dialects.\(snippet.dialect.rawValue)") : lines
                return "[" + label + "](" + snippet.dialect.file + "#" + lines + ")"
            }.joined(separator: ", ")
        }
        return links.isEmpty ? nil : links.joined(separator: " · ")
    }

    private func unsupportedEntry(_ entry: Checklist.Entry, _ answers: ResolvedAnswers) -> String {
        var lines = ["- **\(title(entry))** (\(severity(entry)))"]
        if let id = entry.blockedBy, let capability = kb.capabilities.capabilities[id] {
            // The runtime blocks it, or the plan and OS do: cite whichever says so.
            let byRuntime = entry.because == ["hosting.runtime-version=\(answers.runtime.canonical)"]
            let cell = CapabilityLookup(matrix: kb.capabilities, answers: answers).cell(capability)
            let source = (byRuntime ? capability.runtimeSource : cell?.source) ?? ""
            var arguments = [
                "capability": l10n.text("capabilities.\(id).name"),
                "answers": statements(entry.because, answers),
            ]
            if let url = kb.sources[source] {
                arguments["source"] = "[\(Markdown.escape(l10n.text("sources.\(source)")))](\(url))"
            }
            lines.append(
                "  - "
                    + l10n.text(
                        arguments["source"] == nil ? "markdown.not-possible-unsourced" : "markdown.not-possible",
                        arguments))
            if !byRuntime, let note = cell?.note {
                lines.append(
                    "  - " + l10n.text("markdown.note", ["text": l10n.text("capabilities.\(id).notes.\(note)")]))
            }
        }
        if entry.alternatives.isEmpty {
            lines.append("  - " + l10n.text("markdown.no-alternatives"))
        } else {
            lines.append(
                "  - "
                    + l10n.text(
                        "markdown.alternatives",
                        [
                            "alternatives": entry.alternatives.map(Markdown.code).joined(separator: ", ")
                        ]))
        }
        lines += noteLines(entry, answers)
        lines.append("  - " + sourceLine(entry.item))
        return lines.joined(separator: "\n")
    }

    private func sourceLine(_ item: Item) -> String {
        var links = [
            "[\(Markdown.escape(SectionTitle.text(item.section, kb, l10n)))](\(kb.url(ofSection: item.section)))"
        ]
        for source in item.references where kb.sources[source] != kb.sourceArticleURL {
            links.append("[\(Markdown.escape(l10n.text("sources.\(source)")))](\(kb.sources[source] ?? ""))")
        }
        return l10n.text("markdown.sources", ["links": links.joined(separator: ", ")])
    }

    private func controlsLine(_ item: Item) -> String? {
        guard !item.controls.isEmpty else { return nil }
        let parts = item.controls.map { list in
            var part =
                l10n.text("controls.\(list.tool)") + " "
                + list.ids.map { ControlText.label($0, of: item, l10n, code: Markdown.code) }.joined(separator: ", ")
            if list.tool == "mcsb", let responsibility = item.mcsbResponsibility {
                part += " (" + l10n.text("responsibility.\(responsibility)") + ")"
            }
            return part
        }
        return l10n.text(
            "markdown.controls", ["controls": parts.joined(separator: l10n.text("markdown.list-separator"))])
    }
}

extension Array where Element == Checklist.Entry {
    /// Most severe first; the knowledge base's order among equals.
    public func sortedBySeverity() -> [Checklist.Entry] {
        enumerated().sorted { lhs, rhs in
            lhs.element.item.severity == rhs.element.item.severity
                ? lhs.offset < rhs.offset : lhs.element.item.severity < rhs.element.item.severity
        }.map(\.element)
    }
}

/// A notice's sentence, with the app's plan, OS and runtime filled in.
enum NoticeText {
    static func text(_ notice: Notice, _ answers: ResolvedAnswers, _ l10n: Localizer) -> String {
        l10n.text(
            "notices.\(notice.id)",
            [
                "plan": answers.plan.canonical, "os": answers.os.canonical, "runtime": answers.runtime.canonical,
            ])
    }
}
