import Foundation
import Testing

/// The built binary, run as a user runs it: files in, files out, exit codes.
struct EndToEndTests {
    func fixture(_ name: String) -> String { Harness.fixtures.appendingPathComponent("answers/\(name)").path }

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    func items(_ document: [String: Any]) -> [String: [String: Any]] {
        var result: [String: [String: Any]] = [:]
        for item in document["items"] as? [[String: Any]] ?? [] { result[item["id"] as? String ?? ""] = item }
        return result
    }

    @Test func generateWritesTheChecklistPair() throws {
        let folder = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try Harness.run(["generate", "--answers", fixture("linux-consumption.yaml")], in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.isEmpty, "results go to files, not standard output")
        let out = folder.appendingPathComponent("fnharden-out")
        let files = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(files == ["answers.yaml", "checklist.json", "checklist.md", "snippets"])
        let snippets = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("snippets").path)
            .sorted()
        #expect(snippets == ["azuredeploy.json", "harden.sh", "main.bicep", "main.tf"])
        // `all` adds the Azure Policy set.
        let all = try Harness.run(
            ["generate", "--answers", fixture("linux-consumption.yaml"), "--output", "all", "--snippets", "all"],
            in: folder)
        #expect(all.status == 0, "\(all.stderr)")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("all/snippets").path)
                .sorted() == [
                    "azuredeploy.json", "harden.sh", "main.bicep", "main.tf", "policy-assignment.bicep",
                    "policy.bicep", "policy.json", "policy.sh", "policy.tf",
                ])
        let none = try Harness.run(
            [
                "generate", "--answers", fixture("linux-consumption.yaml"), "--output", "bare",
                "--snippets", "none",
            ], in: folder)
        #expect(none.status == 0, "\(none.stderr)")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("bare").path).sorted()
                == ["answers.yaml", "checklist.json", "checklist.md"])
        let bad = try Harness.run(
            [
                "generate", "--answers", fixture("linux-consumption.yaml"), "--output", "never",
                "--snippets", "bicep,pulumi",
            ], in: folder)
        #expect(bad.status == 2 && bad.stderr.contains("pulumi"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("never").path))

        let document = try json(Harness.read(out.appendingPathComponent("checklist.json")))
        #expect(document["format"] as? String == "fnharden.checklist/1")
        let app = try #require(document["app"] as? [String: Any])
        #expect(app["name"] as? String == "contoso-orders")
        #expect(app["plan"] as? String == "consumption" && app["os"] as? String == "linux")
        #expect(app["runtime-version"] as? Int == 4)
        let generator = try #require(document["generator"] as? [String: Any])
        #expect(generator["knowledge-base"] as? String == "2026.11")
        let byID = items(document)
        let admin = try #require(byID["http-disable-admin-endpoints"])
        #expect(admin["status"] as? String == "unsupported")
        #expect(admin["section"] as? String == "Disable administrative endpoints")
        #expect(admin["alternatives"] as? [String] == ["premium", "dedicated", "ase", "hosting.os=windows"])
        #expect(admin["because"] as? [String] == ["hosting.plan=consumption", "hosting.os=linux"])
        let privateEndpoint = try #require(byID["network-private-endpoint"])
        #expect(privateEndpoint["status"] as? String == "unsupported")
        #expect((privateEndpoint["alternatives"] as? [String])?.contains("premium") == true)
        let https = try #require(byID["http-require-https"])
        #expect(https["status"] as? String == "todo")
        #expect(https["because"] as? [String] == ["http.https-only=false"])
        #expect(
            (https["references"] as? [[String: String]])?.first?["url"]?.hasPrefix("https://learn.microsoft.com/")
                == true)
        #expect((https["controls"] as? [String: [String]])?["checkov"] == ["CKV_AZURE_70"])

        let summary = try #require(document["summary"] as? [String: Any])
        let statuses = byID.values.compactMap { $0["status"] as? String }
        #expect(summary["total"] as? Int == byID.count)
        for status in ["done", "todo", "not-applicable", "unsupported"] {
            #expect(summary[status] as? Int == statuses.filter { $0 == status }.count, "\(status)")
        }
        let markdown = Harness.read(out.appendingPathComponent("checklist.md"))
        #expect(markdown.hasPrefix("# Hardening checklist: contoso-orders\n"))
        #expect(markdown.contains("- [ ] **Require HTTPS** (High)"))
    }

    /// The README's excerpt of real output is real: it is the start of what
    /// its first command prints.
    @Test func theREADMEExcerptIsTheRealOutput() throws {
        let readme = Harness.read(Harness.packageRoot.appendingPathComponent("README.md"))
        let start = try #require(readme.range(of: "```markdown\n"))
        let end = try #require(readme.range(of: "\n...\n```", range: start.upperBound..<readme.endIndex))
        let excerpt = String(readme[start.upperBound..<end.lowerBound])
        let run = try Harness.run(
            ["generate", "--answers", "checklists/examples/contoso-orders.yaml", "--stdout"],
            in: Harness.packageRoot)
        #expect(run.stdout.hasPrefix(excerpt + "\n"), "refresh the README excerpt")
    }

    @Test func theHeaderNamesTheReviewAndTheAnswersChecksum() throws {
        let run = try Harness.run(
            ["generate", "--answers", "checklists/examples/contoso-orders.yaml", "--stdout", "--format", "json"],
            in: Harness.packageRoot)
        let document = try json(run.stdout)
        let review = try #require(document["review"] as? [String: Any])
        #expect(review["reviewer"] as? String == "Ada Lovelace")
        #expect(review["date"] as? String == "2026-11-29")
        let digest = try Harness.run(
            ["checklists/examples/contoso-orders.yaml"], in: Harness.packageRoot,
            executable: URL(fileURLWithPath: "/usr/bin/sha256sum"))
        #expect(review["answers-sha256"] as? String == String(digest.stdout.prefix(64)))
        let none = try json(
            try Harness.run(["generate", "--answers", fixture("minimal.yaml"), "--stdout", "--format", "json"]).stdout)
        #expect((none["review"] as? [String: Any])?["reviewer"] is NSNull)
    }

    @Test func hardenedPremiumIsDoneInTheJSON() throws {
        let run = try Harness.run([
            "generate", "--answers", fixture("premium-hardened.yaml"), "--stdout", "--format", "json",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let byID = items(try json(run.stdout))
        for id in [
            "http-require-https", "http-min-tls", "http-disable-admin-endpoints", "identity-managed-identity",
            "http-restrict-cors", "secrets-key-vault-references", "operations-disable-remote-debugging",
            "deployment-disable-ftp", "deployment-disable-basic-auth", "network-private-endpoint",
            "network-vnet-integration",
        ] {
            #expect(byID[id]?["status"] as? String == "done", "\(id)")
        }
    }

    @Test func runtimeOneAppCantGetAdminIsolation() throws {
        let run = try Harness.run(["generate", "--answers", fixture("runtime-1.yaml"), "--stdout", "--format", "json"])
        let admin = try #require(items(try json(run.stdout))["http-disable-admin-endpoints"])
        #expect(admin["status"] as? String == "unsupported")
        #expect(admin["alternatives"] as? [String] == ["hosting.runtime-version=4"])
    }

    /// A runtime out of support is a high finding, traced to its answer: the
    /// summary counts it, the gate trips on it and code scanning shows it.
    @Test func anUnsupportedRuntimeIsAHighFinding() throws {
        let folder = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try Harness.run(
            [
                "generate", "--answers", fixture("runtime-1.yaml"), "--output", "out", "--format", "json,sarif",
                "--fail-on", "high",
            ], in: folder)
        #expect(run.status == 1, "\(run.stderr)")
        let runtime = try #require(
            items(try json(Harness.read(folder.appendingPathComponent("out/checklist.json"))))[
                "operations-supported-runtime"])
        #expect(runtime["status"] as? String == "todo" && runtime["severity"] as? String == "high")
        #expect(runtime["because"] as? [String] == ["hosting.runtime-version=1"])
        let sarif = Harness.read(folder.appendingPathComponent("out/checklist.sarif"))
        #expect(sarif.contains("\"ruleId\" : \"operations-supported-runtime\""))
    }

    @Test func outputIsByteIdenticalAndTheNormalisedAnswersRoundTrip() throws {
        let folder = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in ["first", "second"] {
            let run = try Harness.run(["generate", "--answers", fixture("flex.json"), "--output", name], in: folder)
            #expect(run.status == 0, "\(run.stderr)")
        }
        for file in [
            "checklist.md", "checklist.json", "answers.yaml", "snippets/main.bicep", "snippets/azuredeploy.json",
            "snippets/main.tf", "snippets/harden.sh",
        ] {
            let first = Harness.read(folder.appendingPathComponent("first/\(file)"))
            #expect(!first.isEmpty && first == Harness.read(folder.appendingPathComponent("second/\(file)")), "\(file)")
        }
        // The normalised answers give the same checklist again.
        let again = try Harness.run(["generate", "--answers", "first/answers.yaml", "--output", "third"], in: folder)
        #expect(again.status == 0, "\(again.stderr)")
        // The same answers, so the same checklist; only the answers file's checksum differs.
        func withoutDigest(_ name: String) -> String {
            Harness.read(folder.appendingPathComponent(name)).replacing(#/"answers-sha256" : "[0-9a-f]{64}"/#, with: "")
        }
        #expect(withoutDigest("first/checklist.json") == withoutDigest("third/checklist.json"))
        // The Markdown marks assumed defaults; the second time every answer is explicit.
        func markdown(_ name: String) -> String {
            Harness.read(folder.appendingPathComponent(name)).replacing(#/`[0-9a-f]{64}`/#, with: "")
        }
        #expect(
            markdown("first/checklist.md").replacingOccurrences(of: " (default)", with: "")
                == markdown("third/checklist.md"))
        // Every value is explicit the second time, so only the "default" marks go.
        let answers = Harness.read(folder.appendingPathComponent("first/answers.yaml"))
        #expect(
            answers.replacingOccurrences(of: "  # default", with: "")
                == Harness.read(folder.appendingPathComponent("third/answers.yaml")))
        #expect(answers.contains("  os: linux  # default"))
        #expect(answers.contains("    - \"*\""))
    }

    @Test func failOnGatesCIAndStillWritesTheFiles() throws {
        let folder = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let gated = try Harness.run(
            ["generate", "--answers", fixture("linux-consumption.yaml"), "--fail-on", "high"], in: folder)
        #expect(gated.status == 1)
        #expect(gated.stderr.contains("open items are at or above High (--fail-on):"))
        #expect(gated.stderr.contains("  http-require-https (High) Require HTTPS"))
        #expect(
            FileManager.default.fileExists(atPath: folder.appendingPathComponent("fnharden-out/checklist.json").path))
        let hardened = try Harness.run([
            "generate", "--answers", fixture("premium-hardened.yaml"), "--stdout", "--fail-on", "low",
        ])
        #expect(hardened.status == 0, "\(hardened.stderr)")
        #expect(try Harness.run(["generate", "--answers", fixture("minimal.yaml"), "--fail-on", "severe"]).status == 2)
    }

    @Test func existingFilesNeedForce() throws {
        let folder = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try Harness.run(["generate", "--answers", fixture("minimal.yaml")], in: folder)
        #expect(first.status == 0)
        let markdown = folder.appendingPathComponent("fnharden-out/checklist.md")
        try Data("edited by hand\n".utf8).write(to: markdown)
        let refused = try Harness.run(["generate", "--answers", fixture("linux-consumption.yaml")], in: folder)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("already exists; use --force"))
        #expect(Harness.read(markdown) == "edited by hand\n", "nothing is replaced without --force")
        let forced = try Harness.run(
            ["generate", "--answers", fixture("linux-consumption.yaml"), "--force"], in: folder)
        #expect(forced.status == 0)
        #expect(Harness.read(markdown).contains("contoso-orders"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: markdown.deletingLastPathComponent().path)
        #expect(!leftovers.contains { $0.hasSuffix(".tmp") })
    }

    /// A folder where checklist.json should go: even with --force nothing
    /// changes (no mix of old and new files), and the run exits 2.
    @Test func aFailedReplaceLeavesTheOldFilesWhole() throws {
        let folder = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try Harness.run(["generate", "--answers", fixture("premium-hardened.yaml")], in: folder).status == 0)
        let out = folder.appendingPathComponent("fnharden-out")
        let before = Harness.read(out.appendingPathComponent("checklist.md"))
        try FileManager.default.removeItem(at: out.appendingPathComponent("checklist.json"))
        try FileManager.default.createDirectory(
            at: out.appendingPathComponent("checklist.json"), withIntermediateDirectories: false)
        let run = try Harness.run(["generate", "--answers", fixture("worst-case.yaml"), "--force"], in: folder)
        #expect(run.status == 2)
        #expect(Harness.read(out.appendingPathComponent("checklist.md")) == before)
        let names = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(
            names == ["answers.yaml", "checklist.json", "checklist.md", "snippets"], "no temporary or backup files left"
        )
    }

    @Test func aFullOrClosedStandardOutputIsAnErrorNotACrash() throws {
        for redirect in ["> /dev/full", ">&-"] {
            let run = try Harness.run(
                ["-c", "\"$0\" schema \(redirect)", Harness.binary.path],
                executable: URL(fileURLWithPath: "/bin/sh"))
            #expect(run.status == 2, "\(redirect): \(run.stderr)")
            #expect(run.stderr.contains("cannot write to standard output"))
        }
    }

    @Test func anUnknownOSStillNamesThePlansThatCan() throws {
        let run = try Harness.run(
            ["generate", "--answers", "-", "--stdout", "--format", "json"],
            stdin: "fnharden: 1\napp: {name: a1}\nhosting: {plan: consumption, os: unknown}\n")
        let byID = items(try json(run.stdout))
        #expect(
            byID["network-private-endpoint"]?["alternatives"] as? [String] == [
                "flex-consumption", "premium", "dedicated", "ase",
            ])
        let markdown = try Harness.run(
            ["generate", "--answers", "-", "--stdout"],
            stdin: "fnharden: 1\napp: {name: a1}\nhosting: {plan: consumption, os: unknown}\n")
        #expect(!markdown.stdout.contains("]()"), "no empty links")
        #expect(markdown.stderr.isEmpty, "\(markdown.stderr)")
    }

    @Test func anOutputPathThatIsAFileIsRefused() throws {
        let folder = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("x".utf8).write(to: folder.appendingPathComponent("taken"))
        let run = try Harness.run(["generate", "--answers", fixture("minimal.yaml"), "--output", "taken"], in: folder)
        #expect(run.status == 2)
        #expect(run.stderr.contains("is not a folder"))
    }

    /// Every invalid fixture: exit 2, the expected positioned messages, nothing written.
    @Test(
        arguments: try! FileManager.default.contentsOfDirectory(
            atPath: Harness.fixtures.appendingPathComponent("invalid").path
        ).filter { $0.hasSuffix(".yaml") }.sorted())
    func malformedAnswersExitTwoAndWriteNothing(_ name: String) throws {
        let invalid = Harness.fixtures.appendingPathComponent("invalid")
        let expected = Harness.read(
            invalid.appendingPathComponent(name.replacingOccurrences(of: ".yaml", with: ".expected")))
        let validate = try Harness.run(["validate", name], in: invalid)
        #expect(validate.status == 2)
        #expect(validate.stderr == expected)
        #expect(validate.stdout.isEmpty)
        #expect(
            !validate.stderr.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" },
            "no raw control characters reach the terminal")

        let folder = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let generate = try Harness.run(
            ["generate", "--answers", invalid.appendingPathComponent(name).path], in: folder)
        #expect(generate.status == 2)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("fnharden-out").path))
        let firstLine = generate.stderr.split(separator: "\n").first.map(String.init) ?? ""
        #expect(
            firstLine.range(of: #"^/.*\.yaml:\d+:\d+: error: "#, options: .regularExpression) != nil, "\(firstLine)")
    }

    @Test func validateReportsEachFile() throws {
        let run = try Harness.run(["validate", fixture("minimal.yaml"), fixture("flex.json")])
        #expect(run.status == 0)
        #expect(run.stdout.split(separator: "\n").count == 2)
        let missing = try Harness.run(["validate", "does-not-exist.yaml"])
        #expect(missing.status == 2)
        #expect(missing.stderr.hasPrefix("does-not-exist.yaml: error: no such file"))
    }

    @Test func standardInputIsAnAnswersFile() throws {
        let run = try Harness.run(
            ["generate", "--answers", "-", "--stdout"], stdin: "fnharden: 1\napp: {name: piped}\n")
        #expect(run.status == 0)
        #expect(run.stdout.hasPrefix("# Hardening checklist: piped"))
        let bad = try Harness.run(["generate", "--answers", "-", "--stdout"], stdin: "fnharden: 1\napp: {nme: x}\n")
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("<stdin>:2:7: error: unknown key `app.nme`; did you mean `app.name`?\n"))
    }

    @Test func usageErrorsExitTwo() throws {
        #expect(try Harness.run(["generate"]).status == 2)
        #expect(try Harness.run(["generate", "--answers", fixture("minimal.yaml"), "--bogus"]).status == 2)
        #expect(try Harness.run(["frobnicate"]).status == 2)
        let formats = try Harness.run([
            "generate", "--answers", fixture("minimal.yaml"), "--stdout", "--format", "markdown,json",
        ])
        #expect(formats.status == 2 && formats.stderr.contains("--stdout writes one format"))
        let unknown = try Harness.run(["generate", "--answers", fixture("minimal.yaml"), "--format", "pdf"])
        #expect(
            unknown.status == 2 && unknown.stderr.contains("'pdf' is invalid for '--format <format>'"),
            "\(unknown.stderr)")
        let repeated = try Harness.run([
            "generate", "--answers", fixture("minimal.yaml"), "--stdout", "--format", "json",
            "--format", "json",
        ])
        #expect(repeated.status == 0 && repeated.stdout.hasPrefix("{"), "a format named twice is written once")
    }

    @Test func theWizardCanBeScriptedThroughAPipe() throws {
        let folder = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // The name, then Enter for every default, then yes to writing.
        let input = "piped-app\n" + String(repeating: "\n", count: 60) + "y\n"
        let run = try Harness.run(["wizard"], in: folder, stdin: input)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("wrote fnharden-out/checklist.md"))
        #expect(run.stdout.hasPrefix("Checklist: "), "the result goes to standard output")
        #expect(run.stderr.contains("[1/"), "prompts go to standard error")
        let saved = Harness.read(folder.appendingPathComponent("fnharden-answers.yaml"))
        #expect(saved.contains("name: \"piped-app\""))
        // The answers written are a valid answers file giving the same checklist.
        let again = try Harness.run(
            ["generate", "--answers", "fnharden-answers.yaml", "--output", "again"], in: folder)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(
            Harness.read(folder.appendingPathComponent("again/checklist.json"))
                == Harness.read(folder.appendingPathComponent("fnharden-out/checklist.json")))
    }

    @Test func thePipedWizardPrefillsAndAsksOnlyTheRest() throws {
        let folder = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // The fixture answers everything but the review: only its three questions are asked.
        let run = try Harness.run(
            ["--answers", fixture("premium-hardened.yaml"), "--save", "out.yaml"], in: folder,
            stdin: "Ada\n2026-11-29\ndeny\ny\n")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(!run.stderr.contains("[1/"), "answered questions are not asked again")
        #expect(run.stderr.contains("Who reviews this app's security?"))
        #expect(run.stderr.contains("What should the Azure Policy set do with this review?"))
        #expect(run.stdout.contains("wrote out.yaml"))
        #expect(Harness.read(folder.appendingPathComponent("out.yaml")).contains("enforcement: deny"))
        // The interview asked what the policy set should do, so it writes the set, denying.
        #expect(
            Harness.read(folder.appendingPathComponent("fnharden-out/snippets/policy.sh")).contains(
                #"{"value":"Deny"}"#))
        let broken = try Harness.run(
            ["wizard", "--answers", Harness.fixtures.appendingPathComponent("invalid/syntax.yaml").path],
            in: folder, stdin: "")
        #expect(broken.status == 2, "a file that isn't an answers file is reported, never overwritten")
    }

    @Test func optionMistakesAreUsageErrors() throws {
        let answers = fixture("minimal.yaml")
        for arguments in [
            ["generate", "--answers", answers, "--stdout", "--output", "x"],
            ["generate", "--answers", answers, "--stdout", "--force"],
            ["generate", "--answers", answers, "--format", ","],
            ["generate", "--answers", answers, "--output", ""],
            ["generate", "--answers", answers, "--output", "-"],
        ] {
            let run = try Harness.run(arguments)
            #expect(run.status == 2, "\(arguments)")
            #expect(!run.stderr.isEmpty)
        }
        let typo = try Harness.run(["generat", "--answers", answers])
        #expect(typo.status == 2 && typo.stderr.contains("did you mean `generate`?"))
        #expect(try Harness.run(["help", "generate"]).status == 0)
    }

    @Test func theWizardProtectsWhatItWouldOverwrite() throws {
        let folder = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // An interview in progress for one app...
        let first = try Harness.run(["wizard"], in: folder, stdin: "first-app\n\nquit\n")
        #expect(first.status == 0)
        #expect(first.stderr.contains("Resume with: fnharden\n"))
        // ...is not overwritten by another one started from a file.
        let other = try Harness.run(["wizard", "--answers", fixture("minimal.yaml")], in: folder, stdin: "")
        #expect(other.status == 2 && other.stderr.contains("holds the answers of another interview"))
        #expect(Harness.read(folder.appendingPathComponent("fnharden-answers.yaml")).contains("first-app"))
        // --fresh starts over and keeps the earlier answers in a .bak file.
        let fresh = try Harness.run(["wizard", "--fresh"], in: folder, stdin: "second-app\nquit\n")
        #expect(fresh.status == 0)
        #expect(Harness.read(folder.appendingPathComponent("fnharden-answers.yaml.bak")).contains("first-app"))
        #expect(Harness.read(folder.appendingPathComponent("fnharden-answers.yaml")).contains("second-app"))
        // A save file in a place that can't be written is refused before any question.
        try Data("x".utf8).write(to: folder.appendingPathComponent("a-file"))
        let nowhere = try Harness.run(
            ["wizard", "--fresh", "--save", "a-file/answers.yaml"], in: folder, stdin: "a1\n")
        #expect(nowhere.status == 2 && nowhere.stderr.contains("--save"))
        #expect(!nowhere.stderr.contains("[1/"))
        // One-letter names in the current folder (Foundation's
        // deletingLastPathComponent trapped on those).
        let short = try Harness.run(
            ["wizard", "--fresh", "--save", "a", "--output", "o"], in: folder, stdin: "third-app\nquit\n")
        #expect(short.status == 0, "\(short.stderr)")
        #expect(Harness.read(folder.appendingPathComponent("a")).contains("third-app"))
        // A typo through a pipe ends the run: a script can't answer twice.
        let typo = try Harness.run(["wizard", "--fresh"], in: folder, stdin: "a1\n\n\npremum\npremium\n")
        #expect(typo.status == 2 && typo.stderr.contains("did you mean `premium`?"))
    }

    @Test func bareCommandWithoutATerminalExitsTwoWithAHint() throws {
        let run = try Harness.run([])
        #expect(run.status == 2)
        #expect(run.stderr.contains("fnharden generate --answers FILE"))
        #expect(run.stdout.isEmpty)
    }

    @Test func helpAndVersion() throws {
        let help = try Harness.run(["--help"])
        #expect(help.status == 0 && help.stdout.contains("generate"))
        for command in ["generate", "validate", "questions", "explain", "plans", "schema"] {
            let sub = try Harness.run([command, "--help"])
            #expect(sub.status == 0 && sub.stdout.contains("USAGE"), "\(command)")
        }
        let version = try Harness.run(["--version"])
        #expect(version.stdout.hasPrefix("fnharden 0.1.0 (GNU readline 8."))
    }

    @Test func shellCompletionScriptsAreGenerated() throws {
        for shell in ["bash", "zsh", "fish"] {
            let run = try Harness.run(["--generate-completion-script", shell])
            #expect(run.status == 0 && run.stdout.contains("fnharden"), "\(shell)")
        }
        let bash = try Harness.run(["--generate-completion-script", "bash"])
        let folder = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = folder.appendingPathComponent("fnharden.bash")
        try Data(bash.stdout.utf8).write(to: script)
        let check = try Harness.run(["-n", script.path], executable: URL(fileURLWithPath: "/bin/bash"))
        #expect(check.status == 0, "\(check.stderr)")
    }

    @Test func questionsAsJSONListTheCatalogue() throws {
        let run = try Harness.run(["questions", "--format", "json"])
        let list = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]])
        #expect(list.count == Harness.kb.questions.count)
        let plan = try #require(list.first { $0["id"] as? String == "hosting.plan" })
        #expect(plan["default"] as? String == "unknown")
        let os = try #require(list.first { $0["id"] as? String == "hosting.os" })
        #expect(os["when"] as? String == "hosting.plan not in [flex-consumption, container-apps]")
        let text = try Harness.run(["questions"])
        #expect(text.status == 0 && text.stdout.contains("network.private-dns (one of the values)"))
    }

    @Test func explainShowsOneRecommendation() throws {
        let run = try Harness.run(["explain", "http-disable-admin-endpoints"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("consumption/linux: no"))
        #expect(
            run.stdout.contains("runtime versions: 3, 4 (https://github.com/Azure/azure-functions-host/issues/8142)"))
        // A done from the property alone says how to confirm it.
        #expect(run.stdout.contains("When `http.admin-endpoints = disabled`: The property alone doesn't prove"))
        #expect(run.stdout.contains("must be refused; the host answers 403 Forbidden"))
        let cors = try Harness.run(["explain", "http-restrict-cors"])
        #expect(cors.stdout.contains("Checkov: CKV_AZURE_57 (ARM, Bicep), CKV_AZURE_62 (ARM, Bicep)"))
        #expect(cors.stdout.contains("MCSB: PV-2"))
        #expect(
            run.stdout.contains(
                "https://learn.microsoft.com/azure/azure-functions/security-concepts#disable-administrative-endpoints"))
        let typo = try Harness.run(["explain", "http-require-http"])
        #expect(typo.status == 2)
        #expect(typo.stderr.contains("did you mean `http-require-https`?"))
    }

    @Test func plansSaysWhichPlansCan() throws {
        let run = try Harness.run(["plans", "--require", "private-endpoint", "admin-isolation", "--os", "linux"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("consumption/linux: cannot: private-endpoint, admin-isolation"))
        #expect(run.stdout.contains("premium/linux: can do all of it"))
        #expect(try Harness.run(["plans", "--require", "private-endpoints"]).status == 2)
        // Why Consumption can't: the capability and the Learn page that says so.
        #expect(
            run.stdout.contains(
                "      private-endpoint: <https://learn.microsoft.com/azure/azure-functions/functions-networking-options>"
            ))
        #expect(run.stdout.contains("  flex-consumption/linux: possibly all of it; unconfirmed: admin-isolation"))
        // These four plans can have a private endpoint on Linux.
        let privateEndpoint = try Harness.run(["plans", "--require", "private-endpoint", "--os", "linux"])
        for plan in ["flex-consumption", "premium", "dedicated", "ase"] {
            #expect(privateEndpoint.stdout.contains("  \(plan)/linux: can do all of it"), "\(plan)")
        }
        #expect(privateEndpoint.stdout.contains("  consumption/linux: cannot: private-endpoint"))
        let all = try Harness.run(["plans"])
        #expect(all.status == 0, "without --require plans only informs")
        let commas = try Harness.run(["plans", "--require", "private-endpoint,admin-isolation", "--os", "linux"])
        #expect(commas.stdout == run.stdout)
    }

    @Test func plansExitOneWhenNoPlanQualifies() throws {
        let none = try Harness.run(["plans", "--require", "private-endpoint", "daily-quota"])
        #expect(none.status == 1)
        #expect(none.stdout.contains("consumption/windows: cannot: private-endpoint"))
        let names = try Harness.run(["plans", "--capabilities"])
        #expect(names.status == 0)
        let ids = names.stdout.split(separator: "\n").map { String($0.prefix { $0 != " " }) }
        #expect(ids == Harness.kb.capabilities.capabilities.keys.sorted())
    }

    @Test func explainListsEveryItemByArea() throws {
        let run = try Harness.run(["explain", "--list"])
        #expect(run.status == 0)
        for item in Harness.kb.items { #expect(run.stdout.contains("  \(item.id) "), "\(item.id)") }
        #expect(try Harness.run(["explain"]).status == 2)
    }

    @Test func schemaIsJSON() throws {
        let run = try Harness.run(["schema"])
        let schema = try json(run.stdout)
        #expect(schema["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
        #expect(schema["additionalProperties"] as? Bool == false)
    }

    @Test func aCopiedBinaryCarriesItsData() throws {
        let folder = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let copy = folder.appendingPathComponent("fnharden")
        try FileManager.default.copyItem(at: Harness.binary, to: copy)
        let run = try Harness.run(["generate", "--answers", fixture("minimal.yaml"), "--stdout"], executable: copy)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("## Summary"))
    }

    @Test func dataDirOverridesTheEmbeddedKnowledgeBase() throws {
        let folder = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for sub in ["checklists", "locales"] {
            try FileManager.default.copyItem(
                at: Harness.packageRoot.appendingPathComponent(sub),
                to: folder.appendingPathComponent(sub))
        }
        let ui = folder.appendingPathComponent("locales/en/ui.yml")
        try Data(Harness.read(ui).replacingOccurrences(of: "Hardening checklist: %{app}", with: "Edited: %{app}").utf8)
            .write(to: ui)
        let flag = try Harness.run([
            "generate", "--answers", fixture("minimal.yaml"), "--stdout", "--data-dir", folder.path,
        ])
        #expect(flag.stdout.hasPrefix("# Edited: a1"))
        let environment = try Harness.run(
            ["generate", "--answers", fixture("minimal.yaml"), "--stdout"],
            environment: ["FNHARDEN_DATA_DIR": folder.path])
        #expect(environment.stdout.hasPrefix("# Edited: a1"))
        let broken = try Harness.run(["validate", fixture("minimal.yaml"), "--data-dir", "/nonexistent"])
        #expect(
            broken.status == 2 && broken.stderr.contains("knowledge base error") || broken.stderr.contains("missing"))
    }

    @Test func unknownLanguageFallsBackWithAWarning() throws {
        let run = try Harness.run(["generate", "--answers", fixture("minimal.yaml"), "--stdout", "--lang", "xx"])
        #expect(run.status == 0)
        #expect(run.stderr.contains("no `xx` translation; using English"))
        #expect(run.stdout.hasPrefix("# Hardening checklist"))
    }
}
