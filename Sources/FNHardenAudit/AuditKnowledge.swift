import FNHardenCore
import FNHardenData
import Yams

/// audit.yml: the hosting plan an App Service plan's SKU means.
public struct AuditKnowledge: Sendable, Codable, Equatable {
    /// SkuName (lower-cased) -> hosting plan.
    public var planByTier: [String: String] = [:]
    /// SKU name (lower-cased) -> hosting plan.
    public var planBySKUName: [String: String] = [:]
    /// SKU name prefixes (lower-cased), longest first, with their plan.
    public var planBySKUPrefix: [SKUPrefix] = []
    public var sources: [String] = []
    /// ARM paths on the site that turn route all on (`route-all`).
    public var routeAllProperties: [String] = []
    /// The app setting that does the same.
    public var routeAllAppSetting = ""
    /// The site property naming the identity Key Vault references resolve with.
    public var referenceIdentityProperty = ""
    /// Its value for the system-assigned identity.
    public var systemAssignedIdentity = ""
    /// Where `route-all` and `key-vault-reference-identity` come from.
    public var networkSources: [String] = []

    public init() {}

    public struct SKUPrefix: Sendable, Codable, Equatable {
        public let prefix: String
        public let plan: String
    }

    /// The hosting plan of a SKU tier (`Dynamic`, `ElasticPremium`), if
    /// audit.yml knows it. A SKU name in the tier's place (`S1`) is no tier.
    public func plan(forTier tier: String?) -> String? {
        tier.flatMap { planByTier[$0.lowercased()] }
    }

    /// The hosting plan of a SKU name (`Y1`, `EP1`, `P1v3`), if audit.yml knows it.
    public func plan(forName name: String?) -> String? {
        guard let name = name?.lowercased(), !name.isEmpty else { return nil }
        return planBySKUName[name] ?? planBySKUPrefix.first { name.hasPrefix($0.prefix) }?.plan
    }

    /// `checklists/audit.yml`, checked against the knowledge base: each SKU
    /// names a hosting plan the questions know, each source is in sources.yml.
    public static func load(from source: any DataSource, knowledgeBase kb: KnowledgeBase) throws -> AuditKnowledge {
        let doc = try KnowledgeBaseLoader.document(source, "checklists/audit.yml")
        return try read(doc, plans: kb.question(HostingKey.plan)?.values ?? [], sources: kb.sources)
    }

    static func read(_ doc: YAMLDocument, plans: [String], sources: [String: String]) throws -> AuditKnowledge {
        let skus = try doc.mapping("plan-skus", in: doc.root)
        var knowledge = AuditKnowledge()
        func table(_ key: String) throws -> [(String, String)] {
            guard let mapping = skus[key]?.mapping else {
                throw doc.error(at: skus, "plan-skus.\(key) must be a mapping")
            }
            return try mapping.map { keyNode, value in
                guard let sku = keyNode.string, let plan = value.string, plans.contains(plan) else {
                    throw doc.error(at: value, "plan-skus.\(key): each SKU maps to a value of hosting.plan (\(plans))")
                }
                return (sku.lowercased(), plan)
            }
        }
        knowledge.planByTier = Dictionary(try table("tiers"), uniquingKeysWith: { first, _ in first })
        knowledge.planBySKUName = Dictionary(try table("names"), uniquingKeysWith: { first, _ in first })
        knowledge.planBySKUPrefix = try table("name-prefixes").sorted {
            $0.0.count > $1.0.count || $0.0.count == $1.0.count && $0.0 < $1.0
        }
        .map { AuditKnowledge.SKUPrefix(prefix: $0.0, plan: $0.1) }
        knowledge.sources = try doc.strings("sources", in: skus)
        for source in knowledge.sources where sources[source] == nil {
            throw doc.error(at: skus, "plan-skus.sources: no source `\(source)` in sources.yml")
        }
        let routeAll = try doc.mapping("route-all", in: doc.root)
        knowledge.routeAllProperties = try doc.strings("properties", in: routeAll)
        knowledge.routeAllAppSetting = try doc.string("app-setting", in: routeAll)
        let identity = try doc.mapping("key-vault-reference-identity", in: doc.root)
        knowledge.referenceIdentityProperty = try doc.string("property", in: identity)
        knowledge.systemAssignedIdentity = try doc.string("system-assigned", in: identity)
        for (node, name) in [(routeAll, "route-all"), (identity, "key-vault-reference-identity")] {
            for source in try doc.strings("sources", in: node) {
                guard sources[source] != nil else {
                    throw doc.error(at: node, "\(name).sources: no source `\(source)` in sources.yml")
                }
                knowledge.networkSources.append(source)
            }
        }
        return knowledge
    }
}
