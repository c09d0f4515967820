import ArgumentParser
import FNHardenCore
import FNHardenRender

/// `fnharden explain ID`: one recommendation in full, PSRule-rule-page style.
struct ExplainCommand: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "explain",
            abstract: CommandLineText.text("cli.help.explain.abstract"))
    }

    @Argument(
        help: ArgumentHelp(
            CommandLineText.text("cli.help.explain.id"), valueName: CommandLineText.text("cli.help.values.id")))
    var id: String?

    @Flag(name: .long, help: ArgumentHelp(CommandLineText.text("cli.help.explain.list")))
    var list = false

    @Option(
        name: .long,
        help: ArgumentHelp(
            CommandLineText.text("cli.help.explain.answers"),
            valueName: CommandLineText.text("cli.help.values.file")))
    var answers: String?

    @OptionGroup var common: CommonOptions

    func validate() throws {
        if id == nil && !list { throw CommandLineText.usage("explain-needs-id") }
    }

    func run() throws {
        let session = try Session(common)
        let l10n = session.l10n
        let kb = session.kb
        if list {
            Terminal.output(listing(session))
            return
        }
        let id = self.id ?? ""
        guard let item = kb.item(id) else {
            let suggestion = Suggestion.closest(to: id, in: kb.items.map(\.id))
            let key = suggestion == nil ? "cli.unknown-item" : "cli.unknown-item-suggest"
            Terminal.fail(l10n.text(key, ["id": id, "suggestion": suggestion ?? ""]))
            throw ExitCode(2)
        }
        func label(_ key: String) -> String { l10n.text("cli.explain.\(key)") }
        var lines: [String] = []
        lines.append("\(l10n.text("items.\(item.id).title")) [\(item.id)]")
        lines.append(
            "\(label("severity")): \(l10n.text("severity.\(item.severity.rawValue)")) · \(l10n.text("areas.\(item.area)"))"
        )
        lines.append(
            "\(label("section")): \(SectionTitle.text(item.section, kb, l10n)) <\(kb.url(ofSection: item.section))>")
        lines.append("")
        lines.append("\(label("rationale")): \(l10n.text("items.\(item.id).rationale"))")
        lines.append("\(label("fix")): \(l10n.text("items.\(item.id).fix"))")
        for variant in item.fixVariants {
            lines.append(
                l10n.text(
                    "cli.explain.fix-when",
                    [
                        "condition": "`" + ConditionText.render(variant.when) + "`",
                        "text": l10n.text("items.\(item.id).\(variant.key)"),
                    ]))
        }
        lines.append("")
        // Conditions are notation, shown as code.
        lines.append(
            "\(label("applies-when")): "
                + (item.appliesWhen.map { "`" + ConditionText.render($0) + "`" } ?? label("always")))
        lines.append("\(label("satisfied-when")): `" + ConditionText.render(item.satisfiedWhen) + "`")
        for capabilityID in item.requires {
            guard let capability = kb.capabilities.capabilities[capabilityID] else { continue }
            lines.append("")
            lines.append("\(label("plan-constraints")): \(l10n.text("capabilities.\(capabilityID).name"))")
            if let versions = capability.runtimeVersions {
                lines.append(
                    "  "
                        + l10n.text(
                            "cli.explain.runtime-row",
                            [
                                "versions": versions.map(String.init).joined(separator: ", "),
                                "source": kb.sources[capability.runtimeSource ?? ""] ?? "",
                            ]))
            }
            for plan in kb.capabilities.plans {
                for os in kb.capabilities.systems(of: plan) {
                    guard let cell = capability.cell(plan: plan, os: os) else { continue }
                    let note = cell.note.map { " — " + l10n.text("capabilities.\(capabilityID).notes.\($0)") } ?? ""
                    lines.append(
                        "  "
                            + l10n.text(
                                "cli.explain.capability-row",
                                [
                                    "plan": plan, "os": os,
                                    "support": l10n.text("cli.explain.support.\(cell.support.rawValue)"),
                                    "note": note,
                                    "source": kb.sources[cell.source] ?? cell.source,
                                ]))
                }
            }
        }
        if !item.controls.isEmpty {
            lines.append("")
            lines.append("\(label("controls")):")
            for list in item.controls {
                let responsibility =
                    list.tool == "mcsb"
                    ? item.mcsbResponsibility.map { " (" + l10n.text("responsibility.\($0)") + ")" } ?? "" : ""
                let labels = list.ids.map { ControlText.label($0, of: item, l10n) }
                lines.append(
                    "  \(l10n.text("controls.\(list.tool)")): \(labels.joined(separator: ", "))\(responsibility)")
                // What the policy snippets need to know of each built-in definition, for a reader too.
                for id in list.ids where list.tool == "azure-policy" {
                    guard let definition = kb.policies.definition(id) else { continue }
                    lines.append(
                        "    "
                            + l10n.text(
                                "cli.explain.policy-definition",
                                [
                                    "id": id, "name": definition.displayName, "version": definition.version,
                                    "effects": definition.allowedEffects.joined(separator: ", "),
                                ]))
                }
            }
        }
        if !item.notes.isEmpty {
            lines.append("")
            lines.append("\(label("notes")):")
            for note in item.notes {
                let text = l10n.text("items.\(item.id).notes.\(note.key)")
                lines.append(
                    "  "
                        + (note.when.map {
                            l10n.text(
                                "cli.explain.note-when",
                                ["condition": "`" + ConditionText.render($0) + "`", "text": text])
                        } ?? text))
            }
        }
        lines += try snippetLines(item, session)
        lines.append("")
        lines.append("\(label("references")):")
        lines.append("  \(SectionTitle.text(item.section, kb, l10n)): \(kb.url(ofSection: item.section))")
        for source in item.references where kb.sources[source] != kb.sourceArticleURL {
            lines.append("  \(l10n.text("sources.\(source)")): \(kb.sources[source] ?? "")")
        }
        Terminal.output(lines.joined(separator: "\n") + "\n")
    }

    /// The item's settings in each dialect, for the app in `--answers` or,
    /// without it, for the first plan and OS (matrix order) whose snippets
    /// write them, other answers at their defaults.
    private func snippetLines(_ item: Item, _ session: Session) throws -> [String] {
        let l10n = session.l10n
        let kb = session.kb
        guard !kb.snippets.settings(for: item.id).isEmpty else {
            return ["", l10n.text("cli.explain.no-snippets")]
        }
        var candidates: [ResolvedAnswers] = []
        if let path = answers {
            candidates = [try session.answers(from: path).answers]
        } else {
            for plan in kb.capabilities.plans {
                for os in kb.capabilities.systems(of: plan) {
                    let explicit = AnswerSet(values: [
                        "app.name": .text("my-function-app"), HostingKey.plan: .text(plan), HostingKey.os: .text(os),
                        HostingKey.runtime: .integer(4),
                    ])
                    candidates.append(AnswerResolver.resolve(explicit, knowledgeBase: kb, file: "").0)
                }
            }
        }
        for answers in candidates {
            let checklist = ChecklistEvaluator.evaluate(answers, knowledgeBase: kb)
            let planned = SnippetPlanner.plan(checklist, knowledgeBase: kb)
            if self.answers != nil, case .failure = planned { return ["", l10n.text("cli.snippets-need-hosting")] }
            guard case .success(let plan) = planned, plan.items.contains(item.id) else { continue }
            var lines = ["", l10n.text("cli.explain.snippets", ["plan": plan.plan, "os": plan.os]) + ":"]
            for snippet in SnippetDialect.allCases.map({ $0.render(plan, localizer: l10n) }) {
                let fragment = snippet.fragment(of: item.id)
                guard !fragment.isEmpty else { continue }
                lines.append(
                    "  " + l10n.text("markdown.dialects.\(snippet.dialect.rawValue)") + " (" + snippet.dialect.file
                        + "):")
                lines += fragment.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }
            }
            return lines
        }
        return ["", l10n.text("cli.explain.no-snippets-here")]
    }

    /// Every item, grouped by area in checklist order: id, severity, title.
    private func listing(_ session: Session) -> String {
        let l10n = session.l10n
        let kb = session.kb
        let width = kb.items.map(\.id.count).max() ?? 0
        var lines: [String] = []
        for area in kb.areas {
            lines.append(l10n.text("areas.\(area)"))
            for item in kb.items where item.area == area {
                let padded = item.id.padding(toLength: width, withPad: " ", startingAt: 0)
                lines.append(
                    "  \(padded)  " + l10n.text("severity.\(item.severity.rawValue)") + " · "
                        + l10n.text("items.\(item.id).title"))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
