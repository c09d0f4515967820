import Foundation
import PropertyBased
import Testing

@testable import FNHardenCore
@testable import FNHardenRender

/// Properties over random valid answers: generation always
/// succeeds, the JSON always reads back, every done and open item is a task
/// in the Markdown, and the same answers give the same bytes.
@Suite struct PropertyTests {
    let kb = Harness.kb
    let l10n = Harness.english

    /// A small deterministic generator (SplitMix64), seeded by the property.
    struct SeededRandom: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var value = state
            value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
            value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
            return value ^ (value >> 31)
        }
    }

    /// Random answers in the catalogue's own terms; answers the cross-field
    /// rules refuse are dropped (so their defaults apply) until none is left.
    func randomAnswers(_ seed: Int) -> ResolvedAnswers {
        var random = SeededRandom(state: UInt64(truncatingIfNeeded: seed))
        var values: [String: AnswerValue] = ["app.name": .text("app-\(seed % 100_000)")]
        for question in kb.questions where question.id != "app.name" && Bool.random(using: &random) {
            switch question.kind {
            case .choice:
                if let value = question.values.randomElement(using: &random) {
                    values[question.id] =
                        question.integerValues ? Int(value).map(AnswerValue.integer) ?? .text(value) : .text(value)
                }
            case .boolean: values[question.id] = [.bool(true), .bool(false), .unknown].randomElement(using: &random)
            case .integer:
                values[question.id] = .integer(
                    Int.random(
                        in: (question.minimum ?? 0)...min(question.maximum ?? 100, 1_000_000),
                        using: &random))
            case .list:
                let origins = ["*", "https://a.contoso.com", "http://localhost:8080", "https://*.contoso.com"]
                values[question.id] = .list(
                    Array(origins.shuffled(using: &random).prefix(Int.random(in: 0...3, using: &random))))
            case .string:
                let samples = [
                    "app.resource-group": "rg-props", "app.location": "westeurope", "review.reviewer": "Ada",
                    "review.date": "2026-11-01",
                ]
                if let sample = samples[question.id] { values[question.id] = .text(sample) }
            }
        }
        for _ in 0..<20 {
            let (answers, diagnostics) = AnswerResolver.resolve(AnswerSet(values: values), knowledgeBase: kb, file: "")
            let refused = kb.rules.filter { rule in
                rule.when.evaluate(in: answers).truth == .yes && rule.require.evaluate(in: answers).truth == .no
            }.map(\.at)
            if diagnostics.isEmpty || refused.isEmpty { return answers }
            for key in refused { values[key] = nil }
        }
        return AnswerResolver.resolve(
            AnswerSet(values: ["app.name": .text("fallback-app")]), knowledgeBase: kb, file: ""
        ).0
    }

    @Test func randomValidAnswersAlwaysGiveWholeOutputs() async {
        await propertyCheck(count: 150, input: Gen.int(in: 0...Int(Int32.max))) { seed in
            let answers = randomAnswers(seed)
            // The normalised answers file reads back without a problem.
            let yaml = AnswersYAML(knowledgeBase: kb, localizer: l10n).render(answers)
            let reloaded = AnswersLoader.load(
                Data(yaml.utf8), file: "random.yaml", knowledgeBase: kb, asOf: "2026-11-29")
            #expect(reloaded.diagnostics.filter { $0.severity == .error }.isEmpty, "seed \(seed): \(yaml)")
            guard let again = reloaded.answers else { return }
            let checklist = ChecklistEvaluator.evaluate(again, knowledgeBase: kb, asOf: "2026-11-29")

            // JSON reads back, with every item and its status.
            let json = ChecklistJSON(
                knowledgeBase: kb, localizer: l10n, plan: try? SnippetPlanner.plan(checklist, knowledgeBase: kb).get()
            ).render(checklist)
            let document = (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any]
            let items = document?["items"] as? [[String: Any]] ?? []
            #expect(items.count == kb.items.count, "seed \(seed)")
            for (entry, item) in zip(checklist.entries, items) {
                #expect(item["status"] as? String == entry.status.rawValue)
            }

            // Every done and open item is a task in the Markdown.
            let markdown = ChecklistMarkdown(knowledgeBase: kb, localizer: l10n).render(checklist)
            for entry in checklist.entries where entry.status == .done || entry.status == .todo {
                let box = entry.status == .done ? "- [x] **" : "- [ ] **"
                let title = Markdown.escape(l10n.text("items.\(entry.item.id).title"))
                #expect(markdown.contains(box + title), "seed \(seed): \(entry.item.id)")
            }

            // The same answers, the same bytes, snippets included.
            #expect(markdown == ChecklistMarkdown(knowledgeBase: kb, localizer: l10n).render(checklist))
            #expect(
                json
                    == ChecklistJSON(
                        knowledgeBase: kb, localizer: l10n,
                        plan: try? SnippetPlanner.plan(checklist, knowledgeBase: kb).get()
                    ).render(checklist))
            if case .success(let plan) = SnippetPlanner.plan(checklist, knowledgeBase: kb) {
                #expect(
                    BicepSnippet(localizer: l10n).render(plan).text == BicepSnippet(localizer: l10n).render(plan).text)
                #expect(
                    ShellSnippet(localizer: l10n).render(plan).text == ShellSnippet(localizer: l10n).render(plan).text)
                #expect(TerraformSnippet(localizer: l10n).render(plan).text.contains("resource \""))
                #expect(ARMSnippet(localizer: l10n).render(plan).text.contains("\"resources\""))
            }
        }
    }
}
