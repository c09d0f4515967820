import FNHardenAudit
import FNHardenCore
import Foundation
import Testing

/// `fnharden audit`: configuration in, inferred answers,
/// checklist and drift out. The JSON reader and the ARM expression
/// evaluator are checked directly; everything else through the binary.
@Suite struct AuditTests {
    static let audit = Harness.fixtures.appendingPathComponent("audit")
    static var export: String { audit.appendingPathComponent("contoso-export.json").path }
    static var stated: String { audit.appendingPathComponent("contoso-stated.yaml").path }

    func json(_ url: URL) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    func statuses(_ checklist: [String: Any]) -> [String: String] {
        var result: [String: String] = [:]
        for item in checklist["items"] as? [[String: Any]] ?? [] {
            if let id = item["id"] as? String { result[id] = item["status"] as? String }
        }
        return result
    }

    /// The answer lines of an answers file: `  key: value  # comment` -> (value, comment).
    static func answerLines(_ text: String) -> [String: (value: String, comment: String)] {
        var result: [String: (value: String, comment: String)] = [:]
        var group = ""
        for line in text.split(separator: "\n") {
            if !line.hasPrefix(" "), line.hasSuffix(":") {
                group = String(line.dropLast())
                continue
            }
            guard line.hasPrefix("  "), !line.hasPrefix("    "), let colon = line.firstIndex(of: ":") else { continue }
            let key = group + "." + line[line.index(line.startIndex, offsetBy: 2)..<colon]
            let rest = line[line.index(after: colon)...]
            let parts = rest.components(separatedBy: "  # ")
            result[key] = (parts[0].trimmingCharacters(in: .whitespaces), parts.dropFirst().joined(separator: "  # "))
        }
        return result
    }

    // MARK: - The JSON reader

    @Test func jsonKeepsLinesAndColumnsAndTakesComments() throws {
        let text =
            "\u{FEFF}// exported\n{\n  \"a\": [1, \"é\", {\"b\": true}], /* note */\n  \"c\": \"x\\ny\\u00e9\\ud83d\\ude00\"\n}\n"
        let node = try JSONReader.read(Array(text.utf8), file: "t.json").get()
        #expect(node.position == Position(line: 2, column: 1))
        let list = try #require(node["a"])
        #expect(list.position == Position(line: 3, column: 8))
        #expect(
            list.elements.map(\.position) == [
                Position(line: 3, column: 9), Position(line: 3, column: 12),
                Position(line: 3, column: 17),
            ])
        #expect(
            list.elements[2]["B"]?.position == Position(line: 3, column: 23), "names are case-insensitive, as in ARM")
        #expect(node["c"]?.string == "x\nyé😀")
    }

    @Test(arguments: [
        ("{\"a\": 1,,}", "errors.json.key", 1, 9),
        ("{,}", "errors.json.key", 1, 2),
        ("[,]", "errors.json.unexpected", 1, 2),
        ("{\"a\" 1}", "errors.json.colon", 1, 6),
        ("[1 2]", "errors.json.array-end", 1, 4),
        ("{\"a\": \"b}", "errors.json.open-string", 1, 7),
        ("{\"a\": tru}", "errors.json.unexpected", 1, 7),
        ("{\"a\": \"\\q\"}", "errors.json.escape", 1, 9),
        ("{} {}", "errors.json.trailing", 1, 4),
        ("{\"a\": -}", "errors.json.number", 1, 8),
        ("/* open", "errors.json.open-comment", 1, 1),
        ("", "errors.json.end", 1, 1),
        ("{\"a\": \"\u{1}\"}", "errors.json.control", 1, 8),
    ])
    func jsonProblemsArePositioned(text: String, key: String, line: Int, column: Int) {
        guard case .failure(let problem) = JSONReader.read(Array(text.utf8), file: "t.json") else {
            Issue.record("\(text) was read")
            return
        }
        #expect(problem.message.key == key, "\(text)")
        #expect(problem.position == Position(line: line, column: column), "\(text)")
    }

    /// The portal's JSON view and hand-edited files leave a comma before a
    /// closing bracket; a second comma is still an error.
    @Test func aTrailingCommaIsRead() throws {
        let node = try JSONReader.read(Array("{\"a\": [1, 2,], \"b\": {\"c\": true,},}".utf8), file: "t.json").get()
        #expect(node["a"]?.elements.count == 2)
        #expect(node["b"]?["c"].map { ConfigValue(literal: $0) } == .bool(true))
    }

    @Test func deepNestingIsRefusedNotACrash() {
        let text = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        guard case .failure(let problem) = JSONReader.read(Array(text.utf8), file: "t.json") else {
            Issue.record("read")
            return
        }
        #expect(problem.message.key == "errors.json.too-deep")
    }

    // MARK: - ARM expressions

    @Test(arguments: [
        ("[parameters('name')]", ConfigValue.string("func-x")),
        ("[variables('tls')]", .string("1.2")),
        ("[format('{0}-{1}', parameters('name'), 'web')]", .string("func-x-web")),
        ("[concat('a', 'b', variables('tls'))]", .string("ab1.2")),
        ("[toLower(parameters('upper'))]", .string("abc")),
        ("[if(equals(parameters('os'), 'LINUX'), 'functionapp,linux', 'functionapp')]", .string("functionapp,linux")),
        ("[not(variables('flag'))]", .bool(false)),
        (
            "[resourceId('Microsoft.Web/serverfarms', parameters('name'))]",
            .resource(type: "Microsoft.Web/serverfarms", name: "func-x")
        ),
        ("[[not an expression]", .string("[not an expression]")),
        ("[createObject('a', 1).a]", .number("1")),
        (
            "[union(createObject('a', 1), createObject('b', 'it''s'))]",
            .object([("a", .number("1")), ("b", .string("it's"))])
        ),
        ("[uniqueString(resourceGroup().id)]", .unknown("[uniqueString(resourceGroup().id)]")),
        (
            "[concat('st', uniqueString(resourceGroup().id))]",
            .unknown("[concat('st', uniqueString(resourceGroup().id))]")
        ),
        ("[parameters('noDefault')]", .unknown("[parameters('noDefault')]")),
        ("[variables('loop')]", .unknown("[variables('loop')]")),
        ("[reference('x').outputs]", .unknown("[reference('x').outputs]")),
        ("[broken(]", .unknown("[broken(]")),
        // Text outside ASCII, and quotes escaped by doubling, kept as written.
        ("[concat('Ελληνικά-', 'é’x', '😀')]", .string("Ελληνικά-é’x😀")),
        ("[concat('it''s', ' ', 'a''''b')]", .string("it's a''b")),
        ("[toLower('ÀB-c')]", .string("àb-c")),
    ])
    func expressionsAreWorkedOutOrUnknown(expression: String, expected: ConfigValue) throws {
        let template = """
            {"parameters": {"name": {"type": "string", "defaultValue": "func-x"},
                            "upper": {"type": "string", "defaultValue": "ABC"},
                            "os": {"type": "string", "defaultValue": "Linux"},
                            "noDefault": {"type": "string"}},
             "variables": {"tls": "[concat('1.', '2')]", "flag": true, "loop": "[variables('loop')]"}}
            """
        let scope = ARMScope(template: try JSONReader.read(Array(template.utf8), file: "t.json").get())
        #expect(scope.evaluate(expression) == expected)
    }

    // MARK: - Plan SKUs (checklists/audit.yml)

    @Test(arguments: [
        ("Dynamic", "consumption"), ("FlexConsumption", "flex-consumption"), ("ElasticPremium", "premium"),
        ("IsolatedV2", "ase"), ("ElasticIsolated", "ase"), ("PremiumV3", "dedicated"), ("Free", "dedicated"),
    ])
    func planTiersMeanTheirHostingPlan(tier: String, plan: String) {
        #expect(Harness.auditKnowledge.plan(forTier: tier) == plan)
        #expect(Harness.auditKnowledge.plan(forTier: tier.uppercased()) == plan, "tiers compare ignoring case")
    }

    @Test(arguments: [
        ("Y1", "consumption"), ("FC1", "flex-consumption"), ("EP2", "premium"), ("I1v2", "ase"),
        ("P1v3", "dedicated"), ("S1", "dedicated"), ("B1", "dedicated"), ("F1", "dedicated"), ("D1", "dedicated"),
    ])
    func planSKUNamesMeanTheirHostingPlan(name: String, plan: String) {
        #expect(Harness.auditKnowledge.plan(forName: name) == plan)
        #expect(Harness.auditKnowledge.plan(forName: name.lowercased()) == plan, "names compare ignoring case")
    }

    @Test func anUnknownSKUIsNoPlan() {
        #expect(Harness.auditKnowledge.plan(forName: "K1") == nil)
        #expect(Harness.auditKnowledge.plan(forName: "") == nil)
        // A name in the tier's place is no tier (a template in the wild writes `tier: S1`).
        #expect(Harness.auditKnowledge.plan(forTier: "S1") == nil)
        #expect(!Harness.auditKnowledge.sources.isEmpty)
    }

    // MARK: - The export of a real-looking app

    @Test func anExportBecomesAnswersThatGenerateTakesWithTheSameStatuses() throws {
        let folder = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try Harness.run(["audit", Self.export, "--output", "out", "--as-of", "2026-11-29"], in: folder)
        try #require(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("func-contoso-orders: 19 answers from the configuration"))
        let out = folder.appendingPathComponent("out")
        let answers = Harness.read(out.appendingPathComponent("answers.yaml"))
        let lines = Self.answerLines(answers)
        // Each inferred answer names its file, line and JSON path; the export sets these.
        let expected: [String: (String, String)] = [
            "app.name": ("\"func-contoso-orders\"", ":81 $.resources[2].name"),
            "hosting.plan": ("premium", ":58 $.resources[1].sku.name"),
            "hosting.os": ("linux", ":89 $.resources[2].kind"),
            "http.https-only": ("false", ":132 $.resources[2].properties.httpsOnly"),
            "http.min-tls": ("\"1.0\"", ":241 $.resources[5].properties.minTlsVersion"),
            "identity.managed-identity": ("system-assigned", ":91 $.resources[2].identity.type"),
            "deployment.ftp": ("ftps-only", ":243 $.resources[5].properties.ftpsState"),
            "deployment.basic-auth": ("true", ":167 $.resources[4].properties.allow"),
            "network.inbound": ("public", ":135 $.resources[2].properties.publicNetworkAccess"),
            "network.storage-isolated": ("false", ":37 $.resources[0].properties.networkAcls.defaultAction"),
        ]
        for (key, (value, place)) in expected {
            #expect(lines[key]?.value == value, "\(key): \(lines[key].map { "\($0)" } ?? "missing")")
            #expect(
                lines[key]?.comment.contains("contoso-export.json" + place) == true,
                "\(key): \(lines[key]?.comment ?? "")")
        }
        // What configuration can't say is unknown, and says so.
        #expect(lines["data.input-validation"]?.value == "unknown")
        #expect(lines["data.input-validation"]?.comment == "configuration can't tell: answer it yourself")
        #expect(lines["hosting.runtime-version"]?.value == "unknown", "an export has no app settings")

        // generate takes the file as it is, and judges every item the same.
        let again = try Harness.run(
            [
                "generate", "--answers", "out/answers.yaml", "--output", "gen", "--as-of", "2026-11-29",
                "--snippets", "none",
            ], in: folder)
        try #require(again.status == 0, "\(again.stderr)")
        #expect(!again.stderr.contains("warning"), "\(again.stderr)")
        let audited = statuses(try json(out.appendingPathComponent("checklist.json")))
        #expect(audited == statuses(try json(folder.appendingPathComponent("gen/checklist.json"))))
        // The statuses follow the template: HTTPS off, TLS 1.0, FTPS left on, identity on.
        #expect(audited["http-require-https"] == "todo")
        #expect(audited["http-min-tls"] == "todo")
        #expect(audited["deployment-disable-ftp"] == "todo")
        #expect(audited["identity-managed-identity"] == "done")
        #expect(audited["http-restrict-cors"] == "todo", "the export allows *")
    }

    @Test func driftIsReportedInMarkdownJSONAndSARIF() throws {
        let folder = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try Harness.run(
            [
                "audit", Self.export, "--answers", Self.stated, "--output", "out", "--format",
                "markdown,json,sarif", "--as-of", "2026-11-29", "--fail-on-drift",
            ], in: folder)
        #expect(run.status == 1, "drift with --fail-on-drift exits 1 after writing: \(run.stderr)")
        #expect(run.stderr.contains("5 answers drift from the configuration"))
        let out = folder.appendingPathComponent("out")
        let checklist = try json(out.appendingPathComponent("checklist.json"))
        let audit = try #require(checklist["audit"] as? [String: Any])
        #expect(audit["source-format"] as? String == "arm")
        let drift = try #require(audit["drift"] as? [[String: Any]])
        #expect(
            drift.compactMap { $0["answer"] as? String }
                == ["http.https-only", "http.min-tls", "http.cors-origins", "deployment.ftp", "deployment.basic-auth"])
        let https = try #require(drift.first)
        #expect(https["stated"] as? Bool == true && https["configured"] as? Bool == false)
        #expect(https["stated-line"] as? Int == 13)
        #expect((https["location"] as? [String: Any])?["line"] as? Int == 132)
        // Where configuration can't tell, the stated answers fill in, and say so.
        #expect(
            audit["from-answers-file"] as? [String] == [
                "app.resource-group", "data.input-validation", "http.auth-level",
                "http.triggers",
            ])
        let markdown = Harness.read(out.appendingPathComponent("checklist.md"))
        #expect(markdown.contains("### Drift: 5 answers in"))
        #expect(
            markdown.contains("- `http.https-only`: `\(Self.stated):13` says `true`; the configuration has `false`"))
        let sarif = try json(out.appendingPathComponent("checklist.sarif"))
        let runs = try #require(sarif["runs"] as? [[String: Any]])
        let results = runs.first?["results"] as? [[String: Any]] ?? []
        let drifts = results.filter { $0["ruleId"] as? String == "fnharden-drift" }
        #expect(drifts.count == 5)
        let region =
            ((drifts.first?["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?["region"]
            as? [String: Any]
        #expect(region?["startLine"] as? Int == 132)
        // Open items point into the template, at the setting that decided them.
        let https2 = results.first { $0["ruleId"] as? String == "http-require-https" }
        let physical = ((https2?["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
        #expect((physical?["artifactLocation"] as? [String: Any])?["uri"] as? String == Self.export)
        #expect((physical?["region"] as? [String: Any])?["startLine"] as? Int == 132)
        // Without --fail-on-drift the same run succeeds.
        let lenient = try Harness.run(["audit", Self.export, "--answers", Self.stated, "--output", "out2"], in: folder)
        #expect(lenient.status == 0, "\(lenient.stderr)")
    }

    // MARK: - The other sources

    @Test func azureCLIOutputIsJoinedIntoOneApp() throws {
        let folder = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let az = Self.audit.appendingPathComponent("az")
        let files = ["show.json", "config.json", "appsettings.json", "ftp-policy.json", "scm-policy.json"]
            .map { az.appendingPathComponent($0).path }
        let run = try Harness.run(["audit"] + files + ["--output", "out", "--snippets", "none"], in: folder)
        try #require(run.status == 0, "\(run.stderr)")
        let lines = Self.answerLines(Harness.read(folder.appendingPathComponent("out/answers.yaml")))
        let expected = [
            "app.name": "\"func-billing\"", "app.resource-group": "\"rg-billing\"", "app.location": "\"northeurope\"",
            "hosting.plan": "premium", "hosting.os": "windows", "hosting.runtime-version": "4",
            "http.https-only": "true",
            "http.min-tls": "\"1.2\"", "http.admin-endpoints": "disabled", "network.inbound": "private-endpoint",
            "network.vnet-integration": "true", "identity.managed-identity": "system-assigned",
            "identity.identity-connections": "true", "secrets.location": "key-vault-references",
            "secrets.key-storage": "keyvault",
            "deployment.ftp": "disabled", "deployment.basic-auth": "false", "operations.application-insights": "true",
        ]
        for (key, value) in expected {
            #expect(lines[key]?.value == value, "\(key): \(lines[key]?.value ?? "missing")")
        }
        #expect(
            lines["http.min-tls"]?.comment.contains("config.json:23 $.minTlsVersion") == true,
            "config show wins over show's siteConfig (null there)")
        // `functionapp show` alone prints siteConfig empty: its settings are unknown, not defaults.
        let showOnly = try Harness.run(
            [
                "audit", az.appendingPathComponent("show.json").path, "--output", "o3",
                "--snippets", "none",
            ], in: folder)
        try #require(showOnly.status == 0, "\(showOnly.stderr)")
        let partial = Self.answerLines(Harness.read(folder.appendingPathComponent("o3/answers.yaml")))
        for key in ["http.min-tls", "deployment.ftp", "operations.remote-debugging", "http.cors-origins"] {
            #expect(partial[key]?.value == "unknown", "\(key): \(partial[key]?.value ?? "missing")")
            #expect(partial[key]?.comment.contains("az functionapp config show") == true, "\(key)")
        }
        #expect(partial["deployment.basic-auth"]?.value == "unknown")
        #expect(partial["network.inbound"]?.value == "private-endpoint", "public access off is on the site itself")
        #expect(partial["http.https-only"]?.value == "true")
        // A settings list alone is an app known by its settings: what the
        // site itself would say is unknown, not the platform default.
        let alone = try Harness.run(
            ["audit", az.appendingPathComponent("appsettings.json").path, "--output", "o2", "--snippets", "none"],
            in: folder)
        #expect(alone.status == 0, "\(alone.stderr)")
        let settingsOnly = Self.answerLines(Harness.read(folder.appendingPathComponent("o2/answers.yaml")))
        for key in ["http.https-only", "identity.managed-identity", "hosting.os", "network.inbound"] {
            #expect(settingsOnly[key]?.value == "unknown", "\(key): \(settingsOnly[key]?.value ?? "missing")")
        }
        #expect(settingsOnly["identity.identity-connections"]?.value != "unknown")
    }

    @Test func terraformPlansAreReadThroughTheSettingsCatalogue() throws {
        let folder = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let plan = Self.audit.appendingPathComponent("terraform/plan.json").path
        let run = try Harness.run(["audit", plan, "--output", "out", "--snippets", "none"], in: folder)
        try #require(run.status == 0, "\(run.stderr)")
        let lines = Self.answerLines(Harness.read(folder.appendingPathComponent("out/answers.yaml")))
        let expected = [
            "app.name": "\"func-orders-tf\"", "hosting.plan": "premium", "hosting.os": "linux",
            "http.https-only": "true",
            "http.min-tls": "\"1.1\"", "network.inbound": "access-restrictions", "network.gateway": "front-door",
            "network.storage-isolated": "false", "identity.identity-connections": "true",
            "secrets.key-storage": "files",
            "deployment.ftp": "ftps-only", "deployment.basic-auth": "true",
        ]
        for (key, value) in expected {
            #expect(lines[key]?.value == value, "\(key): \(lines[key]?.value ?? "missing")")
        }
        // The comment names Terraform's own argument, not ARM's.
        #expect(
            lines["http.min-tls"]?.comment.contains(".values.site_config[0].minimum_tls_version") == true,
            "\(lines["http.min-tls"]?.comment ?? "")")
        #expect(
            lines["deployment.basic-auth"]?.comment.contains("webdeploy_publish_basic_authentication_enabled") == true)
    }

    /// Every real quickstart template audits, and generate takes each result.
    @Test func everyRealTemplateAuditsAndItsAnswersAreValid() throws {
        let folder = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let real = try Harness.shared("reference/real-templates")
        let names = try FileManager.default.contentsOfDirectory(atPath: real.path).filter { $0.hasSuffix(".json") }
            .sorted()
        #expect(names.count == 14)
        for name in names {
            let run = try Harness.run(
                ["audit", real.appendingPathComponent(name).path, "--output", name, "--snippets", "none"],
                in: folder)
            #expect(run.status == 0, "\(name): \(run.stderr)")
            let validate = try Harness.run(["validate", "\(name)/answers.yaml"], in: folder)
            #expect(validate.status == 0, "\(name): \(validate.stderr)")
            #expect(!validate.stderr.contains("warning"), "\(name): \(validate.stderr)")
        }
    }

    @Test func severalAppsGetAFolderEachAndTheSameBytesTwice() throws {
        let folder = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(TestTemplates.apps(12).utf8).write(to: folder.appendingPathComponent("apps.json"))
        for out in ["one", "two"] {
            let run = try Harness.run(["audit", "apps.json", "--output", out, "--as-of", "2026-11-29"], in: folder)
            try #require(run.status == 0, "\(run.stderr)")
            #expect(run.stderr.contains("wrote 12 apps' files into \(out)"))
        }
        let apps = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("one").path)
            .sorted()
        #expect(apps == (1...12).map { String(format: "func-bench-%04d", $0) } + ["index.json", "index.md"])
        #expect(
            Harness.files(in: folder.appendingPathComponent("one"))
                == Harness.files(in: folder.appendingPathComponent("two")))
        // App 3 is Linux (kind), app 5 has public access disabled, app 4 allows any origin.
        let three = Self.answerLines(Harness.read(folder.appendingPathComponent("one/func-bench-0003/answers.yaml")))
        #expect(three["hosting.os"]?.value == "linux")
        let five = Self.answerLines(Harness.read(folder.appendingPathComponent("one/func-bench-0005/answers.yaml")))
        #expect(five["network.inbound"]?.value == "private-endpoint")
        let four = try json(folder.appendingPathComponent("one/func-bench-0004/checklist.json"))
        #expect(statuses(four)["http-restrict-cors"] == "todo")
    }

    // MARK: - The corpus: each kind of template the inference must read

    @Test func theCorpusIsReadAsWritten() throws {
        let folder = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = Harness.testsFolder.appendingPathComponent("Audit/make_corpus.py").path
        let python = URL(fileURLWithPath: try #require(Harness.python, "no test python: run Tests/run.sh"))
        let make = try Harness.run([script, folder.path], executable: python)
        try #require(make.status == 0, "\(make.stderr)")
        let expected: [String: [String: String]] = [
            "hardened": [
                "http.https-only": "true", "network.inbound": "private-endpoint", "network.storage-isolated": "true",
                "network.vnet-integration": "true", "deployment.ftp": "disabled",
            ],
            "symbolic": [
                "http.https-only": "true", "identity.managed-identity": "system-assigned",
                "deployment.basic-auth": "true", "app.name": "\"func-corpus\"",
            ],
            "nested-children": ["deployment.ftp": "ftps-only", "http.https-only": "true", "http.min-tls": "\"1.2\""],
            "unique-names": [
                "deployment.ftp": "disabled", "http.https-only": "true", "app.name": "\"corpus-unique-names\"",
            ],
            "conditional-kind": ["hosting.os": "linux", "http.min-tls": "\"1.2\""],
            "tls-11-from-parameter": ["http.min-tls": "\"1.1\""],
            "config-child": ["http.min-tls": "\"1.2\"", "deployment.ftp": "disabled"],
            "flex": [
                "hosting.plan": "flex-consumption", "hosting.runtime-version": "4",
                "identity.identity-connections": "true",
            ],
            "identity-both": ["identity.managed-identity": "both"],
            "identity-none": ["identity.managed-identity": "none"],
            "access-restrictions": ["network.inbound": "access-restrictions", "network.gateway": "front-door"],
            "endpoint-but-public": ["network.inbound": "public"],
            "storage-denied": ["network.storage-isolated": "unknown"],
            "ftps-only": ["deployment.ftp": "ftps-only"],
            "consumption-linux": ["hosting.plan": "consumption", "hosting.os": "linux"],
            "dedicated-linux": ["hosting.plan": "dedicated", "hosting.os": "linux"],
        ]
        for (name, answers) in expected {
            let file = folder.appendingPathComponent("corpus-\(name).json").path
            let run = try Harness.run(["audit", file, "--output", "out-\(name)", "--snippets", "none"], in: folder)
            #expect(run.status == 0, "\(name): \(run.stderr)")
            let lines = Self.answerLines(Harness.read(folder.appendingPathComponent("out-\(name)/answers.yaml")))
            for (key, value) in answers {
                #expect(lines[key]?.value == value, "\(name) \(key): \(lines[key].map { "\($0)" } ?? "missing")")
            }
        }
    }

    /// `az functionapp show ... | fnharden audit -` and `<(...)`: pipes are read like files.
    @Test func standardInputAndPipesAreSources() throws {
        let folder = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let show = Harness.read(Self.audit.appendingPathComponent("az/show.json"))
        let piped = try Harness.run(["audit", "-", "--output", "out", "--snippets", "none"], in: folder, stdin: show)
        #expect(piped.status == 0, "\(piped.stderr)")
        #expect(
            Harness.read(folder.appendingPathComponent("out/answers.yaml")).contains("# from <stdin>:15 $.httpsOnly"))
        let fifo = folder.appendingPathComponent("pipe").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let writer = Thread { try? Data(show.utf8).write(to: URL(fileURLWithPath: fifo)) }
        writer.start()
        let named = try Harness.run(["audit", fifo, "--output", "out2", "--snippets", "none"], in: folder)
        #expect(named.status == 0, "\(named.stderr)")
        let twice = try Harness.run(["audit", "-", "--answers", "-"], in: folder, stdin: show)
        #expect(twice.status == 2 && twice.stderr.contains("standard input (-) can be read once"))
    }

    /// A resource whose condition is false deploys nothing; a copy loop
    /// whose count is known gives one app per element, one whose count is
    /// known only at deployment is said; a deployment slot is said.
    @Test func conditionsCopyLoopsAndSlotsAreHandledAndSaid() throws {
        let folder = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let template = """
            {"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
             "contentVersion": "1.0.0.0",
             "parameters": {"deploy": {"type": "bool", "defaultValue": false}, "regions": {"type": "array"},
                            "apps": {"type": "array", "defaultValue": ["a", "b", "c"]}},
             "resources": [
               {"condition": "[parameters('deploy')]", "type": "Microsoft.Web/sites", "name": "func-off", "kind": "functionapp"},
               {"type": "Microsoft.Web/sites", "name": "[concat('func-many-', copyIndex(1))]", "kind": "functionapp", "copy": {"name": "apps", "count": "[length(parameters('apps'))]"},
                "properties": {"httpsOnly": "[equals(copyIndex(), 1)]"}},
               {"type": "Microsoft.Web/sites", "name": "[concat('func-region-', copyIndex())]", "kind": "functionapp", "copy": {"name": "regions", "count": "[length(parameters('regions'))]"}},
               {"type": "Microsoft.Web/sites/slots", "name": "func-many-1/staging", "kind": "functionapp"}
             ]}
            """
        try Data(template.utf8).write(to: folder.appendingPathComponent("t.json"))
        let run = try Harness.run(["audit", "t.json", "--output", "out", "--snippets", "none"], in: folder)
        try #require(run.status == 0, "\(run.stderr)")
        #expect(!run.stderr.contains("func-off"), "a resource whose condition is false is not deployed")
        let apps = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("out").path)
        #expect(Set(apps).isSuperset(of: ["func-many-1", "func-many-2", "func-many-3"]), "\(apps)")
        for (app, https) in [("func-many-1", "false"), ("func-many-2", "true"), ("func-many-3", "false")] {
            let lines = Self.answerLines(Harness.read(folder.appendingPathComponent("out/\(app)/answers.yaml")))
            #expect(lines["http.https-only"]?.value == https, "\(app): each element is worked out with its own index")
        }
        #expect(
            run.stderr.contains(
                "t.json:9:116: warning: app-4 is deployed in the copy loop `regions`, whose count is known only at deployment"
            ),
            "\(run.stderr)")
        #expect(
            run.stderr.contains("t.json:10:4: warning: func-many-1 has a deployment slot: slots are not audited"),
            "\(run.stderr)")
    }

    /// VNet routing and the Key Vault reference identity have no answer of
    /// their own: the answers file says what the configuration does with
    /// them, and an identity the app doesn't have is a warning.
    @Test func routingAndTheKeyVaultReferenceIdentityAreSaid() throws {
        let folder = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        func site(
            _ name: String, identity: String, properties: String, siteConfig: String, settings: String = ""
        ) -> String {
            """
            {"type": "Microsoft.Web/sites", "apiVersion": "2024-04-01", "name": "\(name)", "kind": "functionapp",
             "identity": {"type": "\(identity)"},
             "properties": {"virtualNetworkSubnetId": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/a",
                            \(properties)
                            "siteConfig": {\(siteConfig)"appSettings": [
                              {"name": "SECRET", "value": "@Microsoft.KeyVault(SecretUri=https://v.vault.azure.net/secrets/s/)"}\(settings)]}}}
            """
        }
        let template = """
            {"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
             "contentVersion": "1.0.0.0",
             "parameters": {"route": {"type": "bool"}},
             "resources": [
            \(site("func-route-all", identity: "SystemAssigned", properties: "", siteConfig: "\"vnetRouteAllEnabled\": true, ")),
            \(site("func-private-only", identity: "UserAssigned", properties: "", siteConfig: "")),
            \(site("func-outbound", identity: "SystemAssigned, UserAssigned",
                   properties: "\"outboundVnetRouting\": {\"applicationTraffic\": true}, \"keyVaultReferenceIdentity\": \"[resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', 'id-x')]\",",
                   siteConfig: "")),
            \(site("func-no-user-identity", identity: "SystemAssigned",
                   properties: "\"keyVaultReferenceIdentity\": \"/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-y\",",
                   siteConfig: "", settings: ", {\"name\": \"WEBSITE_VNET_ROUTE_ALL\", \"value\": \"1\"}")),
            \(site("func-unresolved", identity: "SystemAssigned", properties: "", siteConfig: "\"vnetRouteAllEnabled\": \"[parameters('route')]\", "))
             ]}
            """
        try Data(template.utf8).write(to: folder.appendingPathComponent("t.json"))
        let run = try Harness.run(["audit", "t.json", "--output", "out", "--snippets", "none"], in: folder)
        try #require(run.status == 0, "\(run.stderr)")
        let expected: [(app: String, routing: String?, identity: String)] = [
            (
                "func-route-all", "all outbound traffic goes through the virtual network",
                "resolve with the system-assigned identity)"
            ),
            (
                "func-private-only", "route all is off: only traffic to private addresses",
                "system-assigned identity, which the app doesn't have"
            ),
            (
                "func-outbound", "all outbound traffic goes through the virtual network",
                "user-assigned identity keyVaultReferenceIdentity names"
            ),
            (
                "func-no-user-identity", "all outbound traffic goes through the virtual network",
                "names a user-assigned identity, but the app has none"
            ),
            ("func-unresolved", nil, "resolve with the system-assigned identity)"),
        ]
        for app in expected {
            let lines = Self.answerLines(Harness.read(folder.appendingPathComponent("out/\(app.app)/answers.yaml")))
            let integration = lines["network.vnet-integration"]
            #expect(integration?.value == "true", "\(app.app)")
            if let routing = app.routing {
                #expect(integration?.comment.contains(routing) == true, "\(app.app): \(integration?.comment ?? "")")
            } else {
                #expect(
                    integration?.comment.contains("(") == false,
                    "\(app.app): routing known only at deployment: \(integration?.comment ?? "")")
            }
            #expect(
                lines["secrets.location"]?.comment.contains(app.identity) == true,
                "\(app.app): \(lines["secrets.location"]?.comment ?? "")")
        }
        #expect(
            run.stderr.contains(
                "warning: func-private-only: Key Vault references resolve with the system-assigned identity, which the app doesn't have, so they will fail"
            ), "\(run.stderr)")
        #expect(
            run.stderr.contains(
                "warning: func-no-user-identity: keyVaultReferenceIdentity names a user-assigned identity, but the app has none"
            ), "\(run.stderr)")
        #expect(run.stderr.components(separatedBy: ": warning: ").count == 3, "only those two warn: \(run.stderr)")
    }

    /// Where the site's own settings don't decide the ingress: an App
    /// Service Environment's load balancer does, and on Container Apps the
    /// environment's ingress does (the site's access restrictions do nothing).
    @Test func theIngressIsReadWhereItIsDecided() throws {
        let folder = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let rules = """
            "siteConfig": {"ipSecurityRestrictionsDefaultAction": "Deny",
                           "ipSecurityRestrictions": [{"name": "office", "action": "Allow", "priority": 100, "ipAddress": "203.0.113.0/24"}]}
            """
        let template = """
            {"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
             "contentVersion": "1.0.0.0",
             "parameters": {"mode": {"type": "string"}},
             "resources": [
               {"type": "Microsoft.Web/hostingEnvironments", "apiVersion": "2024-04-01", "name": "ase-internal", "kind": "ASEV3",
                "properties": {"internalLoadBalancingMode": "Web, Publishing"}},
               {"type": "Microsoft.Web/hostingEnvironments", "apiVersion": "2024-04-01", "name": "ase-external", "kind": "ASEV3",
                "properties": {"internalLoadBalancingMode": "None"}},
               {"type": "Microsoft.Web/hostingEnvironments", "apiVersion": "2024-04-01", "name": "ase-param", "kind": "ASEV3",
                "properties": {"internalLoadBalancingMode": "[parameters('mode')]"}},
               {"type": "Microsoft.Web/sites", "apiVersion": "2024-04-01", "name": "func-ilb", "kind": "functionapp",
                "properties": {"hostingEnvironmentProfile": {"id": "[resourceId('Microsoft.Web/hostingEnvironments', 'ase-internal')]"}}},
               {"type": "Microsoft.Web/sites", "apiVersion": "2024-04-01", "name": "func-ext", "kind": "functionapp",
                "properties": {"hostingEnvironmentProfile": {"id": "[resourceId('Microsoft.Web/hostingEnvironments', 'ase-external')]"}}},
               {"type": "Microsoft.Web/sites", "apiVersion": "2024-04-01", "name": "func-param", "kind": "functionapp",
                "properties": {"hostingEnvironmentProfile": {"id": "[resourceId('Microsoft.Web/hostingEnvironments', 'ase-param')]"}}},
               {"type": "Microsoft.Web/sites", "apiVersion": "2024-04-01", "name": "func-elsewhere", "kind": "functionapp",
                "properties": {"hostingEnvironmentProfile": {"id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/hostingEnvironments/other"}}},
               {"type": "Microsoft.Web/sites", "apiVersion": "2024-04-01", "name": "func-aca",
                "kind": "functionapp,linux,container,azurecontainerapps",
                "properties": {"managedEnvironmentId": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.App/managedEnvironments/env",
                               \(rules)}},
               {"type": "Microsoft.Web/serverfarms", "apiVersion": "2024-04-01", "name": "plan-ep", "sku": {"name": "EP1", "tier": "ElasticPremium"}},
               {"type": "Microsoft.Web/sites", "apiVersion": "2024-04-01", "name": "func-premium", "kind": "functionapp",
                "properties": {"serverFarmId": "[resourceId('Microsoft.Web/serverfarms', 'plan-ep')]", \(rules)}}
             ]}
            """
        try Data(template.utf8).write(to: folder.appendingPathComponent("t.json"))
        let run = try Harness.run(
            ["audit", "t.json", "--output", "out", "--snippets", "none", "--format", "json"], in: folder)
        try #require(run.status == 0, "\(run.stderr)")
        let expected: [(app: String, ingress: String?, inbound: String?)] = [
            ("func-ilb", "internal", nil), ("func-ext", "external", nil), ("func-param", "unknown", nil),
            ("func-elsewhere", "unknown", nil), ("func-aca", nil, "unknown"),
            ("func-premium", nil, "access-restrictions"),
        ]
        for app in expected {
            let lines = Self.answerLines(Harness.read(folder.appendingPathComponent("out/\(app.app)/answers.yaml")))
            #expect(lines["network.ase-ingress"]?.value == app.ingress, "\(app.app)")
            if let inbound = app.inbound { #expect(lines["network.inbound"]?.value == inbound, "\(app.app)") }
        }
        let aca = Self.answerLines(Harness.read(folder.appendingPathComponent("out/func-aca/answers.yaml")))
        #expect(
            aca["network.inbound"]?.comment.contains("environment's ingress decides") == true,
            "\(aca["network.inbound"]?.comment ?? "")")
        #expect(
            Self.answerLines(Harness.read(folder.appendingPathComponent("out/func-param/answers.yaml")))[
                "network.ase-ingress"]?
                .comment.contains("parameters('mode')") == true)
        // An internal environment behind no gateway yet: the inbound is
        // restricted, the isolation item still open.
        let ilb = try json(folder.appendingPathComponent("out/func-ilb/checklist.json"))
        #expect(statuses(ilb)["network-restrict-inbound"] == "done")
        #expect(statuses(ilb)["network-vnet-integration"] == "not-applicable")
        let aca2 = try json(folder.appendingPathComponent("out/func-aca/checklist.json"))
        #expect(statuses(aca2)["network-restrict-inbound"] == "todo", "never done from settings that do nothing there")
    }

    // MARK: - Bad input

    @Test func badSourcesAreRefusedWithAPositionAndNothingWritten() throws {
        let folder = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let cases: [(name: String, content: Data, message: String)] = [
            (
                "broken.json", Data("{\n  \"resources\": [\n    {\"type\": }\n  ]\n}\n".utf8),
                "broken.json:3:14: error: unexpected `}`; expected a value"
            ),
            (
                "other.json", Data("{\"hello\": \"world\"}".utf8),
                "other.json:1:1: error: not an ARM template, Azure CLI output or `terraform show -json` output"
            ),
            (
                "empty-template.json",
                Data(
                    "{\"$schema\": \"https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#\", \"resources\": []}"
                        .utf8),
                "error: no function app in these files"
            ),
            (
                "latin1.json", Data([0x7B, 0x0A, 0x22, 0xE9, 0x22, 0x7D]),
                "latin1.json:2:2: error: this file is not UTF-8 text"
            ),
            (
                "logic.json",
                Data(
                    "{\"contentVersion\": \"1.0.0.0\", \"resources\": [{\"type\": \"Microsoft.Web/sites\", \"name\": \"wf\", \"kind\": \"functionapp,workflowapp\"}]}"
                        .utf8),
                "error: no function app in these files"
            ),
        ]
        for (name, content, message) in cases {
            try content.write(to: folder.appendingPathComponent(name))
            let run = try Harness.run(["audit", name, "--output", "out"], in: folder)
            #expect(run.status == 2, "\(name)")
            #expect(run.stderr.contains(message), "\(name): \(run.stderr)")
            #expect(
                !FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path),
                "\(name) wrote files")
        }
        let missing = try Harness.run(["audit", "nowhere.json"], in: folder)
        #expect(
            missing.status == 2 && missing.stderr.contains("nowhere.json: error: no such file"), "\(missing.stderr)")
        let directory = try Harness.run(["audit", "."], in: folder)
        #expect(directory.status == 2 && directory.stderr.contains("this is a folder, not a configuration file"))
        let noDrift = try Harness.run(["audit", Self.export, "--fail-on-drift"], in: folder)
        #expect(noDrift.status == 2 && noDrift.stderr.contains("--fail-on-drift compares with an answers file"))
    }
}
