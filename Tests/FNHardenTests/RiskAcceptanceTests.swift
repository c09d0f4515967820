import FNHardenCore
import FNHardenRender
import Foundation
import Testing

/// Accepted risks: an open item with an owner, a reason and an expiry is
/// `accepted` until that date, then open again; never a gate for --fail-on.
struct RiskAcceptanceTests {
    let yaml = Harness.read(Harness.fixtures.appendingPathComponent("answers/accepted-risks.yaml"))

    func checklist(asOf date: String) throws -> Checklist {
        let answers = try #require(
            AnswersLoader.load(Data(yaml.utf8), file: "x", knowledgeBase: Harness.kb, asOf: date).answers)
        return ChecklistEvaluator.evaluate(answers, knowledgeBase: Harness.kb, asOf: date)
    }

    @Test func anAcceptanceHoldsUntilItsDateInclusive() throws {
        #expect(try checklist(asOf: "2026-11-29").status("http-require-https") == .accepted)
        #expect(try checklist(asOf: "2027-06-30").status("http-require-https") == .accepted)
        let later = try checklist(asOf: "2027-07-01")
        #expect(later.status("http-require-https") == .todo)
        #expect(later.entry("http-require-https")?.acceptanceExpired == true)
    }

    @Test func anExpiredAcceptanceIsAWarningAndTheItemIsOpen() throws {
        let result = AnswersLoader.load(Data(yaml.utf8), file: "x", knowledgeBase: Harness.kb, asOf: "2026-11-29")
        #expect(result.answers != nil)
        #expect(result.diagnostics.map(\.message.key) == ["errors.risk-expired"])
        #expect(try checklist(asOf: "2026-11-29").status("identity-managed-identity") == .todo)
    }

    @Test func onlyOpenItemsCanBeAccepted() throws {
        let done = """
            fnharden: 1
            app: {name: a1}
            http: {https-only: true}
            accepted-risks:
              - {item: http-require-https, owner: me, reason: why, expires: 2030-01-01}
            """
        let answers = try #require(AnswersLoader.load(Data(done.utf8), file: "x", knowledgeBase: Harness.kb).answers)
        #expect(
            ChecklistEvaluator.evaluate(answers, knowledgeBase: Harness.kb, asOf: "2026-01-01").status(
                "http-require-https") == .done)
    }

    @Test(arguments: [
        ("accepted-risks: {item: x}", "errors.risks-not-list"),
        ("accepted-risks: [x]", "errors.risk-not-mapping"),
        (
            "accepted-risks: [{item: http-require-http, owner: a, reason: b, expires: 2030-01-01}]",
            "errors.risk-unknown-item-suggest"
        ),
        ("accepted-risks: [{item: http-require-https, owner: a, reason: b, expires: 2030-02-30}]", "errors.risk-date"),
        ("accepted-risks: [{item: http-require-https, owner: a, reason: b}]", "errors.risk-missing"),
        (
            "accepted-risks: [{item: http-require-https, owner: \"\", reason: b, expires: 2030-01-01}]",
            "errors.risk-field"
        ),
        (
            "accepted-risks: [{item: http-min-tls, owner: a, reason: b, expires: 2030-01-01, note: c}]",
            "errors.unknown-key"
        ),
        (
            "accepted-risks: [{item: http-min-tls, owner: a, reason: b, expires: 2030-01-01}, {item: http-min-tls, owner: a, reason: b, expires: 2030-01-01}]",
            "errors.risk-twice"
        ),
    ])
    func badAcceptancesAreErrors(_ line: String, _ key: String) {
        let result = Harness.answers("fnharden: 1\napp: {name: a1}\n" + line + "\n", expectValid: false)
        #expect(result.answers == nil)
        #expect(result.diagnostics.map(\.message.key).contains(key), "\(result.diagnostics.map(\.message.key))")
    }

    @Test func acceptingAnItemThatIsntOpenIsSaid() throws {
        let run = try Harness.run(
            ["validate", "-"],
            stdin: """
                fnharden: 1
                app: {name: a1}
                accepted-risks:
                  - {item: http-min-tls, owner: me, reason: why, expires: 2099-01-01}
                """)
        #expect(run.status == 0)
        #expect(run.stderr.contains("warning: `http-min-tls` is done, not open: its acceptance has no effect now"))
    }

    @Test func freeTextStaysOneVisibleLine() {
        let bidi = Harness.answers(
            "fnharden: 1\napp: {name: a1}\naccepted-risks:\n  - {item: http-require-https, owner: \"a\\u202Eb\", reason: r, expires: 2099-01-01}\n",
            expectValid: false)
        #expect(bidi.diagnostics.map(\.message.key) == ["errors.risk-field"])
        let reviewer = Harness.answers(
            "fnharden: 1\napp: {name: a1}\nreview: {reviewer: \"x\\u200By\", date: 2026-02-30}\n",
            expectValid: false)
        #expect(reviewer.diagnostics.map(\.message.key) == ["naming.reviewer", "naming.review-date"])
        #expect(
            Markdown.escape("see https://x.example and www.y.example  ")
                == "see https:\\/\\/x.example and www\\.y.example")
    }

    @Test func theOutputsCarryTheAcceptance() throws {
        let fixture = Harness.fixtures.appendingPathComponent("answers/accepted-risks.yaml").path
        let json = try Harness.run([
            "generate", "--answers", fixture, "--stdout", "--format", "json", "--as-of", "2026-11-29",
        ])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((document["summary"] as? [String: Any])?["accepted"] as? Int == 1)
        let item = (document["items"] as? [[String: Any]])?.first { $0["id"] as? String == "http-require-https" }
        #expect(item?["status"] as? String == "accepted")
        #expect((item?["acceptance"] as? [String: Any])?["owner"] as? String == "Ada Lovelace")
        // Same answers, same date: same bytes; the gate ignores the accepted item.
        let again = try Harness.run([
            "generate", "--answers", fixture, "--stdout", "--format", "json", "--as-of", "2026-11-29",
        ])
        #expect(again.stdout == json.stdout)
        let gate = try Harness.run([
            "generate", "--answers", fixture, "--stdout", "--as-of", "2026-11-29", "--fail-on", "high",
        ])
        #expect(!gate.stderr.contains("http-require-https"))
        let sarif = try Harness.run([
            "generate", "--answers", fixture, "--stdout", "--format", "sarif", "--as-of", "2026-11-29",
        ])
        #expect(sarif.stdout.contains("\"kind\" : \"inSource\""))
        #expect(try Harness.run(["generate", "--answers", fixture, "--stdout", "--as-of", "2026-13-01"]).status == 2)
        // The normalised answers keep the acceptances.
        let folder = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try Harness.run(["generate", "--answers", fixture, "--as-of", "2026-11-29"], in: folder).status == 0)
        let normalised = Harness.read(folder.appendingPathComponent("fnharden-out/answers.yaml"))
        #expect(normalised.contains("accepted-risks:\n  - item: http-require-https\n    owner: \"Ada Lovelace\""))
    }
}
