import FNHardenCore
import FNHardenData
import FNHardenL10n
import FNHardenRender
import Foundation
import LineEditing
import Testing

/// Golden Markdown, read and judged before it was committed, and the
/// renderers' escaping.
struct RenderTests {
    func markdown(_ fixture: String) throws -> String {
        let yaml = Harness.read(Harness.fixtures.appendingPathComponent("answers/\(fixture)"))
        let checklist = try #require(Harness.checklist(yaml))
        return ChecklistMarkdown(knowledgeBase: Harness.kb, localizer: Harness.english).render(checklist)
    }

    /// fnharden writes its JSON itself, byte for byte as JSONEncoder would
    /// with its options: quotes, backslashes, control characters, text
    /// beyond ASCII, keys in order, empty and nested containers.
    @Test func jsonOutputIsWhatJSONEncoderWrites() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let strings = [
            "", "plain", "q\"uote", "back\\slash", "a/b://c", "line\nbreak\r\t", "\u{0}\u{1}\u{8}\u{C}\u{1F}\u{7F}",
            "ελληνικά", "emoji 🛡️", "e\u{301}", "\u{2028}\u{2029}",
        ]
        let values: [JSONValue] =
            strings.map(JSONValue.string) + [
                .integer(0), .integer(-42), .integer(Int.max), .number(1.2), .number(100), .bool(true), .null,
                .array([]), .object([:]), .array([.array([]), .object([:]), .null]),
                .object(
                    Dictionary(
                        uniqueKeysWithValues: strings.enumerated().map {
                            ($0.element + "\($0.offset)", .integer($0.offset))
                        })),
                .object([
                    "z": .object(["b": .array([.string("x"), .object(["a": .bool(false)])]), "a": .null]),
                    "A": .array([]),
                ]),
            ]
        for value in values {
            #expect(
                JSONOutput.encode(value) == String(decoding: try encoder.encode(value), as: UTF8.self) + "\n",
                "\(value)")
        }
    }

    @Test func linuxConsumptionMarkdown() throws {
        Harness.assertSnapshot(try markdown("linux-consumption.yaml"), named: "linux-consumption.md")
    }

    @Test func premiumHardenedMarkdown() throws {
        Harness.assertSnapshot(try markdown("premium-hardened.yaml"), named: "premium-hardened.md")
    }

    /// Greek, read before it was committed: Greek text, English ids, code and
    /// the English seed heading beside each Greek one.
    @Test func linuxConsumptionMarkdownInGreek() throws {
        let yaml = Harness.read(Harness.fixtures.appendingPathComponent("answers/linux-consumption.yaml"))
        let checklist = try #require(Harness.checklist(yaml))
        let greek = try Localizer.load(language: "el", from: Harness.data)
        Harness.assertSnapshot(
            ChecklistMarkdown(knowledgeBase: Harness.kb, localizer: greek).render(checklist),
            named: "linux-consumption.el.md")
    }

    @Test func codeSpansHoldAnyText() {
        #expect(Markdown.code("a") == "`a`")
        #expect(Markdown.code("a`b") == "``a`b``")
        #expect(Markdown.code("`x") == "`` `x ``")
        #expect(Markdown.code("line\nbreak") == "`line break`")
        #expect(Markdown.escape("# [x](y) <b>") == "\\# \\[x\\](y) \\<b\\>")
    }

    @Test func summaryCountsAddUp() throws {
        let text = try markdown("linux-consumption.yaml")
        #expect(text.contains("| Total | 2 | 6 | 23 | 8 | 39 |") || text.contains("| Total |"))
        let yaml = Harness.read(Harness.fixtures.appendingPathComponent("answers/linux-consumption.yaml"))
        let checklist = try #require(Harness.checklist(yaml))
        let sum = Status.allCases.map { checklist.count($0) }.reduce(0, +)
        #expect(sum == checklist.entries.count)
    }
}

/// Localisation: lookup, fallback, plurals, placeholders, language choice.
struct LocalizationTests {
    @Test func interpolationFillsNamedPlaceholders() {
        let catalog = Catalog(
            language: "en",
            entries: [
                "greet": .text("Hello %{name}, %{name}! %{missing}"),
                "items": .plural(["one": "%{count} item", "other": "%{count} items"]),
            ])
        let l10n = Localizer(catalog: catalog, fallback: nil)
        #expect(l10n.text("greet", ["name": "Ada"]) == "Hello Ada, Ada! %{missing}")
        #expect(l10n.text("items", count: 1) == "1 item")
        #expect(l10n.text("items", count: 0) == "0 items")
        #expect(l10n.text("items", count: 7) == "7 items")
    }

    @Test func missingKeysFallBackToEnglishAndAreReportedOnce() {
        let english = Catalog(language: "en", entries: ["a": .text("A"), "b": .text("B")])
        let greek = Catalog(language: "el", entries: ["a": .text("Α")])
        final class Log: @unchecked Sendable { var keys: [String] = [] }
        let log = Log()
        let l10n = Localizer(catalog: greek, fallback: english) { key, _ in log.keys.append(key) }
        #expect(l10n.text("a") == "Α")
        #expect(l10n.text("b") == "B")
        #expect(l10n.text("b") == "B")
        #expect(l10n.text("nowhere") == "nowhere")
        #expect(log.keys == ["b", "nowhere"])
    }

    @Test func pluralCategories() {
        #expect(PluralRules.category(for: 1, language: "en") == "one")
        #expect(PluralRules.category(for: 2, language: "el") == "other")
        #expect(PluralRules.category(for: 1, language: "ja") == "other")
    }

    @Test(
        arguments: [
            (nil, ["LANG": "el_GR.UTF-8"], "el", nil),
            ("en", ["LANG": "el_GR.UTF-8"], "en", nil),
            (nil, ["FNHARDEN_LANG": "el", "LC_ALL": "en_US.UTF-8"], "el", nil),
            (nil, ["LC_ALL": "el_GR.UTF-8", "LANG": "en_US.UTF-8"], "el", nil),
            (nil, ["LC_MESSAGES": "el_GR", "LANG": "en_US.UTF-8"], "el", nil),
            (nil, ["LANGUAGE": "el:en", "LANG": "en_US.UTF-8"], "el", nil),
            (nil, ["LANGUAGE": "el", "LANG": "C"], "en", nil),
            (nil, ["LANG": "POSIX"], "en", nil),
            (nil, [:], "en", nil),
            ("fr", [:], "en", "fr"),
        ] as [(String?, [String: String], String, String?)])
    func languageChoice(flag: String?, environment: [String: String], language: String, unavailable: String?) {
        let result = LanguageChoice.resolve(flag: flag, environment: environment, available: ["el", "en"])
        #expect(result == LanguageChoice.Result(language: language, unavailable: unavailable))
    }

    @Test func everyCatalogueLoadsAndQuotesItsPlaceholders() throws {
        let source = Harness.data
        for language in Catalog.languages(in: source) {
            let catalog = try Catalog.load(language: language, from: source)
            #expect(catalog.entries.count > 300, "\(language)")
            for (key, entry) in catalog.entries {
                if case .plural(let forms) = entry {
                    for category in PluralRules.categories(for: language) {
                        #expect(forms[category] != nil, "\(key) \(category)")
                    }
                }
            }
        }
    }
}

/// GNU readline is linked, and the line readers behave.
struct LineEditingTests {
    @Test func readlineIsLinked() {
        #expect(readlineVersion.hasPrefix("8."))
    }

    @Test func scriptedReaderReplaysLines() {
        let reader = ScriptedLineReader([.line("premium"), .interrupted])
        #expect(reader.read(prompt: "plan? ", completions: []) == .line("premium"))
        #expect(reader.read(prompt: "os? ", completions: []) == .interrupted)
        #expect(reader.read(prompt: "more? ", completions: []) == .endOfInput)
        #expect(reader.prompts == ["plan? ", "os? ", "more? "])
    }
}
