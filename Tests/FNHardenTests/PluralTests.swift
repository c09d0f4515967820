import FNHardenData
import FNHardenL10n
import Foundation
import Testing

/// A count is always said with the form its language uses for it: "1 app",
/// "2 apps"; «1 εφαρμογή», «2 εφαρμογές».
@Suite struct PluralTests {
    static let languages = ["en", "el"]

    /// Keys whose singular and plural read the same in a language, with why.
    static let sameInBothForms: [String: Set<String>] = [
        // English headings of `diff` are adjectives with a count, which
        // don't change with it ("Accepted (1)", "Accepted (2)"); Greek
        // ones agree with their noun in number, so Greek has no exceptions.
        "en": [
            "diff.accepted", "diff.added", "diff.expired", "diff.newly-done", "diff.newly-open", "diff.other",
            "diff.removed", "diff.severity",
        ]
    ]

    @Test(arguments: languages)
    func aTextWithACountIsPluralised(language: String) throws {
        let catalog = try Catalog.load(language: language, from: Harness.data)
        for (key, entry) in catalog.entries {
            guard case .text(let text) = entry else { continue }
            #expect(!text.contains("%{count}"), "\(language): \(key) says a count but has no plural forms")
        }
    }

    @Test(arguments: languages)
    func everyPluralIsRenderedWithItsLanguagesForm(language: String) throws {
        let catalog = try Catalog.load(language: language, from: Harness.data)
        let localizer = Localizer(catalog: catalog, fallback: nil)
        var plurals = 0
        for (key, entry) in catalog.entries.sorted(by: { $0.key < $1.key }) {
            guard case .plural(let forms) = entry else { continue }
            plurals += 1
            for count in [0, 1, 2, 5] {
                let category = PluralRules.category(for: count, language: language)
                let form = try #require(forms[category], "\(language): \(key) lacks its \(category) form")
                let rendered = localizer.text(key, [:], count: count)
                // The form's own words, with the count where it says %{count}.
                let fixed =
                    form.replacingOccurrences(of: "%{count}", with: String(count))
                    .split(separator: "%{").first.map(String.init) ?? ""
                #expect(rendered.hasPrefix(fixed), "\(language): \(key) with \(count) is not its \(category) form")
            }
            if Self.sameInBothForms[language]?.contains(key) != true {
                #expect(forms["one"] != forms["other"], "\(language): \(key) says one and many alike")
            }
        }
        #expect(plurals > 10)
    }
}
