import Foundation
import Testing

@testable import FNHardenCore

/// Parsing and validation of answers files: each rule of the answers format
/// (checklists/answers-format.md) and
/// every error with its position.
struct AnswersReaderTests {
    func messages(_ yaml: String) -> [String] {
        Harness.answers(yaml, expectValid: false).diagnostics.map { diagnostic in
            let place = diagnostic.position.map { "\($0.line):\($0.column)" } ?? "-"
            return "\(place) \(diagnostic.message.key)"
        }
    }

    @Test func minimalFileTakesDefaults() throws {
        let answers = try #require(Harness.answers("fnharden: 1\napp:\n  name: contoso\n").answers)
        #expect(answers.value(of: "app.name") == .text("contoso"))
        #expect(answers.value(of: "hosting.plan") == .unknown)
        #expect(answers.value(of: "hosting.runtime-version") == .integer(4))
        #expect(answers.value(of: "http.https-only") == .bool(false))
        #expect(answers.value(of: "http.min-tls") == .text("1.2"))
        #expect(answers.value(of: "deployment.basic-auth") == .bool(true))
        #expect(answers.value(of: "operations.remote-debugging") == .bool(false))
        #expect(answers.isAnswered("app.name") && !answers.isAnswered("http.https-only"))
    }

    /// Where `&` and `*` start an anchor or an alias, and where they are
    /// only text: triggering and non-triggering examples for the scan that
    /// refuses them before Yams composes a file.
    @Test(
        arguments: [
            ("a: *x\n", "1:4"), ("- &x v\n", "1:3"), ("a: [b, *x]\n", "1:8"), ("a: {b: *x}\n", "1:8"),
            ("? *x\n: v\n", "1:3"), ("\"k\": *x\n", "1:6"), ("--- &x\na: 1\n", "1:5"), ("a:\n  - b\n  - *x\n", "3:5"),
            ("a: !!str &x v\n", "1:10"), ("a: [b,\n  *x]\n", "2:3"),
            ("a: b*c&d\n", nil), ("a: 'it''s *x'\n", nil), ("a: \"*x \\\" &y\"\n", nil), ("a: b # *x\n", nil),
            ("a: |\n  * one\n  & two\nb: c\n", nil), ("a: >-\n  *x\n", nil), ("a: 'multi\n  *line'\n", nil),
            ("a: see [docs], *x\n", nil), ("a: x&y\n", nil),
        ] as [(String, String?)])
    func anchorsAndAliasesAreFoundWhereANodeStarts(_ yaml: String, _ expected: String?) {
        let found = AliasScan.firstAnchorOrAlias(in: yaml).map { "\($0.line):\($0.column)" }
        #expect(found == expected, "\(yaml.debugDescription)")
    }

    @Test func jsonIsAccepted() throws {
        let json = #"{"fnharden": 1, "app": {"name": "contoso"}, "http": {"cors-origins": ["https://a.example"]}}"#
        let answers = try #require(Harness.answers(json).answers)
        #expect(answers.value(of: "http.cors-origins") == .list(["https://a.example"]))
    }

    @Test func flexAndContainerAppsImplyLinux() throws {
        for plan in ["flex-consumption", "container-apps"] {
            let answers = try #require(
                Harness.answers("fnharden: 1\napp: {name: a1}\nhosting: {plan: \(plan)}\n").answers)
            #expect(answers.value(of: "hosting.os") == .text("linux"))
            #expect(!answers.asked.contains("hosting.os"))
        }
    }

    @Test func unknownIsAcceptedExceptForTheName() {
        #expect(messages("fnharden: 1\napp: {name: a1}\nhttp: {https-only: unknown, cors-origins: unknown}\n").isEmpty)
        #expect(messages("fnharden: 1\napp: {name: unknown}\n") == ["2:13 errors.unknown-not-allowed"])
    }

    @Test func versionIsRequiredAndMustBeOne() {
        #expect(messages("app: {name: a1}\n") == ["1:1 errors.missing-version"])
        #expect(messages("fnharden: 2\napp: {name: a1}\n") == ["1:11 errors.future-version"])
        #expect(messages("fnharden: \"1\"\napp: {name: a1}\n") == ["1:11 errors.bad-version"])
        #expect(messages("fnharden: 0\napp: {name: a1}\n") == ["1:11 errors.bad-version"])
    }

    @Test func nameIsRequired() {
        #expect(messages("fnharden: 1\napp: {location: westeurope}\n") == ["2:6 errors.missing-required"])
        #expect(messages("fnharden: 1\n") == ["1:1 errors.missing-required"])
    }

    @Test func unknownKeysGetSuggestions() throws {
        let result = Harness.answers(
            "fnharden: 1\napp: {name: a1}\nhostng:\n  plan: premium\nhttp:\n  httpsonly: true\n  plan: x\n",
            expectValid: false)
        let suggestions = result.diagnostics.map { $0.message.arguments["suggestion"] }
        #expect(suggestions == ["hosting", "http.https-only", "hosting.plan"])
        #expect(
            result.diagnostics.map(\.position) == [
                Position(line: 3, column: 1), Position(line: 6, column: 3), Position(line: 7, column: 3),
            ])
    }

    @Test func enumValuesAreCheckedWithSuggestions() throws {
        let result = Harness.answers(
            "fnharden: 1\napp: {name: a1}\nhosting: {plan: premum, os: mac}\n", expectValid: false)
        #expect(result.diagnostics.map(\.message.key) == ["errors.bad-choice-suggest", "errors.bad-choice"])
        #expect(result.diagnostics.first?.message.arguments["suggestion"] == "premium")
    }

    @Test func typesAreChecked() {
        let yaml = """
            fnharden: 1
            app: {name: a1}
            http: {https-only: "true", triggers: yes, cors-origins: "https://a.example", min-tls: [1]}
            operations: {daily-quota-gb-s: 1.5}
            hosting: {plan: {a: 1}}
            """
        #expect(
            messages(yaml) == [
                "3:20 errors.expected-boolean", "3:38 errors.bad-boolean-suggest", "3:57 errors.expected-list",
                "3:87 errors.expected-choice", "4:32 errors.expected-integer", "5:17 errors.expected-choice",
            ])
    }

    @Test func numbersMayNotPoseAsNames() {
        #expect(messages("fnharden: 1\napp: {name: 1234}\n") == ["2:13 errors.expected-string"])
        #expect(messages("fnharden: 1\napp: {name: \"1234\"}\n").isEmpty)
    }

    @Test(arguments: [
        ("a", false), ("ab", true), ("contoso-orders", true), ("-bad", false), ("bad-", false),
        ("has space", false), ("a_b", false), (String(repeating: "a", count: 60), true),
        (String(repeating: "a", count: 61), false), ("ünicode", false), ("name\n", false),
    ])
    func appNamingRules(name: String, valid: Bool) {
        let yaml = "fnharden: 1\napp:\n  name: \(yamlQuoted(name))\n"
        #expect(messages(yaml).isEmpty == valid, "\(name)")
    }

    @Test(arguments: [
        ("rg-orders", true), ("rg.orders", true), ("rg(1)_x", true), ("rg.", false), ("", false),
        (String(repeating: "r", count: 90), true), (String(repeating: "r", count: 91), false), ("rg/x", false),
    ])
    func resourceGroupNamingRules(name: String, valid: Bool) {
        let yaml = "fnharden: 1\napp:\n  name: a1\n  resource-group: \(yamlQuoted(name))\n"
        #expect(messages(yaml).isEmpty == valid, "\(name)")
    }

    @Test(arguments: [
        ("*", true), ("https://www.contoso.com", true), ("http://localhost:7071", true),
        ("https://*.contoso.com", true), ("contoso.com", false), ("https://a.example/path", false),
        ("javascript:alert(1)", false), ("https://a.example\"; rm -rf /", false),
    ])
    func corsOrigins(origin: String, valid: Bool) {
        let yaml = "fnharden: 1\napp: {name: a1}\nhttp:\n  cors-origins: [\(yamlQuoted(origin))]\n"
        #expect(messages(yaml).isEmpty == valid, "\(origin)")
    }

    @Test func integersAreBounded() {
        #expect(
            messages("fnharden: 1\napp: {name: a1}\nhosting: {plan: consumption}\noperations: {daily-quota-gb-s: -1}\n")
                == ["4:32 errors.out-of-range"])
        #expect(
            messages(
                "fnharden: 1\napp: {name: a1}\nhosting: {plan: consumption}\noperations: {daily-quota-gb-s: 99999999999999}\n"
            )
                == ["4:32 errors.out-of-range"])
    }

    @Test func brokenFilesArePositioned() {
        #expect(messages("") == ["1:1 errors.empty"])
        #expect(messages("# only a comment\n") == ["1:1 errors.empty"])
        #expect(messages("- a\n") == ["1:1 errors.root-not-mapping"])
        #expect(messages("fnharden: 1\napp: [\n") == ["3:1 errors.yaml"])
        #expect(
            messages("fnharden: 1\napp: {name: a1}\napp: {name: b2}\n").map { $0.hasSuffix("errors.duplicate-key") }
                == [true])
        #expect(
            messages("fnharden: 1\napp: plain\n") == ["2:6 errors.group-not-mapping", "2:6 errors.missing-required"])
    }

    @Test func binaryAndOversizedInputIsRefused() {
        let kb = Harness.kb
        let nul = AnswersLoader.load(Data("fnharden: 1\napp: {name: a\u{0}b}\n".utf8), file: "x", knowledgeBase: kb)
        #expect(nul.diagnostics.map(\.message.key) == ["errors.binary"])
        #expect(nul.diagnostics.first?.position == Position(line: 2, column: 14))
        let invalid = AnswersLoader.load(Data([0x66, 0x3A, 0x20, 0x0A, 0x61, 0xFF]), file: "x", knowledgeBase: kb)
        #expect(invalid.diagnostics.map(\.message.key) == ["errors.not-utf8"])
        #expect(invalid.diagnostics.first?.position == Position(line: 2, column: 2))
        let huge = Data(repeating: 0x20, count: AnswersReader.maximumSize + 1)
        #expect(
            AnswersLoader.load(huge, file: "x", knowledgeBase: kb).diagnostics.map(\.message.key) == [
                "errors.too-large"
            ])
    }

    @Test func answersToQuestionsThatDontApplyAreIgnoredWithAWarning() throws {
        let result = Harness.answers("fnharden: 1\napp: {name: a1}\nhttp: {triggers: false, auth-level: anonymous}\n")
        let answers = try #require(result.answers)
        #expect(result.diagnostics.map(\.message.key) == ["errors.not-asked"])
        #expect(result.diagnostics.first?.severity == .warning)
        #expect(answers.value(of: "http.auth-level") == .text("function"))
    }

    @Test func tagsAreRefusedAndQuotesShown() {
        #expect(
            messages("fnharden: 1\napp: {name: a1}\nhosting: {plan: !custom premium}\n") == [
                "3:17 errors.tag-not-allowed"
            ])
        #expect(messages("fnharden: 1\napp: {name: !!binary aGVsbG8=}\n") == ["2:13 errors.tag-not-allowed"])
        #expect(
            messages("fnharden: 1\napp: {name: a1}\nhttp: {https-only: !!str true}\n") == [
                "3:20 errors.expected-boolean"
            ])
        let quoted = Harness.answers("fnharden: 1\napp: {name: a1}\nhttp: {https-only: \"true\"}\n", expectValid: false)
        #expect(quoted.diagnostics.first?.message.arguments["found"] == "\"true\"")
    }

    @Test func numbersAreReadAsYAMLAndTheSchemaReadThem() throws {
        let answers = try #require(
            Harness.answers(
                """
                fnharden: 1
                app: {name: a1}
                hosting: {plan: consumption, os: windows, runtime-version: 4.0}
                http: {min-tls: 1.2}
                operations: {daily-quota-gb-s: 0x10}
                """
            ).answers)
        #expect(answers.value(of: "hosting.runtime-version") == .integer(4))
        #expect(answers.value(of: "http.min-tls") == .text("1.2"))
        #expect(answers.value(of: "operations.daily-quota-gb-s") == .integer(16))
        #expect(
            messages(
                "fnharden: 1\napp: {name: a1}\nhosting: {plan: consumption}\noperations: {daily-quota-gb-s: 2.5}\n")
                == ["4:32 errors.expected-integer"])
    }

    @Test func tabsGetAHint() {
        let result = Harness.answers("fnharden: 1\napp:\n\tname: x\n", expectValid: false)
        #expect(result.diagnostics.first?.message.arguments["problem"]?.contains("tabs can't indent YAML") == true)
    }

    @Test func aFloodOfProblemsIsCappedWithAClosingLine() {
        let yaml = "fnharden: 1\napp: {name: a1}\n" + (0..<500).map { "k\($0): 1\n" }.joined()
        let keys = Harness.answers(yaml, expectValid: false).diagnostics.map(\.message.key)
        #expect(keys.count == AnswersReader.maximumProblems + 1)
        #expect(keys.last == "errors.too-many-problems")
    }

    @Test func everyProblemIsReportedAtOnce() {
        let keys = messages("hostng: {}\napp: {name: -x}\nhttp: {https-only: maybe, min-tls: 1.1.1}\n")
        #expect(keys.count == 5)
    }
}

/// A YAML double-quoted scalar for any text.
func yamlQuoted(_ text: String) -> String {
    var result = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": result += "\\\""
        case "\\": result += "\\\\"
        case "\n": result += "\\n"
        default: result.unicodeScalars.append(scalar)
        }
    }
    return result + "\""
}
