import Foundation
import Testing

/// Independent tools judge the output: pymarkdownlnt (markdownlint's rules)
/// for the Markdown, python-jsonschema for the answers-file schema. They
/// come from Tests/run.sh's venv; in CI a missing tool fails the run.
@Suite(.enabled(if: Harness.externalToolsExpected, "run Tests/run.sh to install pymarkdownlnt and jsonschema"))
struct ExternalToolTests {
    func python() throws -> URL {
        URL(fileURLWithPath: try #require(Harness.python, "no test python: run Tests/run.sh"))
    }

    /// Every fixture's checklist and a checklist for every plan pass the
    /// linter with default rules except line length (MD013), which long table rows and links exceed.
    @Test func markdownPassesTheLinter() throws {
        let folder = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var inputs = try FileManager.default.contentsOfDirectory(
            atPath: Harness.fixtures.appendingPathComponent("answers").path
        ).sorted()
            .map { Harness.fixtures.appendingPathComponent("answers/\($0)").path }
        for plan in ["consumption", "flex-consumption", "premium", "dedicated", "ase", "container-apps"] {
            let path = folder.appendingPathComponent("\(plan).yaml").path
            try Data("fnharden: 1\napp: {name: lint-\(plan)}\nhosting: {plan: \(plan)}\n".utf8).write(
                to: URL(fileURLWithPath: path))
            inputs.append(path)
        }
        var outputs: [String] = []
        for (index, input) in inputs.enumerated() {
            for language in ["en", "el"] {
                let output = folder.appendingPathComponent("out\(index)-\(language)").path
                let run = try Harness.run([
                    "generate", "--answers", input, "--output", output, "--format", "markdown",
                    "--lang", language,
                ])
                #expect(run.status == 0, "\(input): \(run.stderr)")
                outputs.append(output + "/checklist.md")
            }
        }
        // The index of a batch run and of an audit of several apps, in both languages.
        for language in ["en", "el"] {
            let batch = folder.appendingPathComponent("batch-\(language)").path
            let run = try Harness.run([
                "generate", "--answers", Harness.fixtures.appendingPathComponent("answers").path,
                "--output", batch, "--format", "markdown", "--snippets", "none", "--lang", language,
            ])
            #expect(run.status == 0, "\(run.stderr)")
            outputs.append(batch + "/index.md")
        }
        let audit = folder.appendingPathComponent("audit").path
        let audited = try Harness.run([
            "audit", fixture("audit/contoso-export.json"), "--answers", fixture("audit/contoso-stated.yaml"),
            "--output", audit, "--format", "markdown",
        ])
        #expect(audited.status == 0, "\(audited.stderr)")
        outputs.append(audit + "/checklist.md")
        let lint = try Harness.run(
            [
                "-m", "pymarkdown", "-d", "md013", "--enable-extensions", "markdown-task-list-items",
                "scan",
            ] + outputs, executable: try python())
        #expect(lint.status == 0, "\(lint.stdout)\(lint.stderr)")
    }

    /// The interview through a real pseudo-terminal (pexpect): defaults,
    /// back, a typo re-asked, Tab completion, help, history, Ctrl-C then
    /// resume, Ctrl-D, SIGTERM and SIGHUP (Tests/FNHardenTests/PTY).
    @Test func wizardInARealTerminal() throws {
        let script = Harness.testsFolder.appendingPathComponent("PTY/wizard_pty.py").path
        let run = try Harness.run([script, Harness.binary.path], executable: try python())
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains(" passed, 0 failed"))
    }

    /// The snippets, proven by independent tools (Tests/FNHardenTests/Snippets),
    /// for every answers fixture whose plan and OS are known (the others get no
    /// snippets) and an answers file per plan: Checkov passes every mapped
    /// check of the items they implement, no file sets what the plan can't
    /// take, the scripts run twice with a stub `az`, the real Azure CLI parses
    /// every command line they sent, and the policy files hold to their
    /// recorded schemas, allowed effects and exemption expiries.
    @Test func snippetsPassCheckovAndTheAzureCLI() throws {
        let script = Harness.testsFolder.appendingPathComponent("Snippets/check_snippets.py").path
        let tools = try python().deletingLastPathComponent()
        let answers = [
            "answers/premium-hardened.yaml", "snippets/dedicated-windows-ftp.yaml", "answers/linux-consumption.yaml",
            "answers/flex.json", "snippets/windows-consumption.yaml", "snippets/container-apps.yaml",
            "snippets/ase-internal.yaml", "answers/worst-case.yaml", "snippets/policy-deny.yaml",
            "answers/product-example.yaml", "answers/runtime-1.yaml",
        ].map(fixture)
        let run = try Harness.run(
            [
                script, Harness.binary.path, tools.appendingPathComponent("checkov").path,
                tools.appendingPathComponent("az").path,
            ] + answers, executable: try python())
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains(" passed, 0 failed"))
    }

    /// SARIF for code scanning, validated by python-jsonschema against the
    /// official SARIF 2.1.0 schema (../shared/reference/schemas).
    @Test func sarifIsValidAndPointsAtTheAnswers() throws {
        let schema = try Harness.shared("reference/schemas/sarif-schema-2.1.0.json")
        let folder = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var paths: [String] = []
        for name in ["linux-consumption.yaml", "worst-case.yaml", "premium-hardened.yaml", "flex.json"] {
            let run = try Harness.run([
                "generate", "--answers", fixture("answers/\(name)"), "--stdout", "--format", "sarif",
            ])
            #expect(run.status == 0, "\(run.stderr)")
            let path = folder.appendingPathComponent("\(name).sarif").path
            try Data(run.stdout.utf8).write(to: URL(fileURLWithPath: path))
            paths.append(path)
        }
        let script = """
            import json, sys, jsonschema
            validator = jsonschema.Draft4Validator(json.load(open(sys.argv[1])))
            bad = [f"{path}: {error.message}" for path in sys.argv[2:] for error in validator.iter_errors(json.load(open(path)))]
            print("\\n".join(bad[:10])); sys.exit(1 if bad else 0)
            """
        let check = try Harness.run(["-c", script, schema.path] + paths, executable: try python())
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")

        // Results sit at the answer that made the item open.
        let sarif = try #require(
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: paths[0]))) as? [String: Any])
        let run = try #require((sarif["runs"] as? [[String: Any]])?.first)
        let results = try #require(run["results"] as? [[String: Any]])
        let https = try #require(results.first { $0["ruleId"] as? String == "http-require-https" })
        #expect(https["level"] as? String == "error")
        #expect((run["automationDetails"] as? [String: Any])?["id"] as? String == "fnharden/contoso-orders/")
        let rules = (run["tool"] as? [String: Any]).flatMap { ($0["driver"] as? [String: Any])?["rules"] as? [Any] }
        #expect(rules?.count == Harness.kb.items.count)
        let auth = try #require(results.first { $0["ruleId"] as? String == "http-authenticate-callers" })
        let region =
            ((auth["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?["region"]
            as? [String: Int]
        #expect(region?["startLine"] == 12, "http.triggers: true is on line 12 of the fixture")
        // Where the deciding answer is stated, the result points at it, not at a condition before it.
        let worst = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: paths[1]))) as? [String: Any])
        let worstResults = ((worst["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]]) ?? []
        let cors = worstResults.first { $0["ruleId"] as? String == "http-restrict-cors" }
        let corsLine =
            ((cors?["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?["region"]
            as? [String: Int]
        #expect(corsLine?["startLine"] == 15, "cors-origins: [\"*\"] is on line 15 of worst-case.yaml")
        #expect(
            results.count
                == (Harness.checklist(
                    Harness.read(
                        Harness.fixtures.appendingPathComponent(
                            "answers/linux-consumption.yaml"))
                ).map { $0.count(.todo) } ?? -1))
    }

    func fixture(_ relative: String) -> String { Harness.fixtures.appendingPathComponent(relative).path }

    /// `fnharden audit` against Checkov 3.3.30 on the real quickstart
    /// templates and the corpus (Tests/FNHardenTests/Audit): every check both
    /// tools evaluate agrees, except the cases listed with their reason in
    /// checkov-disagreements.yml (Checkov wrong or silent for function apps).
    @Test func auditAgreesWithCheckov() throws {
        let folder = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let audit = Harness.testsFolder.appendingPathComponent("Audit")
        let corpus = folder.appendingPathComponent("corpus")
        let make = try Harness.run(
            [audit.appendingPathComponent("make_corpus.py").path, corpus.path], executable: try python())
        try #require(make.status == 0, "\(make.stderr)")
        #expect(
            Int(make.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0 >= 20, "at least 20 written templates"
        )
        let tools = try python().deletingLastPathComponent()
        let run = try Harness.run(
            [
                audit.appendingPathComponent("checkov_agreement.py").path, Harness.binary.path,
                tools.appendingPathComponent("checkov").path,
                audit.appendingPathComponent("checkov-disagreements.yml").path,
                try Harness.shared("reference/real-templates").path, corpus.path,
            ], executable: try python())
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains(" failed") && run.stdout.contains(", 0 failed"), "\(run.stdout)")
    }

    /// An audit's SARIF (drift, open items located in the template, and
    /// Azure Policy's non-compliant definitions) is valid SARIF 2.1.0.
    @Test func auditSarifIsValid() throws {
        let folder = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try Harness.run(
            [
                "audit", fixture("audit/contoso-export.json"), fixture("audit/policy-states.json"),
                "--answers", fixture("audit/contoso-stated.yaml"),
                "--output", "out", "--format", "sarif", "--snippets", "none",
            ], in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        let script = """
            import json, sys, jsonschema
            validator = jsonschema.Draft4Validator(json.load(open(sys.argv[1])))
            bad = [error.message for error in validator.iter_errors(json.load(open(sys.argv[2])))]
            print("\\n".join(bad[:10])); sys.exit(1 if bad else 0)
            """
        let check = try Harness.run(
            [
                "-c", script, try Harness.shared("reference/schemas/sarif-schema-2.1.0.json").path,
                folder.appendingPathComponent("out/checklist.sarif").path,
            ], executable: try python())
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    }

    /// The schema accepts every valid answers file and rejects unknown keys
    /// and bad values, judged by an independent validator.
    @Test func schemaAcceptsValidFilesAndRejectsBadOnes() throws {
        let folder = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let schema = try Harness.run(["schema"])
        let schemaPath = folder.appendingPathComponent("schema.json")
        try Data(schema.stdout.utf8).write(to: schemaPath)
        // Every valid fixture and the normalised answers.yaml of each.
        var valid = try FileManager.default.contentsOfDirectory(
            atPath: Harness.fixtures.appendingPathComponent("answers").path
        )
        .sorted().map { Harness.fixtures.appendingPathComponent("answers/\($0)").path }
        for (index, input) in valid.enumerated() {
            let output = folder.appendingPathComponent("n\(index)").path
            _ = try Harness.run(["generate", "--answers", input, "--output", output])
            valid.append(output + "/answers.yaml")
        }
        let invalid = [
            "fnharden: 1\napp: {name: a1}\nhostng: {plan: premium}\n",
            "fnharden: 1\napp: {name: a1}\nhosting: {plan: flex}\n",
            "fnharden: 1\napp: {name: a1, colour: blue}\n",
            "fnharden: 1\nhosting: {plan: premium}\n",
            "fnharden: 2\napp: {name: a1}\n",
            "fnharden: 1\napp: {name: -bad-}\n",
            "fnharden: 1\napp: {name: a1}\nhttp: {https-only: maybe}\n",
            "fnharden: 1\napp: {name: a1}\noperations: {daily-quota-gb-s: -1}\n",
        ]
        var invalidPaths: [String] = []
        for (index, text) in invalid.enumerated() {
            let path = folder.appendingPathComponent("bad\(index).yaml").path
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            invalidPaths.append(path)
            // fnharden itself rejects each of them too.
            #expect(try Harness.run(["validate", path]).status == 2, "\(text)")
        }
        let script = """
            import json, sys, yaml, jsonschema
            # YAML 1.2, as editors read it: 2027-06-30 is text, not a date object.
            class Loader(yaml.SafeLoader): pass
            Loader.yaml_implicit_resolvers = {k: [r for r in v if r[0] != "tag:yaml.org,2002:timestamp"]
                                              for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}
            schema = json.load(open(sys.argv[1]))
            jsonschema.Draft202012Validator.check_schema(schema)
            validator = jsonschema.Draft202012Validator(schema)
            valid, invalid = sys.argv[2].split("|"), sys.argv[3].split("|")
            failures = []
            for path in valid:
                errors = list(validator.iter_errors(yaml.load(open(path), Loader=Loader)))
                if errors: failures.append(f"rejected valid {path}: {errors[0].message}")
            for path in invalid:
                if validator.is_valid(yaml.load(open(path), Loader=Loader)): failures.append(f"accepted invalid {path}")
            print("\\n".join(failures)); sys.exit(1 if failures else 0)
            """
        let run = try Harness.run(
            ["-c", script, schemaPath.path, valid.joined(separator: "|"), invalidPaths.joined(separator: "|")],
            executable: try python())
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
    }
}
