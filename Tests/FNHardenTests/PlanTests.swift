import FNHardenCore
import FNHardenRender
import Testing

/// The covered recommendations on every plan and OS, for an app that
/// answered only its plan (everything else at Azure's defaults): the
/// statuses a reviewer should see. `?` marks an open item flagged "verify".
struct PlanTests {
    static let ids = [
        "http-require-https", "http-min-tls", "http-disable-admin-endpoints", "identity-managed-identity",
        "http-restrict-cors", "secrets-not-in-code", "secrets-key-vault-references",
        "operations-disable-remote-debugging", "deployment-disable-ftp", "deployment-disable-basic-auth",
        "deployment-app-level-credentials", "operations-daily-quota", "network-private-endpoint",
        "network-vnet-integration",
    ]

    // https  tls   admin  ident  cors  code  kvref  debug ftp   basic cred  quota  pe     vnet
    static let expected: [(plan: String, os: String?, statuses: String)] = [
        ("consumption", "windows", "todo done todo todo done todo? todo? done todo todo todo? todo unsup unsup"),
        ("consumption", "linux", "todo done unsup todo done todo? todo? done n/a todo? todo? todo? unsup unsup"),
        ("flex-consumption", nil, "todo done todo? todo done todo? todo? done n/a todo? todo? todo? todo todo"),
        ("premium", "windows", "todo done todo todo done todo? todo? done todo todo todo? n/a todo todo"),
        ("premium", "linux", "todo done todo todo done todo? todo? done todo todo todo? n/a todo todo"),
        ("dedicated", "windows", "todo done todo todo done todo? todo? done todo todo todo? n/a todo todo"),
        ("dedicated", "linux", "todo done todo todo done todo? todo? done todo todo todo? n/a todo todo"),
        ("ase", "windows", "todo done todo todo done todo? todo? done todo todo todo? n/a todo? n/a"),
        ("ase", "linux", "todo done todo todo done todo? todo? done todo todo todo? n/a todo? n/a"),
        ("container-apps", nil, "todo done todo? todo done todo? todo? done n/a n/a n/a n/a unsup todo"),
    ]

    static func label(_ entry: Checklist.Entry) -> String {
        let word =
            entry.status == .notApplicable ? "n/a" : entry.status == .unsupported ? "unsup" : entry.status.rawValue
        return word + (entry.verify ? "?" : "")
    }

    @Test(arguments: expected.indices)
    func coveredItemsOnEachPlan(_ index: Int) throws {
        let row = Self.expected[index]
        var yaml = "fnharden: 1\napp: {name: a1}\nhosting: {plan: \(row.plan)"
        if let os = row.os { yaml += ", os: \(os)" }
        yaml += "}\nhttp: {triggers: true}\n"
        let checklist = try #require(Harness.checklist(yaml))
        let actual = try Self.ids.map { id in Self.label(try #require(checklist.entry(id), "\(id)")) }
        #expect(actual == row.statuses.split(separator: " ").map(String.init), "\(row.plan)/\(row.os ?? "linux")")
    }

    @Test func linuxConsumptionNamesThePlansThatCan() throws {
        let checklist = try #require(
            Harness.checklist("fnharden: 1\napp: {name: a1}\nhosting: {plan: consumption, os: linux}\n"))
        let admin = try #require(checklist.entry("http-disable-admin-endpoints"))
        #expect(admin.status == .unsupported)
        #expect(admin.alternatives == ["premium", "dedicated", "ase", "hosting.os=windows"])
        #expect(admin.because == ["hosting.plan=consumption", "hosting.os=linux"])
        let privateEndpoint = try #require(checklist.entry("network-private-endpoint"))
        #expect(privateEndpoint.status == .unsupported)
        #expect(privateEndpoint.alternatives == ["flex-consumption", "premium", "dedicated", "ase"])
        #expect(privateEndpoint.because == ["hosting.plan=consumption"])
    }

    @Test func runtimeOneCantDisableTheAdminEndpoints() throws {
        for plan in ["consumption", "premium", "dedicated"] {
            let yaml = "fnharden: 1\napp: {name: a1}\nhosting: {plan: \(plan), os: windows, runtime-version: 1}\n"
            let entry = try #require(Harness.checklist(yaml)?.entry("http-disable-admin-endpoints"))
            #expect(entry.status == .unsupported)
            #expect(entry.because == ["hosting.runtime-version=1"])
            #expect(entry.alternatives == ["hosting.runtime-version=4"])
        }
        // And the answers file can't claim otherwise.
        let claim = Harness.answers(
            "fnharden: 1\napp: {name: a1}\nhosting: {plan: premium, os: windows, runtime-version: 1}\n"
                + "http: {admin-endpoints: disabled}\n", expectValid: false)
        #expect(claim.diagnostics.map(\.message.key) == ["rules.admin-isolation-plan"])
    }

    @Test(arguments: [
        ("hosting: {plan: consumption, os: linux}", ["linux-consumption-retiring"]),
        (
            "hosting: {plan: flex-consumption}\nnetwork: {inbound: private-endpoint}",
            ["flex-differences", "private-endpoint-keeps-public-access", "closed-endpoint-stops-deployments"]
        ),
        (
            "hosting: {plan: flex-consumption}\nnetwork: {inbound: private-endpoint}\ndeployment: {method: run-from-package}",
            ["flex-differences", "private-endpoint-keeps-public-access"]
        ),
        ("hosting: {plan: premium}\nnetwork: {gateway: front-door}", []),
        (
            "hosting: {plan: ase}\nsecrets: {location: key-vault-references}\nidentity: {managed-identity: system-assigned}",
            ["ase-private-endpoint-connections"]
        ),
        (
            "hosting: {plan: ase}\nnetwork: {ase-ingress: external}\ndeployment: {method: ci-pipeline}",
            ["public-endpoint-kept-for-deployment", "ase-private-endpoint-connections"]
        ),
        (
            "hosting: {plan: ase}\nnetwork: {ase-ingress: internal}\ndeployment: {method: ci-pipeline}",
            ["ase-private-endpoint-connections"]
        ),
        (
            "hosting: {plan: consumption, os: windows}\nsecrets: {location: key-vault-references}\nidentity: {managed-identity: system-assigned}",
            ["key-vault-without-vnet"]
        ),
        (
            "hosting: {plan: premium}\nidentity: {identity-connections: true}\nhttp: {admin-endpoints: disabled}",
            ["content-share-needs-shared-key", "admin-isolation-in-templates", "public-endpoint-kept-for-deployment"]
        ),
        (
            "hosting: {plan: consumption, os: linux}\nidentity: {identity-connections: true}",
            ["linux-consumption-retiring"]
        ),
        ("hosting: {plan: dedicated, os: linux}\ndeployment: {method: container-image}", []),
    ])
    func noticesFollowTheAnswers(answers: String, expected: [String]) throws {
        let checklist = try #require(Harness.checklist("fnharden: 1\napp: {name: a1}\n" + answers + "\n"))
        #expect(checklist.notices.map(\.id) == expected)
    }

    @Test func aHardenedPremiumAppIsDone() throws {
        let yaml = Harness.read(Harness.fixtures.appendingPathComponent("answers/premium-hardened.yaml"))
        let checklist = try #require(Harness.checklist(yaml))
        let notApplicable = ["operations-daily-quota", "deployment-app-level-credentials"]
        for id in Self.ids where !notApplicable.contains(id) {
            #expect(checklist.status(id) == .done, "\(id): \(checklist.entry(id)?.because ?? [])")
        }
        // No quota on Premium; with basic auth off no publishing credentials exist at all.
        for id in notApplicable { #expect(checklist.status(id) == .notApplicable, "\(id)") }
        #expect(checklist.entry("http-require-https")?.because == ["http.https-only=true"])
    }

    /// A worst-case app is told something
    /// open (to do, or not possible on its plan) under every seed heading.
    @Test func aWorstCaseAppHearsFromEveryHeading() throws {
        let yaml = Harness.read(Harness.fixtures.appendingPathComponent("answers/worst-case.yaml"))
        let checklist = try #require(Harness.checklist(yaml))
        let open = checklist.entries.filter { $0.status == .todo || $0.status == .unsupported }
        for section in Harness.kb.sections where section.recommends {
            #expect(open.contains { $0.item.section == section.heading }, "nothing open under \"\(section.heading)\"")
        }
        #expect(checklist.count(.done) == 0)
    }

    /// On a plan without private endpoints the fixes don't suggest one.
    @Test func fixesDontAdviseWhatThePlanCantDo() throws {
        let consumption = try #require(
            Harness.checklist("fnharden: 1\napp: {name: a1}\nhosting: {plan: consumption, os: windows}\n"))
        #expect(consumption.entry("network-restrict-inbound")?.fixKey == "fix-without-private-endpoint")
        #expect(consumption.entry("deployment-secure-scm")?.fixKey == "fix-without-private-endpoint")
        let premium = try #require(Harness.checklist("fnharden: 1\napp: {name: a1}\nhosting: {plan: premium}\n"))
        #expect(premium.entry("network-restrict-inbound")?.fixKey == "fix")
        let markdown = ChecklistMarkdown(knowledgeBase: Harness.kb, localizer: Harness.english).render(consumption)
        let fixes = markdown.split(separator: "\n").filter { $0.contains("Fix:") }
        #expect(
            !fixes.contains { $0.contains("private endpoint") }, "\(fixes.filter { $0.contains("private endpoint") })")
    }

    @Test func unknownPlanLeavesPlanBoundItemsOpenToVerify() throws {
        let checklist = try #require(Harness.checklist("fnharden: 1\napp: {name: a1}\n"))
        let admin = try #require(checklist.entry("http-disable-admin-endpoints"))
        #expect(admin.status == .todo && admin.verify)
        #expect(admin.because.contains("hosting.plan=unknown"))
    }
}

/// Each cross-field rule of checklists/rules.yml fires on its contradiction
/// and stays quiet on the valid neighbour.
struct RuleTests {
    static let cases: [(rule: String, bad: String, good: String)] = [
        (
            "linux-only-plan", "hosting: {plan: flex-consumption, os: windows}",
            "hosting: {plan: flex-consumption, os: linux}"
        ),
        ("linux-only-plan", "hosting: {plan: container-apps, os: windows}", "hosting: {plan: container-apps}"),
        (
            "runtime-1-windows-only", "hosting: {plan: premium, os: linux, runtime-version: 1}",
            "hosting: {plan: premium, os: windows, runtime-version: 1}"
        ),
        (
            "flex-runtime-4", "hosting: {plan: flex-consumption, runtime-version: 3}",
            "hosting: {plan: flex-consumption, runtime-version: 4}"
        ),
        (
            "admin-isolation-plan", "hosting: {plan: consumption, os: linux}\nhttp: {admin-endpoints: disabled}",
            "hosting: {plan: consumption, os: windows}\nhttp: {admin-endpoints: disabled}"
        ),
        (
            "private-endpoint-plan", "hosting: {plan: consumption}\nnetwork: {inbound: private-endpoint}",
            "hosting: {plan: premium}\nnetwork: {inbound: private-endpoint}"
        ),
        (
            "vnet-integration-plan", "hosting: {plan: consumption}\nnetwork: {vnet-integration: true}",
            "hosting: {plan: flex-consumption}\nnetwork: {vnet-integration: true}"
        ),
        (
            "storage-isolation-plan", "hosting: {plan: consumption, os: windows}\nnetwork: {storage-isolated: true}",
            "hosting: {plan: premium}\nnetwork: {storage-isolated: true, vnet-integration: true}"
        ),
        (
            "storage-isolation-needs-vnet", "hosting: {plan: premium}\nnetwork: {storage-isolated: true}",
            "hosting: {plan: ase}\nnetwork: {storage-isolated: true}"
        ),
        (
            "ftp-deployment-needs-public-endpoint",
            "hosting: {plan: premium}\nnetwork: {inbound: private-endpoint}\ndeployment: {method: ftp, ftp: ftps-only}",
            "hosting: {plan: premium}\nnetwork: {inbound: access-restrictions}\ndeployment: {method: ftp, ftp: ftps-only}"
        ),
        (
            "private-dns-needs-private-endpoint", "hosting: {plan: premium}\nnetwork: {private-dns: custom-dns}",
            "hosting: {plan: premium}\nnetwork: {inbound: private-endpoint, private-dns: custom-dns}"
        ),
        (
            "key-vault-references-need-identity", "secrets: {location: key-vault-references}",
            "secrets: {location: key-vault-references}\nidentity: {managed-identity: user-assigned}"
        ),
        (
            "ftp-plan", "hosting: {plan: flex-consumption}\ndeployment: {ftp: ftps-only}",
            "hosting: {plan: premium}\ndeployment: {ftp: ftps-only}"
        ),
        (
            "ftp-deployment-needs-ftp", "hosting: {plan: premium}\ndeployment: {method: ftp, ftp: disabled}",
            "hosting: {plan: premium}\ndeployment: {method: ftp, ftp: ftps-only}"
        ),
        (
            "apim-client-auth-needs-apim-gateway", "http: {client-auth: apim}",
            "http: {client-auth: apim}\nnetwork: {gateway: apim}"
        ),
        (
            "defender-plan", "hosting: {plan: consumption}\noperations: {defender: enhanced}",
            "hosting: {plan: dedicated}\noperations: {defender: enhanced}"
        ),
        (
            "container-image-plan", "hosting: {plan: flex-consumption}\ndeployment: {method: container-image}",
            "hosting: {plan: premium, os: linux}\ndeployment: {method: container-image}"
        ),
        (
            "container-image-linux", "hosting: {plan: premium, os: windows}\ndeployment: {method: container-image}",
            "hosting: {plan: container-apps}\ndeployment: {method: container-image}"
        ),
        (
            "container-apps-deploy-images", "hosting: {plan: container-apps}\ndeployment: {method: zip-deploy}",
            "hosting: {plan: container-apps}\ndeployment: {method: unknown}"
        ),
        (
            "ftp-deployment-plan", "hosting: {plan: consumption, os: linux}\ndeployment: {method: ftp}",
            "hosting: {plan: consumption, os: windows}\ndeployment: {method: ftp}"
        ),
        (
            "ftp-deployment-needs-basic-auth", "hosting: {plan: premium}\ndeployment: {method: ftp, basic-auth: false}",
            "hosting: {plan: premium}\ndeployment: {method: ftp, basic-auth: true}"
        ),
        (
            "basic-auth-plan", "hosting: {plan: container-apps}\ndeployment: {basic-auth: true}",
            "hosting: {plan: premium}\ndeployment: {basic-auth: true}"
        ),
        (
            "daily-quota-plan", "hosting: {plan: premium}\noperations: {daily-quota-gb-s: 100}",
            "hosting: {plan: consumption, os: windows}\noperations: {daily-quota-gb-s: 100}"
        ),
    ]

    @Test func everyRuleHasACase() {
        let tested = Set(Self.cases.map(\.rule))
        for rule in Harness.kb.rules where rule.id != "app-service-auth-plan" && rule.id != "access-restrictions-plan" {
            #expect(tested.contains(rule.id), "\(rule.id) has no test case")
        }
    }

    @Test(arguments: cases.indices)
    func rule(_ index: Int) {
        let rule = Self.cases[index]
        let prefix = "fnharden: 1\napp: {name: a1}\n"
        let bad = Harness.answers(prefix + rule.bad + "\n", expectValid: false)
        #expect(bad.answers == nil)
        #expect(bad.diagnostics.map(\.message.key).contains("rules.\(rule.rule)"), "\(rule.bad)")
        let good = Harness.answers(prefix + rule.good + "\n", expectValid: false)
        #expect(good.diagnostics.filter { $0.severity == .error }.map(\.message.key) == [], "\(rule.good)")
    }

    @Test func ruleErrorsPointAtTheAnswer() throws {
        let result = Harness.answers(
            "fnharden: 1\napp: {name: a1}\nhosting:\n  plan: consumption\nnetwork:\n  inbound: private-endpoint\n",
            expectValid: false)
        let diagnostic = try #require(result.diagnostics.first)
        #expect(diagnostic.position == Position(line: 6, column: 12))
        #expect(diagnostic.message.arguments["alternatives"] == "flex-consumption, premium, dedicated, ase")
    }
}
