import FNHardenAudit
import FNHardenData
import Foundation
import Testing

@testable import FNHardenCore
@testable import FNHardenRender

/// The Azure Policy outputs: the knowledge behind them, the set each plan
/// gets, the effects, the exemptions, and the policy states an audit reads.
/// (check_snippets.py holds the written files to Checkov's parsers, the
/// recorded schemas and the real Azure CLI.)
@Suite struct PolicyTests {
    let kb = Harness.kb

    /// The knowledge base refuses to load when a crosswalk id has no record,
    /// or a record no crosswalk names.
    @Test(arguments: [
        ("  - id: 0820b7b9-23aa-4725-a1ce-ae4558f718e5\n", "  - id: 0820b7b9-0000-0000-0000-000000000000\n"),
        (
            "definitions:\n",
            "definitions:\n  - id: 11111111-2222-3333-4444-555555555555\n    display-name: \"x\"\n    version: 1.0.0\n    file: \"x\"\n    effect: {parameter: effect, allowed: [Audit], default: Audit}\n\n"
        ),
    ])
    func aCrosswalkIdWithoutItsRecordIsRefused(change: (String, String)) throws {
        let folder = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in ["checklists", "locales"] {
            try FileManager.default.copyItem(
                at: Harness.packageRoot.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        let file = folder.appendingPathComponent("checklists/policies.yml")
        let text = Harness.read(file)
        #expect(text.contains(change.0))
        try Data(text.replacingOccurrences(of: change.0, with: change.1).utf8).write(to: file)
        #expect(throws: KnowledgeBaseError.self) {
            try KnowledgeBaseLoader.load(from: DirectoryDataSource(root: folder))
        }
    }

    @Test func everyRecordIsWhole() {
        for definition in kb.policies.definitions {
            #expect(definition.allowedEffects.contains(definition.defaultEffect), "\(definition.id)")
            #expect(definition.file.hasPrefix("built-in-policies/policyDefinitions/"), "\(definition.id)")
            #expect(!definition.displayName.isEmpty && !definition.version.isEmpty, "\(definition.id)")
        }
        // Every resource the writers use has its schema recorded, with a source.
        for type in [
            "Microsoft.Authorization/policySetDefinitions", "Microsoft.Authorization/policyAssignments",
            "Microsoft.Authorization/policyExemptions", "Microsoft.Resources/deployments",
            "azurerm_policy_set_definition", "azurerm_resource_policy_assignment", "azurerm_resource_policy_exemption",
        ] {
            let resource = kb.policies.resource(type)
            #expect(resource != nil, "\(type)")
            #expect(kb.sources[resource?.source ?? ""] != nil, "\(type)")
        }
    }

    /// The hardened Premium app's answers, moved to another plan with the
    /// answers that plan refuses set back to the platform's defaults.
    static func hardened(plan: String, dropping refused: [String] = []) -> String {
        var yaml = Harness.read(Harness.fixtures.appendingPathComponent("answers/premium-hardened.yaml"))
        yaml = yaml.replacingOccurrences(of: "  plan: premium", with: "  plan: " + plan)
        for line in refused { yaml = yaml.replacingOccurrences(of: line + "\n", with: "") }
        return yaml
    }

    static let consumptionRefuses = [
        "  admin-endpoints: disabled", "  inbound: private-endpoint", "  vnet-integration: true",
        "  storage-isolated: true", "  private-dns: azure-private-dns", "  defender: enhanced",
    ]

    func plan(_ yaml: String) throws -> (PolicyPlan, Checklist) {
        let checklist = try #require(Harness.checklist(yaml))
        return (try #require(PolicyPlanner.plan(checklist, knowledgeBase: kb)), checklist)
    }

    /// Each (item, definition) of the crosswalk is either in the set or left
    /// out with a reason, never both.
    func expectPartition(_ policy: PolicyPlan, _ checklist: Checklist) {
        let crosswalk = checklist.entries.flatMap { entry in
            (entry.item.controls.first { $0.tool == "azure-policy" }?.ids ?? []).map { entry.item.id + "/" + $0 }
        }
        let members = policy.members.map { $0.item + "/" + $0.definition.id }
        let left = policy.leftOut.map { $0.item + "/" + $0.definition.id }
        #expect(Set(members).isDisjoint(with: left))
        #expect((members + left).sorted() == crosswalk.sorted())
    }

    @Test func theSetsDifferExactlyByWhatThePlansCantDo() throws {
        let (premium, premiumList) = try plan(Self.hardened(plan: "premium"))
        let premiumMembers = Set(premium.members.map { $0.item + "/" + $0.definition.id })
        expectPartition(premium, premiumList)
        #expect(premium.leftOut.allSatisfy { if case .remediation = $0.reason { true } else { false } })

        for (name, yaml) in [
            ("consumption", Self.hardened(plan: "consumption", dropping: Self.consumptionRefuses)),
            ("flex-consumption", Self.hardened(plan: "flex-consumption")),
        ] {
            let (other, checklist) = try plan(yaml)
            expectPartition(other, checklist)
            let members = Set(other.members.map { $0.item + "/" + $0.definition.id })
            #expect(members.isSubset(of: premiumMembers), "\(name) adds \(members.subtracting(premiumMembers))")
            let header = PolicySnippets(knowledgeBase: kb, localizer: Harness.english).header(other, apply: "arm")
            for missing in premiumMembers.subtracting(members).sorted() {
                let left = try #require(other.leftOut.first { $0.item + "/" + $0.definition.id == missing })
                let status = checklist.entries.first { $0.item.id == left.item }?.status
                switch left.reason {
                case .unsupported:
                    #expect(status == .unsupported, "\(name): \(missing)")
                case .unconfirmed(let capabilities):
                    #expect(!capabilities.isEmpty, "\(name): \(missing)")
                case .notApplicable:
                    // An item that applies only where the plan has something (FTP, a Kudu site).
                    let because = checklist.entries.first { $0.item.id == left.item }?.because ?? []
                    #expect(because.contains { $0.hasPrefix("hosting.") }, "\(name): \(missing): \(because)")
                case .remediation, .kindExcluded:
                    Issue.record("\(name): \(missing) is left out for \(left.reason), which is not the plan's doing")
                }
                // The comment names the definition and says why.
                #expect(
                    header.contains { $0.contains(left.item + ": ") && $0.contains(left.definition.id) },
                    "\(name): \(missing) is left out without a comment")
            }
        }
        // What the plans can't do, concretely: no private endpoint or VNet on
        // Linux Consumption, no FTP on Flex Consumption.
        let (consumption, _) = try plan(Self.hardened(plan: "consumption", dropping: Self.consumptionRefuses))
        #expect(
            consumption.leftOut.contains {
                $0.item == "network-private-endpoint" && $0.reason == .unsupported(capability: "private-endpoint")
            })
        let (flex, _) = try plan(Self.hardened(plan: "flex-consumption"))
        #expect(flex.leftOut.contains { $0.item == "deployment-disable-ftp" })
        #expect(!flex.members.contains { $0.item == "deployment-disable-ftp" })
    }

    @Test func containerAppsAreSkippedByTheFunctionAppDefinitions() throws {
        let yaml = Harness.read(Harness.fixtures.appendingPathComponent("snippets/container-apps.yaml"))
        let (policy, checklist) = try plan(yaml)
        expectPartition(policy, checklist)
        for member in policy.members {
            #expect(member.definition.excludedKinds.isEmpty, "\(member.referenceID) never evaluates this app")
        }
        #expect(policy.leftOut.contains { if case .kindExcluded = $0.reason { true } else { false } })
    }

    @Test func effectsAreAllowedAndDenyOnlyWhereAskedAndPossible() throws {
        for enforcement in ["audit", "deny", "unknown"] {
            let yaml = Self.hardened(plan: "premium") + "review:\n  enforcement: \(enforcement)\n"
            let (policy, _) = try plan(yaml)
            #expect(!policy.members.isEmpty)
            for member in policy.members {
                #expect(member.definition.allowedEffects.contains(member.effect), "\(member.referenceID)")
                if enforcement == "deny" && member.definition.canDeny {
                    #expect(member.effect == "Deny")
                } else {
                    #expect(["Audit", "AuditIfNotExists"].contains(member.effect), "\(member.referenceID)")
                }
                #expect(member.denyRefused == (enforcement == "deny" && !member.definition.canDeny))
            }
        }
    }

    @Test func anAcceptedRiskIsAnExemptionThatEndsWithIt() throws {
        let yaml =
            Self.hardened(plan: "premium").replacingOccurrences(of: "  https-only: true\n", with: "")
            .replacingOccurrences(of: "  inbound: private-endpoint\n", with: "  inbound: access-restrictions\n")
                + """
                accepted-risks:
                  - item: http-require-https
                    owner: Ada Lovelace
                    reason: "Internal callers only until the gateway lands"
                    expires: 2027-02-28
                  - item: network-private-endpoint
                    owner: ops
                    reason: legacy
                    expires: 2026-01-31

                """
        let answers = try #require(Harness.answers(yaml).answers)
        let checklist = ChecklistEvaluator.evaluate(answers, knowledgeBase: kb, asOf: "2026-12-06")
        let policy = try #require(PolicyPlanner.plan(checklist, knowledgeBase: kb))
        let exemption = try #require(policy.exemptions.first)
        #expect(policy.exemptions.count == 1)
        #expect(exemption.item == "http-require-https")
        #expect(exemption.expires == "2027-02-28" && exemption.expiresOn == "2027-03-01T00:00:00Z")
        #expect(
            exemption.referenceIDs == policy.members.filter { $0.item == "http-require-https" }.map(\.referenceID))
        #expect(!exemption.referenceIDs.isEmpty)
        // The lapsed acceptance gets none, and the file says why.
        #expect(policy.withoutExemption.contains { $0.item == "network-private-endpoint" && $0.reason == .expired })
    }

    @Test func theDayAfterCrossesMonthsYearsAndLeapDays() {
        #expect(PolicyPlanner.dayAfter("2027-06-30") == "2027-07-01")
        #expect(PolicyPlanner.dayAfter("2026-12-31") == "2027-01-01")
        #expect(PolicyPlanner.dayAfter("2028-02-28") == "2028-02-29")
        #expect(PolicyPlanner.dayAfter("2027-02-28") == "2027-03-01")
        #expect(PolicyPlanner.dayAfter("not a date") == nil)
    }

    @Test func policyFilesAreTheSameBytesEachTime() throws {
        let folder = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let answers = Harness.fixtures.appendingPathComponent("snippets/policy-deny.yaml").path
        for output in ["one", "two"] {
            let run = try Harness.run(
                [
                    "generate", "--answers", answers, "--output", output, "--snippets", "policy", "--as-of",
                    "2026-12-06",
                ],
                in: folder)
            #expect(run.status == 0, "\(run.stderr)")
        }
        let one = Harness.files(in: folder.appendingPathComponent("one"))
        #expect(one == Harness.files(in: folder.appendingPathComponent("two")))
        #expect(
            one.keys.filter { $0.hasPrefix("snippets/") }.sorted() == [
                "snippets/policy-assignment.bicep", "snippets/policy.bicep", "snippets/policy.json",
                "snippets/policy.sh", "snippets/policy.tf",
            ])
    }
}

/// `fnharden audit` with Azure Policy's states of the app: the output of
/// `az policy state list` and the REST shape of policy states.
@Suite struct PolicyStateAuditTests {
    static let audit = Harness.fixtures.appendingPathComponent("audit")
    static func fixture(_ name: String) -> String { audit.appendingPathComponent(name).path }

    func json(_ url: URL) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    @Test func nonCompliantDefinitionsAreShownByItem() throws {
        let folder = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try Harness.run(
            [
                "audit", Self.fixture("contoso-export.json"), Self.fixture("policy-states.json"), "--output", "out",
                "--format", "markdown,json,sarif", "--snippets", "none",
            ], in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        // A state of a site the sources don't hold is said, not dropped unseen.
        #expect(run.stderr.contains("warning: the Azure Policy states name the app func-billing"))

        let checklist = try json(folder.appendingPathComponent("out/checklist.json"))
        let policy = try #require((checklist["audit"] as? [String: Any])?["policy"] as? [String: Any])
        // Four states of this app (the storage account's and func-billing's aren't).
        #expect(policy["states"] as? Int == 4)
        let findings = try #require(policy["non-compliant"] as? [[String: Any]])
        let byDefinition = Dictionary(
            uniqueKeysWithValues: findings.map { ($0["definition"] as? String ?? "", $0["items"] as? [String] ?? []) })
        // fnharden's own set: the item its reference names.
        #expect(byDefinition["c75248c1-ea1d-4a9c-8fc9-29a6aabd5da8"] == ["http-app-service-auth"])
        // Another initiative: every item whose crosswalk names the definition.
        #expect(byDefinition["399b2637-a50f-4f95-96f8-3a145476eb15"] == ["deployment-disable-ftp"])
        // A definition no item maps is kept, with no item.
        #expect(byDefinition["25255ddf-ef4f-4283-975a-5590ad111bba"] == [])
        // The compliant state is not a finding.
        #expect(byDefinition["6d555dd1-86f2-4f1c-8ed7-5abae7c6cbab"] == nil)

        let markdown = Harness.read(folder.appendingPathComponent("out/checklist.md"))
        #expect(markdown.contains("### Azure Policy: 3 definitions report the app non-compliant"))
        #expect(
            markdown.contains(
                "  - Azure Policy: Function apps should require FTPS only reports the app non-compliant (assignment `SecurityCenterBuiltIn`"
            ))

        let sarif = try json(folder.appendingPathComponent("out/checklist.sarif"))
        let results = try #require(((sarif["runs"] as? [[String: Any]])?.first)?["results"] as? [[String: Any]])
        let policyResults = results.filter {
            (($0["partialFingerprints"] as? [String: String]) ?? [:])["fnharden/policy"] != nil
        }
        #expect(
            Set(policyResults.compactMap { $0["ruleId"] as? String }) == [
                "http-app-service-auth", "deployment-disable-ftp", "fnharden-policy",
            ])
        // Each points at its state in the policy-state file.
        for result in policyResults {
            let location = (result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any]
            let uri = (location?["artifactLocation"] as? [String: Any])?["uri"] as? String
            #expect(uri?.hasSuffix("policy-states.json") == true)
        }
    }

    @Test func theRESTShapeReadsTheSame() throws {
        let folder = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try Harness.run(
            [
                "audit", Self.fixture("contoso-export.json"), Self.fixture("policy-states-rest.json"), "--output",
                "out", "--format", "json", "--snippets", "none",
            ], in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        let checklist = try json(folder.appendingPathComponent("out/checklist.json"))
        let policy = try #require((checklist["audit"] as? [String: Any])?["policy"] as? [String: Any])
        let findings = try #require(policy["non-compliant"] as? [[String: Any]])
        #expect(findings.count == 1)
        #expect(findings.first?["items"] as? [String] == ["http-app-service-auth"])
        #expect(((findings.first?["location"] as? [String: Any])?["path"] as? String) == "$.value[0]")
    }

    @Test func statesAloneAreAnErrorAndWriteNothing() throws {
        let folder = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try Harness.run(["audit", Self.fixture("policy-states.json"), "--output", "out"], in: folder)
        #expect(run.status == 2)
        #expect(run.stderr.contains("Azure Policy states say what a definition found"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path))
    }

    @Test(arguments: [
        // (document, states read, of the site "a")
        (#"[]"#, 0, 0),
        (#"{"@odata.context": "https://x/policyStates/$metadata#latest", "value": []}"#, 0, 0),
        (#"{"@odata.context": "https://x/policyStates/$metadata#latest", "value": [1, "x", {"resourceId": 5}]}"#, 0, 0),
        (
            #"[{"resourceId": "/subscriptions/0/resourceGroups/r/providers/Microsoft.Web/sites/a/slots/s", "policyDefinitionName": "x", "complianceState": "NonCompliant"}]"#,
            1, 0
        ),
        (#"[{"resourceId": "", "policyDefinitionId": "", "isCompliant": false}]"#, 0, 0),
        (
            #"[{"resourceId": "/subscriptions/0/resourceGroups/r/providers/Microsoft.Web/sites/A", "policyDefinitionName": 5, "policyDefinitionId": "/x/0E60B895-3786-45DA-8377-9C6B4B6AC5F9", "complianceState": 5, "isCompliant": "false"}]"#,
            1, 1
        ),
    ])
    func oddStatesAreReadAsFarAsTheyGoNotACrash(text: String, read: Int, ofSite: Int) throws {
        let root = try #require(try? JSONReader.read(Array(text.utf8), file: "odd.json").get())
        #expect(PolicyStateReader.recognises(root))
        let states = PolicyStateReader.states(in: root, file: "odd.json")
        #expect(states.count == read)
        let (count, findings) = PolicyFinding.findings(in: states, app: "a", knowledgeBase: Harness.kb)
        #expect(count == ofSite)
        // A state whose compliance can't be read is not a finding.
        #expect(findings.isEmpty)
    }

    @Test func anEmptyListIsNoStateAndAPagedOneIsSaid() throws {
        let folder = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("[]".utf8).write(to: folder.appendingPathComponent("empty.json"))
        let rest = Harness.read(URL(fileURLWithPath: Self.fixture("policy-states-rest.json")))
            .replacingOccurrences(
                of: #""@odata.count": 1,"#, with: #""@odata.count": 1, "@odata.nextLink": "https://x/next","#)
        try Data(rest.utf8).write(to: folder.appendingPathComponent("paged.json"))
        let empty = try Harness.run(
            ["audit", Self.fixture("contoso-export.json"), "empty.json", "--output", "empty", "--snippets", "none"],
            in: folder)
        #expect(empty.status == 0, "\(empty.stderr)")
        let emptyList = Harness.read(folder.appendingPathComponent("empty/checklist.md"))
        #expect(emptyList.contains("Azure Policy: the policy-state files hold no state of this app."))
        #expect(
            !FileManager.default.fileExists(atPath: folder.appendingPathComponent("empty/index.md").path), "one app")
        let paged = try Harness.run(
            ["audit", Self.fixture("contoso-export.json"), "paged.json", "--output", "paged", "--snippets", "none"],
            in: folder)
        #expect(paged.status == 0, "\(paged.stderr)")
        #expect(paged.stderr.contains("paged.json:1:1: warning: the policy states continue on a next page"))
        #expect(
            Harness.read(folder.appendingPathComponent("paged/checklist.md"))
                .contains("Azure Policy: 1 definition reports the app non-compliant"))
    }
}
