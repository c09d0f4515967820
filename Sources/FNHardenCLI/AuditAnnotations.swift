import FNHardenAudit
import FNHardenCore
import FNHardenL10n
import FNHardenRender

/// The comments of an audited answers file: for each answer, where it came
/// from (file, line, JSON path), or why it is unknown, and the drift.
struct AuditAnnotations {
    let l10n: Localizer
    let statedFile: String?

    func answersFile(_ audited: AuditedApp, sources: [String], knowledgeBase kb: KnowledgeBase) -> String {
        let header = l10n.text(
            "audit.answers-header",
            [
                "version": Version.fnharden, "kb": kb.version, "sources": sources.joined(separator: ", "),
            ])
        return AnswersYAML(knowledgeBase: kb, localizer: l10n).render(
            audited.answers, notes: notes(audited), header: header)
    }

    func notes(_ audited: AuditedApp) -> [String: String] {
        var notes: [String: String] = [:]
        for inference in audited.inferences {
            var text: String
            if audited.fromStated.contains(inference.key), let statedFile {
                let line = audited.answers.explicit.positions[inference.key].map { ":\($0.line)" } ?? ""
                text = l10n.text("audit.evidence.stated", ["place": statedFile + line])
            } else {
                text = evidence(inference.evidence, note: inference.note)
                if !inference.causes.isEmpty {
                    text += l10n.text(
                        "audit.evidence.causes",
                        ["causes": inference.causes.joined(separator: l10n.text("audit.evidence.causes-separator"))])
                }
                if let note = inference.note { text += " (" + l10n.text("audit.notes.\(note)") + ")" }
            }
            if let drift = audited.drift.first(where: { $0.key == inference.key }), let statedFile {
                let line = drift.statedPosition.map { ":\($0.line)" } ?? ""
                text +=
                    "; "
                    + l10n.text("audit.evidence.drift", ["place": statedFile + line, "value": drift.stated.canonical])
            }
            notes[inference.key] = text
        }
        return notes
    }

    /// Notes that say why a value written in the source is not used: such
    /// a value is no expression known only at deployment.
    static let unreadable: Set<String> = ["refused", "unrecognised", "sku-disagrees"]

    func evidence(_ evidence: Evidence, note: String? = nil) -> String {
        switch evidence {
        case .observed(let location):
            return l10n.text("audit.evidence.observed", ["place": location.display])
        case .notSet(let location):
            return l10n.text("audit.evidence.not-set", ["place": location.display])
        case .unresolved(let location, let expression):
            let key =
                note.map(Self.unreadable.contains) == true ? "audit.evidence.unreadable" : "audit.evidence.unresolved"
            return l10n.text(key, ["place": location.display, "expression": Self.short(expression)])
        case .notInSources:
            return l10n.text("audit.evidence.not-in-sources")
        }
    }

    /// Long expressions are cut, so a comment stays readable.
    static func short(_ text: String) -> String {
        text.count > 80 ? String(text.prefix(77)) + "..." : text
    }
}
