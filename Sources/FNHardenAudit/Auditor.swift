import FNHardenCore

/// One audited app: what was inferred, the answers in force (inferred,
/// completed from the stated answers file where configuration can't tell),
/// and where the two disagree.
public struct AuditedApp: Sendable {
    public let inferences: [Inference]
    public let answers: ResolvedAnswers
    public let drift: [DriftFinding]
    /// Answers taken from the stated file (configuration couldn't tell).
    public let fromStated: Set<String>
    /// Contradictions the platform would reject, reported and set to unknown.
    public let warnings: [Diagnostic]

    public var evidence: [String: ConfigLocation] {
        var result: [String: ConfigLocation] = [:]
        for inference in inferences where inference.isFromConfiguration && !fromStated.contains(inference.key) {
            if let location = inference.evidence.location { result[inference.key] = location }
        }
        return result
    }

}

/// The answers an app's configuration gives, and their drift from an answers file.
public struct Auditor: Sendable {
    let kb: KnowledgeBase
    private let inference: AnswerInference

    public init(knowledgeBase: KnowledgeBase, auditKnowledge: AuditKnowledge) {
        self.kb = knowledgeBase
        inference = AnswerInference(knowledgeBase: knowledgeBase, auditKnowledge: auditKnowledge)
    }

    /// Notes on an inference that describe a configuration that fails.
    static let failingNotes: Set<String> = ["references-missing-system-identity", "references-missing-user-identity"]

    public func audit(
        _ app: FunctionApp, fallbackName: String, stated: AnswerSet? = nil, statedFile: String? = nil,
        asOf: String? = nil
    ) -> AuditedApp {
        var inferences = inference.infer(app, fallbackName: fallbackName).map { inferred in
            guard case .unresolved(_, let expression) = inferred.evidence,
                let causes = app.evaluation?.causes[expression]
            else { return inferred }
            var named = inferred
            named.causes = causes
            return named
        }
        // An inferred value the answers file would refuse (an origin with a
        // space or `$(...)`) is reported where the source has it and becomes
        // unknown: no answers file, checklist or snippet carries it.
        var refused: [Diagnostic] = []
        inferences = inferences.map { inferred in
            guard let value = inferred.value, let question = kb.question(inferred.key),
                let problem = AnswerParsing.problem(with: value, for: question)
            else { return inferred }
            let location = inferred.evidence.location
            refused.append(
                Diagnostic(
                    file: location?.file ?? app.name.location.file, position: location?.position, severity: .warning,
                    message: problem))
            return Inference(
                inferred.key, .unknown,
                .unresolved(location ?? app.name.location, expression: value.canonical), note: "refused")
        }
        var (explicit, fromStated) = answerSet(inferences, stated: stated)
        let file = app.site.location?.file ?? app.name.location.file
        let settled = settle(explicit, file: file, asOf: asOf)
        var warnings: [Diagnostic] = refused
        warnings += app.notes.map { note in
            // What the answers can't hold: a copy loop (several apps from one
            // resource) is audited once; deployment slots are not audited.
            Diagnostic(
                file: note.location.file, position: note.location.position, severity: .warning,
                message: Message(
                    "audit.warnings.\(note.key)",
                    note.arguments.merging(["app": explicit.values["app.name"]?.canonical ?? fallbackName]) { $1 }))
        }
        // A template that asks more of the evaluation than its limits allow
        // (a value past 256 KB, half a million steps) is said once per app.
        if let evaluation = app.evaluation, evaluation.limitReached {
            warnings.append(
                Diagnostic(
                    file: file, position: evaluation.limitPosition, severity: .warning,
                    message: Message(
                        "audit.warnings.evaluation-limit",
                        ["app": explicit.values["app.name"]?.canonical ?? fallbackName])))
        }
        // Key Vault references that name an identity the app doesn't have
        // fail at run time: said on the terminal too, not only in a comment.
        for inference in inferences {
            guard let note = inference.note, Self.failingNotes.contains(note) else { continue }
            let location = inference.evidence.location
            warnings.append(
                Diagnostic(
                    file: location?.file ?? file, position: location?.position, severity: .warning,
                    message: Message(
                        "audit.warnings.\(note)",
                        ["app": explicit.values["app.name"]?.canonical ?? fallbackName])))
        }
        for (key, message) in settled.contradicted {
            let location = inferences.first { $0.key == key }?.evidence.location
            warnings.append(
                Diagnostic(
                    file: location?.file ?? file, position: location?.position, severity: .warning,
                    message: message))
            inferences = inferences.map {
                $0.key == key ? Inference(key, .unknown, .notInSources, note: "contradiction") : $0
            }
            fromStated.remove(key)
        }
        let answers = settled.answers
        return AuditedApp(
            inferences: inferences, answers: answers,
            drift: drift(inferences, answers: answers, stated: stated, fromStated: fromStated),
            fromStated: fromStated, warnings: warnings)
    }

    /// What the resolver makes of a set of answers: contradictions (a
    /// private endpoint on Consumption can't be deployed) turn the answer
    /// they name to unknown, and answers to questions that don't apply are
    /// left out, as the wizard would.
    struct Settled: Sendable {
        let explicit: AnswerSet
        let answers: ResolvedAnswers
        let contradicted: [(key: String, message: Message)]
    }

    private func settle(_ given: AnswerSet, file: String, asOf: String?) -> Settled {
        var explicit = given
        var contradicted: [(key: String, message: Message)] = []
        var resolved = AnswerResolver.resolve(explicit, knowledgeBase: kb, file: file, asOf: asOf)
        var rounds = 0
        while resolved.1.hasErrors && rounds < 8 {
            rounds += 1
            for problem in resolved.1 where problem.severity == .error {
                guard let key = problem.message.arguments["key"] else { continue }
                contradicted.append((key, problem.message))
                explicit.values[key] = .unknown
            }
            resolved = AnswerResolver.resolve(explicit, knowledgeBase: kb, file: file, asOf: asOf)
        }
        let asked = Set(resolved.0.asked)
        let unasked = explicit.values.keys.filter { !asked.contains($0) && $0 != HostingKey.os }
        if !unasked.isEmpty {
            for key in unasked { explicit.values[key] = nil }
            resolved = AnswerResolver.resolve(explicit, knowledgeBase: kb, file: file, asOf: asOf)
        }
        return Settled(explicit: explicit, answers: resolved.0, contradicted: contradicted)
    }

    /// The explicit answers: inferred values, and the stated file's where
    /// configuration can't tell. Returns the keys taken from the stated file.
    private func answerSet(_ inferences: [Inference], stated: AnswerSet?) -> (AnswerSet, Set<String>) {
        var set = AnswerSet()
        var used: Set<String> = []
        for inference in inferences {
            if let value = inference.value { set.values[inference.key] = value }
            guard let stated, let given = stated.values[inference.key] else { continue }
            let configurationDecides = inference.isFromConfiguration && inference.note != "name-fallback"
            if !configurationDecides || inference.key == "app.name" && inference.note == "name-fallback" {
                set.values[inference.key] = given
                set.positions[inference.key] = stated.positions[inference.key]
                used.insert(inference.key)
            }
        }
        // What configuration never holds: review details, the resource group.
        if let stated {
            for (key, value) in stated.values where !inferences.contains(where: { $0.key == key }) {
                set.values[key] = value
                set.positions[key] = stated.positions[key]
                used.insert(key)
            }
            set.acceptedRisks = stated.acceptedRisks
        }
        return (set, used)
    }

    private func drift(
        _ inferences: [Inference], answers: ResolvedAnswers, stated: AnswerSet?,
        fromStated: Set<String>
    ) -> [DriftFinding] {
        guard let stated else { return [] }
        var findings: [DriftFinding] = []
        for question in kb.questions {
            let key = question.id
            guard let given = stated.values[key], !given.isUnknown, key != "app.name", !fromStated.contains(key),
                let inference = inferences.first(where: { $0.key == key }), inference.isFromConfiguration,
                let location = inference.evidence.location, answers.asked.contains(key)
            else { continue }
            let configured = answers.value(of: key)
            guard !configured.isUnknown, !Self.same(given, configured) else { continue }
            var byDefault = false
            if case .notSet = inference.evidence { byDefault = true }
            findings.append(
                DriftFinding(
                    key: key, stated: given, configured: configured, location: location,
                    byDefault: byDefault, statedPosition: stated.positions[key]))
        }
        return findings
    }

    /// Lists compare as sets (the order of CORS origins means nothing).
    static func same(_ lhs: AnswerValue, _ rhs: AnswerValue) -> Bool {
        if case .list(let a) = lhs, case .list(let b) = rhs { return Set(a) == Set(b) }
        return lhs == rhs
    }
}
