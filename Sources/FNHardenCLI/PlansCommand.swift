import ArgumentParser
import FNHardenCore

/// `fnharden plans`: which hosting plans can do the hardening you need.
struct PlansCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plans",
        abstract: "Show which hosting plans can do the hardening you need, and why the others can't.")

    @Option(name: .long, parsing: .upToNextOption,
            help: ArgumentHelp("Capabilities you need (see checklists/capabilities.yml).", valueName: "CAPABILITY"))
    var require: [String] = []

    @Option(name: .long, help: "Only this operating system: windows or linux.")
    var os: String?

    @OptionGroup var common: CommonOptions

    func run() throws {
        let session = try Session(common)
        let l10n = session.l10n, matrix = session.kb.capabilities
        let known = matrix.capabilities.keys.sorted()
        let wanted = require.isEmpty ? known : require
        for id in wanted where matrix.capabilities[id] == nil {
            let suggestion = Suggestion.closest(to: id, in: known)
            Terminal.error("fnharden: error: " + l10n.text(
                suggestion == nil ? "cli.unknown-capability" : "cli.unknown-capability-suggest",
                ["id": id, "suggestion": suggestion ?? "", "allowed": known.joined(separator: ", ")]))
            throw ExitCode(2)
        }
        if let os, !["windows", "linux"].contains(os) {
            throw ValidationError("--os must be windows or linux")
        }
        var lines = [l10n.text("cli.plans.header", ["capabilities": wanted.joined(separator: ", ")])]
        for plan in matrix.plans {
            for system in matrix.systems(of: plan) where os == nil || os == system {
                var missing: [String] = [], unsure: [String] = []
                for id in wanted {
                    switch matrix.capabilities[id]?.cell(plan: plan, os: system)?.support {
                    case .no?: missing.append(id)
                    case .unconfirmed?: unsure.append(id)
                    default: break
                    }
                }
                var verdict = missing.isEmpty ? l10n.text("cli.plans.fits")
                    : l10n.text("cli.plans.lacks", ["missing": missing.joined(separator: ", ")])
                if !unsure.isEmpty { verdict += "; " + l10n.text("cli.plans.unsure", ["unsure": unsure.joined(separator: ", ")]) }
                lines.append("  " + l10n.text("cli.plans.row", ["plan": plan, "os": system, "verdict": verdict]))
            }
        }
        Terminal.output(lines.joined(separator: "\n") + "\n")
    }
}
