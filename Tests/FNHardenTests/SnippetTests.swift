import Foundation
import Testing

@testable import FNHardenCore
@testable import FNHardenRender

/// The snippet writers' escaping and the plan they write from. The
/// independent tools (Checkov, the Azure CLI) are in ExternalToolTests.
@Suite struct SnippetEscapingTests {
    /// Strings a value must not break out of, in any dialect.
    static let hostile = [
        "plain", "it's", "a\"b", "back\\slash", "${interpolate}", "%{directive}", "$(touch injected)",
        "`touch injected`",
        "line\nbreak", "tab\there", "\u{1B}[31mred", "[expression]", "[[already]", "; rm -rf /", "ünïcødé ελληνικά", "",
        // A quote, backslash or brace followed by a combining mark is one Character with it.
        "it'\u{301}s; touch injected '", "a\"\u{301}b", "back\\\u{301}slash", "$\u{301}{x}",
    ]

    /// Each string, single-quoted for the shell, comes back byte for byte
    /// from a real bash, and runs nothing.
    @Test func shellQuotingIsInert() throws {
        let folder = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for text in Self.hostile {
            let script = "printf '%s' " + ShellSnippet.quote(text)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/bash")
            process.arguments = ["-c", script]
            process.currentDirectoryURL = folder
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            #expect(String(decoding: data, as: UTF8.self) == text, "\(text)")
        }
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty, "a quoted value ran a command")
        #expect(ShellSnippet.quote("safe-name_1.2") == "safe-name_1.2")
    }

    @Test func bicepStringsCantEndOrInterpolate() {
        #expect(BicepSnippet.string("it's") == "'it\\'s'")
        #expect(BicepSnippet.string("${x}") == "'\\${x}'")
        #expect(BicepSnippet.string("a\nb\\") == "'a\\nb\\\\'")
        #expect(BicepSnippet.string("\u{1B}[0m") == "'\\u{1b}[0m'")
        for text in Self.hostile {
            let literal = BicepSnippet.string(text)
            // Inside the quotes: no bare quote, newline or `${`.
            let inner = literal.dropFirst().dropLast()
            #expect(
                !inner.replacingOccurrences(of: "\\\\", with: "").replacingOccurrences(of: "\\'", with: "").contains(
                    "'"))
            #expect(!inner.contains("\n") && !inner.replacingOccurrences(of: "\\$", with: "").contains("${"))
        }
    }

    @Test func terraformStringsStayText() {
        #expect(TerraformSnippet.string("${var.x}") == "\"$${var.x}\"")
        #expect(TerraformSnippet.string("%{if}") == "\"%%{if}\"")
        #expect(TerraformSnippet.string("a\"b\n") == "\"a\\\"b\\n\"")
        #expect(TerraformSnippet.string("\u{1B}") == "\"\\u001b\"")
        for text in Self.hostile {
            let inner = TerraformSnippet.string(text).dropFirst().dropLast()
            #expect(!inner.contains("\n"))
            #expect(!inner.replacingOccurrences(of: "$${", with: "").contains("${"))
            #expect(!inner.replacingOccurrences(of: "%%{", with: "").contains("%{"))
        }
    }

    /// ARM reads a string in brackets as an expression unless it starts `[[`.
    @Test func armLiteralsAreNotExpressions() {
        #expect(ARMSnippet.literal("[concat('a')]") == "[[concat('a')]")
        #expect(ARMSnippet.literal("plain") == "plain")
        #expect(ARMSnippet.literal("[test] value") == "[test] value", "not an expression, so not escaped")
    }

    @Test func commentsCantEndTheirLine() {
        #expect(commentSafe("a\nb\r\u{1B}c\u{2028}d") == "a b  c d")
    }

    @Test func inputNamesPerDialect() {
        #expect(InputName.camel("user-assigned-identity-id") == "userAssignedIdentityId")
        #expect(InputName.snake("user-assigned-identity-id") == "user_assigned_identity_id")
        #expect(InputName.shell("user-assigned-identity-id") == "USER_ASSIGNED_IDENTITY_ID")
    }
}

@Suite struct SnippetPlanTests {
    let kb: KnowledgeBase

    init() { kb = Harness.kb }

    func plan(_ values: [String: AnswerValue]) throws -> SnippetPlan {
        var explicit = values
        explicit["app.name"] = .text("test-app")
        let answers = AnswerResolver.resolve(AnswerSet(values: explicit), knowledgeBase: kb, file: "").0
        return try SnippetPlanner.plan(ChecklistEvaluator.evaluate(answers, knowledgeBase: kb), knowledgeBase: kb).get()
    }

    /// On every plan and OS, no setting needs a capability the plan lacks,
    /// and every setting's item is open or done there.
    @Test func everyPlanWritesOnlyWhatItCanDo() throws {
        for plan in kb.capabilities.plans {
            for os in kb.capabilities.systems(of: plan) {
                let snippets = try self.plan([
                    HostingKey.plan: .text(plan), HostingKey.os: .text(os), HostingKey.runtime: .integer(4),
                ])
                let answers = AnswerResolver.resolve(
                    AnswerSet(values: [
                        "app.name": .text("test-app"), HostingKey.plan: .text(plan), HostingKey.os: .text(os),
                        HostingKey.runtime: .integer(4),
                    ]), knowledgeBase: kb, file: ""
                ).0
                let lookup = CapabilityLookup(matrix: kb.capabilities, answers: answers)
                for entry in snippets.entries {
                    for capability in entry.setting.requires + (kb.item(entry.item)?.requires ?? []) {
                        #expect(
                            lookup.outcome(capability).truth != .no,
                            "\(plan)/\(os): \(entry.setting.id) needs \(capability)")
                    }
                    #expect(entry.status == .todo || entry.status == .done)
                }
                #expect(!snippets.entries.isEmpty, "\(plan)/\(os) writes nothing")
            }
        }
    }

    @Test func unknownHostingWritesNoSnippets() throws {
        let answers = AnswerResolver.resolve(AnswerSet(values: ["app.name": .text("x")]), knowledgeBase: kb, file: "").0
        let result = SnippetPlanner.plan(ChecklistEvaluator.evaluate(answers, knowledgeBase: kb), knowledgeBase: kb)
        #expect(throws: SnippetPlanner.Refusal.hostingUnknown) { try result.get() }
    }

    /// An accepted risk writes nothing for its item, and the files say so.
    @Test func anAcceptedRiskWritesNoSettings() throws {
        var explicit = AnswerSet(values: [
            "app.name": .text("x"), HostingKey.plan: .text("premium"), HostingKey.os: .text("linux"),
            "network.inbound": .text("public"),
        ])
        explicit.acceptedRisks = [
            AcceptedRisk(item: "network-private-endpoint", owner: "o", reason: "r", expires: "2999-01-01")
        ]
        let answers = AnswerResolver.resolve(explicit, knowledgeBase: kb, file: "").0
        let plan = try SnippetPlanner.plan(
            ChecklistEvaluator.evaluate(answers, knowledgeBase: kb, asOf: "2026-01-01"),
            knowledgeBase: kb
        ).get()
        #expect(!plan.items.contains("network-private-endpoint"))
        #expect(plan.accepted == ["network-private-endpoint"])
        let bicep = BicepSnippet(localizer: Harness.english).render(plan).text
        #expect(!bicep.contains("privateEndpoints") && !bicep.contains("publicNetworkAccess"))
        #expect(bicep.contains("network-private-endpoint"))
    }

    /// Every line a Markdown link points at holds the item's id.
    @Test func linkedLinesNameTheirItem() throws {
        let plan = try self.plan([
            HostingKey.plan: .text("premium"), HostingKey.os: .text("windows"), HostingKey.runtime: .integer(4),
            "identity.managed-identity": .text("user-assigned"), "network.gateway": .text("front-door"),
        ])
        let l10n = Harness.english
        for snippet in [
            BicepSnippet(localizer: l10n).render(plan), TerraformSnippet(localizer: l10n).render(plan),
            ShellSnippet(localizer: l10n).render(plan),
        ] {
            let lines = snippet.text.split(separator: "\n", omittingEmptySubsequences: false)
            for item in plan.items {
                let ranges = try #require(snippet.lines[item], "\(snippet.dialect): no lines for \(item)")
                let text = ranges.flatMap { $0.map { String(lines[$0 - 1]) } }.joined(separator: "\n")
                #expect(text.contains(item), "\(snippet.dialect): \(item)")
            }
        }
    }
}

/// The four files for the Dedicated Windows app with FTP, golden: a change to any writer shows up here as a diff to read.
@Suite struct SnippetGoldenTests {
    @Test func dedicatedWindowsWithFTP() throws {
        let folder = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let answers = Harness.fixtures.appendingPathComponent("snippets/dedicated-windows-ftp.yaml").path
        let run = try Harness.run(["generate", "--answers", answers, "--output", "out"], in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        for file in ["main.bicep", "azuredeploy.json", "main.tf", "harden.sh"] {
            Harness.assertSnapshot(
                Harness.read(folder.appendingPathComponent("out/snippets/\(file)")),
                named: "dedicated-windows-ftp.\(file)")
        }
    }
}
