import ArgumentParser
import FNHardenCore
import FNHardenRender
import Foundation
import LineEditing

/// `fnharden`: the root command. Subcommands are small types, one file each.
public struct FNHardenCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "fnharden",
        abstract: "Turn answers about an Azure Functions app into a hardening checklist.",
        discussion: """
            On a terminal, `fnharden` interviews you (the same as `fnharden wizard`); without one, \
            describe the app in an answers file and run `fnharden generate --answers FILE`.

            Exit codes: 0 done, 1 an open item at or above --fail-on (files still written), \
            2 bad usage or bad input (nothing written), 130 interrupted (129 and 143 for SIGHUP \
            and SIGTERM during the interview).
            """,
        version: FNHardenVersion.text,
        subcommands: [
            WizardCommand.self, GenerateCommand.self, ValidateCommand.self, QuestionsCommand.self,
            ExplainCommand.self, PlansCommand.self, SchemaCommand.self, DiffCommand.self, AuditCommand.self,
        ],
        defaultSubcommand: WizardCommand.self)

    public init() {}

    static var subcommandNames: [String] { configuration.subcommands.compactMap { $0.configuration.commandName } }

    /// Runs the command line and never returns. Usage errors exit 2, as bad
    /// input does (argument-parser's own code for them is 64).
    public static func runAndExit(_ arguments: [String]? = nil) -> Never {
        let names = subcommandNames
        let (words, leading) = hoistingGlobalOptions(arguments ?? Array(CommandLine.arguments.dropFirst()))
        // `fnharden generat`: the interview takes no such argument, so it is a typo.
        if let first = leading.first, !first.hasPrefix("-"), !names.contains(first), first != "help" {
            let suggestion = Suggestion.closest(to: first, in: names).map { "; did you mean `\($0)`?" } ?? ""
            Terminal.fail(
                "unknown command `\(AnswerParsing.displayable(first))`\(suggestion)"
                    + " (commands: \(names.joined(separator: ", ")))")
            Foundation.exit(2)
        }
        do {
            var command = try parseAsRoot(words)
            try command.run()
            Foundation.exit(0)
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                if !message.isEmpty { print(message) }
                Foundation.exit(0)
            }
            if !message.isEmpty { Terminal.error(message) }
            Foundation.exit(code == .validationFailure ? 2 : code.rawValue)
        }
    }
}

extension FNHardenCommand {
    /// Options every command takes, which may come before the subcommand
    /// (`fnharden --lang el explain --list`) as `git -C` does.
    static let globalOptions = ["--lang", "--data-dir"]

    /// The command line with `--lang` and `--data-dir` given before the
    /// subcommand moved after it, where the subcommand reads them; and the
    /// words without them, for recognising a mistyped subcommand. With no
    /// subcommand (the interview) the words are left as they are.
    static func hoistingGlobalOptions(_ words: [String]) -> (words: [String], leading: [String]) {
        let names = Set(subcommandNames).union(["help"])
        var globals: [String] = []
        var others: [String] = []
        var index = 0
        while index < words.count {
            let word = words[index]
            if word == "--" { break }
            if names.contains(word) {
                // `help` takes command names only: the language is read before parsing.
                let moved = word == "help" ? [] : globals
                return (others + [word] + moved + words[(index + 1)...], others + words[index...])
            }
            if globalOptions.contains(word), index + 1 < words.count {
                globals += [word, words[index + 1]]
                index += 2
                continue
            }
            if globalOptions.contains(where: { word.hasPrefix($0 + "=") }) {
                globals.append(word)
            } else {
                others.append(word)
            }
            index += 1
        }
        return (words, others + words[index...])
    }
}

/// True when the command line names no subcommand (`fnharden`, `fnharden
/// --answers F`): then the interview needs a terminal or answers to start
/// from, while `fnharden wizard` may also be scripted through a pipe.
let invokedWithoutSubcommand: Bool = {
    let names = Set(FNHardenCommand.subcommandNames)
    return !CommandLine.arguments.dropFirst().contains { names.contains($0) }
}()

enum FNHardenVersion {
    static var text: String { "fnharden \(Version.fnharden) (GNU readline \(readlineVersion))" }
}
