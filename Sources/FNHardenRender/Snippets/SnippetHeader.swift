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
    func description(of input: String) -> String { commentSafe(l10n.text("snippets.inputs.\(input)")) }
}

/// Text that can't end a comment or a line: control characters become spaces.
func commentSafe(_ text: String) -> String {
    // Control characters (Unicode's Cc, which is exactly U+0000-U+001F and
    // U+007F-U+009F) and the line and paragraph separators U+2028 and
    // U+2029. Tested by number: a property lookup for every character of
    // every comment takes `generate` over 1,000 answers files close to its
    // 3 s budget (Tests/README.md).
    func breaksComment(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029
    }
    guard text.unicodeScalars.contains(where: breaksComment) else { return text }
    var safe = String.UnicodeScalarView()
    for scalar in text.unicodeScalars { safe.append(breaksComment(scalar) ? " " : scalar) }
    return String(safe)
}
