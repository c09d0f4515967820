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
            switch answers.value(of: HostingKey.runtime) {
            case .unknown: outcomes.append(Outcome(.unknown, reasons: [HostingKey.runtime]))
            case .integer(let runtime) where !versions.contains(runtime):
                return Outcome(.no, reasons: [HostingKey.runtime])
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
        guard case .text(let plan) = answers.value(of: HostingKey.plan) else {
            return Outcome(.unknown, reasons: [HostingKey.plan])
        }
        // When every OS of the plan agrees, the OS decided nothing.
        let reasons = planDecidesAlone(capability, plan) ? [HostingKey.plan] : [HostingKey.plan, HostingKey.os]
        guard let cell = cell(capability) else { return Outcome(.unknown, reasons: reasons) }
        return Outcome(truth(cell.support), reasons: reasons)
    }

    private func planDecidesAlone(_ capability: Capability, _ plan: String) -> Bool {
        let cells = matrix.systems(of: plan).compactMap { capability.cell(plan: plan, os: $0) }
        guard let first = cells.first else { return false }
        return cells.allSatisfy { $0.support == first.support }
    }

    /// The matrix cell that applies: the app's plan and OS, or, while the OS
    /// is unknown, the plan's cell when all its OSes agree.
    public func cell(_ capability: Capability) -> CapabilityCell? {
        guard case .text(let plan) = answers.value(of: HostingKey.plan) else { return nil }
        if case .text(let os) = answers.value(of: HostingKey.os), let cell = capability.cell(plan: plan, os: os) {
            return cell
        }
        guard planDecidesAlone(capability, plan) else { return nil }
        return matrix.systems(of: plan).lazy.compactMap { capability.cell(plan: plan, os: $0) }.first
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
            case .integer(let runtime) = answers.value(of: HostingKey.runtime), !versions.contains(runtime)
        {
            result.append("\(HostingKey.runtime)=\(newest)")
        }
        guard case .text(let plan) = answers.value(of: HostingKey.plan), let cell = cell(capability) else {
            return result
        }
        guard cell.support == .no else { return result }
        // With the OS unknown, the plan decided alone: any OS of another plan will do.
        let os = answers.value(of: HostingKey.os).canonical
        for other in matrix.plans where other != plan {
            let systems = matrix.systems(of: other)
            let candidates = systems.contains(os) ? [os] : systems
            if candidates.contains(where: { capability.cell(plan: other, os: $0)?.support == .yes }) {
                result.append(other)
            }
        }
        for other in matrix.systems(of: plan)
        where other != os && capability.cell(plan: plan, os: other)?.support == .yes {
            result.append("\(HostingKey.os)=\(other)")
        }
        return result
    }
}
