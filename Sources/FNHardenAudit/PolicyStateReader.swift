import FNHardenCore

/// One policy state of a resource, as Azure Policy reports it: which
/// definition (under which assignment) judged which resource, and whether
/// it complies.
public struct PolicyState: Sendable, Equatable {
    public let resourceID: String
    /// The definition's name (a GUID for a built-in), lowercased.
    public let definition: String
    /// Its reference in a policy set, if it was assigned through one.
    public let referenceID: String?
    public let setDefinition: String?
    public let assignment: String
    /// `NonCompliant`, `Compliant`, `Exempt`, `Unknown`...
    public let compliance: String
    public let timestamp: String?
    public let location: ConfigLocation

    public var isNonCompliant: Bool { compliance.equalsIgnoringCase("NonCompliant") }

    /// The site's name, for a state of a function app (not of a slot or of
    /// another resource): the last segment of `.../providers/Microsoft.Web/sites/NAME`.
    public var siteName: String? {
        let parts = resourceID.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard parts.count >= 2, parts[parts.count - 2].equalsIgnoringCase("sites"),
            parts.count >= 3, parts[parts.count - 3].equalsIgnoringCase("Microsoft.Web")
        else { return nil }
        return parts[parts.count - 1]
    }
}

/// Reads the output of `az policy state list` (a bare array of states) and
/// the REST shape of policy states (`{"@odata.context": ..., "value": [...]}`).
public enum PolicyStateReader {
    /// A list of policy states: the REST wrapper (even an empty one), an
    /// array whose elements all carry a definition, a resource and a state,
    /// or an empty array, which is what `az policy state list` prints before
    /// the first evaluation (no other source is an empty array).
    public static func recognises(_ root: JSONNode) -> Bool {
        if case .array(let elements) = root.value, elements.isEmpty { return true }
        if let context = root["@odata.context"]?.string, context.lowercased().contains("policystates"),
            root["value"] != nil
        {
            return true
        }
        let elements = root["value"]?.elements ?? root.elements
        return !elements.isEmpty && elements.allSatisfy(isState)
    }

    private static func isState(_ node: JSONNode) -> Bool {
        node["resourceId"]?.string != nil
            && (node["policyDefinitionName"]?.string != nil || node["policyDefinitionId"]?.string != nil)
            && (node["complianceState"]?.string != nil || node["isCompliant"] != nil)
    }

    /// Every state in the document; elements that aren't states are skipped.
    public static func states(in root: JSONNode, file: String) -> [PolicyState] {
        let list = root["value"] ?? root
        return list.elements.enumerated().compactMap { offset, node in
            guard isState(node), let resource = node["resourceId"]?.string,
                let definition = node["policyDefinitionName"]?.string
                    ?? node["policyDefinitionId"]?.string?.split(separator: "/").last.map(String.init)
            else { return nil }
            var compliance = node["complianceState"]?.string
            if compliance == nil, case .bool(let compliant)? = node["isCompliant"]?.value {
                compliance = compliant ? "Compliant" : "NonCompliant"
            }
            let path = (root["value"] == nil ? "$" : "$.value") + "[\(offset)]"
            return PolicyState(
                resourceID: resource, definition: definition.lowercased(),
                referenceID: node["policyDefinitionReferenceId"]?.string.flatMap { $0.isEmpty ? nil : $0 },
                setDefinition: node["policySetDefinitionName"]?.string.flatMap { $0.isEmpty ? nil : $0 },
                assignment: node["policyAssignmentName"]?.string
                    ?? node["policyAssignmentId"]?.string?.split(separator: "/").last.map(String.init) ?? "",
                compliance: compliance ?? "Unknown", timestamp: node["timestamp"]?.string,
                location: ConfigLocation(file: file, path: path, position: node.position))
        }
    }
}
