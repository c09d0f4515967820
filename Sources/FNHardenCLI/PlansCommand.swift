import ArgumentParser
import FNHardenCore

/// `fnharden plans`: which hosting plans can do the hardening you need, and
/// for the others which capability they lack and where Learn says so.
struct PlansCommand: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "plans",
            abstract: CommandLineText.text("cli.help.plans.abstract"),
            discussion: CommandLineText.text("cli.help.plans.discussion"))
    }

    @Option(
        name: .long, parsing: .upToNextOption,
        help: ArgumentHelp(
            CommandLineText.text("cli.help.plans.require"),
            valueName: CommandLineText.text("cli.help.values.capability")
        ))
    var require: [String] = []

    @Option(
        name: .long,
        help: ArgumentHelp(
            CommandLineText.text("cli.help.plans.os"), valueName: CommandLineText.text("cli.help.values.os")))
    var os: String?

    @Flag(name: .long, help: ArgumentHelp(CommandLineText.text("cli.help.plans.capabilities")))
    var capabilities = false

    @OptionGroup var common: CommonOptions

    func validate() throws {
        if let os, !["windows", "linux"].contains(os) { throw CommandLineText.usage("os-value") }
    }

    func run() throws {
        let session = try Session(common)
        let l10n = session.l10n
        let kb = session.kb
        let matrix = kb.capabilities
        let known = matrix.capabilities.keys.sorted()
        if capabilities {
            Terminal.output(known.map { "\($0)  \(l10n.text("capabilities.\($0).name"))\n" }.joined())
            return
        }
        // `--require a b` and `--require a,b` both work.
        let required = require.flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
            .filter { !$0.isEmpty }.uniqued()
        let wanted = required.isEmpty ? known : required
        for id in wanted where matrix.capabilities[id] == nil {
            let suggestion = Suggestion.closest(to: id, in: known)
            Terminal.fail(
                l10n.text(
                    suggestion == nil ? "cli.unknown-capability" : "cli.unknown-capability-suggest",
                    ["id": id, "suggestion": suggestion ?? "", "allowed": known.joined(separator: ", ")]))
            throw ExitCode(2)
        }
        var lines = [
            l10n.text(
                required.isEmpty ? "cli.plans.header-all" : "cli.plans.header",
                ["capabilities": wanted.joined(separator: ", ")])
        ]
        var qualifying = 0
        for plan in matrix.plans {
            for system in matrix.systems(of: plan) where os == nil || os == system {
                var missing: [String] = []
                var unsure: [String] = []
                for id in wanted {
                    switch matrix.capabilities[id]?.cell(plan: plan, os: system)?.support {
                    case .no?: missing.append(id)
                    case .unconfirmed?: unsure.append(id)
                    default: break
                    }
                }
                if missing.isEmpty && unsure.isEmpty { qualifying += 1 }
                var verdict =
                    !missing.isEmpty
                    ? l10n.text("cli.plans.lacks", ["missing": missing.joined(separator: ", ")])
                    : unsure.isEmpty ? l10n.text("cli.plans.fits") : l10n.text("cli.plans.maybe")
                if !unsure.isEmpty {
                    verdict +=
                        l10n.text("cli.separator")
                        + l10n.text("cli.plans.unsure", ["unsure": unsure.joined(separator: ", ")])
                }
                lines.append("  " + l10n.text("cli.plans.row", ["plan": plan, "os": system, "verdict": verdict]))
                // Why not: each missing or unconfirmed capability with the page that says so.
                for id in missing + unsure {
                    guard let cell = matrix.capabilities[id]?.cell(plan: plan, os: system) else { continue }
                    let note = cell.note.map { " " + l10n.text("capabilities.\(id).notes.\($0)") } ?? ""
                    lines.append(
                        "      "
                            + l10n.text(
                                "cli.plans.reason",
                                [
                                    "capability": id, "url": kb.sources[cell.source] ?? cell.source, "note": note,
                                ]))
                }
            }
        }
        Terminal.output(lines.joined(separator: "\n") + "\n")
        // A gate only when the person said what they need.
        if qualifying == 0 && !required.isEmpty { throw ExitCode(1) }
    }
}
