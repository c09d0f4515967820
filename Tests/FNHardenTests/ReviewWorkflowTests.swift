import Foundation
import Testing

/// The review workflow end to end, as a CI pipeline runs it: gate with
/// --fail-on, SARIF for code scanning, and a diff against the last review.
struct ReviewWorkflowTests {
    func fixture(_ name: String) -> String { Harness.fixtures.appendingPathComponent("answers/\(name)").path }

    @Test func aPipelineGatesUploadsAndComments() throws {
        let folder = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // The last review: a hardened app.
        let last = try Harness.run(
            [
                "generate", "--answers", fixture("premium-hardened.yaml"), "--output", "last",
                "--format", "markdown,json,sarif", "--fail-on", "high",
            ], in: folder)
        #expect(last.status == 0, "\(last.stderr)")
        // This review: someone turned HTTPS-only off. The gate trips, the files are still written.
        let changed = Harness.read(URL(fileURLWithPath: fixture("premium-hardened.yaml")))
            .replacingOccurrences(of: "https-only: true", with: "https-only: false")
        try Data(changed.utf8).write(to: folder.appendingPathComponent("answers.yaml"))
        let now = try Harness.run(
            [
                "generate", "--answers", "answers.yaml", "--output", "now",
                "--format", "markdown,json,sarif", "--fail-on", "high",
            ], in: folder)
        #expect(now.status == 1)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("now/checklist.sarif").path))
        // The review comment names the regression, and can gate too.
        let diff = try Harness.run(
            ["diff", "last/checklist.json", "now/checklist.json", "--fail-on-regression"], in: folder)
        #expect(diff.status == 1)
        #expect(diff.stdout.contains("## Open again: was done (1)"))
        #expect(diff.stdout.contains("- `http-require-https` Require HTTPS (High): `done` → `todo`"))
        let json = try Harness.run(
            ["diff", "last/checklist.json", "now/checklist.json", "--format", "json"], in: folder)
        #expect(json.status == 0)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(document["regression"] as? Bool == true)
        #expect((document["reopened"] as? [[String: Any]])?.first?["id"] as? String == "http-require-https")
        // Same review twice: nothing changed.
        let same = try Harness.run(
            ["diff", "last/checklist.json", "last/checklist.json", "--fail-on-regression"], in: folder)
        #expect(same.status == 0 && same.stdout.contains("No item changed."))
    }

    @Test func diffNamesAcceptedExpiredAddedAndRemoved() throws {
        let folder = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let risks = fixture("accepted-risks.yaml")
        _ = try Harness.run(
            ["generate", "--answers", risks, "--stdout", "--format", "json", "--as-of", "2020-01-01"], in: folder)
        let early = try Harness.run([
            "generate", "--answers", risks, "--stdout", "--format", "json", "--as-of", "2026-01-01",
        ])
        let late = try Harness.run([
            "generate", "--answers", risks, "--stdout", "--format", "json", "--as-of", "2027-07-01",
        ])
        try Data(early.stdout.utf8).write(to: folder.appendingPathComponent("early.json"))
        try Data(late.stdout.utf8).write(to: folder.appendingPathComponent("late.json"))
        let expiry = try Harness.run(["diff", "early.json", "late.json"], in: folder)
        #expect(expiry.stdout.contains("## Acceptance expired (2)"), "\(expiry.stdout)")
        // A knowledge base that gains and loses items.
        var edited = try #require(try JSONSerialization.jsonObject(with: Data(late.stdout.utf8)) as? [String: Any])
        var items = edited["items"] as? [[String: Any]] ?? []
        let first = items.removeFirst()
        var renamed = first
        renamed["id"] = "brand-new-item"
        items.append(renamed)
        edited["items"] = items
        try JSONSerialization.data(withJSONObject: edited).write(to: folder.appendingPathComponent("edited.json"))
        let kb = try Harness.run(["diff", "late.json", "edited.json"], in: folder)
        #expect(kb.stdout.contains("## New in this knowledge base (1)"))
        #expect(kb.stdout.contains("## Removed from the knowledge base (1)"))
        #expect(try Harness.run(["diff", "late.json", "missing.json"], in: folder).status == 2)
        // A changed acceptance (new owner, later date) is a change too.
        try Data(early.stdout.replacingOccurrences(of: "\"2027-06-30\"", with: "\"2099-12-31\"").utf8)
            .write(to: folder.appendingPathComponent("early-extended.json"))
        let moved = try Harness.run(["diff", "early.json", "early-extended.json"], in: folder)
        #expect(moved.stdout.contains("## Acceptance changed (1)"), "\(moved.stdout)")
        // Losing a hardening to a plan that can't do it is a regression.
        let premium = try Harness.run([
            "generate", "--answers", fixture("premium-hardened.yaml"), "--stdout", "--format", "json",
        ])
        try Data(premium.stdout.utf8).write(to: folder.appendingPathComponent("premium.json"))
        var lostDocument = try #require(
            try JSONSerialization.jsonObject(with: Data(premium.stdout.utf8)) as? [String: Any])
        lostDocument["items"] = (lostDocument["items"] as? [[String: Any]])?.map { item in
            var item = item
            if item["id"] as? String == "network-private-endpoint" { item["status"] = "unsupported" }
            return item
        }
        try JSONSerialization.data(withJSONObject: lostDocument).write(to: folder.appendingPathComponent("lost.json"))
        let lost = try Harness.run(["diff", "premium.json", "lost.json", "--fail-on-regression"], in: folder)
        #expect(lost.status == 1)
        #expect(lost.stdout.contains("## No longer possible: was done (1)"))
    }
}
