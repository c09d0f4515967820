import ArgumentParser
import FNHardenCore
import FNHardenRender

/// `fnharden questions`: the catalogue, for people (text) and tools (json).
struct QuestionsCommand: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "questions",
            abstract: CommandLineText.text("cli.help.questions.abstract"))
    }

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Option(
        name: .long,
        help: ArgumentHelp(
            CommandLineText.text("cli.help.questions.format"),
            valueName: CommandLineText.text("cli.help.values.format")))
    var format: Format = .text

    @OptionGroup var common: CommonOptions

    func run() throws {
        let session = try Session(common)
        switch format {
        case .json: Terminal.output(JSONOutput.encode(JSONValue.array(session.kb.questions.map { json($0, session) })))
        case .text: Terminal.output(session.kb.questions.map { text($0, session) }.joined(separator: "\n"))
        }
    }

    private func text(_ question: Question, _ session: Session) -> String {
        let l10n = session.l10n
        var lines = [
            "\(question.id) (\(l10n.text("cli.questions.types.\(question.kind.rawValue)")))",
            "  " + l10n.text("questions.\(question.id).prompt"),
        ]
        if !question.values.isEmpty {
            lines.append(
                "  \(l10n.text("cli.questions.values")): " + question.values.joined(separator: ", ")
                    + (question.required ? "" : ", unknown"))
        }
        // Conditions are notation, shown as code.
        var defaults = question.conditionalDefaults.map { "\($0.value.canonical) (`\(ConditionText.render($0.when))`)" }
        if let fallback = question.defaultValue { defaults.append(fallback.canonical) }
        if !defaults.isEmpty {
            lines.append(
                "  \(l10n.text("cli.questions.default")): " + defaults.joined(separator: l10n.text("cli.separator")))
        }
        if let when = question.when {
            lines.append("  \(l10n.text("cli.questions.asked-when")): `" + ConditionText.render(when) + "`")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func json(_ question: Question, _ session: Session) -> JSONValue {
        let l10n = session.l10n
        var object: JSONObject = [
            "id": .string(question.id),
            "type": .string(question.kind.rawValue),
            "prompt": .string(l10n.text("questions.\(question.id).prompt")),
            "help": .string(l10n.text("questions.\(question.id).help")),
            "required": .bool(question.required),
            "values": .array(
                question.values.map { value in
                    let labelKey = "questions.\(question.id).values.\(value)"
                    return .object([
                        "id": .string(value), "label": .string(l10n.has(labelKey) ? l10n.text(labelKey) : value),
                    ])
                }),
            "defaults": .array(
                question.conditionalDefaults.map {
                    .object(["when": .string(ConditionText.render($0.when)), "value": .string($0.value.canonical)])
                }),
        ]
        if let fallback = question.defaultValue { object["default"] = .string(fallback.canonical) }
        if let when = question.when { object["when"] = .string(ConditionText.render(when)) }
        if let section = question.section { object["section"] = .string(section) }
        return .object(object)
    }
}
