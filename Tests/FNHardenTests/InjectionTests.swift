import Foundation
import Testing

/// Values from the answers can't become code in any output: the
/// free-text answers carry Markdown, HTML and shell syntax, and every output
/// format is checked by a reader of that format (a CommonMark renderer, a
/// JSON parser, bash with a stub `az`).
@Suite struct InjectionTests {
    /// One line each (the reader refuses control characters and newlines).
    static let reviewer = "Eve](http://evil.example) <b>bold</b> # heading | a *b* $(touch pwned) ` ${x} %{y} 'q' \"d\""
    static let owner = "<script>alert(1)</script> [x](javascript:alert(1))"
    static let reason = "![img](http://evil.example/i.png) <img src=x onerror=alert(1)> ; rm -rf ~ `id` &amp; --- ==="

    static let answers = """
        fnharden: 1
        app: {name: contoso-hostile, resource-group: rg-hostile}
        hosting: {plan: premium, os: linux, runtime-version: 4}
        http: {https-only: false}
        review:
          reviewer: \(jsonQuoted(reviewer))
          date: 2026-11-01
        accepted-risks:
          - item: http-require-https
            owner: \(jsonQuoted(owner))
            reason: \(jsonQuoted(reason))
            expires: 2099-01-01
        """

    static func jsonQuoted(_ text: String) -> String {
        String(decoding: (try? JSONEncoder().encode(text)) ?? Data(), as: UTF8.self)
    }

    @Test func hostileFreeTextIsInertEverywhere() throws {
        let folder = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let answers = folder.appendingPathComponent("hostile.yaml")
        try Data(Self.answers.utf8).write(to: answers)
        let run = try Harness.run(
            [
                "generate", "--answers", answers.path, "--output", "out", "--format", "markdown,json,sarif",
                "--fail-on", "low",
            ], in: folder)
        #expect(run.status == 1, "\(run.stderr)")
        #expect(
            !(run.stdout + run.stderr).unicodeScalars.contains { $0.value == 0x1B },
            "no escape sequence reaches the terminal")
        let out = folder.appendingPathComponent("out")

        // JSON and SARIF: the exact text, as data.
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("checklist.json")))
                as? [String: Any])
        #expect((json["review"] as? [String: Any])?["reviewer"] as? String == Self.reviewer)
        let items = json["items"] as? [[String: Any]] ?? []
        let accepted = items.first { $0["id"] as? String == "http-require-https" }?["acceptance"] as? [String: Any]
        #expect(accepted?["owner"] as? String == Self.owner && accepted?["reason"] as? String == Self.reason)
        let sarif = Harness.read(out.appendingPathComponent("checklist.sarif"))
        #expect((try? JSONSerialization.jsonObject(with: Data(sarif.utf8))) != nil)

        // The normalised answers file keeps the text as text: it reads back to the same values.
        let again = try Harness.run(
            [
                "generate", "--answers", out.appendingPathComponent("answers.yaml").path, "--stdout",
                "--format", "json",
            ], in: folder)
        #expect(again.status == 0, "\(again.stderr)")
        let reread = try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any]
        #expect((reread?["review"] as? [String: Any])?["reviewer"] as? String == Self.reviewer)
        let rereadItems = reread?["items"] as? [[String: Any]] ?? []
        let rereadRisk =
            rereadItems.first { $0["id"] as? String == "http-require-https" }?["acceptance"] as? [String: Any]
        #expect(rereadRisk?["reason"] as? String == Self.reason)

        // Snippets: the free text never reaches the configuration; the script runs nothing it carries.
        for file in ["main.bicep", "azuredeploy.json", "main.tf", "harden.sh"] {
            let text = Harness.read(out.appendingPathComponent("snippets/\(file)"))
            #expect(!text.isEmpty && !text.contains("pwned") && !text.contains("alert(1)"), "\(file)")
        }

        // Markdown: rendered by markdown-it-py (CommonMark), the text stays text.
        let python = try #require(Harness.python, "no test python: run Tests/run.sh")
        let script = """
            import sys
            from markdown_it import MarkdownIt
            html = MarkdownIt("commonmark").enable("table").render(open(sys.argv[1], encoding="utf-8").read())
            bad = [s for s in ["<b>", "<script", "<img", "href=\\"http://evil", "href=\\"javascript", "src=\\"http://evil"] if s in html]
            headings = [line for line in html.splitlines() if line.startswith("<h") and "heading" in line]
            print(bad, headings); sys.exit(1 if bad or headings else 0)
            """
        let check = try Harness.run(
            ["-c", script, out.appendingPathComponent("checklist.md").path],
            executable: URL(fileURLWithPath: python))
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        let markdown = Harness.read(out.appendingPathComponent("checklist.md"))
        #expect(markdown.contains("Eve\\]"), "the reviewer is there, escaped")
    }

    /// The policy files carry an accepted risk's owner and reason (in the
    /// exemption's description and metadata) as data in every dialect: an
    /// owner that looks like an ARM expression stays text, `${` doesn't
    /// interpolate in Bicep or Terraform, and the script runs nothing.
    @Test func acceptedRiskTextIsInertInThePolicyFiles() throws {
        let folder = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let owner = "[concat('x', '${owner} %{o}')]"
        let reason = "'; touch pwned; echo ' $(touch pwned) `touch pwned` \\ \" ${jndi}"
        let answers = """
            fnharden: 1
            app: {name: contoso-hostile, resource-group: rg-hostile}
            hosting: {plan: premium, os: linux, runtime-version: 4}
            http: {https-only: false}
            accepted-risks:
              - item: http-require-https
                owner: \(Self.jsonQuoted(owner))
                reason: \(Self.jsonQuoted(reason))
                expires: 2099-01-01
            """
        let file = folder.appendingPathComponent("hostile.yaml")
        try Data(answers.utf8).write(to: file)
        let run = try Harness.run(
            ["generate", "--answers", file.path, "--output", "out", "--snippets", "policy", "--as-of", "2026-12-06"],
            in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        let snippets = folder.appendingPathComponent("out/snippets")

        // ARM: JSON, and the owner an ARM literal (`[[` reads back as `[`).
        let arm = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: snippets.appendingPathComponent("policy.json")))
                as? [String: Any])
        let deployment = (arm["resources"] as? [[String: Any]])?.last
        let template = ((deployment?["properties"] as? [String: Any])?["template"] as? [String: Any])
        let exemption = (template?["resources"] as? [[String: Any]])?.first {
            $0["type"] as? String == "Microsoft.Authorization/policyExemptions"
        }
        let properties = exemption?["properties"] as? [String: Any]
        let metadata = (properties?["metadata"] as? [String: Any])?["fnharden"] as? [String: Any]
        // As ARM reads a literal: `[[...]` is `[...]`, any other string is itself.
        let stored = (metadata?["owner"] as? String).map {
            $0.hasPrefix("[[") && $0.hasSuffix("]") ? String($0.dropFirst()) : $0
        }
        #expect(stored == owner)
        #expect(metadata?["reason"] as? String == reason)
        #expect((properties?["description"] as? String)?.contains(reason) == true)

        // Bicep and Terraform: no interpolation is left open.
        for name in ["policy-assignment.bicep", "policy.tf"] {
            // Comments are inert already; the code lines are what a tool evaluates.
            let text = Harness.read(snippets.appendingPathComponent(name)).split(separator: "\n")
                .filter { !$0.hasPrefix("//") && !$0.hasPrefix("#") }.joined(separator: "\n")
            #expect(text.contains("[concat("), "\(name) holds the owner")
            let open = text.ranges(of: "${").filter { range in
                let before = text[..<range.lowerBound].last
                return before != "\\" && before != "$"
            }
            #expect(
                open.allSatisfy {
                    text[$0.lowerBound...].hasPrefix("${data.") || text[$0.lowerBound...].hasPrefix("${var.")
                },
                "\(name) interpolates the free text")
        }

        // The script: run with a stub `az` that records its arguments; nothing is executed.
        let bin = folder.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let log = folder.appendingPathComponent("az.log")
        let stub = bin.appendingPathComponent("az")
        try Data(
            """
            #!/bin/sh
            for a in "$@"; do printf '%s\\n' "$a" >> "\(log.path)"; done
            [ "$1 $2" = "functionapp show" ] && echo /subscriptions/0/resourceGroups/rg/providers/Microsoft.Web/sites/app
            exit 0
            """.utf8
        ).write(to: stub)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: stub.path)
        let script = try Harness.run(
            ["-c", "PATH=\"\(bin.path):$PATH\" bash \(snippets.appendingPathComponent("policy.sh").path)"],
            in: folder, executable: URL(fileURLWithPath: "/bin/sh"))
        #expect(script.status == 0, "\(script.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("pwned").path))
        let sent = Harness.read(log)
        #expect(sent.contains("Risk accepted by " + owner) && sent.contains(reason))
    }

    /// An audit's answers file names its sources in comments: a file name
    /// holding a line break (CR, LF, NEL, U+2028) stays inside its comment,
    /// and `generate` reads the file back.
    @Test func aSourceNameCantBreakOutOfItsComment() throws {
        let folder = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for (index, name) in ["a\rb: evil.json", "a\nc: evil.json", "a\u{85}d: evil.json", "a\u{2028}e: evil.json"]
            .enumerated()
        {
            try Data(TestTemplates.apps(1).utf8).write(to: folder.appendingPathComponent(name))
            let out = "out\(index)"
            let audit = try Harness.run(["audit", name, "--output", out, "--as-of", "2026-11-29"], in: folder)
            #expect(audit.status == 0, "\(audit.stderr)")
            let answers = Harness.read(folder.appendingPathComponent(out + "/answers.yaml"))
            let lines = answers.split(omittingEmptySubsequences: false) { $0.isNewline || $0 == "\u{85}" }
            #expect(lines.prefix { !$0.hasPrefix("fnharden:") }.allSatisfy { $0.hasPrefix("#") }, "\(lines.prefix(4))")
            let again = try Harness.run(
                ["generate", "--answers", out + "/answers.yaml", "--output", "gen\(index)"], in: folder)
            #expect(again.status == 0, "\(name.debugDescription): \(again.stderr)")
        }
    }

    /// Terminal: an answer carrying an escape sequence is refused, and the
    /// message shows it as \u{1b}, never as the raw byte.
    @Test func escapeSequencesNeverReachTheTerminal() throws {
        let folder = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let answers = folder.appendingPathComponent("escape.yaml")
        try Data("fnharden: 1\napp:\n  name: ok-app\nreview:\n  reviewer: \"\\e]0;owned\\a\\e[2J\"\n".utf8).write(
            to: answers)
        for command in [["validate", answers.path], ["generate", "--answers", answers.path, "--stdout"]] {
            let run = try Harness.run(command, in: folder)
            #expect(run.status == 2)
            #expect(
                !(run.stdout + run.stderr).unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "\(run.stderr)")
            #expect(run.stderr.contains("\\u{1b}"))
        }
    }
}
