import FNHardenCore
import Foundation

/// Reads the function apps out of an ARM template (hand-written, exported
/// from the portal or compiled from Bicep, symbolic-name resources too) and
/// the resources around each: plan, config children, policies, storage,
/// private endpoints, diagnostics, HTTP functions.
struct ARMTemplateReader {
    /// One resource of the template, nested children and nested
    /// deployments flattened, with its full type and name.
    struct Resource {
        let type: String
        let segments: [ResourceKey]
        let node: JSONNode
        let path: String
        let scope: ARMScope
        /// The index of the site a nested child sits under, if any.
        let nestedUnder: Int?
        let file: String
        /// One element of a copy loop whose count is known.
        var inLoop = false

        var name: JSONNode? { node["name"] }
        var properties: JSONNode? { node["properties"] }
        var last: ResourceKey? { segments.last }
        var location: ConfigLocation { ConfigLocation(file: file, path: path, position: node.position) }

        func `is`(_ candidate: String) -> Bool { type == candidate.lowercased() }

        func layer() -> PropertyLayer { PropertyLayer(file: file, node: node, path: path, scope: scope) }

        func value(_ path: String) -> Observed? { Layers([layer()])[path] }
    }

    let file: String
    private(set) var resources: [Resource] = []
    /// Indexes built once, so a template of a thousand apps is read in
    /// linear time: resources by type, children by their site's name
    /// (first segment) and by the site they are nested in.
    private var byType: [String: [Int]] = [:]
    private var childrenByName: [ResourceKey: [Int]] = [:]
    private var childrenByNesting: [Int: [Int]] = [:]
    private var endpointsByTarget: [ResourceKey: [ConfigLocation]] = [:]
    private var diagnosticsByTarget: [ResourceKey: [ConfigLocation]] = [:]
    /// Storage accounts by name, and those named by an expression.
    private var storageByName: [String: Int] = [:]
    private var storageByExpression: [(text: String, index: Int)] = []

    /// The nested deployments with a template of their own, for their outputs.
    private var deployments: [(name: String?, template: JSONNode, scope: ARMScope)] = []
    /// Every scope that works out variables, so they can be worked out again.
    private var scopes: [ARMScope] = []
    let root: ARMScope

    /// Resources all the loops of one file may add together: more apps than
    /// that from loops is no review anyone reads, and a crafted file could
    /// otherwise multiply loops inside looped deployments.
    static let copiedLimit = 200
    private var copiedResources = 0

    /// The resources one element of a loop adds: the resource, its
    /// children and what its nested template deploys (as far as the limit).
    static func resourceCount(in node: JSONNode) -> Int {
        var count = 1
        var pending = [node]
        while let next = pending.popLast(), count <= copiedLimit {
            for holder in [next, next["properties"]?["template"]].compactMap({ $0 }) {
                let children = holder["resources"].map { $0.isObject ? $0.members.map(\.value) : $0.elements } ?? []
                count += children.count
                pending += children
            }
        }
        return count
    }

    init(template: JSONNode, file: String) {
        self.file = file
        root = ARMScope(template: template)
        scopes = [root]
        collect(template, basePath: "$", scope: root, parent: nil, under: nil)
        resolveDeploymentOutputs()
        for (index, resource) in resources.enumerated() {
            byType[resource.type, default: []].append(index)
            guard resource.type.hasPrefix("microsoft.web/sites/") else { continue }
            if let site = resource.nestedUnder { childrenByNesting[site, default: []].append(index) }
            if resource.segments.count >= 2 { childrenByName[resource.segments[0], default: []].append(index) }
        }
        indexEndpoints()
        for index in byType["microsoft.storage/storageaccounts"] ?? [] {
            switch resources[index].last {
            case .known(let name)?: storageByName[name] = index
            case .expression(let text)?: storageByExpression.append((text.lowercased(), index))
            case nil: break
            }
        }
    }

    private func all(_ type: String) -> [Resource] { (byType[type.lowercased()] ?? []).map { resources[$0] } }

    static func isTemplate(_ root: JSONNode) -> Bool {
        guard root.isObject, root["resources"] != nil else { return false }
        return root["$schema"]?.string?.lowercased().contains("deploymenttemplate") == true
            || root["contentVersion"] != nil
    }

    // MARK: flattening

    private mutating func collect(
        _ template: JSONNode, basePath: String, scope: ARMScope,
        parent: Resource?, under site: Int?
    ) {
        guard let list = template["resources"] else { return }
        // languageVersion 2.0 (and Bicep's symbolic names): an object keyed by symbolic name.
        let entries: [(path: String, node: JSONNode, symbol: String?)]
        switch list.value {
        case .array(let elements):
            entries = elements.enumerated().map { ("\(basePath).resources[\($0.offset)]", $0.element, nil) }
        case .object(let members): entries = members.map { ("\(basePath).resources.\($0.key)", $0.value, $0.key) }
        default: return
        }
        for entry in entries {
            for (elementScope, inLoop) in copies(of: entry.node, scope: scope) {
                guard let head = Self.head(of: entry.node, scope: elementScope) else { continue }
                add(
                    entry.node, head: head, path: entry.path, symbol: entry.symbol, scope: elementScope,
                    parent: parent, under: site, inLoop: inLoop)
            }
        }
    }

    /// A resource's scopes: one per element of its copy loop when the count
    /// is known, else the resource once (a site's copy is then a warning).
    private mutating func copies(of node: JSONNode, scope: ARMScope) -> [(ARMScope, Bool)] {
        guard let copy = node["copy"], copy.isObject else { return [(scope, false)] }
        let count = copy["count"].map { scope.evaluate($0) }
        // Loops inside looped deployments multiply: what a file's loops add
        // together is bounded too.
        guard let count = count?.int, (0...Self.copiedLimit).contains(count),
            copiedResources + count * Self.resourceCount(in: node) <= Self.copiedLimit
        else { return [(scope, false)] }
        copiedResources += count * Self.resourceCount(in: node)
        let name = copy["name"].flatMap { scope.evaluate($0).text }
        return (0..<count).map { (scope.element(of: name, index: $0), true) }
    }

    /// Works out the outputs of the template's nested deployments, as far
    /// as they can be, so that `reference(deployment).outputs` is known
    /// where a sibling uses it. An output may use another's, so this runs
    /// until nothing changes (or a few rounds: a chain longer than that
    /// is left unknown).
    private mutating func resolveDeploymentOutputs() {
        guard !deployments.isEmpty else { return }
        let shared = root.shared
        var seen: Set<String> = []
        for deployment in deployments {
            guard let name = deployment.name else { continue }
            if !seen.insert(name).inserted { shared.ambiguous.insert(name) }
        }
        for _ in 0..<4 {
            var outputs: [String: [String: ConfigValue]] = [:]
            for deployment in deployments {
                guard let name = deployment.name else { continue }
                var values: [String: ConfigValue] = [:]
                for output in deployment.template["outputs"]?.members ?? [] {
                    let value = output.value["value"].map { deployment.scope.evaluate($0) } ?? .unknown("outputs")
                    values[output.key.lowercased()] = .object([("value", value)])
                }
                outputs[name] = values
            }
            for scope in scopes { scope.forget() }
            let changed = outputs != shared.outputs
            shared.outputs = outputs
            if !changed { break }
        }
    }

    /// A resource's own type and name, or nil when it isn't one this
    /// template deploys.
    private struct Head {
        let type: String
        let segments: [ResourceKey]
    }

    private static func head(of node: JSONNode, scope: ARMScope) -> Head? {
        guard node.isObject, let typeNode = node["type"], let typeText = scope.evaluate(typeNode).text else {
            return nil
        }
        // A Bicep `existing` reference describes a resource deployed elsewhere,
        // and a condition that is false deploys nothing (an unknown one counts).
        if scope.evaluate(node["existing"] ?? JSONNode(.null, at: node.position)).bool == true { return nil }
        if let condition = node["condition"], scope.evaluate(condition).bool == false { return nil }
        return Head(
            type: typeText.lowercased(), segments: node["name"].map { ResourceKey.segments(of: $0, scope: scope) } ?? []
        )
    }

    private mutating func add(
        _ node: JSONNode, head: Head, path: String, symbol: String?, scope: ARMScope, parent: Resource?,
        under site: Int?, inLoop: Bool
    ) {
        var type = head.type
        var segments = head.segments
        // A nested child may give its type and name relative to its parent.
        if let parent, !type.contains("/") {
            type = parent.type + "/" + type
            segments = parent.segments + segments
        }
        var resource = Resource(
            type: type, segments: segments, node: node, path: path, scope: scope,
            nestedUnder: site, file: file)
        resource.inLoop = inLoop
        resources.append(resource)
        let index = resources.count - 1
        collect(
            node, basePath: path, scope: scope, parent: resource,
            under: type == "microsoft.web/sites" ? index : site)
        if type == "microsoft.resources/deployments", let inner = node["properties"]?["template"] {
            let isInner =
                scope.evaluate(
                    node["properties"]?["expressionEvaluationOptions"]?["scope"]
                        ?? JSONNode(.null, at: node.position)
                ).text?.lowercased() == "inner"
            let innerScope = isInner ? scope.inner(inner, parameters: node["properties"]?["parameters"]) : scope
            if isInner { scopes.append(innerScope) }
            var name: String?
            if case .known(let text)? = segments.last { name = text.lowercased() }
            deployments.append((name, inner, innerScope))
            if let symbol, let name {
                // A module's template may reuse a symbol its parent has: such a
                // symbol names no one deployment, so what it refers to is unknown.
                let key = symbol.lowercased()
                if let earlier = root.shared.symbolicDeployments[key], earlier != name {
                    root.shared.ambiguousSymbols.insert(key)
                }
                root.shared.symbolicDeployments[key] = name
            }
            collect(inner, basePath: path + ".properties.template", scope: innerScope, parent: nil, under: nil)
        }
    }

    // MARK: apps

    /// Every site whose kind says function app (not a Logic App, which
    /// runs on the Functions runtime and says `workflowapp`).
    func functionApps() -> [FunctionApp] {
        let strays = strayChildren()
        return (byType["microsoft.web/sites"] ?? []).map { index -> FunctionApp? in
            let site = resources[index]
            let kind = site.value("kind")
            let kindText = kind?.value.text?.lowercased()
            if let kindText, !kindText.contains("functionapp") || kindText.contains("workflowapp") { return nil }
            var app = FunctionApp(
                name: site.value("name") ?? Observed(.unknown("name"), at: site.location),
                site: Layers([site.layer()]), format: "arm")
            attachChildren(of: index, to: &app)
            // A kind worked out only at deployment still counts when the
            // settings say Functions, or when it is a parameter that allows
            // a function app's kind (a module that deploys either).
            let mayBeFunctions = site.node["kind"]?.string.flatMap { site.scope.allowedValues(of: $0) }?.contains {
                $0.lowercased().contains("functionapp")
            }
            if kindText == nil, mayBeFunctions != true, app.appSettings["FUNCTIONS_EXTENSION_VERSION"] == nil,
                app.appSettings["FUNCTIONS_WORKER_RUNTIME"] == nil, app.site["properties.functionAppConfig"] == nil
            {
                return nil
            }
            app.evaluation = root.shared
            attachStrays(strays, to: &app)
            attachPlan(to: &app, site: site)
            attachEnvironment(to: &app, site: site)
            attachStorage(to: &app, scope: site.scope)
            attachNetworking(to: &app, site: site)
            if let copy = site.node["copy"], !site.inLoop {
                app.notes.append(
                    AppNote(
                        key: "copy", arguments: ["loop": copy["name"].map { site.scope.evaluate($0).display } ?? ""],
                        location: ConfigLocation(file: file, path: site.path + ".copy", position: copy.position)))
            }
            return app
        }.compactMap { $0 }
    }

    /// Children of a site (`sites/config`, the basic-auth policies,
    /// `networkConfig`) whose site's name is known only at deployment and
    /// matches no site here: a module deploys them beside an `existing`
    /// reference to the app. They may be any app's, so what they set is
    /// unknown for every app, never the default.
    private func strayChildren() -> [Resource] {
        let sites = Set((byType["microsoft.web/sites"] ?? []).compactMap { resources[$0].last })
        return resources.filter { resource in
            guard resource.type.hasPrefix("microsoft.web/sites/"), resource.nestedUnder == nil,
                resource.segments.count >= 2, case .expression = resource.segments[0]
            else { return false }
            return !sites.contains(resource.segments[0])
        }
    }

    private func attachStrays(_ strays: [Resource], to app: inout FunctionApp) {
        for stray in strays {
            let name = stray.name?.string ?? stray.path
            let childName: String? = {
                if case .known(let text)? = stray.last { return text }
                return nil
            }()
            var layer = stray.layer()
            layer.uncertain = name
            switch (stray.type, childName) {
            case ("microsoft.web/sites/config", "web"):
                var config = PropertyLayer.properties(
                    of: stray.node, file: file, path: stray.path, scope: stray.scope,
                    standingFor: ["properties", "siteConfig"])
                config.uncertain = name
                app.site.layers.append(config)
            case ("microsoft.web/sites/config", "appsettings"):
                app.appSettings.complete = false
                app.appSettings.unresolved = Observed(.unknown(name), at: stray.location)
            case ("microsoft.web/sites/basicpublishingcredentialspolicies", "ftp"):
                app.ftpPolicy.layers.append(layer)
            case ("microsoft.web/sites/basicpublishingcredentialspolicies", "scm"):
                app.scmPolicy.layers.append(layer)
            case ("microsoft.web/sites/networkconfig", _):
                app.networkConfig.layers.append(layer)
            default:
                break
            }
        }
    }

    /// A site's children: nested in it, or named after it (`app/web`,
    /// `app/Microsoft.Insights/logs`), in template order.
    private func children(of index: Int) -> [Resource] {
        var found = Set(childrenByNesting[index] ?? [])
        if let key = resources[index].last { found.formUnion(childrenByName[key] ?? []) }
        return found.sorted().map { resources[$0] }
    }

    private func attachChildren(of index: Int, to app: inout FunctionApp) {
        let site = resources[index]
        // App settings written in siteConfig come first; a config child replaces them.
        if let listed = site.node["properties"]?["siteConfig"]?["appSettings"] {
            readSettingsList(
                listed, path: site.path + ".properties.siteConfig.appSettings", scope: site.scope,
                into: &app.appSettings)
        }
        for resource in children(of: index) {
            let childName =
                resource.last.flatMap { key -> String? in
                    if case .known(let text) = key { return text }
                    return nil
                } ?? ""
            switch resource.type {
            case "microsoft.web/sites/config":
                switch childName {
                case "web":
                    app.site.layers.append(
                        .properties(
                            of: resource.node, file: file, path: resource.path, scope: resource.scope,
                            standingFor: ["properties", "siteConfig"]))
                case "appsettings":
                    readSettingsObject(resource, into: &app.appSettings)
                case "authsettingsv2", "authsettings":
                    app.authentication.layers.append(resource.layer())
                case "virtualnetwork":
                    // The older way to integrate a VNet: `config/virtualNetwork`
                    // with the subnet, as a `networkConfig` child holds it.
                    app.networkConfig.layers.append(resource.layer())
                default:
                    break
                }
            case "microsoft.web/sites/basicpublishingcredentialspolicies":
                if childName == "ftp" { app.ftpPolicy.layers.append(resource.layer()) }
                if childName == "scm" { app.scmPolicy.layers.append(resource.layer()) }
            case "microsoft.web/sites/networkconfig":
                app.networkConfig.layers.append(resource.layer())
            case "microsoft.web/sites/virtualnetworkconnections":
                // A connection names its subnet as `vnetResourceId`.
                app.networkConfig.layers.append(
                    PropertyLayer(file: file, node: resource.node, path: resource.path, scope: resource.scope) { path in
                        path == ["properties", "subnetResourceId"] ? ["properties", "vnetResourceId"] : nil
                    })
            case "microsoft.web/sites/functions":
                for (offset, binding) in (resource.node["properties"]?["config"]?["bindings"]?.elements ?? [])
                    .enumerated()
                {
                    guard resource.scope.evaluate(binding["type"] ?? binding).text?.lowercased() == "httptrigger" else {
                        continue
                    }
                    let path = resource.path + ".properties.config.bindings[\(offset)]"
                    let level = binding["authLevel"]
                    app.httpFunctions.append(
                        Observed(
                            level.map { resource.scope.evaluate($0) } ?? .string("function"),
                            at: ConfigLocation(
                                file: file, path: path + (level == nil ? "" : ".authLevel"),
                                position: (level ?? binding).position)))
                }
            case "microsoft.web/sites/extensions":
                if ["zipdeploy", "msdeploy", "onedeploy"].contains(childName) { app.zipDeploy = resource.location }
            case "microsoft.web/sites/slots":
                app.notes.append(AppNote(key: "slot", arguments: [:], location: resource.location))
            case "microsoft.web/sites/providers/diagnosticsettings":
                app.diagnostics.append(resource.location)
            default:
                break
            }
        }
    }

    /// `siteConfig.appSettings`: a list of `{name, value}`.
    private func readSettingsList(_ node: JSONNode, path: String, scope: ARMScope, into settings: inout AppSettings) {
        settings.location = ConfigLocation(file: file, path: path, position: node.position)
        guard case .array(let elements) = node.value else {
            settings.complete = false
            settings.unresolved = Observed(
                scope.evaluate(node), at: ConfigLocation(file: file, path: path, position: node.position))
            return
        }
        for (offset, element) in elements.enumerated() {
            guard let nameNode = element["name"], let name = scope.evaluate(nameNode).text,
                !scope.evaluate(nameNode).isUnknown
            else {
                settings.complete = false
                continue
            }
            let valueNode = element["value"] ?? JSONNode(.string(""), at: element.position)
            settings.set(
                name,
                Observed(
                    scope.evaluate(valueNode),
                    at: ConfigLocation(
                        file: file, path: "\(path)[\(offset)].value", position: valueNode.position)))
        }
    }

    /// A `sites/config` "appsettings" child: an object of name -> value.
    private func readSettingsObject(_ resource: Resource, into settings: inout AppSettings) {
        guard let properties = resource.properties else { return }
        let path = resource.path + ".properties"
        // The child replaces whatever siteConfig listed.
        settings = AppSettings()
        settings.location = ConfigLocation(file: file, path: path, position: properties.position)
        if case .object(let members) = properties.value {
            for member in members {
                let location = ConfigLocation(
                    file: file, path: path + "." + member.key, position: member.value.position)
                settings.set(member.key, Observed(resource.scope.evaluate(member.value), at: location))
            }
            return
        }
        // `union(existing, {...})` and the like: whatever resolves is kept.
        let value = resource.scope.evaluate(properties)
        if case .object(let members) = value {
            for member in members {
                settings.set(member.key, Observed(member.value, at: settings.location ?? resource.location))
            }
        } else {
            settings.complete = false
            settings.unresolved = Observed(value, at: settings.location ?? resource.location)
        }
    }

    // MARK: related resources

    /// The keys a reference such as `resourceId('Microsoft.Web/serverfarms', x)` names.
    private func referenceKey(_ node: JSONNode?, scope: ARMScope) -> ResourceKey? {
        guard let node else { return nil }
        let value = scope.evaluate(node)
        if case .resource(_, let name) = value {
            return name.split(separator: "/").last.map { .known($0.lowercased()) }
        }
        if let text = value.text, !value.isUnknown {
            // A full resource id: the last segment is the name.
            return text.split(separator: "/").last.map { .known($0.lowercased()) }
        }
        guard let text = node.string, ARMExpression.isExpression(text),
            let expression = ARMExpression.parse(String(text.dropFirst().dropLast()))
        else { return nil }
        if case .call(let name, let arguments) = expression, name.lowercased().hasSuffix("resourceid"),
            let last = arguments.last
        {
            return ResourceKey.segments(of: last, scope: scope).last
        }
        // Bicep's symbolic `reference`/`.id` forms: compare the whole expression.
        return .expression(expression.canonical)
    }

    private func attachPlan(to app: inout FunctionApp, site: Resource) {
        let plans = all("Microsoft.Web/serverfarms")
        let key = referenceKey(site.node["properties"]?["serverFarmId"], scope: site.scope)
        if let key, let plan = plans.first(where: { $0.last == key }) {
            app.plan.layers.append(plan.layer())
        } else if plans.count == 1 {
            // The only plan in the template, though the reference couldn't be followed.
            app.plan.layers.append(plans[0].layer())
            app.planNote = "only-plan"
        }
    }

    /// The site's App Service Environment, followed by its `hostingEnvironmentProfile.id`.
    private func attachEnvironment(to app: inout FunctionApp, site: Resource) {
        let key = referenceKey(site.node["properties"]?["hostingEnvironmentProfile"]?["id"], scope: site.scope)
        if let key, let environment = all("Microsoft.Web/hostingEnvironments").first(where: { $0.last == key }) {
            app.environment.layers.append(environment.layer())
        }
    }

    private func attachStorage(to app: inout FunctionApp, scope: ARMScope) {
        let accountCount = storageByName.count + storageByExpression.count
        guard accountCount > 0 else { return }
        let connections = app.appSettings.named(prefix: "AzureWebJobsStorage")
        let texts = connections.map { setting -> String in
            let location = setting.value.location
            // The raw text of the setting, expressions as written, canonical where possible.
            switch setting.value.value {
            case .unknown(let expression):
                if ARMExpression.isExpression(expression), let parsed = scope.parsed(expression) {
                    return parsed.canonical.lowercased() + " " + location.path
                }
                return expression.lowercased()
            default:
                return setting.value.value.display.lowercased()
            }
        }
        // Named accounts are found by the names the settings hold; only
        // accounts named by an expression are compared with every setting.
        var found: [Int] = []
        for name in texts.flatMap(Self.accountNames) {
            if let index = storageByName[name], !found.contains(index) { found.append(index) }
        }
        for (text, index) in storageByExpression
        where texts.contains(where: { $0.contains(text) }) && !found.contains(index) {
            found.append(index)
        }
        let linked = found.map { resources[$0] }
        if !linked.isEmpty {
            app.storage = linked.map { Layers([$0.layer()]) }
        } else if accountCount == 1, let only = (byType["microsoft.storage/storageaccounts"] ?? []).first {
            app.storage = [Layers([resources[only].layer()])]
        }
    }

    /// Storage account names a setting's text names: the whole value (an
    /// `__accountName` setting), or `AccountName=` inside a connection string.
    static func accountNames(in text: String) -> [String] {
        var names = [text.split(separator: " ", maxSplits: 1).first.map(String.init) ?? text]
        // A storage account's name is ASCII letters and digits.
        let mark = "accountname="
        var rest = text[...]
        while let found = rest.range(of: mark) {
            let after = rest[found.upperBound...]
            names.append(String(after.prefix { $0.isASCII && ($0.isLetter || $0.isNumber) }))
            rest = after
        }
        return names
    }

    private mutating func indexEndpoints() {
        for endpoint in all("Microsoft.Network/privateEndpoints") {
            let connections =
                (endpoint.properties?["privateLinkServiceConnections"]?.elements ?? [])
                + (endpoint.properties?["manualPrivateLinkServiceConnections"]?.elements ?? [])
            for connection in connections {
                let target = referenceKey(connection["properties"]?["privateLinkServiceId"], scope: endpoint.scope)
                let groups =
                    endpoint.scope.evaluate(connection["properties"]?["groupIds"] ?? connection).elements?
                    .compactMap(\.text).map { $0.lowercased() } ?? []
                if let target, groups.isEmpty || groups.contains("sites") {
                    endpointsByTarget[target, default: []].append(endpoint.location)
                }
            }
        }
        for setting in all("Microsoft.Insights/diagnosticSettings") {
            if let target = referenceKey(setting.node["scope"], scope: setting.scope) {
                diagnosticsByTarget[target, default: []].append(setting.location)
            }
        }
    }

    private func attachNetworking(to app: inout FunctionApp, site: Resource) {
        guard let siteKey = site.last else { return }
        app.privateEndpoints = endpointsByTarget[siteKey] ?? []
        app.diagnostics += diagnosticsByTarget[siteKey] ?? []
        for pricing in all("Microsoft.Security/pricings") where pricing.last == .known("appservices") {
            app.defender = pricing.value("properties.pricingTier")
        }
    }
}
