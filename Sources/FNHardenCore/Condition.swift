/// A condition of the knowledge base (checklists/README.md, "Conditions"):
/// when a question is asked, when a rule fires, when an item applies or is
/// satisfied. Pure data; `evaluate` is the one evaluator.
public indirect enum Condition: Sendable, Equatable, Codable {
    case all([Condition])
    case any([Condition])
    case not(Condition)
    /// The plan, OS and runtime can do this capability.
    case capability(String)
    /// The answers file sets this key itself (not a default).
    case answered(String)
    /// A test of one answer.
    case answer(String, Test)

    public enum Test: Sendable, Equatable, Codable {
        case equals(String)
        case notEquals(String)
        case isIn([String])
        case notIn([String])
        case greaterThan(Int)
        case contains(String)
        case isEmpty(Bool)
    }

    /// Every answer key the condition reads (capabilities read the plan, OS
    /// and runtime; the knowledge-base loader checks keys exist).
    public var answerKeys: [String] {
        switch self {
        case .all(let parts), .any(let parts): return parts.flatMap(\.answerKeys)
        case .not(let inner): return inner.answerKeys
        case .capability: return []
        case .answered(let key), .answer(let key, _): return [key]
        }
    }

    public var capabilityIDs: [String] {
        switch self {
        case .all(let parts), .any(let parts): return parts.flatMap(\.capabilityIDs)
        case .not(let inner): return inner.capabilityIDs
        case .capability(let id): return [id]
        case .answered, .answer: return []
        }
    }
}

/// What a condition is evaluated against.
public protocol ConditionContext {
    /// The answer in force for a key (explicit or default).
    func value(of key: String) -> AnswerValue
    /// True when the answers file itself set the key.
    func isAnswered(_ key: String) -> Bool
    /// Whether the plan, OS and runtime support a capability, and why.
    func capability(_ id: String) -> Outcome
}

extension Condition {
    public func evaluate(in context: some ConditionContext) -> Outcome {
        switch self {
        case .all(let parts):
            let outcomes = parts.map { $0.evaluate(in: context) }
            return combine(outcomes, decisive: .no, otherwise: .yes)
        case .any(let parts):
            let outcomes = parts.map { $0.evaluate(in: context) }
            return combine(outcomes, decisive: .yes, otherwise: .no)
        case .not(let inner):
            let outcome = inner.evaluate(in: context)
            return Outcome(outcome.truth.negated, reasons: outcome.reasons)
        case .capability(let id):
            return context.capability(id)
        case .answered(let key):
            return Outcome(context.isAnswered(key) ? .yes : .no, reasons: [key])
        case .answer(let key, let test):
            let value = context.value(of: key)
            // An unknown answer leaves a test unknown, unless the test itself
            // names `unknown` ({deployment.method: {in: [zip-deploy, unknown]}}).
            guard !value.isUnknown || test.namesUnknown else { return Outcome(.unknown, reasons: [key]) }
            return Outcome(test.holds(for: value) ? .yes : .no, reasons: [key])
        }
    }

    /// Kleene `all` (decisive .no) or `any` (decisive .yes): the decisive
    /// parts explain the result when one exists, else the unknown parts, else all.
    private func combine(_ outcomes: [Outcome], decisive: Truth, otherwise: Truth) -> Outcome {
        func reasons(of selected: [Outcome]) -> [String] {
            var keys: [String] = []
            for outcome in selected { keys.appendUnique(outcome.reasons) }
            return keys
        }
        let decisiveParts = outcomes.filter { $0.truth == decisive }
        if !decisiveParts.isEmpty { return Outcome(decisive, reasons: reasons(of: decisiveParts)) }
        let unknownParts = outcomes.filter { $0.truth == .unknown }
        if !unknownParts.isEmpty { return Outcome(.unknown, reasons: reasons(of: unknownParts)) }
        return Outcome(otherwise, reasons: reasons(of: outcomes))
    }
}

extension Condition.Test {
    /// The test compares with the value `unknown` itself.
    var namesUnknown: Bool {
        switch self {
        case .equals(let value), .notEquals(let value): return value == AnswerValue.unknown.canonical
        case .isIn(let values), .notIn(let values): return values.contains(AnswerValue.unknown.canonical)
        default: return false
        }
    }

    func holds(for value: AnswerValue) -> Bool {
        switch self {
        case .equals(let expected): return value.canonical == expected
        case .notEquals(let expected): return value.canonical != expected
        case .isIn(let options): return options.contains(value.canonical)
        case .notIn(let options): return !options.contains(value.canonical)
        case .greaterThan(let bound):
            if case .integer(let number) = value { return number > bound }
            return false
        case .contains(let element):
            if case .list(let items) = value { return items.contains(element) }
            return false
        case .isEmpty(let expected):
            if case .list(let items) = value { return items.isEmpty == expected }
            return false
        }
    }
}
