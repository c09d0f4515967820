/// `checklists/settings.yml` in memory: the settings that implement the
/// recommendations, described once for all four snippet dialects.
public struct SnippetCatalog: Sendable, Codable, Equatable {
    /// Resource type -> API version for ARM and Bicep.
    public let apiVersions: [String: String]
    /// Fixed values the writers need (DNS zone, log category, ...).
    public let constants: [String: String]
    public let inputs: [SnippetInput]
    public let settings: [Setting]
    /// Checkov checks the plan makes impossible to pass, skipped with a reason.
    public let checkovSkips: [CheckovSkip]
    /// Scope -> the arguments that name its resource on an `az` line.
    public let azcliScopes: [String: [ValueSpec]]

    public func input(_ id: String) -> SnippetInput? { inputs.first { $0.id == id } }
    public func apiVersion(_ type: String) -> String { apiVersions[type] ?? "" }
    public func constant(_ key: String) -> String { constants[key] ?? "" }
    /// The site's `kind` on a plan and OS, as the snippets write it and as
    /// policy rules read it.
    public func siteKind(plan: String, os: String) -> String {
        constant(
            plan == "container-apps"
                ? "site-kind-container-apps" : os == "linux" ? "site-kind-linux" : "site-kind-windows")
    }
    /// The settings that implement an item, in writing order.
    public func settings(for item: String) -> [Setting] { settings.filter { $0.item == item } }

}

/// A Checkov check skipped in the snippets when its condition holds.
public struct CheckovSkip: Sendable, Codable, Equatable {
    public let check: String
    /// site or app-settings.
    public let resource: String
    /// The locale key under snippets.skips that says why.
    public let reason: String
    public let when: Condition?
}

/// A value the snippets take from the person who applies them: a Bicep
/// `param`, an ARM parameter, a Terraform variable, a shell variable.
public struct SnippetInput: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable { case string, int, object }
    public let id: String
    public let kind: Kind
    /// The answer that gives its default, if any.
    public let answer: String?
    /// A fixed default (text), if any.
    public let defaultText: String?
    /// An extended regular expression a value must match (checked by the script).
    public let pattern: String?
    /// The least value of an int input.
    public let minimum: Int?
}

/// One configuration setting that implements a checklist item.
public struct Setting: Sendable, Codable, Equatable {
    public let id: String
    public let item: String
    public let when: Condition?
    public let requires: [String]
    /// Settings this one is never written beside: where one of them is
    /// written, this one isn't (access restrictions guard a public endpoint
    /// that public-access-off closes).
    public let notWith: [String]
    public let value: ValueSpec
    /// ARM and Bicep: the resource and property path.
    public let arm: Target?
    /// Terraform (azurerm, or azapi where azurerm has no argument).
    public let terraform: Target?
    public let azcli: AzureCLITarget?
    /// An application setting of this name (instead of paths).
    public let appSetting: String?
    /// An application setting this one replaces, to be taken out.
    public let removesAppSetting: String?
    /// The section of snippets-research.md behind it.
    public let research: Int

    public struct Target: Sendable, Codable, Equatable {
        /// site, basic-auth-ftp, basic-auth-scm, storage, private-endpoint,
        /// dns-zone-group, diagnostics; `azapi` for Terraform's fallback.
        public let resource: String
        public let path: String
        public let value: ValueSpec?
        /// Bicep: the property is missing from the published types (BCP037).
        public let bicepUnknown: Bool
        /// Terraform on Flex Consumption: `azapi` when the flex resource lacks it.
        public let flexFallback: String?
    }

    public static let resources = [
        "site", "basic-auth-ftp", "basic-auth-scm", "storage", "private-endpoint",
        "dns-zone-group", "diagnostics",
    ]
}

/// How a setting reads as an `az` command line.
public struct AzureCLITarget: Sendable, Codable, Equatable {
    public enum Form: Sendable, Equatable, Codable {
        /// `--flag VALUE` (merged with other flags of the same command).
        case flag(String)
        /// `--set PATH=VALUE` (merged).
        case set(String)
        /// One key of `--generic-configurations JSON` (merged).
        case generic(String)
        /// The value is the whole argument list of a command of its own.
        case arguments
    }
    public let command: String
    /// Which resource the command names (a key of settings.yml's azcli-scopes).
    public let scope: String
    public let form: Form
    public let value: ValueSpec?
}

/// A value as settings.yml describes it, before the answers are known.
public indirect enum ValueSpec: Sendable, Codable, Equatable {
    case literal(SnippetValue)
    case input(String)
    /// The answer when it is one of `keep`, else the fallback.
    case keep(answer: String, keep: [String], fallback: ValueSpec)
    /// The value for the answer's canonical text.
    case map(answer: String, cases: [String: ValueSpec])
    /// A list answer without some entries.
    case drop(answer: String, drop: [String])
    case list([ValueSpec])
    case object([Field])
    case block([Field])
    /// An object with one key, the input's value (user-assigned identities).
    case keyed(input: String, value: ValueSpec)
    /// Text followed by an input's value, as one argument (`x-azure-fdid=ID`).
    case prefixed(String, input: String)
    /// A name each dialect resolves its own way (`site-id`).
    case reference(String)
    /// No value of its own: each dialect gives one.
    case none

    /// A key and its value in an object or a block.
    public struct Field: Sendable, Codable, Equatable {
        public let key: String
        public let value: ValueSpec
    }

    /// Every input the value refers to, in order.
    public var inputs: [String] {
        switch self {
        case .input(let id), .prefixed(_, let id): return [id]
        case .keep(_, _, let fallback): return fallback.inputs
        case .map(_, let cases): return cases.keys.sorted().flatMap { cases[$0]?.inputs ?? [] }
        case .list(let values): return values.flatMap(\.inputs)
        case .object(let fields), .block(let fields): return fields.flatMap(\.value.inputs)
        case .keyed(let id, let value): return [id] + value.inputs
        case .literal, .drop, .reference, .none: return []
        }
    }

    /// Every answer key the value reads.
    public var answers: [String] {
        switch self {
        case .keep(let key, _, let fallback): return [key] + fallback.answers
        case .map(let key, let cases): return [key] + cases.values.flatMap(\.answers)
        case .drop(let key, _): return [key]
        case .list(let values): return values.flatMap(\.answers)
        case .object(let fields), .block(let fields): return fields.flatMap(\.value.answers)
        case .keyed(_, let value): return value.answers
        case .literal, .input, .prefixed, .reference, .none: return []
        }
    }
}

/// A value ready to write: literals, lists, objects and references to inputs.
public indirect enum SnippetValue: Sendable, Equatable, Codable {
    case bool(Bool)
    case int(Int)
    case string(String)
    case list([SnippetValue])
    /// An ARM/Bicep object, or a Terraform map/object attribute.
    case object([Field])
    /// A Terraform nested block.
    case block([Field])
    case input(String)
    case keyed(input: String, value: SnippetValue)
    case prefixed(String, input: String)
    /// A name the writer resolves in its own dialect (`site-id`, ...).
    case reference(String)

    public struct Field: Sendable, Equatable, Codable {
        public let key: String
        public let value: SnippetValue
        public init(_ key: String, _ value: SnippetValue) {
            self.key = key
            self.value = value
        }
    }

    /// An object, block or keyed object: written over several lines.
    public var isStructured: Bool {
        switch self {
        case .object, .block, .keyed: return true
        default: return false
        }
    }

    /// Every input referred to, in order of appearance.
    public var inputs: [String] {
        switch self {
        case .input(let id), .prefixed(_, let id): return [id]
        case .list(let values): return values.flatMap(\.inputs)
        case .object(let fields), .block(let fields): return fields.flatMap(\.value.inputs)
        case .keyed(let id, let value): return [id] + value.inputs
        case .bool, .int, .string, .reference: return []
        }
    }
}
