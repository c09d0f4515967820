import FNHardenCore
import FNHardenL10n

/// A heading of the seed as a reader sees it: in English the heading itself;
/// in another language its translation with the English heading beside it,
/// because the checklist cites the article letter for letter.
public enum SectionTitle {
    public static func text(_ heading: String, _ kb: KnowledgeBase, _ l10n: Localizer) -> String {
        guard l10n.language != "en", let anchor = kb.section(heading)?.anchor,
            l10n.has("sections.\(anchor)")
        else { return heading }
        let translated = l10n.text("sections.\(anchor)")
        return translated == heading ? heading : "\(translated) (\(heading))"
    }
}
