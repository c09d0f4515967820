/// The answers an answers file states explicitly, with where each one is.
public struct AnswerSet: Sendable, Equatable {
    public var values: [String: AnswerValue] = [:]
    /// Where each explicit answer's value is in the file (for messages and SARIF).
    public var positions: [String: Position] = [:]
    /// Open items whose risk someone accepted, until a date.
    public var acceptedRisks: [AcceptedRisk] = []

    public init(values: [String: AnswerValue] = [:], positions: [String: Position] = [:],
                acceptedRisks: [AcceptedRisk] = []) {
        self.values = values
        self.positions = positions
        self.acceptedRisks = acceptedRisks
    }
}

/// An accepted risk: an open item, who accepted it, why, and until when
/// (YYYY-MM-DD, inclusive). Past that date the item is open again.
public struct AcceptedRisk: Sendable, Equatable {
    public let item: String
    public let owner: String
    public let reason: String
    public let expires: String
    public let position: Position?

    public init(item: String, owner: String, reason: String, expires: String, position: Position? = nil) {
        self.item = item
        self.owner = owner
        self.reason = reason
        self.expires = expires
        self.position = position
    }

    /// Still in force on `date` (both YYYY-MM-DD, so text order is date order).
    public func isInForce(on date: String) -> Bool { expires >= date }
}

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

    public var plan: AnswerValue { value(of: "hosting.plan") }
    public var os: AnswerValue { value(of: "hosting.os") }
    public var runtime: AnswerValue { value(of: "hosting.runtime-version") }

    /// `key=value`, the form `because` uses.
    public func statement(_ key: String) -> String { key + "=" + value(of: key).canonical }
}

/// Decides, from the capability matrix, whether the app's plan, OS and
/// runtime can do something, and which answers decided it.
public struct CapabilityLookup {
    let matrix: CapabilityMatrix
    let answers: any ConditionContext

    public init(matrix: CapabilityMatrix, answers: any ConditionContext) {
        self.matrix = matrix
        self.answers = answers
    }

    public func outcome(_ id: String) -> Outcome {
        guard let capability = matrix.capabilities[id] else { return Outcome(.unknown) }
        var outcomes: [Outcome] = []
        if let versions = capability.runtimeVersions {
            switch answers.value(of: "hosting.runtime-version") {
            case .unknown: outcomes.append(Outcome(.unknown, reasons: ["hosting.runtime-version"]))
            case .integer(let runtime) where !versions.contains(runtime):
                return Outcome(.no, reasons: ["hosting.runtime-version"])
            default: break
            }
        }
        outcomes.append(planOutcome(capability))
        if let decided = outcomes.first(where: { $0.truth == .no }) { return decided }
        if let open = outcomes.first(where: { $0.truth == .unknown }) {
            var reasons: [String] = []
            for outcome in outcomes where outcome.truth == .unknown { reasons.appendUnique(outcome.reasons) }
            return Outcome(open.truth, reasons: reasons)
        }
        return Outcome(.yes, reasons: outcomes.last?.reasons ?? [])
    }

    private func planOutcome(_ capability: Capability) -> Outcome {
        guard case .text(let plan) = answers.value(of: "hosting.plan") else {
            return Outcome(.unknown, reasons: ["hosting.plan"])
        }
        let systems = matrix.systems(of: plan)
        let cells = systems.compactMap { capability.cell(plan: plan, os: $0) }
        // When every OS of the plan agrees, the OS did not decide anything.
        if let first = cells.first, cells.allSatisfy({ $0.support == first.support }) {
            return Outcome(truth(first.support), reasons: ["hosting.plan"])
        }
        guard case .text(let os) = answers.value(of: "hosting.os"),
              let cell = capability.cell(plan: plan, os: os)
        else {
            return Outcome(.unknown, reasons: ["hosting.plan", "hosting.os"])
        }
        return Outcome(truth(cell.support), reasons: ["hosting.plan", "hosting.os"])
    }

    /// The matrix cell that applies: the app's plan and OS, or, while the OS
    /// is unknown, the plan's cell when all its OSes agree.
    public func cell(_ capability: Capability) -> CapabilityCell? {
        guard case .text(let plan) = answers.value(of: "hosting.plan") else { return nil }
        if case .text(let os) = answers.value(of: "hosting.os"), let cell = capability.cell(plan: plan, os: os) {
            return cell
        }
        let cells = matrix.systems(of: plan).compactMap { capability.cell(plan: plan, os: $0) }
        guard let first = cells.first, cells.allSatisfy({ $0.support == first.support }) else { return nil }
        return first
    }

    private func truth(_ support: Support) -> Truth {
        switch support {
        case .yes: return .yes
        case .no: return .no
        case .unconfirmed: return .unknown
        }
    }

    /// The changes that would make an unavailable capability available:
    /// other plans that can do it (keeping the OS where the plan offers it),
    /// the other OS of the same plan, a supported runtime version.
    public func alternatives(_ id: String) -> [String] {
        guard let capability = matrix.capabilities[id] else { return [] }
        var result: [String] = []
        if let versions = capability.runtimeVersions, let newest = versions.max(),
           case .integer(let runtime) = answers.value(of: "hosting.runtime-version"), !versions.contains(runtime) {
            result.append("hosting.runtime-version=\(newest)")
        }
        guard case .text(let plan) = answers.value(of: "hosting.plan"), let cell = cell(capability) else { return result }
        guard cell.support == .no else { return result }
        // With the OS unknown, the plan decided alone: any OS of another plan will do.
        let os = answers.value(of: "hosting.os").canonical
        for other in matrix.plans where other != plan {
            let systems = matrix.systems(of: other)
            let candidates = systems.contains(os) ? [os] : systems
            if candidates.contains(where: { capability.cell(plan: other, os: $0)?.support == .yes }) {
                result.append(other)
            }
        }
        for other in matrix.systems(of: plan) where other != os && capability.cell(plan: plan, os: other)?.support == .yes {
            result.append("hosting.os=\(other)")
        }
        return result
    }
}
