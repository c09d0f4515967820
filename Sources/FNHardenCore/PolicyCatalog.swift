/// What the Azure Policy outputs need to know (checklists/policies.yml): the
/// built-in definitions the crosswalk names, and the policy resources the
/// snippets write, as the published schemas define them.
public struct PolicyCatalog: Sendable, Codable, Equatable {
    /// Source ids: the repository and Learn's list of built-in definitions.
    public let sources: [String]
    public let definitions: [PolicyDefinition]
    public let resources: [PolicyResource]

    public func definition(_ id: String) -> PolicyDefinition? {
        definitions.first { $0.id.caseInsensitiveCompare(id) == .orderedSame }
    }

    /// A definition's display name, or its id where the record is missing
    /// (a state of a definition no item names).
    public func displayName(of id: String) -> String { definition(id)?.displayName ?? id }

    /// The resource of one type (`Microsoft.Authorization/policyAssignments`,
    /// `azurerm_resource_policy_assignment`).
    public func resource(_ type: String) -> PolicyResource? { resources.first { $0.type == type } }

    public init(sources: [String], definitions: [PolicyDefinition], resources: [PolicyResource]) {
        self.sources = sources
        self.definitions = definitions
        self.resources = resources
    }
}

/// One built-in policy definition, as its file in Azure/azure-policy says.
public struct PolicyDefinition: Sendable, Codable, Equatable {
    /// The definition's name, a GUID: `/providers/Microsoft.Authorization/policyDefinitions/ID`.
    public let id: String
    public let displayName: String
    public let version: String
    /// Its path in Azure/azure-policy.
    public let file: String
    /// The parameter the rule's effect reads, its allowed values and default.
    public let effectParameter: String
    public let allowedEffects: [String]
    public let defaultEffect: String
    /// Kinds the rule skips (`kind notContains`): a site whose kind holds
    /// one of them is never evaluated.
    public let excludedKinds: [String]

    public var resourceID: String { "/providers/Microsoft.Authorization/policyDefinitions/" + id }

    /// The effect that reports without changing anything: the default when
    /// it does that, else the first allowed one that does; nil for a
    /// definition that can only change resources (DeployIfNotExists, Modify).
    public var auditEffect: String? {
        let reporting = ["Audit", "AuditIfNotExists"]
        if reporting.contains(defaultEffect) { return defaultEffect }
        return allowedEffects.first { reporting.contains($0) }
    }

    public var canDeny: Bool { allowedEffects.contains("Deny") }

    /// The recorded major version, any minor and patch (`5.*.*`): a new
    /// major version may change the allowed effects this record lists.
    public var pinnedVersion: String { String(version.prefix { $0 != "." }) + ".*.*" }

    /// True when the definition evaluates a site of this kind.
    public func evaluates(kind: String) -> Bool {
        let parts = kind.lowercased()
        return !excludedKinds.contains { parts.contains($0.lowercased()) }
    }
}

/// A policy resource type the snippets write, with the properties (ARM) or
/// arguments (Terraform) its published schema defines, and that schema.
public struct PolicyResource: Sendable, Codable, Equatable {
    /// `Microsoft.Authorization/policySetDefinitions` or `azurerm_policy_set_definition`.
    public let type: String
    /// The API version (ARM and Bicep); nil for a Terraform resource.
    public let apiVersion: String?
    /// Names allowed under `properties` (ARM) or as arguments and blocks (Terraform).
    public let properties: [String]
    /// Where the schema says so (a file in a Microsoft or HashiCorp repository).
    public let source: String
}
