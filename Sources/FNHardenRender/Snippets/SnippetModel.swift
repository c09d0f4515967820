import FNHardenCore
import FNHardenL10n

/// The four snippet files: Bicep, an ARM template, Terraform and an Azure CLI script.
public enum SnippetDialect: String, CaseIterable, Sendable {
    case bicep, arm, terraform, azcli

    public var file: String {
        switch self {
        case .bicep: return "snippets/main.bicep"
        case .arm: return "snippets/azuredeploy.json"
        case .terraform: return "snippets/main.tf"
        case .azcli: return "snippets/harden.sh"
        }
    }

    /// The dialect's snippet for a plan, its text from `l10n`.
    public func render(_ plan: SnippetPlan, localizer l10n: Localizer) -> RenderedSnippet {
        switch self {
        case .bicep: return BicepSnippet(localizer: l10n).render(plan)
        case .arm: return ARMSnippet(localizer: l10n).render(plan)
        case .terraform: return TerraformSnippet(localizer: l10n).render(plan)
        case .azcli: return ShellSnippet(localizer: l10n).render(plan)
        }
    }
}

/// One written snippet file and, for each item, the lines that implement it.
public struct RenderedSnippet: Sendable {
    public let dialect: SnippetDialect
    public let text: String
    public let lines: [String: [ClosedRange<Int>]]

    /// Only the lines of one item, for `explain`, without their common indentation.
    public func fragment(of item: String) -> String {
        let all = text.split(separator: "\n", omittingEmptySubsequences: false)
        let picked = (lines[item] ?? []).flatMap { range in range.map { String(all[$0 - 1]) } }
        let indent = picked.filter { !$0.isEmpty }.map { $0.prefix { $0 == " " }.count }.min() ?? 0
        return picked.map { String($0.dropFirst(min(indent, $0.count))) }.joined(separator: "\n")
    }
}

/// Text built line by line, each line tagged with the items it implements,
/// so the checklist can link an item to its lines.
struct SnippetLines {
    private(set) var lines: [String] = []
    private var tags: [[String]] = []

    mutating func add(_ line: String, items: [String] = []) {
        lines.append(line)
        tags.append(items)
    }

    /// Appends `other`, every line of it also tagged with `items`.
    mutating func add(contentsOf other: SnippetLines, alsoTagging items: [String] = []) {
        lines += other.lines
        tags += other.tags.map { ($0 + items).uniqued() }
    }

    func rendered(_ dialect: SnippetDialect) -> RenderedSnippet {
        var ranges: [String: [ClosedRange<Int>]] = [:]
        for (index, items) in tags.enumerated() {
            let line = index + 1
            for item in items {
                if let last = ranges[item]?.last, last.upperBound == line - 1 {
                    ranges[item]![ranges[item]!.count - 1] = last.lowerBound...line
                } else {
                    ranges[item, default: []].append(line...line)
                }
            }
        }
        return RenderedSnippet(dialect: dialect, text: lines.joined(separator: "\n") + "\n", lines: ranges)
    }
}

/// Input names per dialect, derived from the kebab-case id.
enum InputName {
    static func camel(_ id: String) -> String {
        let parts = id.split(separator: "-")
        return parts.enumerated().map { index, part in
            index == 0 ? String(part) : part.prefix(1).uppercased() + part.dropFirst()
        }.joined()
    }

    static func snake(_ id: String) -> String { id.replacingEvery("-", with: "_") }

    /// `APP_NAME` for `app-name`.
    static func shell(_ id: String) -> String { snake(id).uppercased() }
}

/// A property tree of one resource: ordered keys, values tagged with the
/// setting that put them there (nil for the resource's own skeleton).
struct PropertyTree {
    indirect enum Node {
        case value(SnippetValue, PlannedSetting?)
        case tree(PropertyTree)
        case list([(SnippetValue, PlannedSetting?)])
    }

    private(set) var entries: [(key: String, node: Node)] = []

    var isEmpty: Bool { entries.isEmpty }

    /// Sets a dotted path; a last part ending in `[]` appends to a list.
    mutating func set(_ path: String, _ value: SnippetValue, _ setting: PlannedSetting? = nil) {
        set(path.split(separator: ".").map(String.init)[...], value, setting)
    }

    private mutating func set(_ path: ArraySlice<String>, _ value: SnippetValue, _ setting: PlannedSetting?) {
        guard let head = path.first else { return }
        let index = entries.firstIndex { $0.key == head.replacingEvery("[]", with: "") }
        if path.count == 1 {
            if head.hasSuffix("[]") {
                let key = String(head.dropLast(2))
                if let index, case .list(let values) = entries[index].node {
                    entries[index].node = .list(values + [(value, setting)])
                } else {
                    entries.append((key, .list([(value, setting)])))
                }
            } else if let index {
                entries[index].node = .value(value, setting)
            } else {
                entries.append((head, .value(value, setting)))
            }
            return
        }
        var child = PropertyTree()
        if let index, case .tree(let existing) = entries[index].node { child = existing }
        child.set(path.dropFirst(), value, setting)
        if let index { entries[index].node = .tree(child) } else { entries.append((head, .tree(child))) }
    }

    /// Every value somewhere below, for the inputs they refer to.
    var values: [SnippetValue] {
        entries.flatMap { entry -> [SnippetValue] in
            switch entry.node {
            case .value(let value, _): return [value]
            case .list(let values): return values.map(\.0)
            case .tree(let tree): return tree.values
            }
        }
    }

    /// Every setting somewhere below, for tagging a block's lines.
    var settings: [PlannedSetting] {
        entries.flatMap { entry -> [PlannedSetting] in
            switch entry.node {
            case .value(_, let setting): return setting.map { [$0] } ?? []
            case .list(let values): return values.compactMap(\.1)
            case .tree(let tree): return tree.settings
            }
        }
    }
}

/// A resource written only for one item's settings (a publishing policy,
/// a private endpoint, a diagnostic setting) belongs to that item whole.
func soleItem(_ settings: [PlannedSetting], resource: String) -> [String] {
    let items = settings.map(\.item).uniqued()
    return resource != "site" && items.count == 1 ? items : []
}

/// The comment beside a setting: its item and status, "verify" when unsure.
func settingNote(_ setting: PlannedSetting) -> String {
    setting.item + " [" + setting.status.rawValue + (setting.verify ? ", verify" : "") + "]"
}

func settingNote(_ settings: [PlannedSetting]) -> String {
    var seen: Set<String> = []
    return settings.filter { seen.insert($0.item).inserted }.map(settingNote).joined(separator: ", ")
}
