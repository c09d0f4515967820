import FNHardenL10n
import Foundation
import Testing

/// The glossary at the top of `locales/el/ui.yml`, held to: where an English
/// text uses a glossary term, the Greek text of the same key uses the term the
/// glossary gives for it, so that one concept has one name in all seven files.
struct GlossaryTests {
    /// An English term (any of its spellings, matched as whole words, in any
    /// case) and the Greek it must become: any of these stems, which leave the
    /// ending open to the case and number the sentence needs.
    struct Pair {
        let english: [String]
        let greek: [String]
    }

    /// Terms whose English is unambiguous and whose Greek is always the same.
    static let pairs: [Pair] = [
        Pair(english: ["site"], greek: ["τοποθεσ"]),
        Pair(
            english: ["virtual network integration", "VNet integration"],
            greek: ["ενοποίηση εικονικού δικτύου", "ενοποίησης εικονικού δικτύου"]),
        Pair(english: ["traffic"], greek: ["κυκλοφορ"]),
        Pair(english: ["vault"], greek: ["Key Vault"]),
        Pair(english: ["storage"], greek: ["αποθήκευσ"]),
        Pair(english: ["storage account", "storage accounts"], greek: ["λογαριασμ"]),
        Pair(english: ["managed identity", "managed identities"], greek: ["διαχειριζόμεν"]),
        Pair(
            english: ["private endpoint", "private endpoints"],
            greek: [
                "ιδιωτικό τελικό σημείο", "ιδιωτικού τελικού σημείου", "ιδιωτικά τελικά σημεία",
                "ιδιωτικών τελικών σημείων",
            ]),
        Pair(english: ["security baseline"], greek: ["γραμμή βάσης ασφάλειας"]),
        Pair(english: ["did you mean"], greek: ["μήπως εννοούσατε"]),
    ]

    /// Where grammar or sense needs another form: key, English term, why.
    static let exceptions: [(key: String, term: String, reason: String)] = [
        (
            "items.data-customer-managed-keys.rationale", "storage",
            "Azure Storage is the product's name and stays in English"
        ),
        (
            "sources.storage-customer-managed-keys", "storage",
            "Azure Storage is the product's name and stays in English"
        ),
        (
            "sources.site-daily-memory-time-quota", "site",
            "Site.DailyMemoryTimeQuota is the name of an API property, not a word"
        ),
    ]

    /// The text a person reads as words: code spans and URLs stay in English in every language.
    static func prose(_ text: String) -> String {
        text.replacing(#/`[^`]*`/#, with: "").replacing(#/https?://\S+/#, with: "")
    }

    /// Whether `text` holds `term` as whole words, in any case, spaces matching any white space.
    static func contains(_ text: String, term: String) -> Bool {
        let words = term.split(separator: " ").map { NSRegularExpression.escapedPattern(for: String($0)) }
        let pattern = "\\b" + words.joined(separator: "\\s+") + "\\b"
        guard let regex = try? Regex(pattern) else {
            Issue.record("not a pattern: \(pattern)")
            return false
        }
        return text.contains(regex.ignoresCase().wordBoundaryKind(.simple))
    }

    /// Each text of an entry, by plural category (`""` for a plain text).
    static func texts(_ entry: Catalog.Entry) -> [String: String] {
        switch entry {
        case .text(let text): ["": text]
        case .plural(let forms): forms
        }
    }

    /// Every key, English term and pair where the Greek lacks the glossary's term.
    static func misses(english: Catalog, greek: Catalog) -> [(key: String, term: String, pair: Pair)] {
        var found: [(key: String, term: String, pair: Pair)] = []
        for key in english.entries.keys.sorted() {
            guard let source = english.entries[key], let translation = greek.entries[key] else { continue }
            let translated = texts(translation)
            for (category, text) in texts(source).sorted(by: { $0.key < $1.key }) {
                let sourceProse = prose(text)
                let greekProse = prose(translated[category] ?? "").lowercased()
                for pair in pairs {
                    guard let term = pair.english.first(where: { contains(sourceProse, term: $0) }) else { continue }
                    if !pair.greek.contains(where: { greekProse.contains($0.lowercased()) }) {
                        found.append((key, term, pair))
                    }
                }
            }
        }
        return found
    }

    @Test func greekUsesTheGlossaryTermWhereEnglishUsesItsTerm() throws {
        let english = try Catalog.load(language: "en", from: Harness.data)
        let greek = try Catalog.load(language: "el", from: Harness.data)
        let misses = Self.misses(english: english, greek: greek)
        for miss in misses
        where !Self.exceptions.contains(where: { $0.key == miss.key && miss.pair.english.contains($0.term) }) {
            Issue.record(
                "el \(miss.key): the English says \"\(miss.term)\", the Greek has none of \(miss.pair.greek)")
        }
        // An exception that nothing needs any more is taken out, so that the list stays true.
        for exception in Self.exceptions
        where !misses.contains(where: { $0.key == exception.key && $0.pair.english.contains(exception.term) }) {
            Issue.record("el \(exception.key): the exception for \"\(exception.term)\" is no longer needed")
        }
    }

    @Test func theGlossaryListsEveryPair() throws {
        let url = Harness.packageRoot.appendingPathComponent("locales/el/ui.yml")
        let comment = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
            .prefix { $0.hasPrefix("#") }.joined(separator: " ")
        let glossary = comment.replacing(#/[#\s]+/#, with: " ")
        for pair in Self.pairs {
            #expect(
                pair.english.contains { glossary.localizedCaseInsensitiveContains($0) },
                "the glossary in locales/el/ui.yml names none of \(pair.english)")
            #expect(
                pair.greek.contains { glossary.contains($0) },
                "the glossary in locales/el/ui.yml names none of \(pair.greek)")
        }
    }

    @Test func theCheckFindsATermTheGreekLeftOut() {
        let english = Catalog(language: "en", entries: ["a": .text("Route the traffic through the `site`.")])
        let greek = Catalog(language: "el", entries: ["a": .text("Δρομολογήστε την κίνηση μέσω του `site`.")])
        #expect(Self.misses(english: english, greek: greek).map(\.term) == ["traffic"])
        #expect(!Self.contains("a website", term: "site"))
        #expect(Self.contains("the scm site", term: "site"))
        #expect(Self.contains("VNet\nintegration", term: "VNet integration"))
    }
}
