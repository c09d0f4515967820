import FNHardenCore
import FNHardenData
import FNHardenL10n
import Foundation
import Testing

/// Every language is complete and consistent with English, and no human
/// text bypasses the catalogues (a pseudo-locale proves it).
struct LanguageTests {
    let source = Harness.data

    func catalog(_ language: String) throws -> Catalog { try Catalog.load(language: language, from: source) }

    static func placeholders(_ entry: Catalog.Entry) -> Set<String> {
        let texts: [String] =
            switch entry {
            case .text(let text): [text]
            case .plural(let forms): Array(forms.values)
            }
        var names = Set<String>()
        for text in texts {
            for match in text.matches(of: #/%\{(\w+)\}/#) { names.insert(String(match.output.1)) }
        }
        return names
    }

    @Test func greekIsShipped() {
        #expect(Catalog.languages(in: source).sorted() == ["el", "en"])
    }

    @Test func everyLanguageHasEveryKeyAndNoStaleOnes() throws {
        let english = try catalog("en")
        for language in Catalog.languages(in: source) where language != "en" {
            let other = try catalog(language)
            let missing = Set(english.entries.keys).subtracting(other.entries.keys).sorted()
            let stale = Set(other.entries.keys).subtracting(english.entries.keys).sorted()
            #expect(missing == [], "\(language) lacks keys")
            #expect(stale == [], "\(language) has keys English no longer has")
        }
    }

    @Test func placeholdersAndPluralFormsMatchEnglish() throws {
        let english = try catalog("en")
        for language in Catalog.languages(in: source) where language != "en" {
            let other = try catalog(language)
            for (key, entry) in english.entries {
                guard let translated = other.entries[key] else { continue }
                #expect(Self.placeholders(translated) == Self.placeholders(entry), "\(language) \(key)")
                if case .plural(let forms) = translated {
                    for category in PluralRules.categories(for: language) {
                        #expect(forms[category] != nil, "\(language) \(key) lacks \(category)")
                    }
                } else if case .plural = entry {
                    Issue.record("\(language) \(key) should have plural forms")
                }
            }
        }
    }
}

/// Machine output doesn't change with the language: ids, statuses,
/// `section` (the English heading), `because`, alternatives and controls.
struct MachineOutputTests {
    @Test func jsonDiffersOnlyInHumanText() throws {
        let fixture = Harness.fixtures.appendingPathComponent("answers/linux-consumption.yaml").path
        var documents: [[String: Any]] = []
        for language in ["en", "el"] {
            let run = try Harness.run([
                "generate", "--answers", fixture, "--stdout", "--format", "json", "--lang", language,
            ])
            documents.append(
                try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]))
        }
        func machine(_ document: [String: Any]) -> String {
            var copy = document
            copy["notices"] = (document["notices"] as? [[String: Any]])?.map { $0.filter { $0.key != "text" } }
            copy["items"] = (document["items"] as? [[String: Any]])?.map { item in
                var item = item
                for field in ["title", "rationale", "fix"] { item[field] = nil }
                item["references"] = (item["references"] as? [[String: String]])?.map {
                    $0.filter { $0.key != "title" }
                }
                return item
            }
            let data = (try? JSONSerialization.data(withJSONObject: copy, options: [.sortedKeys])) ?? Data()
            return String(data: data, encoding: .utf8) ?? ""
        }
        #expect(!machine(documents[0]).isEmpty)
        #expect(machine(documents[0]) == machine(documents[1]))
        let titles = (documents[1]["items"] as? [[String: Any]])?.compactMap { $0["title"] as? String } ?? []
        #expect(titles.contains("Απαιτήστε HTTPS"))
    }
}

/// The pseudo-locale `qps`, made from English in a scratch data folder, wraps
/// every string in ⟦…⟧. Whatever a command prints outside the markers must
/// be ids, values, code, URLs, numbers or punctuation: any other word was
/// written in Swift instead of a catalogue.
struct PseudoLocaleTests {
    /// A data folder with the knowledge base and an extra `qps` language.
    static func dataFolder() throws -> URL {
        let folder = try Harness.temporaryFolder()
        try FileManager.default.copyItem(
            at: Harness.packageRoot.appendingPathComponent("checklists"),
            to: folder.appendingPathComponent("checklists"))
        try FileManager.default.copyItem(
            at: Harness.packageRoot.appendingPathComponent("locales"),
            to: folder.appendingPathComponent("locales"))
        let english = try Catalog.load(language: "en", from: Harness.data)
        var lines = ["qps:"]
        for key in english.entries.keys.sorted() {
            switch english.entries[key] {
            case .text(let text)?:
                lines.append("  \(yamlQuoted(key)): \(yamlQuoted("⟦" + text + "⟧"))")
            case .plural(let forms)?:
                lines.append("  \(yamlQuoted(key)):")
                for (category, text) in forms.sorted(by: { $0.key < $1.key }) {
                    lines.append("    \(category): \(yamlQuoted("⟦" + text + "⟧"))")
                }
            case nil: break
            }
        }
        let qps = folder.appendingPathComponent("locales/qps")
        try FileManager.default.createDirectory(at: qps, withIntermediateDirectories: true)
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: qps.appendingPathComponent("all.yml"))
        return folder
    }

    /// Words that may stand outside the markers: the knowledge base's ids and
    /// values, and the machine-readable labels of diagnostics.
    static let allowedWords: Set<String> = {
        let kb = Harness.kb
        // The piped interview echoes what was typed: a1, premum, summary, back.
        var words: Set<String> = [
            "fnharden", "error", "warning", "x", "stdin", "yaml", "json", "md", "qps",
            "a", "premum", "summary", "back",
        ]
        func add(_ text: String) {
            for word in text.split(whereSeparator: { !$0.isLetter }) { words.insert(word.lowercased()) }
        }
        for question in kb.questions {
            add(question.id)
            question.values.forEach(add)
        }
        for item in kb.items { add(item.id) }
        for id in kb.capabilities.capabilities.keys { add(id) }
        kb.capabilities.plans.forEach(add)
        ["windows", "linux", "true", "false", "unknown", "checklist", "answers", "out"].forEach(add)
        // Command names, in usage lines and the list of commands.
        ["wizard", "generate", "validate", "questions", "explain", "plans", "schema", "diff", "audit"].forEach(add)
        return words
    }()

    /// The text outside ⟦…⟧ markers (nested markers count as one), with code
    /// spans, URLs and file paths removed; what is left should be no words.
    static func strayWords(_ output: String) -> [String] {
        var outside = ""
        var depth = 0
        for character in output {
            if character == "⟦" {
                depth += 1
                continue
            }
            if character == "⟧" {
                depth = max(0, depth - 1)
                continue
            }
            if depth == 0 { outside.append(character) }
        }
        let cleaned =
            outside
            .replacing(#/`[^`]*`/#, with: " ")
            .replacing(#/https?:\/\/\S+/#, with: " ")
            .replacing(#/[\w.\/-]+\.(yaml|yml|json|md)\b/#, with: " ")
            .replacing(#/\/[\w.\/-]+/#, with: " ")
            // Options are names, as ids are: `--answers`, `-h`.
            .replacing(#/(^|[\s\[(,'])--?[a-z][\w-]*/#, with: " ")
        return cleaned.split(whereSeparator: { !$0.isLetter }).map(String.init)
            .filter { !allowedWords.contains($0.lowercased()) }
    }

    func run(_ arguments: [String], folder: URL, stdin: String? = nil) throws -> Harness.Run {
        try Harness.run(arguments + ["--lang", "qps", "--data-dir", folder.path], in: folder, stdin: stdin)
    }

    @Test func strayWordsAreFound() {
        #expect(Self.strayWords("⟦a ⟦b⟧ c⟧ `code` https://x.y/z premium") == [])
        #expect(Self.strayWords("⟦ok⟧ Hardcoded words") == ["Hardcoded", "words"])
    }

    @Test func everyOutputComesFromTheCatalogues() throws {
        let folder = try Self.dataFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var outputs: [(String, String)] = []
        for fixture in [
            "linux-consumption.yaml", "premium-hardened.yaml", "runtime-1.yaml", "worst-case.yaml",
            "accepted-risks.yaml",
        ] {
            let path = Harness.fixtures.appendingPathComponent("answers/\(fixture)").path
            for format in ["markdown", "json"] {
                let run = try self.run(["generate", "--answers", path, "--stdout", "--format", format], folder: folder)
                #expect(run.status == 0, "\(run.stderr)")
                outputs.append(("\(fixture) \(format)", run.stdout))
                outputs.append(("\(fixture) \(format) stderr", run.stderr))
            }
        }
        for invalid in ["typos.yaml", "contradictions.yaml", "naming.yaml", "syntax.yaml", "empty.yaml"] {
            let run = try self.run(
                ["validate", Harness.fixtures.appendingPathComponent("invalid/\(invalid)").path],
                folder: folder)
            outputs.append((invalid, run.stderr))
        }
        for command in [
            ["explain", "http-disable-admin-endpoints"], ["explain", "--list"], ["questions"],
            ["plans", "--require", "private-endpoint"], ["explain", "nope"],
        ] {
            let run = try self.run(command, folder: folder)
            outputs.append((command.joined(separator: " "), run.stdout + run.stderr))
        }
        // Help of every command, and every usage error, including the parser's own.
        let example = Harness.packageRoot.appendingPathComponent("checklists/examples/contoso-orders.yaml").path
        let show = Harness.fixtures.appendingPathComponent("audit/az/show.json").path
        var commandLines: [[String]] = [["--help"], ["help", "generate"]]
        commandLines += ["wizard", "generate", "validate", "questions", "explain", "plans", "schema", "diff", "audit"]
            .map { [$0, "--help"] }
        commandLines += [
            ["plans", "--os", "mac"], ["explain"], ["validate"], ["generate"], ["audit"],
            ["generate", "--answers", example, example, "--stdout"], ["generate", "--answers", "-", "-"],
            ["generate", "--answers", example, "--stdout", "--output", "x"],
            ["generate", "--answers", example, "--stdout", "--snippets", "bicep"],
            ["generate", "--answers", example, "--output", "-"], ["generate", "--answers", example, "--as-of", "soon"],
            ["generate", "--answers", example, "--snippets", "all,bicep"],
            ["generate", "--answers", example, "--format", "pdf"], ["generate", "--answers"],
            ["audit", show, "--fail-on-drift"], ["audit", "-", "--answers", "-"], ["audit", show, "--output", "-"],
            ["validate", "--answers", "x"], ["diff", "only-one.json"], ["generat"],
            ["audit", show, "--stdout", "--as-of", "2026-11-29"],
            // Azure Policy states beside a template: the audit section, the item lines, the warning.
            [
                "audit", Harness.fixtures.appendingPathComponent("audit/contoso-export.json").path,
                Harness.fixtures.appendingPathComponent("audit/policy-states.json").path, "--stdout",
            ],
            ["audit", Harness.fixtures.appendingPathComponent("audit/policy-states.json").path],
        ]
        for command in commandLines {
            let run = try self.run(command, folder: folder)
            #expect(!run.stdout.isEmpty || !run.stderr.isEmpty, "\(command) says something")
            outputs.append((command.joined(separator: " ") + " (command line)", run.stdout + run.stderr))
        }
        // The comments of the Azure Policy files (their code is never translated;
        // definitions' display names are Azure's own, in English).
        let policyAnswers = Harness.fixtures.appendingPathComponent("snippets/policy-deny.yaml").path
        let policyRun = try self.run(
            [
                "generate", "--answers", policyAnswers, "--output", "policy", "--snippets", "policy", "--as-of",
                "2026-12-06",
            ],
            folder: folder)
        #expect(policyRun.status == 0, "\(policyRun.stderr)")
        let names = Harness.kb.policies.definitions.map(\.displayName).sorted { $0.count > $1.count }
        for file in ["policy.bicep", "policy-assignment.bicep", "policy.tf", "policy.sh"] {
            let text = Harness.read(folder.appendingPathComponent("policy/snippets/" + file))
            let comments = text.split(separator: "\n").filter { $0.hasPrefix("// ") || $0.hasPrefix("# ") }
                .map { $0.drop { $0 == "/" || $0 == "#" || $0 == " " } }
            #expect(!comments.isEmpty, "\(file) has comments")
            outputs.append(
                (file, names.reduce(comments.joined(separator: "\n")) { $0.replacingOccurrences(of: $1, with: " ") }))
        }
        // diff of two checklists written in the pseudo-language.
        var checklists: [String] = []
        for fixture in ["linux-consumption.yaml", "premium-hardened.yaml"] {
            let path = Harness.fixtures.appendingPathComponent("answers/\(fixture)").path
            let run = try self.run(
                ["generate", "--answers", path, "--stdout", "--format", "json", "--as-of", "2026-11-29"], folder: folder
            )
            let file = folder.appendingPathComponent("\(fixture).checklist.json")
            try Data(run.stdout.utf8).write(to: file)
            checklists.append(file.path)
        }
        let diff = try self.run(["diff"] + checklists, folder: folder)
        #expect(diff.status == 0, "\(diff.stderr)")
        outputs.append(("diff (command line)", diff.stdout + diff.stderr))
        // The interview through a pipe: prompts, labels, help, a typo, the summary and the end.
        let wizard = try self.run(
            ["wizard", "--fresh"], folder: folder,
            stdin: "a1\n\n\n?\npremium\nsummary\nback\n\n" + String(repeating: "\n", count: 60) + "y\n")
        #expect(wizard.status == 0, "\(wizard.stderr)")
        outputs.append(("wizard", wizard.stdout + wizard.stderr))
        // A typo through a pipe ends the interview (exit 2) with the reason and how to resume.
        let typo = try self.run(["wizard", "--fresh"], folder: folder, stdin: "a1\n\n\npremum\n")
        #expect(typo.status == 2)
        outputs.append(("wizard typo", typo.stdout + typo.stderr))
        // The English seed headings stand beside their translation on purpose.
        let headings = Harness.kb.sections.map(\.heading).sorted { $0.count > $1.count }
        for (name, output) in outputs where !name.hasSuffix("json") {
            var text = headings.reduce(output) { $0.replacingOccurrences(of: $1, with: " ") }
            if name.hasPrefix("explain") {
                // Snippet code (indented four spaces) and its file names are never translated.
                text = text.replacing(#/(?m)^    .*$/#, with: "").replacing(#/\(snippets\/[\w.]+\)/#, with: " ")
            }
            #expect(Self.strayWords(text) == [], "\(name) prints text that no catalogue holds")
        }
        // JSON is machine output; only its human fields are text, and all come from the catalogues.
        for (name, output) in outputs where name.hasSuffix("json") {
            let document = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
            for item in document["items"] as? [[String: Any]] ?? [] {
                var texts = ["title", "rationale", "fix"].compactMap { item[$0] as? String }
                texts += (item["references"] as? [[String: String]] ?? []).compactMap { $0["title"] }
                for text in texts { #expect(text.hasPrefix("⟦") && text.hasSuffix("⟧"), "\(name): \(text)") }
                #expect(
                    item["section"] as? String == Harness.kb.item(item["id"] as? String ?? "")?.section,
                    "section stays the English heading")
            }
        }
    }
}
