import FNHardenAudit
import FNHardenCore
import FNHardenData
import FNHardenL10n
import FNHardenRender
import Foundation
import Testing

/// Paths, the knowledge base and a way to run the built binary as a user does.
enum Harness {
    static let testsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let packageRoot = testsFolder.deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = testsFolder.appendingPathComponent("Fixtures")
    static let snapshots = testsFolder.appendingPathComponent("Snapshots")

    /// The shared references beside the clone (`../shared`): Microsoft's
    /// article and quickstart templates, other authors' templates, the SARIF
    /// schema. They are not copied into this repository, so a test that
    /// needs one fails, rather than passes unchecked, when it is missing.
    static func shared(_ relative: String) throws -> URL {
        let url = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/" + relative)
        try #require(
            FileManager.default.fileExists(atPath: url.path),
            "../shared/\(relative) is missing: the tests read the shared references beside the clone")
        return url
    }

    /// The repository's checklists/ and locales/, as YAML (the binary has them compiled).
    static let data = DirectoryDataSource(root: packageRoot)

    /// The knowledge base, loaded once for all tests.
    static let kb: KnowledgeBase = {
        do { return try KnowledgeBaseLoader.load(from: Harness.data) } catch {
            Issue.record("the embedded knowledge base does not load: \(error)")
            preconditionFailure("knowledge base: \(error)")
        }
    }()

    /// checklists/audit.yml, loaded once.
    static let auditKnowledge: AuditKnowledge = {
        do { return try AuditKnowledge.load(from: Harness.data, knowledgeBase: kb) } catch {
            preconditionFailure("audit knowledge: \(error)")
        }
    }()

    static let english: Localizer = {
        do { return try Localizer.load(language: "en", from: Harness.data) } catch {
            preconditionFailure("locale: \(error)")
        }
    }()

    /// Answers from YAML text; records the diagnostics as a test issue when
    /// `expectValid` and the text has errors.
    static func answers(_ yaml: String, expectValid: Bool = true) -> AnswersLoader.Result {
        let result = AnswersLoader.load(Data(yaml.utf8), file: "test.yaml", knowledgeBase: kb)
        if expectValid && result.answers == nil {
            Issue.record("answers rejected: \(result.diagnostics.map(\.message))")
        }
        return result
    }

    /// Answers from a flat map of answer ids (as examples in the knowledge base).
    static func answers(_ flat: [String: AnswerValue], name: String = "example-app") -> AnswersLoader.Result {
        var values = flat
        values["app.name"] = values["app.name"] ?? .text(name)
        let (resolved, diagnostics) = AnswerResolver.resolve(
            AnswerSet(values: values), knowledgeBase: kb, file: "example")
        return AnswersLoader.Result(answers: diagnostics.hasErrors ? nil : resolved, diagnostics: diagnostics)
    }

    static func checklist(_ yaml: String) -> Checklist? {
        answers(yaml).answers.map { ChecklistEvaluator.evaluate($0, knowledgeBase: kb) }
    }

    // MARK: - The binary

    /// The `fnharden` built beside the test bundle.
    static var binary: URL {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("fnharden")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return packageRoot.appendingPathComponent(".build/debug/fnharden")
    }

    struct Run {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// Runs the binary with the given arguments, working folder, standard
    /// input and environment additions. Output goes through files, not pipes,
    /// so large output can't deadlock.
    static func run(
        _ arguments: [String], in folder: URL? = nil, stdin: String? = nil,
        environment: [String: String] = [:], executable: URL? = nil
    ) throws -> Run {
        let scratch = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("out")
        let errURL = scratch.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let process = Process()
        process.executableURL = executable ?? binary
        process.arguments = arguments
        process.currentDirectoryURL = folder ?? scratch
        var env = ProcessInfo.processInfo.environment
        for key in ["FNHARDEN_LANG", "FNHARDEN_DATA_DIR", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "NO_COLOR"] {
            env[key] = nil
        }
        env["LANG"] = "C.UTF-8"
        env.merge(environment) { _, new in new }
        process.environment = env
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        if let stdin {
            let inURL = scratch.appendingPathComponent("in")
            try Data(stdin.utf8).write(to: inURL)
            process.standardInput = try FileHandle(forReadingFrom: inURL)
        } else {
            process.standardInput = FileHandle(forReadingAtPath: "/dev/null")
        }
        try process.run()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus,
            stdout: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "")
    }

    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("fnharden-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func read(_ url: URL) -> String { (try? String(contentsOf: url, encoding: .utf8)) ?? "" }

    /// Compares with a golden file in Snapshots/; records it when missing or
    /// when RECORD_SNAPSHOTS is set (and fails then, so a recording is
    /// always looked at before it is committed).
    static func assertSnapshot(_ actual: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation)
    {
        let url = snapshots.appendingPathComponent(name)
        let recording = ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] != nil
        guard !recording, let expected = try? String(contentsOf: url, encoding: .utf8) else {
            try? FileManager.default.createDirectory(at: snapshots, withIntermediateDirectories: true)
            try? Data(actual.utf8).write(to: url)
            Issue.record("recorded snapshot \(name); read it, then run the tests again", sourceLocation: sourceLocation)
            return
        }
        #expect(
            actual == expected, "differs from Snapshots/\(name); RECORD_SNAPSHOTS=1 re-records",
            sourceLocation: sourceLocation)
    }

    /// Every file under `folder`, by relative path, with its bytes.
    static func files(in folder: URL) -> [String: Data] {
        var files: [String: Data] = [:]
        for path in FileManager.default.subpaths(atPath: folder.path) ?? [] {
            var isFolder: ObjCBool = false
            let url = folder.appendingPathComponent(path)
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), !isFolder.boolValue {
                files[path] = FileManager.default.contents(atPath: url.path)
            }
        }
        return files
    }

    /// A python with the test tools (pymarkdownlnt, jsonschema), set up by Tests/run.sh.
    static var python: String? {
        if let configured = ProcessInfo.processInfo.environment["FNHARDEN_TEST_PYTHON"], !configured.isEmpty {
            return configured
        }
        let local = packageRoot.appendingPathComponent(".build/test-tools/bin/python").path
        return FileManager.default.isExecutableFile(atPath: local) ? local : nil
    }

    /// In CI the external tools must be there: a missing tool fails, never skips.
    static var externalToolsExpected: Bool {
        python != nil || ProcessInfo.processInfo.environment["CI"] != nil
    }
}

extension Checklist {
    func entry(_ id: String) -> Checklist.Entry? { entries.first { $0.item.id == id } }
    func status(_ id: String) -> Status? { entry(id)?.status }
}

/// ARM templates of N function apps for the tests: a shared Elastic Premium
/// plan, and per app a storage account, a site whose settings vary with its
/// index (HTTPS, TLS, FTP, identity, CORS, remote debugging, public access),
/// the two basic-auth policies and an app-settings child. (The benchmarks
/// have their own generator; the tests don't depend on its output.)
enum TestTemplates {
    static func apps(_ count: Int) -> String {
        var resources: [JSONValue] = [
            .object([
                "type": .string("Microsoft.Web/serverfarms"), "apiVersion": .string("2024-04-01"),
                "name": .string("plan-bench"),
                "location": .string("[parameters('location')]"),
                "sku": .object(["name": .string("EP1"), "tier": .string("ElasticPremium")]),
                "kind": .string("elastic"), "properties": .object(["reserved": .bool(false)]),
            ])
        ]
        for index in 1...max(count, 1) { resources += app(index) }
        let template = JSONValue.object([
            "$schema": .string("https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"),
            "contentVersion": .string("1.0.0.0"),
            "parameters": .object([
                "location": .object(["type": .string("string"), "defaultValue": .string("westeurope")])
            ]),
            "resources": .array(resources),
        ])
        return JSONOutput.encode(template)
    }

    private static func app(_ index: Int) -> [JSONValue] {
        let name = String(format: "func-bench-%04d", index)
        let storage = String(format: "stbench%04d", index)
        let siteID = JSONValue.string("[resourceId('Microsoft.Web/sites', '\(name)')]")
        let odd = index % 2 == 1
        var properties: JSONObject = [
            "serverFarmId": .string("[resourceId('Microsoft.Web/serverfarms', 'plan-bench')]"),
            "reserved": .bool(index % 3 == 0), "httpsOnly": .bool(odd),
            "publicNetworkAccess": .string(index % 5 == 0 ? "Disabled" : "Enabled"),
            "siteConfig": .object([
                "minTlsVersion": .string(odd ? "1.2" : "1.0"),
                "ftpsState": .string(["Disabled", "FtpsOnly", "AllAllowed"][index % 3]),
                "remoteDebuggingEnabled": .bool(index % 7 == 0),
                "cors": .object(["allowedOrigins": .array([.string(index % 4 == 0 ? "*" : "https://portal.azure.com")])]
                ),
            ]),
        ]
        // Apps whose storage denies the internet reach it through their VNet.
        if odd {
            properties["virtualNetworkSubnetId"] = .string(
                "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet-bench/subnets/apps"
            )
        }
        let settings: JSONObject =
            odd
            ? [
                "FUNCTIONS_EXTENSION_VERSION": .string("~4"), "FUNCTIONS_WORKER_RUNTIME": .string("dotnet-isolated"),
                "AzureWebJobsStorage__accountName": .string(storage),
            ]
            : [
                "FUNCTIONS_EXTENSION_VERSION": .string("~4"), "FUNCTIONS_WORKER_RUNTIME": .string("node"),
                "AzureWebJobsStorage": .string(
                    "[format('DefaultEndpointsProtocol=https;AccountName=\(storage);AccountKey={0}', "
                        + "listKeys(resourceId('Microsoft.Storage/storageAccounts', '\(storage)'), '2023-05-01').keys[0].value)]"
                ),
            ]
        func policy(_ kind: String) -> JSONValue {
            .object([
                "type": .string("Microsoft.Web/sites/basicPublishingCredentialsPolicies"),
                "apiVersion": .string("2024-04-01"),
                "name": .string("\(name)/\(kind)"), "dependsOn": .array([siteID]),
                "properties": .object(["allow": .bool(!odd)]),
            ])
        }
        return [
            .object([
                "type": .string("Microsoft.Storage/storageAccounts"), "apiVersion": .string("2023-05-01"),
                "name": .string(storage),
                "location": .string("[parameters('location')]"), "kind": .string("StorageV2"),
                "sku": .object(["name": .string("Standard_LRS")]),
                "properties": .object([
                    "minimumTlsVersion": .string("TLS1_2"), "supportsHttpsTrafficOnly": .bool(true),
                    "allowBlobPublicAccess": .bool(false),
                    "networkAcls": .object([
                        "defaultAction": .string(odd ? "Deny" : "Allow"), "bypass": .string("AzureServices"),
                    ]),
                ]),
            ]),
            .object([
                "type": .string("Microsoft.Web/sites"), "apiVersion": .string("2024-04-01"), "name": .string(name),
                "location": .string("[parameters('location')]"),
                "kind": .string(index % 3 == 0 ? "functionapp,linux" : "functionapp"),
                "identity": .object(["type": .string(odd ? "SystemAssigned" : "None")]),
                "dependsOn": .array([
                    .string("[resourceId('Microsoft.Web/serverfarms', 'plan-bench')]"),
                    .string("[resourceId('Microsoft.Storage/storageAccounts', '\(storage)')]"),
                ]),
                "properties": .object(properties),
            ]),
            policy("ftp"), policy("scm"),
            .object([
                "type": .string("Microsoft.Web/sites/config"), "apiVersion": .string("2024-04-01"),
                "name": .string("\(name)/appsettings"), "dependsOn": .array([siteID]), "properties": .object(settings),
            ]),
        ]
    }
}

/// A small deterministic generator (SplitMix64), so a failure can be replayed.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}
