import FNHardenCore

/// A condition written out in the notation of checklists/README.md, for
/// `questions` and `explain` (it is notation, like code, not a sentence).
public enum ConditionText {
    public static func render(_ condition: Condition) -> String {
        switch condition {
        case .all(let parts): return parts.map { wrap($0) }.joined(separator: " and ")
        case .any(let parts): return parts.map { wrap($0) }.joined(separator: " or ")
        case .not(let inner): return "not " + wrap(inner)
        case .capability(let id): return "capability(\(id))"
        case .answered(let key): return "answered(\(key))"
        case .answer(let key, let test):
            switch test {
            case .equals(let value): return "\(key) = \(value)"
            case .notEquals(let value): return "\(key) != \(value)"
            case .isIn(let values): return "\(key) in [\(values.joined(separator: ", "))]"
            case .notIn(let values): return "\(key) not in [\(values.joined(separator: ", "))]"
            case .greaterThan(let bound): return "\(key) > \(bound)"
            case .contains(let value): return "\(key) contains \(value)"
            case .isEmpty(let flag): return flag ? "\(key) is empty" : "\(key) is not empty"
            }
        }
    }

    private static func wrap(_ condition: Condition) -> String {
        switch condition {
        case .all, .any: return "(" + render(condition) + ")"
        default: return render(condition)
        }
    }
}
