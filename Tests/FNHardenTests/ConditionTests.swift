import Testing

@testable import FNHardenCore

/// The one condition evaluator: every form, Kleene logic with unknown, and
/// the answers it names as reasons.
struct ConditionTests {
    struct Answers: ConditionContext {
        var values: [String: AnswerValue]
        var explicit: Set<String> = []
        var capabilities: [String: Truth] = [:]

        func value(of key: String) -> AnswerValue { values[key] ?? .unknown }
        func isAnswered(_ key: String) -> Bool { explicit.contains(key) }
        func capability(_ id: String) -> Outcome { Outcome(capabilities[id] ?? .unknown, reasons: ["hosting.plan"]) }
    }

    let answers = Answers(
        values: [
            "hosting.plan": .text("premium"),
            "http.https-only": .bool(true),
            "http.triggers": .unknown,
            "operations.daily-quota-gb-s": .integer(50),
            "http.cors-origins": .list(["https://a.example", "*"]),
            "network.private-dns": .list([]),
        ], explicit: ["hosting.plan"], capabilities: ["private-endpoint": .yes, "daily-quota": .no])

    func truth(_ condition: Condition) -> Truth { condition.evaluate(in: answers).truth }

    @Test func answerTests() {
        #expect(truth(.answer("hosting.plan", .equals("premium"))) == .yes)
        #expect(truth(.answer("hosting.plan", .equals("consumption"))) == .no)
        #expect(truth(.answer("hosting.plan", .notEquals("consumption"))) == .yes)
        #expect(truth(.answer("hosting.plan", .isIn(["dedicated", "premium"]))) == .yes)
        #expect(truth(.answer("hosting.plan", .notIn(["dedicated", "premium"]))) == .no)
        #expect(truth(.answer("http.https-only", .equals("true"))) == .yes)
        #expect(truth(.answer("operations.daily-quota-gb-s", .greaterThan(0))) == .yes)
        #expect(truth(.answer("operations.daily-quota-gb-s", .greaterThan(50))) == .no)
        #expect(truth(.answer("http.cors-origins", .contains("*"))) == .yes)
        #expect(truth(.answer("http.cors-origins", .isEmpty(true))) == .no)
        #expect(truth(.answer("network.private-dns", .isEmpty(true))) == .yes)
    }

    @Test func unknownAnswersMakeUnknown() {
        #expect(truth(.answer("http.triggers", .equals("true"))) == .unknown)
        #expect(truth(.answer("http.triggers", .notEquals("false"))) == .unknown)
        #expect(truth(.not(.answer("http.triggers", .equals("true")))) == .unknown)
    }

    @Test func kleeneLogic() {
        let yes = Condition.answer("hosting.plan", .equals("premium"))
        let no = Condition.answer("hosting.plan", .equals("ase"))
        let unknown = Condition.answer("http.triggers", .equals("true"))
        #expect(truth(.all([yes, unknown])) == .unknown)
        #expect(truth(.all([no, unknown])) == .no)
        #expect(truth(.all([yes, yes])) == .yes)
        #expect(truth(.any([yes, unknown])) == .yes)
        #expect(truth(.any([no, unknown])) == .unknown)
        #expect(truth(.any([no, no])) == .no)
    }

    @Test func capabilitiesAndAnswered() {
        #expect(truth(.capability("private-endpoint")) == .yes)
        #expect(truth(.capability("daily-quota")) == .no)
        #expect(truth(.capability("admin-isolation")) == .unknown)
        #expect(truth(.answered("hosting.plan")) == .yes)
        #expect(truth(.answered("http.https-only")) == .no)
    }

    @Test func reasonsNameTheDecidingAnswers() {
        let condition = Condition.all([
            .answer("hosting.plan", .equals("premium")),
            .answer("http.https-only", .equals("false")),
        ])
        // `all` is false because of https-only alone.
        #expect(condition.evaluate(in: answers).reasons == ["http.https-only"])
        let either = Condition.any([
            .answer("http.triggers", .equals("true")),
            .answer("hosting.plan", .equals("ase")),
        ])
        #expect(either.evaluate(in: answers) == Outcome(.unknown, reasons: ["http.triggers"]))
    }
}
