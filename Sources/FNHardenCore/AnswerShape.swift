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
    /// (Built in one string, in key order: it is made once or twice per app
    /// of a batch, and the arrays of parts it was joined from were a
    /// fourteenth of an audit.)
    public static func key(of explicit: AnswerSet) -> String {
        var key = ""
        key.reserveCapacity(explicit.values.count * 40)
        for (name, value) in explicit.values.sorted(by: { $0.key < $1.key }) where !identityKeys.contains(name) {
            key += name
            key += "="
            key += value.canonical
            key += "\u{1}"
        }
        for risk in explicit.acceptedRisks {
            key += "risk=" + risk.item + "|" + risk.owner + "|" + risk.reason + "|" + risk.expires + "\u{1}"
        }
        return key
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

/// Results of a run kept by a key (an answer shape, mostly; also the ARM
/// paths the audit splits), shared by the threads of an audit or a batch.
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
