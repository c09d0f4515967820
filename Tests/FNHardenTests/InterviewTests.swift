import FNHardenCore
import Foundation
import Testing

/// The wizard's state machine, without a terminal: what is asked, in which
/// order, under which conditions, and what back, defaults and pre-filling do.
struct InterviewTests {
    /// Answers questions in turn until `stop` is current, accepting defaults
    /// except where `typed` says otherwise; returns the ids asked.
    @discardableResult
    func walk(_ interview: inout Interview, typed: [String: String], until stop: String? = nil) -> [String] {
        var asked: [String] = []
        while let id = interview.current, id != stop {
            asked.append(id)
            let outcome = interview.answer(typed[id] ?? "")
            #expect(outcome == .accepted, "\(id): \(outcome)")
            if outcome != .accepted { break }
        }
        return asked
    }

    func fresh() -> Interview { Interview(knowledgeBase: Harness.kb) }

    @Test func theNameComesFirstAndIsRequired() {
        var interview = fresh()
        #expect(interview.current == "app.name")
        #expect(interview.defaultValue(for: "app.name") == nil)
        let step1 = interview.answer("")
        #expect(step1 == .rejected(Message("errors.missing-required", ["key": "app.name"])))
        let bad = interview.answer("-bad-")
        if case .rejected(let message) = bad { #expect(message.key == "naming.app-name") }
        let step2 = interview.answer("contoso")
        #expect(step2 == .accepted)
        #expect(interview.current == "app.resource-group")
    }

    @Test func everyOtherQuestionHasADefault() {
        for question in Harness.kb.questions where !question.required {
            #expect(fresh().defaultValue(for: question.id) != nil, "\(question.id)")
        }
    }

    /// Flex Consumption is Linux only; whether it takes a daily quota no
    /// source says, so that question is asked (and the answer kept, unconfirmed).
    @Test func flexSkipsTheOSAndAsksTheUnconfirmedQuota() {
        var interview = fresh()
        let asked = walk(&interview, typed: ["app.name": "a1", "hosting.plan": "flex-consumption"])
        #expect(!asked.contains("hosting.os"))
        #expect(asked.contains("operations.daily-quota-gb-s"))
        #expect(!asked.contains("deployment.ftp"))
        #expect(interview.resolved.value(of: "hosting.os") == .text("linux"))
    }

    @Test func dailyQuotaOnlyOnConsumption() {
        var consumption = fresh()
        let asked = walk(
            &consumption, typed: ["app.name": "a1", "hosting.plan": "consumption", "hosting.os": "windows"])
        #expect(asked.contains("operations.daily-quota-gb-s"))
        var premium = fresh()
        #expect(
            !walk(&premium, typed: ["app.name": "a1", "hosting.plan": "premium"]).contains(
                "operations.daily-quota-gb-s"))
    }

    @Test func privateDNSOnlyWithAPrivateEndpoint() {
        var publicApp = fresh()
        #expect(
            !walk(&publicApp, typed: ["app.name": "a1", "hosting.plan": "premium"]).contains("network.private-dns"))
        var privateApp = fresh()
        let asked = walk(
            &privateApp, typed: ["app.name": "a1", "hosting.plan": "premium", "network.inbound": "private-endpoint"])
        #expect(asked.contains("network.private-dns"))
    }

    @Test func noHTTPQuestionsWithoutHTTPTriggers() {
        var interview = fresh()
        let asked = walk(&interview, typed: ["app.name": "a1", "http.triggers": "no"])
        for id in ["http.auth-level", "http.client-auth", "http.cors-origins"] { #expect(!asked.contains(id), "\(id)") }
        var unknown = fresh()
        #expect(walk(&unknown, typed: ["app.name": "a1"]).contains("http.auth-level"), "unknown triggers still ask")
    }

    /// Every question with a condition: one set of earlier answers under
    /// which it is asked and one under which it is not.
    static let branches: [(id: String, asked: [String: String], skipped: [String: String])] = [
        ("hosting.os", ["hosting.plan": "premium"], ["hosting.plan": "container-apps"]),
        ("http.auth-level", ["http.triggers": "yes"], ["http.triggers": "no"]),
        ("http.client-auth", ["http.triggers": "unknown"], ["http.triggers": "no"]),
        ("http.cors-origins", ["http.triggers": "yes"], ["http.triggers": "no"]),
        ("network.vnet-integration", ["hosting.plan": "dedicated"], ["hosting.plan": "ase"]),
        ("network.ase-ingress", ["hosting.plan": "ase"], ["hosting.plan": "premium"]),
        ("network.vnet-integration", ["hosting.plan": "flex-consumption"], ["hosting.plan": "consumption"]),
        (
            "network.private-dns", ["hosting.plan": "premium", "network.inbound": "private-endpoint"],
            ["hosting.plan": "premium", "network.inbound": "access-restrictions"]
        ),
        ("data.sql-parameterized", ["data.writes-to-database": "yes"], ["data.writes-to-database": "no"]),
        (
            "deployment.ftp", ["hosting.plan": "consumption", "hosting.os": "windows"],
            ["hosting.plan": "consumption", "hosting.os": "linux"]
        ),
        ("deployment.basic-auth", ["hosting.plan": "premium"], ["hosting.plan": "container-apps"]),
        (
            "operations.daily-quota-gb-s", ["hosting.plan": "consumption", "hosting.os": "windows"],
            ["hosting.plan": "dedicated"]
        ),
    ]

    @Test func everyConditionalQuestionHasABranchCase() {
        let covered = Set(Self.branches.map(\.id))
        for question in Harness.kb.questions where question.when != nil {
            #expect(covered.contains(question.id), "\(question.id) has no branch case")
        }
    }

    @Test(arguments: branches.indices)
    func branch(_ index: Int) {
        let (id, asked, skipped) = Self.branches[index]
        var yes = fresh()
        #expect(walk(&yes, typed: asked.merging(["app.name": "a1"]) { a, _ in a }).contains(id), "asked with \(asked)")
        var no = fresh()
        #expect(
            !walk(&no, typed: skipped.merging(["app.name": "a1"]) { a, _ in a }).contains(id), "skipped with \(skipped)"
        )
    }

    @Test func impossibleValuesAreNotOfferedAndAreRejected() {
        var interview = fresh()
        walk(
            &interview, typed: ["app.name": "a1", "hosting.plan": "consumption", "hosting.os": "linux"],
            until: "network.inbound")
        #expect(interview.offeredValues(for: "network.inbound") == ["public", "access-restrictions"])
        let impossible = interview.answer("private-endpoint")
        guard case .rejected(let message) = impossible else {
            Issue.record("a private endpoint on Consumption was accepted")
            return
        }
        #expect(message.key == "rules.private-endpoint-plan")
        #expect(interview.current == "network.inbound")
    }

    @Test func typosAreExplainedWithASuggestion() {
        var interview = fresh()
        walk(&interview, typed: ["app.name": "a1"], until: "hosting.plan")
        let typo = interview.answer("premum")
        guard case .rejected(let message) = typo else {
            Issue.record("typo accepted")
            return
        }
        #expect(message.arguments["suggestion"] == "premium")
    }

    @Test func backReturnsWithTheAnswerAsDefaultAndKeepsLaterAnswers() {
        var interview = fresh()
        walk(
            &interview, typed: ["app.name": "a1", "hosting.plan": "premium", "hosting.os": "linux"],
            until: "http.triggers")
        let step3 = interview.back()
        #expect(step3)
        #expect(interview.current == "hosting.runtime-version")
        let step4 = interview.back()
        #expect(step4)
        #expect(interview.current == "hosting.os")
        #expect(interview.defaultValue(for: "hosting.os") == .text("linux"))
        // Change the plan: the OS question disappears, the runtime answer stays.
        let step5 = interview.back()
        #expect(step5)
        #expect(interview.current == "hosting.plan")
        let step6 = interview.answer("flex-consumption")
        #expect(step6 == .accepted)
        #expect(interview.current == "hosting.runtime-version")
        #expect(interview.defaultValue(for: "hosting.runtime-version") == .integer(4))
        #expect(
            interview.applicableAnswers["hosting.os"] == nil,
            "an answer to a question that no longer applies is dropped")
    }

    @Test func aQuestionWithOneAnswerIsNotAsked() {
        var interview = fresh()
        let asked = walk(&interview, typed: ["app.name": "a1", "hosting.plan": "consumption", "hosting.os": "linux"])
        #expect(!asked.contains("network.storage-isolated"), "no storage isolation on Consumption")
        #expect(!asked.contains("http.admin-endpoints"), "no admin isolation on Linux Consumption")
        #expect(interview.contradiction == nil)
    }

    @Test func aLaterAnswerDoesntVetoAnEarlierOneBeforeItIsGiven() {
        var interview = fresh()
        walk(
            &interview, typed: ["app.name": "a1", "hosting.plan": "premium", "http.triggers": "yes"],
            until: "http.client-auth")
        #expect(interview.offeredValues(for: "http.client-auth").contains("apim"))
        let apim = interview.answer("apim")
        #expect(apim == .accepted)
        walk(&interview, typed: [:])
        #expect(interview.isFinished)
        #expect(interview.resolved.value(of: "network.gateway") == .text("apim"), "the only possible gateway is taken")
        #expect(interview.contradiction == nil)
    }

    @Test func backStepsIntoPrefilledAnswers() {
        var interview = Interview(
            knowledgeBase: Harness.kb,
            prefilled: AnswerSet(values: [
                "app.name": .text("a1"), "app.resource-group": .text("rg"), "app.location": .text("westeurope"),
            ]))
        #expect(interview.current == "hosting.plan")
        let moved = interview.back()
        #expect(moved)
        #expect(interview.current == "app.location")
        #expect(interview.defaultValue(for: "app.location") == .text("westeurope"))
    }

    @Test func unknownIsNoNameAndGreekYesIsYes() throws {
        var interview = Interview(knowledgeBase: Harness.kb, yesWords: ["ναι"], noWords: ["όχι"])
        let unknown = interview.answer("unknown")
        #expect(unknown != .accepted)
        let triggers = try #require(Harness.kb.question("http.triggers"))
        #expect(try interview.parse("ναι", for: triggers).get() == .bool(true))
        #expect(try interview.parse("όχι", for: triggers).get() == .bool(false))
        let origins = try #require(Harness.kb.question("http.cors-origins"))
        #expect(try interview.parse("HTTPS://A.example/", for: origins).get() == .list(["https://a.example"]))
    }

    @Test func backAtTheStartSaysSo() {
        var interview = fresh()
        let step7 = interview.back()
        #expect(!step7)
        #expect(interview.current == "app.name")
    }

    @Test func aChangeOfPlanMakesAnEarlierAnswerInvalidAndItIsAskedAgain() {
        var interview = fresh()
        walk(
            &interview,
            typed: [
                "app.name": "a1", "hosting.plan": "premium", "hosting.os": "linux",
                "network.inbound": "private-endpoint",
            ], until: "network.gateway")
        while interview.current != "hosting.plan" { guard interview.back() else { break } }
        let step8 = interview.answer("consumption")
        #expect(step8 == .accepted)
        walk(&interview, typed: [:], until: "network.inbound")
        // The stored private endpoint can't be offered as the default any more.
        #expect(interview.defaultValue(for: "network.inbound") == .text("public"))
    }

    @Test func progressCountsTheQuestionsThatApply() {
        var interview = fresh()
        let start = interview.progress
        #expect(start.index == 1)
        walk(&interview, typed: ["app.name": "a1", "hosting.plan": "flex-consumption"], until: "http.triggers")
        let later = interview.progress
        #expect(later.total < start.total, "flex drops questions")
        #expect(later.index == 5, "the OS and the runtime (4.x only) aren't asked on Flex")
    }

    @Test func valuesAreReadAsAPersonTypesThem() throws {
        let kb = Harness.kb
        let interview = fresh()
        let triggers = try #require(kb.question("http.triggers"))
        #expect(try interview.parse("Yes", for: triggers).get() == .bool(true))
        #expect(try interview.parse("n", for: triggers).get() == .bool(false))
        #expect(try interview.parse("unknown", for: triggers).get() == .unknown)
        let origins = try #require(kb.question("http.cors-origins"))
        #expect(
            try interview.parse("https://a.example, https://b.example", for: origins).get()
                == .list(["https://a.example", "https://b.example"]))
        #expect(try interview.parse("-", for: origins).get() == .list([]))
        let name = try #require(kb.question("app.name"))
        #expect(try interview.parse("1234", for: name).get() == .text("1234"))
        let quota = try #require(kb.question("operations.daily-quota-gb-s"))
        #expect((try? interview.parse("-3", for: quota).get()) == nil)
    }

    @Test func prefilledAnswersAreNotAskedAgainUnlessInvalid() {
        let prefilled = AnswerSet(values: [
            "app.name": .text("a1"), "hosting.plan": .text("consumption"), "hosting.os": .text("linux"),
            "network.inbound": .text("private-endpoint"),  // impossible on Consumption: asked again
        ])
        var interview = Interview(knowledgeBase: Harness.kb, prefilled: prefilled)
        let asked = walk(&interview, typed: [:])
        for id in ["app.name", "hosting.plan", "hosting.os"] { #expect(!asked.contains(id), "\(id)") }
        #expect(asked.contains("network.inbound"))
        #expect(interview.isFinished)
        #expect(interview.resolved.value(of: "network.inbound") == .text("public"))
    }

    @Test func aFinishedInterviewGivesValidAnswers() throws {
        var interview = fresh()
        walk(
            &interview,
            typed: [
                "app.name": "a1", "hosting.plan": "ase", "network.inbound": "private-endpoint",
                "http.cors-origins": "https://www.contoso.com",
            ])
        #expect(interview.isFinished)
        let (_, problems) = AnswerResolver.resolve(interview.answerSet, knowledgeBase: Harness.kb, file: "x")
        #expect(!problems.hasErrors)
    }
}
