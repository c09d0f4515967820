/// Every answer in force for one app: the explicit ones and the defaults,
/// and which questions apply (are asked) given the others.
public struct ResolvedAnswers: Sendable, ConditionContext {
    public let values: [String: AnswerValue]
    public let explicit: AnswerSet
    /// Ids of the questions that apply, in catalogue order.
    public let asked: [String]
    let matrix: CapabilityMatrix

    public func value(of key: String) -> AnswerValue { values[key] ?? .unknown }
    public func isAnswered(_ key: String) -> Bool { explicit.values[key] != nil }
    public func capability(_ id: String) -> Outcome { CapabilityLookup(matrix: matrix, answers: self).outcome(id) }

    public var plan: AnswerValue { value(of: HostingKey.plan) }
    public var os: AnswerValue { value(of: HostingKey.os) }
    public var runtime: AnswerValue { value(of: HostingKey.runtime) }

    /// `key=value`, the form `because` uses.
    public func statement(_ key: String) -> String { key + "=" + value(of: key).canonical }
}

/// The answers the capability matrix reads: plan, OS and runtime.
public enum HostingKey {
    public static let plan = "hosting.plan"
    public static let os = "hosting.os"
    public static let runtime = "hosting.runtime-version"
}
