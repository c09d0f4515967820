import Foundation

/// Two apps whose answers differ only in the answers that identify them
/// (name, resource group, location, review) get the same checklist: no
/// condition of the knowledge base reads those (a test holds it so). An
/// audit of a thousand similar apps works each shape out once.
public enum AnswerShape {
    public static let identityKeys: Set<String> = [
        "app.name", "app.location", "app.resource-group", "review.reviewer", "review.date",
    ]

    /// Everything in `explicit` but the identity, as one comparable text:
    /// each answer as its name, a NUL and its value, in the byte order of
    /// the names, then the accepted risks in their order. Texts are written
    /// with their length first, so no value can pass for another answer or
    /// a list for another list (`["a, b"]` and `["a", "b"]` differ).
    ///
    /// Made once or twice per app of an audit or a batch: it is written as
    /// bytes and its parts sorted as ranges of them (String's `<`, which
    /// compares by Unicode rules, and its appends were most of the time).
    public static func key(of explicit: AnswerSet) -> String {
        var parts: [UInt8] = []
        parts.reserveCapacity(explicit.values.count * 48)
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(explicit.values.count)
        for (name, value) in explicit.values where !isIdentity(name) {
            let start = parts.count
            parts.append(contentsOf: name.utf8)
            parts.append(0)
            append(value, to: &parts)
            ranges.append(start..<parts.count)
        }
        // Names are unique and end at the NUL: the first difference is in the names.
        parts.withUnsafeBufferPointer { bytes in
            ranges.sort { one, other in
                bytes[one].lexicographicallyPrecedes(bytes[other])
            }
        }
        var key: [UInt8] = []
        key.reserveCapacity(parts.count + 64 * explicit.acceptedRisks.count)
        for range in ranges { key.append(contentsOf: parts[range]) }
        for risk in explicit.acceptedRisks {
            key.append(1)
            for field in [risk.item, risk.owner, risk.reason, risk.expires] { appendText(field, to: &key) }
        }
        return String(decoding: key, as: UTF8.self)
    }

    /// The identity keys start `app.` or `review.`: most names are told by their first byte.
    private static func isIdentity(_ name: String) -> Bool {
        let first = name.utf8.first
        return (first == UInt8(ascii: "a") || first == UInt8(ascii: "r")) && identityKeys.contains(name)
    }

    private static func append(_ value: AnswerValue, to bytes: inout [UInt8]) {
        switch value {
        case .unknown: bytes.append(UInt8(ascii: "?"))
        case .bool(let flag): bytes.append(flag ? UInt8(ascii: "t") : UInt8(ascii: "f"))
        case .integer(let number):
            bytes.append(UInt8(ascii: "i"))
            bytes.append(contentsOf: String(number).utf8)
            bytes.append(UInt8(ascii: ";"))
        case .text(let text):
            bytes.append(UInt8(ascii: "s"))
            appendText(text, to: &bytes)
        case .list(let values):
            bytes.append(UInt8(ascii: "l"))
            bytes.append(contentsOf: String(values.count).utf8)
            bytes.append(UInt8(ascii: ";"))
            for value in values { appendText(value, to: &bytes) }
        }
    }

    /// `LENGTH:TEXT`, the length in UTF-8 bytes.
    private static func appendText(_ text: String, to bytes: inout [UInt8]) {
        bytes.append(contentsOf: String(text.utf8.count).utf8)
        bytes.append(UInt8(ascii: ":"))
        bytes.append(contentsOf: text.utf8)
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
///
/// Inlinable, so each use is compiled for its own kind of value: from
/// another module, the table's lookups went through generic code that
/// hashed and compared keys by protocol, dozens of times per app.
public final class ShapeMemo<Value: Sendable>: @unchecked Sendable {
    @usableFromInline let lock = NSLock()
    @usableFromInline var values: [String: Value] = [:]

    public init() {}

    /// The value for `key`, made by `make` the first time.
    @inlinable
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
