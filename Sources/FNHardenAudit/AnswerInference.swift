import FNHardenCore

/// Why an inferred answer is what it is.
public enum Evidence: Sendable, Equatable {
    /// Read from the configuration.
    case observed(ConfigLocation)
    /// The configuration is there but leaves the setting out: the platform
    /// default applies (the question's default). The location is the
    /// resource or collection that omits it.
    case notSet(ConfigLocation)
    /// Set by an expression known only at deployment: unknown.
    case unresolved(ConfigLocation, expression: String)
    /// Configuration can't tell (code, process, a resource not in the sources): unknown.
    case notInSources

    public var location: ConfigLocation? {
        switch self {
        case .observed(let location), .notSet(let location), .unresolved(let location, _): return location
        case .notInSources: return nil
        }
    }
}

/// One inferred answer: the value (nil for "not set", where the question's
/// default applies), the evidence, and an optional note key
/// (`audit.notes.*`) that says how it was worked out.
public struct Inference: Sendable, Equatable {
    public let key: String
    public let value: AnswerValue?
    public let evidence: Evidence
    public let note: String?
    /// For an unresolved value: the parameters and functions that leave it
    /// unknown (`parameters('kind')`, `reference()`).
    public var causes: [String] = []

    public init(_ key: String, _ value: AnswerValue?, _ evidence: Evidence, note: String? = nil) {
        self.key = key
        self.value = value
        self.evidence = evidence
        self.note = note
    }

    /// A value the configuration decides (observed or left at the default).
    public var isFromConfiguration: Bool {
        switch evidence {
        case .observed, .notSet: return true
        default: return false
        }
    }
}

/// Works out the answers a function app's configuration gives. Each rule
/// reads ARM property paths; where `checklists/settings.yml` describes the
/// setting, the path is taken from there, so reading and writing share one
/// description.
public struct AnswerInference: Sendable {
    let kb: KnowledgeBase
    let audit: AuditKnowledge
    private let armPaths: [String: String]

    public init(knowledgeBase: KnowledgeBase, auditKnowledge: AuditKnowledge) {
        self.kb = knowledgeBase
        self.audit = auditKnowledge
        var paths: [String: String] = [:]
        for setting in knowledgeBase.snippets.settings { paths[setting.id] = setting.arm?.path }
        armPaths = paths
    }

    /// The ARM path of a setting in settings.yml (`https-only` ->
    /// `properties.httpsOnly`).
    func armPath(_ setting: String) -> String { armPaths[setting] ?? "" }

    public func infer(_ app: FunctionApp, fallbackName: String) -> [Inference] {
        var results: [Inference] = []
        func add(_ inference: Inference?) { if let inference { results.append(inference) } }
        add(name(app, fallback: fallbackName))
        add(location(app))
        add(resourceGroup(app))
        add(plan(app))
        add(os(app))
        add(runtime(app))
        add(httpTriggers(app))
        add(authLevel(app))
        add(clientAuth(app))
        add(simple(app, "http.https-only", path: armPath("https-only")) { $0.bool.map(AnswerValue.bool) })
        add(
            simple(app, "http.min-tls", path: armPath("min-tls")) { value in
                let text = value.text.map { $0.hasPrefix("1") && !$0.contains(".") ? $0 + ".0" : $0 }
                return text.flatMap { ["1.0", "1.1", "1.2", "1.3"].contains($0) ? .text($0) : nil }
            })
        add(
            simple(app, "http.cors-origins", path: armPath("cors-origins")) { value in
                if case .null = value { return .list([]) }
                guard let elements = value.elements else { return nil }
                let origins = elements.compactMap(\.text)
                return origins.count == elements.count ? .list(origins) : nil
            })
        add(
            simple(app, "http.admin-endpoints", path: armPath("admin-isolation")) { value in
                value.bool.map { .text($0 ? "disabled" : "enabled") }
            })
        add(aseIngress(app))
        add(inbound(app))
        add(gateway(app))
        add(vnetIntegration(app))
        add(storageIsolated(app))
        add(managedIdentity(app))
        add(identityConnections(app))
        add(secretsLocation(app))
        add(
            setting(app, "secrets.key-storage", name: "AzureWebJobsSecretStorageType") { value in
                value.text.map { $0.lowercased() }.flatMap {
                    ["blob", "files", "keyvault"].contains($0) ? .text($0) : nil
                }
            })
        add(customerManagedKeys(app))
        add(deploymentMethod(app))
        add(
            simple(app, "deployment.ftp", path: armPath("ftps-state")) { value in
                switch value.text?.lowercased() {
                case "allallowed": return .text("allowed")
                case "ftpsonly": return .text("ftps-only")
                case "disabled": return .text("disabled")
                default: return nil
                }
            })
        add(basicAuth(app))
        add(applicationInsights(app))
        add(logExport(app))
        add(defender(app))
        add(
            simple(app, "operations.remote-debugging", path: armPath("remote-debugging-off")) {
                $0.bool.map(AnswerValue.bool)
            })
        add(
            simple(app, "operations.daily-quota-gb-s", path: armPath("daily-quota")) { value in
                value.int.flatMap { $0 >= 0 ? .integer($0) : nil }
            })
        // What only the people who build and run the app know.
        let decided = Set(results.map(\.key))
        for question in kb.questions where !decided.contains(question.id) && !question.id.hasPrefix("review.") {
            results.append(Inference(question.id, .unknown, .notInSources))
        }
        return results
    }

    // MARK: helpers

    private func siteLocation(_ app: FunctionApp) -> ConfigLocation {
        app.site.location ?? app.name.location
    }

    /// A site property: observed, not set (the default), or unresolved.
    private func simple(
        _ app: FunctionApp, _ key: String, path: String,
        convert: (ConfigValue) -> AnswerValue?
    ) -> Inference {
        guard let observed = app.site[path] else { return absent(app, key, path: path) }
        return decide(key, observed, convert)
    }

    /// A property the sources leave out: the default when the sources hold
    /// the resource that would set it, unknown when they don't.
    private func absent(_ app: FunctionApp, _ key: String, path: String, note: String? = nil) -> Inference {
        if path.hasPrefix("properties.siteConfig."), !app.siteConfigInSources {
            return Inference(key, .unknown, .notInSources, note: "no-site-config")
        }
        return notSet(app, key, note: note)
    }

    /// A site property left out: the platform default, unless the sources
    /// don't hold the site at all (a `config/web` body or a settings list
    /// given alone), when it is unknown.
    private func notSet(_ app: FunctionApp, _ key: String, note: String? = nil) -> Inference {
        guard app.siteInSources else { return Inference(key, .unknown, .notInSources, note: "no-site") }
        return Inference(key, nil, .notSet(siteLocation(app)), note: note)
    }

    /// Unknown: set by an expression known only at deployment.
    private func unresolved(_ key: String, _ observed: Observed, note: String? = nil) -> Inference {
        Inference(key, .unknown, .unresolved(observed.location, expression: observed.value.display), note: note)
    }

    private func decide(
        _ key: String, _ observed: Observed, note: String? = nil,
        _ convert: (ConfigValue) -> AnswerValue?
    ) -> Inference {
        if observed.value.containsUnknown {
            return Inference(
                key, .unknown, .unresolved(observed.location, expression: observed.value.display), note: note)
        }
        guard let value = convert(observed.value) else {
            return Inference(
                key, .unknown, .unresolved(observed.location, expression: observed.value.display),
                note: "unrecognised")
        }
        return Inference(key, value, .observed(observed.location), note: note)
    }

    /// An application setting; absent from a complete collection means not set.
    private func setting(
        _ app: FunctionApp, _ key: String, name: String,
        convert: (ConfigValue) -> AnswerValue?
    ) -> Inference {
        if let observed = app.appSettings[name] { return decide(key, observed, convert) }
        return absentSetting(app, key)
    }

    private func absentSetting(_ app: FunctionApp, _ key: String, value: AnswerValue? = nil) -> Inference {
        if !app.appSettings.complete {
            guard let unresolved = app.appSettings.unresolved else { return Inference(key, .unknown, .notInSources) }
            return Inference(key, .unknown, .unresolved(unresolved.location, expression: unresolved.value.display))
        }
        return Inference(key, value, .notSet(app.appSettings.location ?? siteLocation(app)))
    }

    // MARK: app

    private func name(_ app: FunctionApp, fallback: String) -> Inference {
        if let text = app.name.value.text, !app.name.value.isUnknown,
            kb.question("app.name").map({ AnswerParsing.fitsNamingRules(text, of: $0) }) ?? true
        {
            return Inference("app.name", .text(text), .observed(app.name.location))
        }
        return Inference(
            "app.name", .text(fallback),
            .unresolved(app.name.location, expression: app.name.value.display), note: "name-fallback")
    }

    private func location(_ app: FunctionApp) -> Inference? {
        guard let observed = app.site["location"] else { return nil }
        guard let text = observed.value.text, !observed.value.containsUnknown else {
            return Inference(
                "app.location", .unknown, .unresolved(observed.location, expression: observed.value.display))
        }
        // Azure takes "West Europe" as well as "westeurope"; the answers file takes the latter.
        let name = text.lowercased().replacingOccurrences(of: " ", with: "")
        guard let question = kb.question("app.location"), AnswerParsing.fitsNamingRules(name, of: question) else {
            return Inference(
                "app.location", .unknown, .unresolved(observed.location, expression: text), note: "unrecognised")
        }
        return Inference("app.location", .text(name), .observed(observed.location))
    }

    /// The resource group: in a resource id (the Azure CLI) or an argument (Terraform).
    private func resourceGroup(_ app: FunctionApp) -> Inference? {
        if let group = app.site["properties.resourceGroup"], let text = group.value.text,
            !group.value.containsUnknown, let question = kb.question("app.resource-group"),
            AnswerParsing.fitsNamingRules(text, of: question)
        {
            return Inference("app.resource-group", .text(text), .observed(group.location))
        }
        return nil
    }

    // MARK: hosting

    private func plan(_ app: FunctionApp) -> Inference {
        let key = HostingKey.plan
        let kind = app.site["kind"]
        // An environment named by an expression known only at deployment may
        // yet be null: the plan is unknown then, not read off the expression.
        if let environment = app.site["properties.managedEnvironmentId"] {
            if environment.value.containsUnknown { return unresolved(key, environment) }
            return Inference(key, .text("container-apps"), .observed(environment.location))
        }
        if let kind, kind.value.text?.lowercased().contains("azurecontainerapps") == true {
            return Inference(key, .text("container-apps"), .observed(kind.location))
        }
        if let environment = app.site["properties.hostingEnvironmentProfile.id"] {
            if environment.value.containsUnknown { return unresolved(key, environment) }
            return Inference(key, .text("ase"), .observed(environment.location))
        }
        let note = app.planNote
        // The SKU's name decides; a tier is read where the name is absent or
        // unrecognised, and a name and a tier that disagree leave the plan
        // unknown. Older API versions give the tier as the plan's
        // `properties.sku` or `computeMode`; `az functionapp show` as the
        // site's `properties.sku`.
        if let name = app.plan["sku.name"] {
            if name.value.containsUnknown { return unresolved(key, name, note: note) }
        }
        let candidates: [(observed: Observed?, byName: Bool)] = [
            (app.plan["sku.name"], true), (app.plan["sku.tier"], false), (app.plan["properties.sku"], false),
            (app.plan["properties.computeMode"], false), (app.site["properties.sku"], false),
        ]
        var found: [(plan: String, observed: Observed)] = []
        for candidate in candidates {
            guard let observed = candidate.observed, !observed.value.containsUnknown else { continue }
            let text = observed.value.text
            if let plan = candidate.byName ? audit.plan(forName: text) : audit.plan(forTier: text) {
                found.append((plan, observed))
            }
        }
        if let first = found.first {
            if let other = found.first(where: { $0.plan != first.plan }) {
                return Inference(
                    key, .unknown,
                    .unresolved(
                        first.observed.location,
                        expression: first.observed.value.display + " / " + other.observed.value.display),
                    note: "sku-disagrees")
            }
            return Inference(key, .text(first.plan), .observed(first.observed.location), note: note)
        }
        if let tier = app.plan["sku.tier"], tier.value.containsUnknown { return unresolved(key, tier, note: note) }
        if let config = app.site["properties.functionAppConfig"] {
            return Inference(key, .text("flex-consumption"), .observed(config.location), note: "flex-config")
        }
        return Inference(key, .unknown, .notInSources)
    }

    private func os(_ app: FunctionApp) -> Inference {
        let key = HostingKey.os
        guard let kind = app.site["kind"] else { return notSet(app, key) }
        if kind.value.containsUnknown {
            return Inference(key, .unknown, .unresolved(kind.location, expression: kind.value.display))
        }
        let text = kind.value.text?.lowercased() ?? ""
        if text.contains("linux") { return Inference(key, .text("linux"), .observed(kind.location)) }
        for reserved in [app.site["properties.reserved"], app.plan["properties.reserved"]].compactMap({ $0 })
        where reserved.value.bool == true {
            return Inference(key, .text("linux"), .observed(reserved.location))
        }
        return Inference(key, .text("windows"), .observed(kind.location))
    }

    private func runtime(_ app: FunctionApp) -> Inference {
        let key = HostingKey.runtime
        if let observed = app.appSettings["FUNCTIONS_EXTENSION_VERSION"] {
            return decide(key, observed) { value in
                // ~4, 4, 4.0.1: the major version.
                guard let text = value.text, let digit = text.drop(while: { $0 == "~" }).first,
                    let major = Int(String(digit)), (1...4).contains(major)
                else { return nil }
                return .integer(major)
            }
        }
        // Flex Consumption names its runtime in functionAppConfig and runs only 4.x.
        if let config = app.site["properties.functionAppConfig"] {
            return Inference(key, .integer(4), .observed(config.location), note: "flex-runtime")
        }
        return Inference(key, .unknown, .notInSources)
    }

    // MARK: http

    private func httpTriggers(_ app: FunctionApp) -> Inference {
        guard let first = app.httpFunctions.first else { return Inference("http.triggers", .unknown, .notInSources) }
        return Inference("http.triggers", .bool(true), .observed(first.location))
    }

    private func authLevel(_ app: FunctionApp) -> Inference {
        let order = ["anonymous", "function", "admin"]
        let levels = app.httpFunctions.compactMap { observed -> (Int, Observed)? in
            guard let text = observed.value.text?.lowercased(), let rank = order.firstIndex(of: text) else {
                return nil
            }
            return (rank, observed)
        }
        guard levels.count == app.httpFunctions.count, let lowest = levels.min(by: { $0.0 < $1.0 }) else {
            return Inference("http.auth-level", .unknown, .notInSources)
        }
        return Inference("http.auth-level", .text(order[lowest.0]), .observed(lowest.1.location))
    }

    private func clientAuth(_ app: FunctionApp) -> Inference {
        for path in ["properties.platform.enabled", "properties.enabled"] {
            if let enabled = app.authentication[path], enabled.value.bool == true {
                return Inference("http.client-auth", .text("app-service-auth"), .observed(enabled.location))
            }
        }
        // Off or absent: callers may still be checked by API Management or in code.
        return Inference("http.client-auth", .unknown, .notInSources)
    }

    // MARK: network

    /// Functions on Container Apps: as `plan` decides it.
    private func onContainerApps(_ app: FunctionApp) -> Bool {
        app.site["properties.managedEnvironmentId"].map { !$0.value.containsUnknown } == true
            || app.site["kind"]?.value.text?.lowercased().contains("azurecontainerapps") == true
    }

    /// An App Service Environment's ingress, from its load balancer mode
    /// (`Web, Publishing` or `Web`: internal; `None`: external).
    private func aseIngress(_ app: FunctionApp) -> Inference? {
        let key = "network.ase-ingress"
        guard !onContainerApps(app), app.site["properties.hostingEnvironmentProfile.id"] != nil else { return nil }
        guard let mode = app.environment["properties.internalLoadBalancingMode"] else {
            return Inference(key, .unknown, .notInSources, note: "ase-ingress-elsewhere")
        }
        if mode.value.containsUnknown {
            return Inference(key, .unknown, .unresolved(mode.location, expression: mode.value.display))
        }
        let parts = (mode.value.text ?? "").lowercased().split(separator: ",").map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        if parts.contains("web") { return Inference(key, .text("internal"), .observed(mode.location)) }
        if parts == ["none"] || parts == ["publishing"] {
            return Inference(key, .text("external"), .observed(mode.location))
        }
        return Inference(key, .unknown, .unresolved(mode.location, expression: mode.value.display))
    }

    private func inbound(_ app: FunctionApp) -> Inference {
        let key = "network.inbound"
        // The site's access restrictions and public access do nothing on
        // Container Apps: its environment's ingress decides.
        if onContainerApps(app) { return Inference(key, .unknown, .notInSources, note: "container-apps-ingress") }
        let publicAccess = app.site[armPath("public-access-off")]
        if let publicAccess {
            if publicAccess.value.containsUnknown {
                return Inference(
                    key, .unknown, .unresolved(publicAccess.location, expression: publicAccess.value.display))
            }
            if publicAccess.value.text?.lowercased() == "disabled" {
                return Inference(
                    key, .text("private-endpoint"), .observed(publicAccess.location),
                    note: app.privateEndpoints.isEmpty ? "public-off-no-endpoint" : "public-off")
            }
        }
        if let rules = app.site["properties.siteConfig.ipSecurityRestrictions"] {
            if rules.value.containsUnknown {
                return Inference(key, .unknown, .unresolved(rules.location, expression: rules.value.display))
            }
            if (rules.value.elements ?? []).contains(where: Self.restricts) {
                return Inference(key, .text("access-restrictions"), .observed(rules.location))
            }
        }
        if let deny = app.site[armPath("access-default-deny")], deny.value.text?.lowercased() == "deny" {
            return Inference(key, .text("access-restrictions"), .observed(deny.location))
        }
        // Public, unless access rules the sources don't hold restrict it.
        if !app.siteConfigInSources { return Inference(key, .unknown, .notInSources, note: "no-site-config") }
        let note = app.privateEndpoints.isEmpty ? nil : "endpoint-but-public"
        if let publicAccess { return Inference(key, .text("public"), .observed(publicAccess.location), note: note) }
        return notSet(app, key, note: note)
    }

    /// An access rule that restricts: anything but "allow from Any".
    static func restricts(_ rule: ConfigValue) -> Bool {
        let address = rule["ipAddress"]?.text?.lowercased()
        let action = rule["action"]?.text?.lowercased() ?? "allow"
        if action == "deny" { return true }
        if rule["vnetSubnetResourceId"]?.text?.isEmpty == false { return true }
        return address != nil && address != "any" && address != "0.0.0.0/0"
    }

    private func gateway(_ app: FunctionApp) -> Inference {
        let rules = app.site["properties.siteConfig.ipSecurityRestrictions"]
        for rule in rules?.value.elements ?? [] where rule["tag"]?.text?.lowercased() == "servicetag" {
            let tag = rule["ipAddress"]?.text?.lowercased() ?? ""
            if tag == "azurefrontdoor.backend", let rules {
                return Inference("network.gateway", .text("front-door"), .observed(rules.location))
            }
            if tag == "apimanagement", let rules {
                return Inference("network.gateway", .text("apim"), .observed(rules.location))
            }
        }
        return Inference("network.gateway", .unknown, .notInSources)
    }

    private func vnetIntegration(_ app: FunctionApp) -> Inference {
        let key = "network.vnet-integration"
        // An empty or null subnet is no subnet (the layers leave it out).
        for subnet in [app.site[armPath("vnet-integration")], app.networkConfig["properties.subnetResourceId"]] {
            guard let subnet else { continue }
            if subnet.value.containsUnknown && !Self.namesAResource(subnet.value) { return unresolved(key, subnet) }
            return Inference(key, .bool(true), .observed(subnet.location), note: routing(app))
        }
        return notSet(app, key)
    }

    /// An id built with `resourceId(...)` is never empty, even when a name in
    /// it is known only at deployment.
    static func namesAResource(_ value: ConfigValue) -> Bool {
        guard case .unknown(let text) = value, ARMExpression.isExpression(text),
            case .call(let name, _)? = ARMExpression.parse(String(text.dropFirst().dropLast()))
        else { return false }
        return name.lowercased().hasSuffix("resourceid")
    }

    /// What an integrated app sends through its virtual network: everything
    /// (route all) or only traffic to private addresses (audit.yml,
    /// `route-all`). Nil when one of the settings is known only at deployment.
    private func routing(_ app: FunctionApp) -> String? {
        var observed = audit.routeAllProperties.compactMap { app.site[$0]?.value }
        if let setting = app.appSettings[audit.routeAllAppSetting]?.value {
            observed.append(setting.text == "1" ? .bool(true) : setting)
        }
        if observed.contains(where: { $0.bool == true }) { return "routes-all" }
        if observed.contains(where: \.containsUnknown) { return nil }
        // Only a template says everything it deploys: `az functionapp show`
        // alone holds no siteConfig, and a plan leaves computed values out.
        if observed.isEmpty && app.format != "arm" { return nil }
        return "routes-private-only"
    }

    private func storageIsolated(_ app: FunctionApp) -> Inference {
        let key = "network.storage-isolated"
        guard !app.storage.isEmpty else { return Inference(key, .unknown, .notInSources) }
        for account in app.storage {
            if let access = account["properties.publicNetworkAccess"], access.value.text?.lowercased() == "disabled" {
                return Inference(key, .bool(true), .observed(access.location))
            }
            if let action = account["properties.networkAcls.defaultAction"] {
                if action.value.containsUnknown {
                    return Inference(key, .unknown, .unresolved(action.location, expression: action.value.display))
                }
                if action.value.text?.lowercased() == "deny" {
                    return Inference(key, .bool(true), .observed(action.location))
                }
                return Inference(key, .bool(false), .observed(action.location))
            }
        }
        return Inference(key, .bool(false), .notSet(app.storage[0].location ?? siteLocation(app)), note: "storage-open")
    }

    // MARK: identity and secrets

    private func managedIdentity(_ app: FunctionApp) -> Inference {
        guard let type = app.site[armPath("identity-type")] else {
            return notSet(app, "identity.managed-identity")
        }
        return decide("identity.managed-identity", type) { value in
            let parts = Set(
                (value.text ?? "").lowercased().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
            switch (parts.contains("systemassigned"), parts.contains("userassigned")) {
            case (true, true): return .text("both")
            case (true, false): return .text("system-assigned")
            case (false, true): return .text("user-assigned")
            default: return parts == ["none"] || parts == [""] ? .text("none") : nil
            }
        }
    }

    private func identityConnections(_ app: FunctionApp) -> Inference {
        let key = "identity.identity-connections"
        if let connection = app.appSettings["AzureWebJobsStorage"] {
            return Inference(key, .bool(false), .observed(connection.location), note: "connection-string")
        }
        // Flex Consumption: how the deployment container is reached.
        if let type = app.site["properties.functionAppConfig.deployment.storage.authentication.type"],
            type.value.text?.lowercased() == "storageaccountconnectionstring"
        {
            return Inference(key, .bool(false), .observed(type.location), note: "connection-string")
        }
        if let identity = app.appSettings.named(prefix: "AzureWebJobsStorage__").first {
            return Inference(key, .bool(true), .observed(identity.value.location))
        }
        if let managed = app.site["properties.storageUsesManagedIdentity"], managed.value.bool == true {
            return Inference(key, .bool(true), .observed(managed.location))
        }
        if !app.appSettings.complete { return absentSetting(app, key) }
        return Inference(key, .unknown, .notInSources)
    }

    private static let secretMarks = [
        "accountkey=", "sharedaccesskey=", "password=", "listkeys(", "listsecrets(",
        "listconnectionstrings(", "clientsecret",
    ]

    /// Secrets in plain app settings (keys, passwords, `listKeys(...)`) or
    /// only Key Vault references.
    private func secretsLocation(_ app: FunctionApp) -> Inference {
        let key = "secrets.location"
        var reference: Observed?
        for (_, observed) in app.appSettings.entries {
            let text: String
            switch observed.value {
            case .unknown(let expression): text = expression.lowercased()
            default: text = observed.value.display.lowercased()
            }
            if text.hasPrefix("@microsoft.keyvault(") {
                reference = reference ?? observed
                continue
            }
            if Self.secretMarks.contains(where: text.contains) {
                return Inference(key, .text("app-settings"), .observed(observed.location), note: "plain-secret")
            }
        }
        if let reference {
            return Inference(
                key, .text("key-vault-references"), .observed(reference.location), note: referenceIdentity(app))
        }
        return Inference(key, .unknown, .notInSources)
    }

    /// The identity Key Vault references resolve with, and whether the app
    /// has it (audit.yml, `key-vault-reference-identity`). Nil when the
    /// identity or the property is known only at deployment.
    private func referenceIdentity(_ app: FunctionApp) -> String? {
        let named = app.site[audit.referenceIdentityProperty]?.value
        let type = app.site[armPath("identity-type")]?.value
        if named?.containsUnknown == true || type?.containsUnknown == true { return nil }
        // Left out of a plan (computed) or of the CLI's output, it is not known.
        if named == nil && app.format != "arm" { return nil }
        let kinds = Set(
            (type?.text ?? "").lowercased().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        let system: Bool =
            switch named {
            case nil, .null?: true
            // An identity's resource ID, written out or as resourceId(...).
            case .string(let text)?: text.isEmpty || text.equalsIgnoringCase(audit.systemAssignedIdentity)
            default: false
            }
        if system {
            return kinds.contains("systemassigned")
                ? "references-system-identity" : "references-missing-system-identity"
        }
        return kinds.contains("userassigned") ? "references-user-identity" : "references-missing-user-identity"
    }

    private func customerManagedKeys(_ app: FunctionApp) -> Inference {
        let key = "data.customer-managed-keys"
        guard let account = app.storage.first else { return Inference(key, .unknown, .notInSources) }
        guard let source = account["properties.encryption.keySource"] else {
            return Inference(key, .bool(false), .notSet(account.location ?? siteLocation(app)))
        }
        return decide(key, source) { value in value.text.map { .bool($0.lowercased() == "microsoft.keyvault") } }
    }

    // MARK: deployment and operations

    private func deploymentMethod(_ app: FunctionApp) -> Inference {
        let key = "deployment.method"
        if let image = app.site["properties.siteConfig.linuxFxVersion"],
            image.value.text?.lowercased().hasPrefix("docker|") == true
        {
            return Inference(key, .text("container-image"), .observed(image.location))
        }
        if let package = app.appSettings["WEBSITE_RUN_FROM_PACKAGE"], let text = package.value.text, text != "0" {
            return Inference(key, .text("run-from-package"), .observed(package.location))
        }
        if let zip = app.zipDeploy { return Inference(key, .text("zip-deploy"), .observed(zip)) }
        return Inference(key, .unknown, .notInSources)
    }

    private func basicAuth(_ app: FunctionApp) -> Inference {
        let key = "deployment.basic-auth"
        let policies = [app.ftpPolicy["properties.allow"], app.scmPolicy["properties.allow"]]
        let present = policies.compactMap { $0 }
        guard !present.isEmpty else {
            guard app.policiesInSources else { return Inference(key, .unknown, .notInSources, note: "no-policies") }
            return Inference(key, nil, .notSet(siteLocation(app)))
        }
        if let unresolved = present.first(where: { $0.value.containsUnknown }) {
            return Inference(key, .unknown, .unresolved(unresolved.location, expression: unresolved.value.display))
        }
        if let allowed = present.first(where: { $0.value.bool == true }) {
            return Inference(key, .bool(true), .observed(allowed.location))
        }
        // A policy left out keeps the platform default: allowed.
        if present.count < 2 { return Inference(key, .bool(true), .observed(present[0].location), note: "one-policy") }
        return Inference(key, .bool(false), .observed(present[0].location))
    }

    private func applicationInsights(_ app: FunctionApp) -> Inference {
        let key = "operations.application-insights"
        for name in ["APPLICATIONINSIGHTS_CONNECTION_STRING", "APPINSIGHTS_INSTRUMENTATIONKEY"] {
            if let observed = app.appSettings[name] { return Inference(key, .bool(true), .observed(observed.location)) }
        }
        return absentSetting(app, key)
    }

    private func logExport(_ app: FunctionApp) -> Inference {
        guard let first = app.diagnostics.first else {
            return Inference("operations.log-export", .unknown, .notInSources)
        }
        return Inference("operations.log-export", .text("log-analytics"), .observed(first))
    }

    private func defender(_ app: FunctionApp) -> Inference {
        guard let tier = app.defender else { return Inference("operations.defender", .unknown, .notInSources) }
        return decide("operations.defender", tier) { value in
            switch value.text?.lowercased() {
            case "free": return .text("free")
            case "standard": return .text("enhanced")
            default: return nil
            }
        }
    }
}
