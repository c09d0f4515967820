import FNHardenAudit
import FNHardenCore
import FNHardenL10n
import FNHardenRender

/// The comments of an audited answers file: for each answer, where it came
/// from (file, line, JSON path), or why it is unknown, and the drift.
struct AuditAnnotations {
    let l10n: Localizer
    let statedFile: String?

    /// The phrases said of almost every answer, split around their place
    /// once (formatting each from the catalogue was a tenth of an audit's
    /// answers file), and the one said of every answer configuration can't
    /// give, looked up once.
    private let observed: Phrase
    private let notSet: Phrase
    private let notInSources: String

    init(localizer: Localizer, statedFile: String?) {
        self.l10n = localizer
        self.statedFile = statedFile
        observed = Phrase(localizer, "audit.evidence.observed")
        notSet = Phrase(localizer, "audit.evidence.not-set")
        notInSources = localizer.text("audit.evidence.not-in-sources")
    }

    /// A catalogue text with one `%{place}`, as the text before and after it.
    private struct Phrase {
        let key: String
        let parts: (before: String, after: String)?

        init(_ l10n: Localizer, _ key: String) {
            self.key = key
            let marker = "\u{0}"
            let pieces = l10n.text(key, ["place": marker]).components(separatedBy: marker)
            parts = pieces.count == 2 ? (pieces[0], pieces[1]) : nil
        }

        func text(_ place: ConfigLocation, _ l10n: Localizer) -> String {
            guard let parts else { return l10n.text(key, ["place": place.display]) }
            // One string, grown once.
            var text = parts.before
            text.reserveCapacity(parts.before.utf8.count + place.file.utf8.count + place.path.utf8.count
                + parts.after.utf8.count + 8)
            place.appendDisplay(to: &text)
            text += parts.after
            return text
        }
    }

    func answersFile(_ audited: AuditedApp, sources: [String], knowledgeBase kb: KnowledgeBase) -> String {
        let header = l10n.text("audit.answers-header", [
            "version": Version.fnharden, "kb": kb.version, "sources": sources.joined(separator: ", "),
        ])
        return AnswersYAML(knowledgeBase: kb, localizer: l10n).render(audited.answers, notes: notes(audited), header: header)
    }

    func notes(_ audited: AuditedApp) -> [String: String] {
        var notes: [String: String] = [:]
        notes.reserveCapacity(audited.inferences.count)
        for inference in audited.inferences {
            var text: String
            if audited.fromStated.contains(inference.key), let statedFile {
                let line = audited.answers.explicit.positions[inference.key].map { ":\($0.line)" } ?? ""
                text = l10n.text("audit.evidence.stated", ["place": statedFile + line])
            } else {
                text = evidence(inference.evidence)
                if let note = inference.note { text += " (" + l10n.text("audit.notes.\(note)") + ")" }
            }
            if let drift = audited.drift.first(where: { $0.key == inference.key }), let statedFile {
                let line = drift.statedPosition.map { ":\($0.line)" } ?? ""
                text += "; " + l10n.text("audit.evidence.drift", ["place": statedFile + line, "value": drift.stated.canonical])
            }
            notes[inference.key] = text
        }
        return notes
    }

    func evidence(_ evidence: Evidence) -> String {
        switch evidence {
        case .observed(let location):
            return observed.text(location, l10n)
        case .notSet(let location):
            return notSet.text(location, l10n)
        case .unresolved(let location, let expression):
            return l10n.text("audit.evidence.unresolved", ["place": location.display, "expression": Self.short(expression)])
        case .notInSources:
            return notInSources
        }
    }

    /// Long expressions are cut, so a comment stays readable.
    static func short(_ text: String) -> String {
        text.count > 80 ? String(text.prefix(77)) + "..." : text
    }
}
