import FNHardenCore
import FNHardenL10n

/// How a reader sees an item's crosswalk: each control id, a Checkov id with
/// the frameworks whose check covers a function app ("(ARM, Bicep)"), and
/// the item's notes that apply.
public enum ControlText {
    /// One id as text; `code` formats the id itself (Markdown code, or plain).
    public static func label(
        _ id: String, of item: Item, _ l10n: Localizer, code: (String) -> String = { $0 }
    ) -> String {
        guard let frameworks = item.frameworks[id] else { return code(id) }
        let names = frameworks.map { l10n.text("frameworks.\($0)") }
        return l10n.text(
            "controls.frameworks",
            [
                "id": code(id), "frameworks": names.joined(separator: l10n.text("controls.framework-separator")),
            ])
    }

    /// The texts of the notes that hold for these answers.
    public static func notes(
        of item: Item, for answers: some ConditionContext, _ l10n: Localizer
    ) -> [(key: String, text: String)] {
        item.notes(for: answers).map { ($0, l10n.text("items.\(item.id).notes.\($0)")) }
    }
}
