import FNHardenCore
import Foundation

/// The configuration sources named on the command line, read and sorted
/// into function apps.
public enum AuditSources {
    /// Larger than any template people write by hand; a generated template
    /// of a thousand apps is 2.5 MB.
    public static let maximumSize = 64 * 1_048_576

    public struct Loaded {
        public let apps: [FunctionApp]
        /// A name for each app whose own can't be worked out (from the file name).
        public let fallbackNames: [String]
        /// What Azure Policy reports about the apps; nil when no policy-state
        /// file was read (empty when one was, holding no state).
        public var policyStates: [PolicyState]?
    }

    public static func read(
        _ paths: [String], knowledgeBase kb: KnowledgeBase
    ) -> (loaded: Loaded?, problems: [Diagnostic]) {
        var apps: [FunctionApp] = []
        var fallbacks: [String] = []
        var problems: [Diagnostic] = []
        var cli = AzureCLIReader()
        var cliFiles: [String] = []
        var states: [PolicyState] = []
        var stateFiles: [String] = []
        for path in paths {
            let name = path == "-" ? "<stdin>" : path
            switch parse(path) {
            case .failure(let problem):
                problems.append(problem.diagnostic)
            case .success(let root):
                switch classify(root, file: name, knowledgeBase: kb, cli: &cli) {
                case .apps(let found):
                    apps += found
                    fallbacks += fallbackNames(path == "-" ? "stdin" : path, count: found.count)
                case .cli:
                    cliFiles.append(name)
                case .policyStates(let found, let morePages):
                    states += found
                    stateFiles.append(name)
                    if morePages {
                        problems.append(
                            Diagnostic(
                                file: name, position: root.position, severity: .warning,
                                message: Message("errors.audit.states-paged")))
                    }
                case .problem(let diagnostic):
                    problems.append(diagnostic)
                }
            }
        }
        if !cliFiles.isEmpty {
            switch cli.functionApps() {
            case .success(let found):
                apps += found
                fallbacks += fallbackNames(cliFiles[0], count: found.count)
            case .failure(let message):
                problems.append(Diagnostic(file: cliFiles.joined(separator: ", "), position: nil, message: message))
            }
        }
        if !problems.contains(where: { $0.severity == .error }) && apps.isEmpty {
            // Policy states say what a definition thinks of an app, not how it is configured.
            let key = stateFiles.isEmpty ? "errors.audit.no-apps" : "errors.audit.states-only"
            problems.append(Diagnostic(file: paths.joined(separator: ", "), position: nil, message: Message(key)))
        }
        guard !problems.contains(where: { $0.severity == .error }) else { return (nil, problems) }
        var loaded = Loaded(apps: apps, fallbackNames: fallbacks)
        if !stateFiles.isEmpty { loaded.policyStates = states }
        return (loaded, problems)
    }

    enum Classified {
        case apps([FunctionApp])
        /// Azure CLI output, kept in the reader until all files are read.
        case cli
        /// Azure Policy's states of the apps' resources.
        /// `morePages`: the response names a next page, which isn't read.
        case policyStates([PolicyState], morePages: Bool)
        case problem(Diagnostic)
    }

    /// One parsed document: a template's or a plan's apps, or Azure CLI output.
    static func classify(
        _ root: JSONNode, file: String, knowledgeBase kb: KnowledgeBase,
        cli: inout AzureCLIReader
    ) -> Classified {
        if ARMTemplateReader.isTemplate(root) {
            return .apps(ARMTemplateReader(template: root, file: file).functionApps())
        }
        if TerraformPlanReader.recognises(root) {
            return .apps(TerraformPlanReader(root, file: file, settings: kb.snippets.settings).functionApps())
        }
        // Before the Azure CLI's shapes: a list of states is also a list of objects with ids.
        if PolicyStateReader.recognises(root) {
            let next = root["@odata.nextLink"]?.string ?? root["nextLink"]?.string ?? ""
            return .policyStates(PolicyStateReader.states(in: root, file: file), morePages: !next.isEmpty)
        }
        if AzureCLIReader.recognises(root) {
            cli.add(root, file: file)
            return .cli
        }
        return .problem(
            Diagnostic(file: file, position: root.position, message: Message("errors.audit.unknown-source")))
    }

    /// The apps in one document held in memory (the fuzzer's way in).
    public static func apps(in bytes: [UInt8], file: String, knowledgeBase kb: KnowledgeBase) -> [FunctionApp] {
        guard String(validating: bytes, as: UTF8.self) != nil,
            case .success(let root) = JSONReader.read(bytes, file: file)
        else {
            return []
        }
        var cli = AzureCLIReader()
        switch classify(root, file: file, knowledgeBase: kb, cli: &cli) {
        case .apps(let found): return found
        case .cli: return (try? cli.functionApps().get()) ?? []
        case .policyStates, .problem: return []
        }
    }

    static func parse(_ path: String) -> Result<JSONNode, SourceProblem> {
        let file = path == "-" ? "<stdin>" : path
        func fail(
            _ key: String, _ arguments: [String: String] = [:], at position: Position? = nil
        ) -> Result<JSONNode, SourceProblem> {
            .failure(SourceProblem(file: file, position: position, message: Message(key, arguments)))
        }
        // A file over the limit is refused unread; a pipe, once past it.
        if path != "-", let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int,
            size > maximumSize
        {
            return fail("errors.audit.too-large", ["size": String(size), "max": String(maximumSize)])
        }
        let data: Data
        switch BoundedRead.read(path, limit: maximumSize) {
        case .success(let read): data = read
        case .failure(.missing): return fail("errors.no-such-file")
        case .failure(.folder): return fail("errors.audit.is-folder")
        case .failure(.unreadable(let reason)): return fail("errors.unreadable", ["reason": reason])
        }
        guard data.count <= maximumSize else {
            return fail("errors.audit.too-large", ["size": String(data.count) + "+", "max": String(maximumSize)])
        }
        let bytes = [UInt8](data)
        if String(validating: bytes, as: UTF8.self) == nil {
            return fail("errors.not-utf8", at: AnswersReader.position(ofFirstInvalidByteIn: data))
        }
        return JSONReader.read(bytes, file: file)
    }

    /// A name for each of `count` apps of one file, from the file's name:
    /// `function-app-premium-plan.json` -> `function-app-premium-plan`, a
    /// valid app.name (letters, digits, hyphens; 2-60), numbered when the
    /// file holds several apps.
    static func fallbackNames(_ path: String, count: Int) -> [String] {
        let stem = ((path as NSString).lastPathComponent as NSString).deletingPathExtension.lowercased()
        var name = String(stem.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "-" })
        while name.contains("--") { name = name.replacingOccurrences(of: "--", with: "-") }
        let base = name.trimmingCharacters(in: CharacterSet(charactersIn: "-"))
        return (0..<count).map { index in
            let suffix = count > 1 ? "-\(index + 1)" : ""
            // Letters, digits and single hyphens: only a cut can leave one at the end.
            var name = String(base.prefix(60 - suffix.count))
            while name.hasSuffix("-") { name.removeLast() }
            if name.count < 2 { name = "app" }
            return name + suffix
        }
    }
}
