import FNHardenCore
import FNHardenL10n
import Foundation

/// `snippets/harden.sh`: the Azure CLI commands that apply the settings to
/// an existing app. Every command is a PUT or PATCH of the same values, so
/// running the script twice changes nothing the second time.
public struct ShellSnippet {
    let l10n: Localizer

    public init(localizer: Localizer) { self.l10n = localizer }

    /// One shell word: literal text and variable expansions, quoted apart.
    struct Word {
        enum Part {
            case text(String)
            case variable(String)
        }
        var parts: [Part]

        static func text(_ text: String) -> Word { Word(parts: [.text(text)]) }

        var rendered: String {
            parts.map { part in
                switch part {
                case .text(let text): return ShellSnippet.quote(text)
                case .variable(let name): return "\"$" + name + "\""
                }
            }.joined()
        }

        var variables: [String] { parts.compactMap { if case .variable(let name) = $0 { name } else { nil } } }
    }

    struct Command {
        let words: [Word]
        /// Argument lines, each with the items it implements.
        var lines: [(words: [Word], items: [String])] = []
        var settings: [PlannedSetting] = []
        var generic: [(path: String, value: SnippetValue, setting: PlannedSetting)] = []
        var appSettings: [Word] = []
        var sets: [(words: [Word], items: [String])] = []
    }

    public func render(_ plan: SnippetPlan) -> RenderedSnippet {
        var commands: [String: Command] = [:]
        var order: [String] = []
        var own: [Command] = []
        func group(_ command: String, _ scope: String) -> String {
            let key = command + "|" + scope
            if commands[key] == nil {
                commands[key] = Command(
                    words: [Word.text("az")] + command.split(separator: " ").map(String.init).map(Word.text)
                        + scopeWords(scope, plan))
                order.append(key)
            }
            return key
        }
        for entry in plan.entries {
            if let name = entry.setting.appSetting, let value = entry.value {
                let key = group("functionapp config appsettings set", "app")
                commands[key]?.appSettings.append(Word(parts: [.text(name + "=")] + parts(value)))
                commands[key]?.settings.append(entry)
                continue
            }
            guard let cli = entry.setting.azcli, let value = entry.azcli else { continue }
            switch cli.form {
            case .flag(let flag):
                let key = group(cli.command, cli.scope)
                commands[key]?.lines.append(([.text(flag)] + words(value), [entry.item]))
                commands[key]?.settings.append(entry)
            case .set(let path):
                let key = group(cli.command, cli.scope)
                commands[key]?.sets.append(
                    ([.text("--set"), Word(parts: [.text(path + "=")] + parts(value))], [entry.item]))
                commands[key]?.settings.append(entry)
            case .generic(let path):
                let key = group(cli.command, cli.scope)
                commands[key]?.generic.append((path, value, entry))
                commands[key]?.settings.append(entry)
            case .arguments:
                var command = Command(
                    words: [Word.text("az")] + cli.command.split(separator: " ").map(String.init).map(Word.text)
                        + scopeWords(cli.scope, plan))
                command.lines.append((words(value), [entry.item]))
                command.settings.append(entry)
                own.append(command)
            }
        }
        // Identities first: later commands may name a user-assigned one.
        // Then what adds a way in (private endpoint, allow rules, the
        // storage subnet rule), and only then what shuts the others (public
        // access off, default Deny), so the app stays reachable throughout.
        let first = order.filter { $0.hasPrefix("functionapp identity assign|") }
        let ordered =
            first.compactMap { commands[$0] } + own + order.filter { !first.contains($0) }.compactMap { commands[$0] }

        let header = SnippetHeader(plan: plan, l10n: l10n)
        var out = SnippetLines()
        out.add("#!/usr/bin/env bash")
        for line in header.lines(declarative: false) { out.add("# " + line) }
        out.add("set -euo pipefail")
        let variables = ordered.flatMap { command in
            (command.words + command.lines.flatMap(\.words) + command.sets.flatMap(\.words) + command.appSettings)
                .flatMap(\.variables)
        }
        let needsSite = variables.contains("SITE_ID")
        let inputs = plan.inputs(
            for: [],
            skeleton: (variables + (needsSite ? ["APP_NAME", "RESOURCE_GROUP"] : []))
                .compactMap { name in plan.inputIDs.first { InputName.shell($0) == name } })
        addInputs(inputs, script: "harden.sh", into: &out)
        if needsSite {
            out.add("")
            out.add(
                "SITE_ID=$(az functionapp show --resource-group \"$RESOURCE_GROUP\" --name \"$APP_NAME\" --query id --output tsv)"
            )
        }
        for command in ordered {
            out.add("")
            out.add("# " + settingNote(command.settings), items: command.settings.map(\.item).uniqued())
            // `access-restriction add` appends a duplicate when run twice:
            // add a rule only when no rule of its name is there yet.
            let guardRule = accessRuleGuard(command)
            if let guardRule { out.add(guardRule, items: command.settings.map(\.item).uniqued()) }
            var lines: [(String, [String])] = []
            // The command line itself belongs to every item it serves.
            lines.append((command.words.map(\.rendered).joined(separator: " "), command.settings.map(\.item).uniqued()))
            for line in command.lines { lines.append((line.words.map(\.rendered).joined(separator: " "), line.items)) }
            for line in command.sets { lines.append((line.words.map(\.rendered).joined(separator: " "), line.items)) }
            if !command.generic.isEmpty {
                lines.append(
                    (
                        "--generic-configurations " + Self.quote(genericJSON(command.generic)),
                        command.generic.map(\.setting.item).uniqued()
                    ))
            }
            if !command.appSettings.isEmpty {
                lines.append(("--settings", command.settings.map(\.item).uniqued()))
                for (word, entry) in zip(command.appSettings, command.settings) {
                    lines.append(("  " + word.rendered, [entry.item]))
                }
                // appsettings set prints every setting, secrets included.
                lines.append(("--output none", []))
            }
            let indent = guardRule == nil ? "" : "  "
            for (index, line) in lines.enumerated() {
                out.add(
                    indent + (index == 0 ? "" : "  ") + line.0 + (index < lines.count - 1 ? " \\" : ""), items: line.1)
            }
            if guardRule != nil { out.add("fi", items: command.settings.map(\.item).uniqued()) }
            if !command.appSettings.isEmpty { removeReplacedSettings(plan, into: &out) }
        }
        return out.rendered(.azcli)
    }

    /// The inputs, each settable at the top or from the environment, and a
    /// check of each against its pattern before any command runs.
    func addInputs(_ inputs: [ResolvedInput], script: String, into out: inout SnippetLines) {
        out.add("")
        out.add("# " + commentSafe(l10n.text("snippets.shell.inputs")))
        for resolved in inputs {
            let name = InputName.shell(resolved.input.id)
            let fallback =
                resolved.defaultValue.map { value -> String in
                    switch value {
                    case .string(let text): return Self.quote(text)
                    case .int(let number): return String(number)
                    default: return ""
                    }
                } ?? ""
            out.add("# " + name + ": " + SnippetHeader.description(of: resolved.input.id, l10n))
            out.add(name + "=${" + name + "-" + fallback + "}")
        }
        out.add("")
        out.add("require() {")
        out.add("  if [[ ! $2 =~ $3 ]]; then")
        out.add("    printf '%s\\n' \"$4\" >&2")
        out.add("    exit 2")
        out.add("  fi")
        out.add("}")
        for resolved in inputs {
            let name = InputName.shell(resolved.input.id)
            let pattern = resolved.input.pattern ?? (resolved.input.kind == .int ? "^[1-9][0-9]*$" : ".")
            let message = script + ": " + l10n.text("snippets.shell.bad-input", ["name": name, "pattern": pattern])
            out.add(
                "require " + name + " \"$" + name + "\" " + Self.quote(pattern) + " " + Self.quote(commentSafe(message))
            )
        }
    }

    /// The settings the new ones replace (the storage connection string),
    /// deleted right after: deleting one that is gone already is no error.
    private func removeReplacedSettings(_ plan: SnippetPlan, into out: inout SnippetLines) {
        let replacing = plan.entries.filter { $0.setting.removesAppSetting != nil }
        guard !replacing.isEmpty else { return }
        let items = replacing.map(\.item).uniqued()
        out.add("")
        out.add("# " + settingNote(replacing), items: items)
        out.add(
            (["az", "functionapp", "config", "appsettings", "delete"].map(Word.text) + scopeWords("app", plan))
                .map(\.rendered).joined(separator: " ") + " \\", items: items)
        out.add(
            "  --setting-names " + plan.removedAppSettings.map(Self.quote).joined(separator: " ") + " --output none",
            items: items)
    }

    /// `if [[ -z $(az ... show --query "...[?name=='RULE'].name") ]]; then`
    /// for an access-restriction rule, nil for other commands.
    private func accessRuleGuard(_ command: Command) -> String? {
        // The five words of that command are enough to tell it.
        guard
            command.words.prefix(5).map(\.rendered).joined(separator: " ").hasPrefix(
                "az functionapp config access-restriction add"),
            let arguments = command.lines.first?.words.map(\.rendered),
            let index = arguments.firstIndex(of: "--rule-name"), index + 1 < arguments.count
        else { return nil }
        let rule = arguments[index + 1]
        guard rule.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) else { return nil }
        let list = arguments.contains("--scm-site") ? "scmIpSecurityRestrictions" : "ipSecurityRestrictions"
        return
            "if [[ -z $(az functionapp config access-restriction show --resource-group \"$RESOURCE_GROUP\" --name \"$APP_NAME\" "
            + "--query \"\(list)[?name=='\(rule)'].name\" --output tsv) ]]; then"
    }

    /// The arguments that name the scope's resource (settings.yml azcli-scopes).
    private func scopeWords(_ scope: String, _ plan: SnippetPlan) -> [Word] {
        plan.scopeArguments(scope).map { Word(parts: parts($0)) }
    }

    private func parts(_ value: SnippetValue) -> [Word.Part] {
        switch value {
        case .bool(let flag): return [.text(flag ? "true" : "false")]
        case .int(let number): return [.text(String(number))]
        case .string(let text): return [.text(text)]
        case .input(let id): return [.variable(InputName.shell(id))]
        case .prefixed(let prefix, let id): return [.text(prefix), .variable(InputName.shell(id))]
        // The script looks the app's resource ID up once, into SITE_ID.
        case .reference: return [.variable("SITE_ID")]
        default: return []
        }
    }

    /// A value as arguments: a list gives one word per element.
    private func words(_ value: SnippetValue) -> [Word] {
        if case .list(let values) = value { return values.map { Word(parts: parts($0)) } }
        return [Word(parts: parts(value))]
    }

    /// `--generic-configurations`: compact JSON, keys sorted, values nested by path.
    private func genericJSON(_ entries: [(path: String, value: SnippetValue, setting: PlannedSetting)]) -> String {
        var root: JSONObject = [:]
        for entry in entries {
            insert(entry.path.split(separator: ".").map(String.init)[...], jsonValue(entry.value), into: &root)
        }
        return compact(.object(root))
    }

    private func insert(_ path: ArraySlice<String>, _ value: JSONValue, into object: inout JSONObject) {
        guard let head = path.first else { return }
        if path.count == 1 {
            object[head] = value
            return
        }
        var child: JSONObject = [:]
        if case .object(let existing)? = object[head] { child = existing }
        insert(path.dropFirst(), value, into: &child)
        object[head] = .object(child)
    }

    private func jsonValue(_ value: SnippetValue) -> JSONValue {
        switch value {
        case .bool(let flag): return .bool(flag)
        case .int(let number): return .integer(number)
        case .string(let text): return .string(text)
        case .list(let values): return .array(values.map(jsonValue))
        default: return .null
        }
    }

    private func compact(_ value: JSONValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).flatMap { String(data: $0, encoding: .utf8) } ?? "{}"
    }

    /// Punctuation a word may hold and stay unquoted.
    private static let unquoted = Set("_./:=@%+,-".utf8)

    /// A POSIX shell word for literal text: bare when it holds only safe
    /// characters (ASCII letters, digits, `unquoted`), otherwise in single
    /// quotes (a quote becomes '\'').
    static func quote(_ text: String) -> String {
        let safe = !text.isEmpty && text.utf8.allSatisfy { $0.isASCIIAlphanumeric || Self.unquoted.contains($0) }
        return safe ? text : "'" + text.replacingEvery("'", with: "'\\''") + "'"
    }
}
