import FNHardenCore
import FNHardenL10n

/// The comment lines at the top of every snippet file, from the locale.
struct SnippetHeader {
    let plan: SnippetPlan
    let l10n: Localizer

    func lines(declarative: Bool) -> [String] {
        var lines = [
            l10n.text(
                "snippets.header.generated",
                [
                    "version": Version.fnharden, "app": plan.appName, "plan": plan.plan, "os": plan.os,
                ]),
            l10n.text("snippets.header.legend"),
        ]
        if declarative { lines.append(l10n.text("snippets.header.declarative")) }
        if !plan.accepted.isEmpty {
            lines.append(l10n.text("snippets.header.accepted", ["items": plan.accepted.joined(separator: ", ")]))
        }
        if !plan.unconfirmed.isEmpty {
            lines.append(l10n.text("snippets.header.unconfirmed", ["items": plan.unconfirmed.joined(separator: ", ")]))
        }
        return lines.map(commentSafe)
    }

    /// A description of an input for a parameter or variable.
    func description(of input: String) -> String { Self.description(of: input, l10n) }

    static func description(of input: String, _ l10n: Localizer) -> String {
        commentSafe(l10n.text("snippets.inputs.\(input)"))
    }
}

/// Text that can't end a comment or a line: control characters become spaces.
func commentSafe(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: \.breaksLiteral) else { return text }
    var safe = String.UnicodeScalarView()
    for scalar in text.unicodeScalars { safe.append(scalar.breaksLiteral ? " " : scalar) }
    return String(safe)
}
