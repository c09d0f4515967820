import FNHardenCore

/// Reads what the Azure CLI prints about existing apps and joins the pieces
/// of one app by its resource id: `az functionapp show` (or `list`),
/// `az functionapp config show`, `az functionapp config appsettings list`,
/// `az resource show` for `basicPublishingCredentialsPolicies` (or any other
/// resource, which prints ARM's shape with `properties`), and
/// `az appservice plan show`. The CLI prints a resource's properties at the
/// top level; each layer maps ARM's paths onto that shape.
struct AzureCLIReader {
    private struct Site {
        var name: Observed
        var site = Layers()
        var ftp = Layers()
        var scm = Layers()
        var settings: AppSettings?
        var planID: String?
        var hasConfig = false
        /// The site's own body was given, not only its children.
        var hasSite = false
    }

    private var sites: [String: Site] = [:]
    private var order: [String] = []
    private var plans: [String: Layers] = [:]
    private var looseSettings: [AppSettings] = []

    /// True when the document looks like Azure CLI output.
    static func recognises(_ root: JSONNode) -> Bool {
        if isSettingsList(root) { return true }
        // A resource id, or (where a portal view scrubbed the id) a site's name.
        let objects = root.isObject ? [root] : root.elements
        return !objects.isEmpty
            && objects.allSatisfy {
                $0["type"]?.string != nil
                    && ($0["id"]?.string?.hasPrefix("/subscriptions/") == true || siteNameWithoutID($0) != nil)
            }
    }

    static func isSettingsList(_ root: JSONNode) -> Bool {
        guard case .array(let elements) = root.value else { return false }
        return elements.allSatisfy { $0["name"]?.string != nil && $0["value"] != nil && $0["id"] == nil }
    }

    mutating func add(_ root: JSONNode, file: String) {
        if Self.isSettingsList(root) {
            var settings = AppSettings()
            settings.location = ConfigLocation(file: file, path: "$", position: root.position)
            for (offset, element) in root.elements.enumerated() {
                guard let name = element["name"]?.string, let value = element["value"] else { continue }
                settings.set(
                    name,
                    Observed(
                        ConfigValue(literal: value),
                        at: ConfigLocation(file: file, path: "$[\(offset)].value", position: value.position)))
            }
            looseSettings.append(settings)
            return
        }
        if root.isObject {
            addResource(root, file: file, path: "$")
        } else {
            for (offset, element) in root.elements.enumerated() {
                addResource(element, file: file, path: "$[\(offset)]")
            }
        }
    }

    /// `sites` right after `Microsoft.Web` (a resource group may be named `sites`).
    static func isSites(_ parts: [Substring], at index: Int) -> Bool {
        index > 0 && parts[index].lowercased() == "sites" && parts[index - 1].lowercased() == "microsoft.web"
    }

    /// The name of a site whose body has no usable id.
    static func siteNameWithoutID(_ node: JSONNode) -> String? {
        guard node["type"]?.string?.lowercased() == "microsoft.web/sites" else { return nil }
        return node["name"]?.string?.lowercased()
    }

    /// `/subscriptions/…/providers/Microsoft.Web/sites/NAME/...` -> NAME (lower-cased).
    static func siteName(inID id: String) -> String? {
        let parts = id.split(separator: "/")
        guard let index = parts.indices.first(where: { Self.isSites(parts, at: $0) }), index + 1 < parts.count
        else { return nil }
        return parts[index + 1].lowercased()
    }

    /// A child's type from its id (`…/sites/app/config/web` ->
    /// `microsoft.web/sites/config`): some bodies (a `config/web` GET among
    /// them) say `Microsoft.Web/sites` in `type` whatever they are.
    static func type(ofID id: String, stated: String) -> String {
        let parts = id.split(separator: "/")
        guard let index = parts.indices.first(where: { Self.isSites(parts, at: $0) }), index + 2 < parts.count
        else { return stated }
        return "microsoft.web/sites/" + parts[index + 2].lowercased()
    }

    private mutating func addResource(_ node: JSONNode, file: String, path: String) {
        guard let stated = node["type"]?.string?.lowercased() else { return }
        let id = node["id"]?.string ?? ""
        let type = Self.type(ofID: id, stated: stated)
        let shaped = node["properties"]?.isObject == true
        switch type {
        case "microsoft.web/serverfarms":
            let layer = PropertyLayer(
                file: file, node: node, path: path, scope: nil,
                map: Self.layout(shaped: shaped))
            plans[id.split(separator: "/").last.map { $0.lowercased() } ?? id] = Layers([layer])
            return
        default:
            break
        }
        guard let key = Self.siteName(inID: id) ?? Self.siteNameWithoutID(node) else { return }
        if sites[key] == nil {
            var name = Observed(
                .string(key), at: ConfigLocation(file: file, path: path + ".id", position: node.position))
            // A child's name is `app/child`; the site's own is the app's.
            if type == "microsoft.web/sites", let nameNode = node["name"], let text = nameNode.string {
                name = Observed(
                    .string(text), at: ConfigLocation(file: file, path: path + ".name", position: nameNode.position))
            }
            sites[key] = Site(name: name)
            order.append(key)
        }
        let childName = id.split(separator: "/").last.map { $0.lowercased() } ?? ""
        switch type {
        case "microsoft.web/sites":
            sites[key]?.hasSite = true
            sites[key]?.site.layers.insert(
                PropertyLayer(
                    file: file, node: node, path: path, scope: nil,
                    map: Self.layout(shaped: shaped)), at: 0)
            if let nameNode = node["name"], let text = nameNode.string {
                sites[key]?.name = Observed(
                    .string(text),
                    at: ConfigLocation(
                        file: file, path: path + ".name",
                        position: nameNode.position))
            }
            sites[key]?.planID = (shaped ? node["properties"]?["serverFarmId"] : node["serverFarmId"])?.string
        case "microsoft.web/sites/config":
            if childName == "appsettings", let properties = node["properties"] {
                var settings = AppSettings()
                settings.location = ConfigLocation(
                    file: file, path: path + ".properties", position: properties.position)
                for member in properties.members {
                    settings.set(
                        member.key,
                        Observed(
                            ConfigValue(literal: member.value),
                            at: ConfigLocation(
                                file: file, path: path + ".properties." + member.key, position: member.value.position)))
                }
                sites[key]?.settings = settings
            } else if shaped {
                sites[key]?.hasConfig = true
                sites[key]?.site.layers.append(
                    .properties(
                        of: node, file: file, path: path, scope: nil,
                        standingFor: ["properties", "siteConfig"]))
            } else {
                // `az functionapp config show` prints siteConfig's fields at the top.
                sites[key]?.hasConfig = true
                sites[key]?.site.layers.append(
                    PropertyLayer(file: file, node: node, path: path, scope: nil) { armPath in
                        guard armPath.count > 2, armPath[0] == "properties", armPath[1] == "siteConfig" else {
                            return nil
                        }
                        return Array(armPath.dropFirst(2))
                    })
            }
        case "microsoft.web/sites/basicpublishingcredentialspolicies":
            let layer = PropertyLayer(file: file, node: node, path: path, scope: nil, map: Self.layout(shaped: shaped))
            if childName == "ftp" { sites[key]?.ftp.layers.append(layer) }
            if childName == "scm" { sites[key]?.scm.layers.append(layer) }
        default:
            break
        }
    }

    /// How a layer's paths map to ARM's: as they are (REST bodies, `az
    /// resource show`), or the CLI's flattened shape.
    static func layout(shaped: Bool) -> ([String]) -> [String]? {
        if shaped { return { path in path } }
        return { path in flattened(path) }
    }

    /// The CLI's flattened shape: top-level fields are ARM's `properties.*`,
    /// except the resource's own fields.
    static func flattened(_ armPath: [String]) -> [String]? {
        guard let first = armPath.first else { return nil }
        if ["kind", "name", "location", "identity", "sku", "id", "type", "tags"].contains(first) { return armPath }
        guard first == "properties", armPath.count > 1 else { return nil }
        return Array(armPath.dropFirst())
    }

    /// The apps, or a problem: settings that can't be told apart.
    func functionApps() -> Result<[FunctionApp], Message> {
        if !looseSettings.isEmpty && order.count > 1 { return .failure(Message("errors.audit.settings-ambiguous")) }
        var sites = sites
        var order = order
        if let settings = looseSettings.last, order.isEmpty {
            // A settings list alone: an app known only by its settings.
            let location = settings.location ?? ConfigLocation(file: "", path: "$", position: nil)
            sites[""] = Site(name: Observed(.unknown("name"), at: location))
            order = [""]
        }
        let apps = order.compactMap { key -> FunctionApp? in
            guard let site = sites[key] else { return nil }
            if let kind = site.site["kind"]?.value.text?.lowercased(),
                !kind.contains("functionapp") || kind.contains("workflowapp")
            {
                return nil
            }
            var app = FunctionApp(name: site.name, site: site.site, format: "azure-cli")
            app.ftpPolicy = site.ftp
            app.scmPolicy = site.scm
            app.siteInSources = site.hasSite
            app.siteConfigInSources = site.hasConfig
            app.policiesInSources = !site.ftp.isEmpty || !site.scm.isEmpty
            if let settings = site.settings ?? looseSettings.last {
                app.appSettings = settings
            } else {
                // Without the settings list nothing is known about the settings.
                app.appSettings.complete = false
            }
            if let planID = site.planID,
                let plan = plans[planID.split(separator: "/").last.map { $0.lowercased() } ?? ""]
            {
                app.plan = plan
            }
            return app
        }
        return .success(apps)
    }
}
