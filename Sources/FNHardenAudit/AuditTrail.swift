import FNHardenCore

/// A place in a configuration source: the file, the JSON path inside it
/// and the line and column. The audit reports where each inferred answer
/// and each drift comes from.
public struct ConfigLocation: Sendable, Equatable, Hashable {
    public let file: String
    public let path: String
    public let position: Position?

    public init(file: String, path: String, position: Position?) {
        self.file = file
        self.path = path
        self.position = position
    }

    /// `file:line` and the JSON path, the form the answers file's comments use.
    public var display: String {
        file + (position.map { ":\($0.line)" } ?? "") + " " + path
    }
}

/// An answer that the configuration contradicts: the answers file says one
/// thing, the configuration another.
public struct DriftFinding: Sendable, Equatable {
    public let key: String
    public let stated: AnswerValue
    public let configured: AnswerValue
    /// Where the configuration says it (the resource, when it leaves the
    /// setting at its default).
    public let location: ConfigLocation
    /// True when the configuration leaves the setting out and the platform
    /// default is what contradicts the answer.
    public let byDefault: Bool
    /// The stated answer's place in the answers file.
    public let statedPosition: Position?

    public init(
        key: String, stated: AnswerValue, configured: AnswerValue, location: ConfigLocation, byDefault: Bool,
        statedPosition: Position?
    ) {
        self.key = key
        self.stated = stated
        self.configured = configured
        self.location = location
        self.byDefault = byDefault
        self.statedPosition = statedPosition
    }
}

/// What an audit adds to a checklist: the sources read, where each answer
/// came from in them, and the drift from a stated answers file.
public struct AuditTrail: Sendable {
    public let sources: [String]
    /// Answer key -> where the configuration decides it.
    public let evidence: [String: ConfigLocation]
    public let drift: [DriftFinding]
    /// The answers file compared against, if any.
    public let statedAnswers: String?
    /// The answers taken from that file because configuration can't tell.
    public let statedKeys: [String]
    /// What the app was read from: arm, azure-cli or terraform.
    public let format: String
    /// The questions asked whose answer is still unknown, in catalogue order.
    public let unknown: [String]
    /// How many Azure Policy states the sources hold for the app (nil: no
    /// policy-state file was read), and the non-compliant definitions among them.
    public var policyStates: Int?
    public var policy: [PolicyFinding] = []

    public init(
        sources: [String], evidence: [String: ConfigLocation], drift: [DriftFinding], statedAnswers: String?,
        statedKeys: [String] = [], format: String = "", unknown: [String]
    ) {
        self.sources = sources
        self.evidence = evidence
        self.drift = drift
        self.statedAnswers = statedAnswers
        self.statedKeys = statedKeys
        self.unknown = unknown
        self.format = format
    }
}

/// A built-in definition Azure Policy reports the app non-compliant with,
/// and the checklist items that definition checks.
public struct PolicyFinding: Sendable, Equatable {
    /// The definition's name (a GUID for a built-in), lowercased.
    public let definition: String
    /// Items whose crosswalk names it; for a state of fnharden's own set,
    /// the one item its reference stands for. Empty: no item maps it.
    public let items: [String]
    public let assignment: String
    public let referenceID: String?
    public let timestamp: String?
    /// The state's place in the policy-state file.
    public let location: ConfigLocation

    public init(
        definition: String, items: [String], assignment: String, referenceID: String?, timestamp: String?,
        location: ConfigLocation
    ) {
        self.definition = definition
        self.items = items
        self.assignment = assignment
        self.referenceID = referenceID
        self.timestamp = timestamp
        self.location = location
    }

    /// The findings among `states` for the app `name`, and how many states
    /// (of any compliance) concern it.
    public static func findings(
        in states: [PolicyState], app name: String, knowledgeBase kb: KnowledgeBase
    ) -> (states: Int, findings: [PolicyFinding]) {
        let mine = states.filter { $0.siteName?.equalsIgnoringCase(name) == true }
        var seen: Set<String> = []
        var findings: [PolicyFinding] = []
        for state in mine where state.isNonCompliant {
            let key = [state.definition, state.referenceID ?? "", state.assignment].joined(separator: "|")
            guard seen.insert(key).inserted else { continue }
            var items = kb.items.filter { item in
                item.controls.contains {
                    $0.tool == "azure-policy" && $0.ids.contains { $0.lowercased() == state.definition }
                }
            }.map(\.id)
            // fnharden's own set names the item in each reference.
            // Policy Insights may report names in another case than they were written.
            if state.setDefinition?.equalsIgnoringCase("fnh-" + name) == true, let reference = state.referenceID,
                let item = items.first(where: { reference.equalsIgnoringCase($0 + "-" + state.definition.prefix(8)) })
            {
                items = [item]
            }
            findings.append(
                PolicyFinding(
                    definition: state.definition, items: items, assignment: state.assignment,
                    referenceID: state.referenceID, timestamp: state.timestamp, location: state.location))
        }
        return (mine.count, findings)
    }
}
