import ArgumentParser
import FNHardenCore
import FNHardenRender
import Foundation
import LineEditing

/// `fnharden`: the root command. Subcommands are small types, one file each.
public struct FNHardenCommand: ParsableCommand {
    public static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "fnharden",
            abstract: CommandLineText.text("cli.help.fnharden.abstract"),
            discussion: CommandLineText.text("cli.help.fnharden.discussion"),
            version: FNHardenVersion.text,
            subcommands: [
                WizardCommand.self, GenerateCommand.self, ValidateCommand.self, QuestionsCommand.self,
                ExplainCommand.self, PlansCommand.self, SchemaCommand.self, DiffCommand.self, AuditCommand.self,
            ],
            defaultSubcommand: WizardCommand.self)
    }

    public init() {}

    static var subcommandNames: [String] { configuration.subcommands.compactMap { $0.configuration.commandName } }

    /// Runs the command line and never returns. Usage errors exit 2, as bad
    /// input does (argument-parser's own code for them is 64).
    public static func runAndExit(_ arguments: [String]? = nil) -> Never {
        let names = subcommandNames
        let (words, leading) = hoistingGlobalOptions(arguments ?? Array(CommandLine.arguments.dropFirst()))
        // `fnharden generat`: the interview takes no such argument, so it is a typo.
        if let first = leading.first, !first.hasPrefix("-"), !names.contains(first), first != "help" {
            let suggestion = Suggestion.closest(to: first, in: names)
            Terminal.fail(
                CommandLineText.text(
                    suggestion == nil ? "cli.usage.unknown-command" : "cli.usage.unknown-command-suggest",
                    [
                        "command": AnswerParsing.displayable(first), "suggestion": suggestion ?? "",
                        "commands": names.joined(separator: ", "),
                    ]))
            Foundation.exit(2)
        }
        do {
            var command = try parseAsRoot(words)
            try command.run()
            Foundation.exit(0)
        } catch {
            let code = exitCode(for: error)
            let message = CommandLineText.localized(parserText: fullMessage(for: error))
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
                if word == "help" {
                    return (others + [word] + withoutGlobalOptions(words[(index + 1)...]), others + words[index...])
                }
                return (others + [word] + globals + words[(index + 1)...], others + words[index...])
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
        // `fnharden --lang el --help`: the root's help, in the language read
        // before parsing (the interview would otherwise take the options).
        if others.allSatisfy({ ["--help", "-h", "--version"].contains($0) }), !others.isEmpty, index == words.count {
            return (others, others)
        }
        return (words, others + words[index...])
    }

    /// The words without `--lang` and `--data-dir` and their values.
    static func withoutGlobalOptions(_ words: ArraySlice<String>) -> [String] {
        var kept: [String] = []
        var skipValue = false
        for word in words {
            if skipValue {
                skipValue = false
            } else if globalOptions.contains(word) {
                skipValue = true
            } else if !globalOptions.contains(where: { word.hasPrefix($0 + "=") }) {
                kept.append(word)
            }
        }
        return kept
    }
}

/// True when the command line names no subcommand (`fnharden`, `fnharden
/// --answers F`): then the interview needs a terminal or answers to start
/// from, while `fnharden wizard` may also be scripted through a pipe.
let invokedWithoutSubcommand: Bool = {
    // After hoisting, a subcommand comes first (`fnharden --lang el audit ...`);
    // an option's value that happens to be a command's name is no subcommand.
    let words = FNHardenCommand.hoistingGlobalOptions(Array(CommandLine.arguments.dropFirst())).words
    return !FNHardenCommand.subcommandNames.contains(words.first ?? "")
}()

enum FNHardenVersion {
    static var text: String { "fnharden \(Version.fnharden) (GNU readline \(readlineVersion))" }
}
