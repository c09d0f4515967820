import FNHardenCore
import FNHardenData
import FNHardenL10n
import Foundation
import Testing

/// The knowledge base is complete, traced to the seed, and fully worded.
struct KnowledgeBaseTests {
    let kb = Harness.kb
    /// "Securing Azure Functions", the article every item cites.
    let seed: String

    init() throws {
        seed = Harness.read(try Harness.shared("seed/000_51aae70bdcbf8751.txt"))
        try #require(!seed.isEmpty)
    }

    /// The answers format's specification lists every question, with no
    /// key that isn't one.
    @Test func theAnswersFormatListsEveryQuestion() {
        let specification = Harness.read(Harness.packageRoot.appendingPathComponent("checklists/answers-format.md"))
        let listed = Set(
            specification.split(separator: "\n").compactMap { line -> String? in
                guard line.hasPrefix("| `") else { return nil }
                return line.dropFirst(3).split(separator: "`").first.map(String.init)
            })
        #expect(listed == Set(kb.questions.map(\.id)))
    }

    @Test func everySectionHeadingIsInTheSeedLetterForLetter() {
        let lines = Set(seed.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) })
        for section in kb.sections {
            #expect(lines.contains(section.heading), "\"\(section.heading)\" is not a heading of the seed")
        }
    }

    @Test func everyRecommendingSectionHasAnItem() {
        for section in kb.sections where section.recommends {
            #expect(kb.items.contains { $0.section == section.heading }, "no item cites \"\(section.heading)\"")
        }
        #expect(kb.sections.filter(\.recommends).count == 29)
    }

    @Test func theCoreSectionsAreCovered() {
        let required = [
            "Require HTTPS", "Function access keys", "Disable administrative endpoints",
            "Managed identities", "Restrict CORS access", "Application settings",
            "Key Vault references", "Disable remote debugging", "Disable FTP",
            "Deployment credentials", "Set usage quotas", "Deploy your function app to a virtual network",
        ]
        for heading in required { #expect(kb.items.contains { $0.section == heading }, "\(heading)") }
    }

    @Test func everySourceIsALearnOrPrimaryURL() {
        for (id, url) in kb.sources {
            #expect(url.hasPrefix("https://"), "\(id)")
            #expect(!url.contains("/en-us/"), "\(id): no locale in Learn URLs")
        }
    }

    @Test func sourcesAreSortedAsTheirHeaderSays() {
        let text = Harness.read(Harness.packageRoot.appendingPathComponent("checklists/sources.yml"))
        let ids = text.split(separator: "\n").filter {
            $0.hasPrefix("  ") && !$0.hasPrefix("    ") && $0.hasSuffix(":")
        }
        .map { $0.trimmingCharacters(in: .whitespaces).dropLast() }
        #expect(ids.count == kb.sources.count)
        #expect(ids == ids.sorted())
    }

    @Test func everyCapabilityCellHasASource() {
        for capability in kb.capabilities.capabilities.values {
            for plan in kb.capabilities.plans {
                for os in kb.capabilities.systems(of: plan) {
                    let cell = capability.cell(plan: plan, os: os)
                    #expect(cell != nil && kb.sources[cell?.source ?? ""] != nil, "\(capability.id) \(plan)/\(os)")
                }
            }
        }
    }

    @Test func everyItemWithAnMCSBControlSaysWhoConfiguresIt() {
        for item in kb.items where item.controls.contains(where: { $0.tool == "mcsb" }) {
            #expect(item.mcsbResponsibility != nil, "\(item.id)")
        }
    }

    @Test func keyPlanFactsHold() throws {
        let matrix = kb.capabilities
        func support(_ capability: String, _ plan: String, _ os: String) -> FNHardenCore.Support? {
            matrix.capabilities[capability]?.cell(plan: plan, os: os)?.support
        }
        #expect(support("admin-isolation", "consumption", "linux") == .no)
        #expect(matrix.capabilities["admin-isolation"]?.runtimeVersions?.contains(1) == false)
        for plan in ["flex-consumption", "premium", "dedicated", "ase"] {
            #expect(support("private-endpoint", plan, "linux") == .yes, "\(plan)")
        }
        #expect(support("private-endpoint", "consumption", "windows") == .no)
        #expect(support("private-endpoint", "consumption", "linux") == .no)
        #expect(support("vnet-integration", "consumption", "windows") == .no)
        #expect(support("storage-isolation", "consumption", "linux") == .no)
        #expect(support("daily-quota", "consumption", "windows") == .yes)
        for plan in ["premium", "dedicated", "ase"] {
            #expect(support("daily-quota", plan, "linux") == .no, "\(plan)")
        }
        // Learn neither lists the quota among Flex's deprecated settings nor says Flex enforces it.
        #expect(support("daily-quota", "flex-consumption", "linux") == .unconfirmed)
        // The host reads admin isolation on 3.x and 4.x; identity-based host storage needs 4.x.
        #expect(matrix.capabilities["admin-isolation"]?.runtimeVersions == [3, 4])
        #expect(matrix.capabilities["identity-based-storage"]?.runtimeVersions == [4])
        // Container Apps: inbound is the environment's; Easy Auth unconfirmed for Microsoft.Web-hosted apps.
        #expect(support("site-access-restrictions", "container-apps", "linux") == .no)
        #expect(support("access-restrictions", "container-apps", "linux") == .yes)
        #expect(support("app-service-auth", "container-apps", "linux") == .unconfirmed)
        #expect(support("identity-based-storage", "container-apps", "linux") == .yes)
        // An App Service Environment is in the network already: no regional integration.
        #expect(support("vnet-integration", "ase", "windows") == .no)
        #expect(support("vnet-injection", "ase", "linux") == .yes)
        // Gateway-required VNet integration is Windows-only: no Linux cell's note offers it.
        let vnet = try #require(matrix.capabilities["vnet-integration"])
        for (plan, systems) in vnet.cells {
            if let note = systems["linux"]?.note {
                #expect(
                    !Harness.english.text("capabilities.vnet-integration.notes.\(note)").contains("gateway-required"),
                    "\(plan)")
            }
        }
        for (plan, os) in [("consumption", "linux"), ("flex-consumption", "linux"), ("container-apps", "linux")] {
            #expect(support("ftp", plan, os) == .no, "\(plan)")
        }
        #expect(support("scm-site", "consumption", "linux") == .no)
        #expect(support("deployment-slots", "flex-consumption", "linux") == .no)
        #expect(support("deployment-slots", "container-apps", "linux") == .no)
        #expect(support("defender-enhanced", "dedicated", "windows") == .yes)
        #expect(support("defender-enhanced", "ase", "linux") == .yes)
        #expect(support("defender-enhanced", "consumption", "windows") == .no)
        #expect(matrix.systems(of: "flex-consumption") == ["linux"])
        #expect(matrix.systems(of: "container-apps") == ["linux"])
    }

    @Test func everyNameHasEnglishText() {
        var keys: [String] = []
        for item in kb.items {
            keys += (["title", "rationale", "fix"] + item.fixVariants.map(\.key)).map { "items.\(item.id).\($0)" }
        }
        for question in kb.questions {
            keys += ["prompt", "help"].map { "questions.\(question.id).\($0)" }
            // A value with a dot ("1.2") can't be a key segment; such values label themselves.
            if question.kind == .choice {
                keys += question.values.filter { !$0.contains(".") }.map { "questions.\(question.id).values.\($0)" }
            }
        }
        for capability in kb.capabilities.capabilities.values {
            keys.append("capabilities.\(capability.id).name")
            keys += capability.cells.values.flatMap(\.values).compactMap(\.note)
                .map { "capabilities.\(capability.id).notes.\($0)" }
        }
        keys += kb.notices.map { "notices.\($0.id)" }
        keys += kb.sections.map { "sections.\($0.anchor)" }
        keys +=
            kb.sources.keys.map { "sources.\($0)" } + kb.rules.map { "rules.\($0.id)" } + kb.areas.map { "areas.\($0)" }
        keys += Item.controlTools.map { "controls.\($0)" } + Status.allCases.map { "status.\($0.rawValue)" }
        keys += Severity.allCases.map { "severity.\($0.rawValue)" }
        keys += Item.responsibilities.map { "responsibility.\($0)" }
        let english = Harness.english
        let missing = keys.filter { !english.has($0) }.uniqued().sorted()
        #expect(missing == [], "missing from locales/en")
    }

    /// Every `%{...}`-using message key the Swift code names exists in English.
    @Test func everyKeyTheCodeUsesExists() throws {
        let sources = Harness.packageRoot.appendingPathComponent("Sources")
        let walker = try #require(FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil))
        let pattern = #/"((?:errors|naming|cli|markdown|answers-file|schema)\.[a-z0-9.-]+)"/#
        var keys = Set<String>()
        for case let url as URL in walker where url.pathExtension == "swift" {
            for match in Harness.read(url).matches(of: pattern) { keys.insert(String(match.output.1)) }
        }
        #expect(keys.count > 30)
        let english = Harness.english
        let missing = keys.sorted().filter { !$0.hasSuffix(".") && !$0.hasSuffix("-") && !english.has($0) }
        #expect(missing == [], "used in Swift but missing from locales/en")
    }

    @Test func aBrokenKnowledgeBaseFailsWithItsPlace() throws {
        let folder = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(
            at: Harness.packageRoot.appendingPathComponent("checklists"),
            to: folder.appendingPathComponent("checklists"))
        let items = folder.appendingPathComponent("checklists/items/http.yml")
        let text = Harness.read(items).replacingOccurrences(
            of: "section: Require HTTPS", with: "section: Require HTTPZ")
        try Data(text.utf8).write(to: items)
        #expect(throws: KnowledgeBaseError.self) {
            try KnowledgeBaseLoader.load(from: DirectoryDataSource(root: folder))
        }
    }
}

/// SwiftLint style: each item's examples are its tests, run by one generic test.
struct ItemExampleTests {
    static let cases: [(id: String, index: Int)] = Harness.kb.items.flatMap { item in
        item.examples.indices.map { (item.id, $0) }
    }

    @Test func everyItemHasExamplesForDoneAndTodo() {
        for item in Harness.kb.items {
            let statuses = Set(item.examples.map(\.status))
            #expect(statuses.contains(.done) && statuses.contains(.todo), "\(item.id)")
        }
    }

    @Test(arguments: cases.map { "\($0.id)#\($0.index)" })
    func example(_ name: String) throws {
        let parts = name.split(separator: "#")
        let item = try #require(Harness.kb.item(String(parts[0])))
        let example = item.examples[Int(parts[1]) ?? 0]
        let result = Harness.answers(example.answers)
        let answers = try #require(result.answers, "example answers break a rule: \(result.diagnostics.map(\.message))")
        let checklist = ChecklistEvaluator.evaluate(answers, knowledgeBase: Harness.kb)
        let entry = try #require(checklist.entry(item.id))
        #expect(
            entry.status == example.status,
            "\(item.id) example at line \(example.position?.line ?? 0): because \(entry.because)")
    }
}
