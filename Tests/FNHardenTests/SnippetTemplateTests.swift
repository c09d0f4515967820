import FNHardenCore
import FNHardenL10n
import FNHardenRender
import Foundation
import Testing

/// A batch's apps of one shape share their snippets, rendered once and
/// filled in with each app's name, location and resource group
/// (`SnippetTemplates`): the filled-in snippets are the ones a full render
/// writes, byte for byte and line tag for line tag.
@Suite struct SnippetTemplateTests {
    /// Counts the renders, to show that a shape is rendered once.
    final class Renders: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        func add() { lock.withLock { count += 1 } }
        var total: Int { lock.withLock { count } }
    }

    /// Every fixture and example answers file that has snippets.
    func sources() throws -> [(name: String, checklist: Checklist)] {
        let folders = [Harness.fixtures.appendingPathComponent("answers"), Harness.packageRoot.appendingPathComponent("checklists/examples")]
        var sources: [(String, Checklist)] = []
        for folder in folders {
            for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
            where name.hasSuffix(".yaml") || name.hasSuffix(".json") {
                let data = try Data(contentsOf: folder.appendingPathComponent(name))
                guard let answers = AnswersLoader.load(data, file: name, knowledgeBase: Harness.kb).answers else { continue }
                var checklist = ChecklistEvaluator.evaluate(answers, knowledgeBase: Harness.kb, asOf: "2026-11-29")
                checklist.shapeKey = name
                sources.append((name, checklist))
            }
        }
        return sources
    }

    /// The same app with other identity answers (nil: the answer left out).
    func app(_ checklist: Checklist, name: String, location: AnswerValue?, group: AnswerValue?) -> Checklist {
        var explicit = checklist.answers.explicit
        explicit.values["app.name"] = .text(name)
        explicit.values["app.location"] = location
        explicit.values["app.resource-group"] = group
        return checklist.forApp(checklist.answers.forApp(explicit))
    }

    @Test func filledInSnippetsAreTheOnesAFullRenderWrites() throws {
        let greek = try Localizer.load(language: "el", from: Harness.data)
        let sources = try sources()
        #expect(sources.count >= 8)
        var generator = SeededGenerator(seed: 20261129)
        let inert = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")
        func word(_ range: ClosedRange<Int>) -> String {
            String((0..<Int.random(in: range, using: &generator)).map { _ in inert.randomElement(using: &generator) ?? "a" })
        }
        for l10n in [Harness.english, greek] {
            let renders = Renders()
            let templates = SnippetTemplates(knowledgeBase: Harness.kb) { dialect, plan in
                renders.add()
                return dialect.render(plan, localizer: l10n)
            }
            var shapes = Set<String>()
            for (name, checklist) in sources {
                for round in 0..<12 {
                    // Names from 1 to 60 characters; location and resource group
                    // sometimes left out or unknown, as an audit leaves them.
                    let location: AnswerValue? = [nil, .unknown, .text(word(1...20))][round % 3]
                    let group: AnswerValue? = [nil, .unknown, .text(word(1...90)), .text(word(1...90))][round % 4]
                    let app = app(checklist, name: word(1...60), location: location, group: group)
                    let expected = SnippetPlanner.plan(app, knowledgeBase: Harness.kb)
                        .map { plan in SnippetDialect.allCases.map { $0.render(plan, localizer: l10n) } }
                    let filled = try #require(templates.snippets(for: app, dialects: SnippetDialect.allCases), "\(name)")
                    switch (filled, expected) {
                    case (.success(let filled), .success(let expected)):
                        shapes.insert(name + "\(round % 3)\(min(round % 4, 2))")
                        for (one, other) in zip(filled, expected) {
                            #expect(one.text == other.text, "\(name) \(one.dialect) in \(l10n.language)")
                            #expect(one.lines == other.lines, "\(name) \(one.dialect) in \(l10n.language)")
                        }
                        #expect(filled.count == expected.count)
                    case (.failure(let one), .failure(let other)):
                        #expect(one == other)
                    default:
                        Issue.record("\(name): filled in \(filled), rendered \(expected)")
                    }
                }
            }
            // Each shape (and set of answered identity keys) was rendered once, in four dialects.
            #expect(renders.total == shapes.count * SnippetDialect.allCases.count, "in \(l10n.language)")
        }
    }

    @Test func aValueThatSomeDialectQuotesOrEscapesIsRenderedInFull() throws {
        let (_, checklist) = try #require(try sources().first { $0.name == "premium-hardened.yaml" })
        let templates = SnippetTemplates(knowledgeBase: Harness.kb) { dialect, plan in dialect.render(plan, localizer: Harness.english) }
        for name in ["my app", "o'brien", "a$b", "ünï", "@fnharden-identity-1@", "a\"b", "a\\b", ""] {
            #expect(templates.snippets(for: app(checklist, name: name, location: .text("westeurope"), group: .text("rg")),
                                       dialects: SnippetDialect.allCases) == nil, "\(name)")
            #expect(templates.snippets(for: app(checklist, name: "ok", location: .text(name), group: .text("rg")),
                                       dialects: SnippetDialect.allCases) == nil, "\(name)")
        }
        // A single run has no shape: rendered in full too.
        var single = checklist
        single.shapeKey = nil
        #expect(templates.snippets(for: single, dialects: SnippetDialect.allCases) == nil)
        #expect(templates.snippets(for: checklist, dialects: []) == nil)
    }
}
