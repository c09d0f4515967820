import Foundation

/// Two apps whose answers differ only in the answers that identify them
/// (name, resource group, location, review) get the same checklist: no
/// condition of the knowledge base reads those (a test holds it so). An
/// audit of a thousand similar apps works each shape out once.
public enum AnswerShape {
    public static let identityKeys: Set<String> = [
        "app.name", "app.location", "app.resource-group", "review.reviewer", "review.date",
    ]

    /// Everything in `explicit` but the identity, as one comparable text.
    public static func key(of explicit: AnswerSet) -> String {
        var parts = explicit.values.keys.filter { !identityKeys.contains($0) }.sorted().map { key in
            key + "=" + (explicit.values[key]?.canonical ?? "")
        }
        for risk in explicit.acceptedRisks { parts.append("risk=" + [risk.item, risk.owner, risk.reason, risk.expires].joined(separator: "|")) }
        return parts.joined(separator: "\u{1}")
    }
}

extension ResolvedAnswers {
    /// The same answers for another app: `explicit` (same shape) replaces
    /// the explicit set, and its identity answers replace these.
    public func forApp(_ explicit: AnswerSet) -> ResolvedAnswers {
        var values = self.values
        for key in AnswerShape.identityKeys {
            if let value = explicit.values[key] {
                values[key] = value
            } else if self.explicit.values[key] != nil {
                // This app leaves it to the default, which no other answer decides.
                values[key] = .unknown
            }
        }
        return ResolvedAnswers(values: values, explicit: explicit, asked: asked, matrix: matrix)
    }
}

extension Checklist {
    /// The same checklist for another app of the same shape.
    public func forApp(_ answers: ResolvedAnswers) -> Checklist {
        var copy = Checklist(knowledgeBaseVersion: knowledgeBaseVersion, answers: answers, entries: entries, notices: notices)
        copy.asOf = asOf
        copy.answersSHA256 = answersSHA256
        copy.audit = audit
        copy.shapeKey = shapeKey
        return copy
    }
}

/// Results of a run kept by answer shape, shared by the threads of an audit.
public final class ShapeMemo<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String: Value] = [:]

    public init() {}

    /// The value for `key`, made by `make` the first time.
    public func value(_ key: String, _ make: () -> Value) -> Value {
        lock.lock()
        if let found = values[key] {
            lock.unlock()
            return found
        }
        lock.unlock()
        let made = make()
        lock.lock()
        values[key] = values[key] ?? made
        lock.unlock()
        return made
    }
}
