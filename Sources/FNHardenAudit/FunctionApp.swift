import FNHardenCore

/// One JSON object standing for (part of) an ARM resource, from one source
/// file. `map` turns an ARM property path (`properties.siteConfig.ftpsState`)
/// into the path inside this object, or nil when the object doesn't hold it:
/// a `sites/config` "web" child holds `properties.siteConfig.*` as
/// `properties.*`, `az functionapp show` prints the properties at the top.
public struct PropertyLayer {
    public let file: String
    public let node: JSONNode
    /// The JSON path of `node` in its file (`$.resources[3]`).
    public let path: String
    let map: ([String]) -> [String]?
    let scope: ARMScope?
    /// Set for a resource that may or may not be this app's (a config child
    /// whose site's name is known only at deployment): what it holds is
    /// unknown, shown as this text (the child's name as written).
    var uncertain: String?
    /// For a source translated into ARM's shape (Terraform): ARM path ->
    /// the full JSON path the source itself has, for messages.
    let spelledPaths: [String: String]

    public init(
        file: String, node: JSONNode, path: String, scope: ARMScope?, spelledPaths: [String: String] = [:],
        map: @escaping ([String]) -> [String]? = { $0 }
    ) {
        self.file = file
        self.node = node
        self.path = path
        self.scope = scope
        self.spelledPaths = spelledPaths
        self.map = map
    }

    /// The layer for a child object: `properties.siteConfig` of a config child.
    public static func properties(
        of node: JSONNode, file: String, path: String, scope: ARMScope?,
        standingFor prefix: [String]
    ) -> PropertyLayer {
        PropertyLayer(file: file, node: node, path: path, scope: scope) { armPath in
            guard armPath.count > prefix.count, Array(armPath.prefix(prefix.count)) == prefix else { return nil }
            return ["properties"] + armPath.dropFirst(prefix.count)
        }
    }

    func value(_ node: JSONNode) -> ConfigValue { scope?.evaluate(node) ?? ConfigValue(literal: node) }

    /// The value at an ARM path, if this layer holds it. A value that is,
    /// or works out to, `null` or `""` is not set: the Azure CLI prints
    /// unset properties as null, and templates write optional settings as
    /// `""` or `[if(empty(x), null(), x)]`.
    func lookup(_ armPath: [String]) -> Observed? {
        guard let localPath = map(armPath), let found = walk(localPath) else { return nil }
        let spelled = found.spelled
        var resolved = value(found.node)
        var location = ConfigLocation(file: file, path: spelled, position: found.node.position)
        switch found.stop {
        case .expression(let offset):
            // An expression in the middle of the path (`siteConfig: "[variables('config')]"`).
            for rest in localPath[offset...] {
                guard let next = resolved[rest] else { return nil }
                resolved = next
            }
        case .end:
            if let own = spelledPaths[armPath.joined(separator: ".")] {
                location = ConfigLocation(file: file, path: own, position: found.node.position)
            }
        }
        if let uncertain { return Observed(.unknown(uncertain), at: location) }
        switch resolved {
        case .null, .string(""): return nil
        default: return Observed(resolved, at: location)
        }
    }

    private enum Stop {
        case end
        /// At an ARM expression, with the rest of the path from this offset.
        case expression(Int)
    }

    /// Follows a local path from this layer's node, and writes the JSON path
    /// as the file spells it.
    private func walk(_ localPath: [String]) -> (node: JSONNode, stop: Stop, spelled: String)? {
        var current = node
        var spelled = path
        for (offset, key) in localPath.enumerated() {
            // Terraform writes a block as a list of one.
            if case .array(let elements) = current.value, elements.count == 1 {
                current = elements[0]
                spelled += "[0]"
            }
            if case .string(let text) = current.value, ARMExpression.isExpression(text) {
                return (current, .expression(offset), spelled)
            }
            guard let next = current[key] else { return nil }
            spelled += "." + (current.spelling(of: key) ?? key)
            current = next
        }
        return (current, .end, spelled)
    }
}

/// The layers of one resource; a later layer wins (a `sites/config` child
/// is applied after the site, `az functionapp config show` after `show`).
public struct Layers {
    public var layers: [PropertyLayer] = []

    public init(_ layers: [PropertyLayer] = []) { self.layers = layers }

    public var isEmpty: Bool { layers.isEmpty }

    public subscript(path: String) -> Observed? {
        let parts = path.split(separator: ".").map(String.init)
        for layer in layers.reversed() {
            if let found = layer.lookup(parts) { return found }
        }
        return nil
    }

    /// Where the resource itself is (defaults are reported here).
    public var location: ConfigLocation? {
        layers.first.map { ConfigLocation(file: $0.file, path: $0.path, position: $0.node.position) }
    }
}

/// Application settings by name (names compare ignoring case, as App
/// Service does). `complete` is false when part of the collection is an
/// expression fnharden can't resolve: a setting missing then is unknown,
/// not absent.
public struct AppSettings: Sendable {
    public var entries: [(name: String, value: Observed)] = []
    public var complete = true
    /// Where the collection is written (absent settings are reported here).
    public var location: ConfigLocation?
    /// The expression that made the collection incomplete.
    public var unresolved: Observed?

    public init() {}

    public subscript(name: String) -> Observed? {
        entries.last { $0.name.equalsIgnoringCase(name) }?.value
    }

    /// Settings whose name starts with `prefix` (`AzureWebJobsStorage__`).
    public func named(prefix: String) -> [(name: String, value: Observed)] {
        let folded = prefix.lowercased()
        return entries.filter { $0.name.lowercased().hasPrefix(folded) }
    }

    public mutating func set(_ name: String, _ value: Observed) {
        entries.removeAll { $0.name.equalsIgnoringCase(name) }
        entries.append((name, value))
    }
}

/// One function app as its sources describe it: the site and the
/// resources around it, each in ARM's shape whatever the source format.
public struct FunctionApp {
    /// The app's name; unknown when the template computes it at deployment.
    public var name: Observed
    public var site: Layers
    /// The App Service plan (`sku.name`, `sku.tier`, `properties.reserved`).
    public var plan = Layers()
    /// How the plan was found (nil: by the site's `serverFarmId`).
    public var planNote: String?
    /// The App Service Environment the site names (`hostingEnvironmentProfile`),
    /// when the sources hold it: its load balancer decides the app's ingress.
    public var environment = Layers()
    public var appSettings = AppSettings()
    public var ftpPolicy = Layers()
    public var scmPolicy = Layers()
    /// The host storage account(s), when the sources hold them.
    public var storage: [Layers] = []
    public var privateEndpoints: [ConfigLocation] = []
    /// `sites/networkConfig` (regional VNet integration, older form).
    public var networkConfig = Layers()
    /// `authLevel` of each HTTP-triggered function defined in the sources.
    public var httpFunctions: [Observed] = []
    /// `sites/config` authsettingsV2 (or the older authsettings).
    public var authentication = Layers()
    public var diagnostics: [ConfigLocation] = []
    /// Microsoft.Security/pricings for App Service, when present.
    public var defender: Observed?
    /// `sites/extensions` MSDeploy / zipdeploy (code deployed by the template).
    public var zipDeploy: ConfigLocation?
    /// The kind of source: arm, azure-cli, terraform.
    public var format: String
    /// Things the reader noticed that the answers can't hold (slots, copy loops).
    public var notes: [AppNote] = []
    /// False when the sources don't hold the site's configuration at all: the
    /// Azure CLI's `functionapp show` prints `siteConfig` empty, so its
    /// settings are unknown until `functionapp config show` is given (a
    /// template, by contrast, that leaves one out leaves the default).
    public var siteConfigInSources = true
    /// The evaluation of the template the app comes from: whether its
    /// limits made a value unknown, and where.
    public var evaluation: ARMFile?
    /// False when the sources hold only parts of the site (a `config/web`
    /// body, an app settings list) and not the site itself: its own
    /// properties (httpsOnly, identity, kind) are unknown, not defaults.
    public var siteInSources = true
    /// False when the basic-auth policies can't be in the sources (Azure CLI
    /// output without `az resource show` of the policies).
    public var policiesInSources = true

    public init(name: Observed, site: Layers, format: String) {
        self.name = name
        self.site = site
        self.format = format
    }

}

/// Something the reader noticed about an app that the answers can't hold:
/// `audit.warnings.<key>` says it, with these arguments.
public struct AppNote: Sendable {
    public let key: String
    public let arguments: [String: String]
    public let location: ConfigLocation
}
