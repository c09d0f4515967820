/// Cross-reference checks run on every load: each name a file uses must be
/// defined by another (sections, sources, capabilities, answer keys, values).
struct KnowledgeBaseChecks {
    let kb: KnowledgeBase

    init(_ kb: KnowledgeBase) { self.kb = kb }

    func run() throws {
        try checkQuestions()
        try checkCapabilities()
        try checkRules()
        try checkItems()
        try checkNotices()
        try checkPolicies()
    }

    /// Every definition the crosswalk names has its record, and every record
    /// is named: the policy outputs can't write a definition they don't know.
    private func checkPolicies() throws {
        let file = "checklists/policies.yml"
        let named = Set(
            kb.items.flatMap { $0.controls.filter { $0.tool == "azure-policy" }.flatMap(\.ids) }.map { $0.lowercased() }
        )
        let recorded = kb.policies.definitions.map { $0.id.lowercased() }
        if let missing = named.subtracting(recorded).sorted().first {
            throw fail(file, "the crosswalk names \(missing), which has no record here")
        }
        if let unused = recorded.first(where: { !named.contains($0) }) {
            throw fail(file, "definition \(unused) is named by no item's crosswalk")
        }
        if Set(recorded).count != recorded.count { throw fail(file, "a definition is recorded twice") }
        // An accepted risk's exemption is named fnh-ITEM, within Azure's 64 characters.
        for item in kb.items where item.controls.contains(where: { $0.tool == "azure-policy" }) && item.id.count > 60 {
            throw fail("checklists/items", "item \(item.id): over 60 characters, too long to name its policy exemption")
        }
        for definition in kb.policies.definitions {
            guard definition.allowedEffects.contains(definition.defaultEffect) else {
                throw fail(file, "definition \(definition.id): default effect is not an allowed one")
            }
        }
        for source in kb.policies.sources + kb.policies.resources.map(\.source) where kb.sources[source] == nil {
            throw fail(file, "no source \(source)")
        }
    }

    private func checkNotices() throws {
        for notice in kb.notices {
            try check(notice.when, in: "checklists/notices.yml", owner: notice.id)
            if kb.sources[notice.source] == nil {
                throw fail("checklists/notices.yml", "notice \(notice.id): no source \(notice.source)")
            }
        }
    }

    private func fail(_ file: String, _ problem: String) -> KnowledgeBaseError {
        KnowledgeBaseError(file: file, position: nil, problem: problem)
    }

    private func checkQuestions() throws {
        var seen = Set<String>()
        for question in kb.questions {
            guard seen.insert(question.id).inserted else {
                throw fail("checklists/questions.yml", "question \(question.id) is defined twice")
            }
            if let section = question.section, kb.section(section) == nil {
                throw fail("checklists/questions.yml", "question \(question.id): no section \"\(section)\"")
            }
            if let source = question.source, kb.sources[source] == nil {
                throw fail("checklists/questions.yml", "question \(question.id): no source \(source)")
            }
            if let when = question.when { try check(when, in: "checklists/questions.yml", owner: question.id) }
            for entry in question.conditionalDefaults {
                try check(entry.when, in: "checklists/questions.yml", owner: question.id)
            }
        }
    }

    private func checkCapabilities() throws {
        for capability in kb.capabilities.capabilities.values {
            for (plan, systems) in capability.cells {
                for (os, cell) in systems where kb.sources[cell.source] == nil {
                    throw fail(
                        "checklists/capabilities.yml",
                        "capability \(capability.id) \(plan)/\(os): no source \(cell.source)")
                }
            }
            if let source = capability.runtimeSource, kb.sources[source] == nil {
                throw fail("checklists/capabilities.yml", "capability \(capability.id): no source \(source)")
            }
        }
    }

    private func checkRules() throws {
        for rule in kb.rules {
            guard kb.question(rule.at) != nil else {
                throw fail("checklists/rules.yml", "rule \(rule.id): `at` names no question (\(rule.at))")
            }
            try check(rule.when, in: "checklists/rules.yml", owner: rule.id)
            try check(rule.require, in: "checklists/rules.yml", owner: rule.id)
            if let source = rule.source, kb.sources[source] == nil {
                throw fail("checklists/rules.yml", "rule \(rule.id): no source \(source)")
            }
        }
    }

    private func checkItems() throws {
        var seen = Set<String>()
        for item in kb.items {
            let file = "checklists/items/\(item.area).yml"
            guard seen.insert(item.id).inserted else { throw fail(file, "item \(item.id) is defined twice") }
            guard kb.areas.contains(item.area) else { throw fail(file, "item \(item.id): no area \(item.area)") }
            guard let section = kb.section(item.section), section.recommends else {
                throw fail(file, "item \(item.id): \"\(item.section)\" is not a recommending heading of sections.yml")
            }
            for capability in item.requires where kb.capabilities.capabilities[capability] == nil {
                throw fail(file, "item \(item.id): no capability \(capability)")
            }
            for source in item.references where kb.sources[source] == nil {
                throw fail(file, "item \(item.id): no source \(source)")
            }
            if let applies = item.appliesWhen { try check(applies, in: file, owner: item.id) }
            try check(item.satisfiedWhen, in: file, owner: item.id)
            for variant in item.fixVariants { try check(variant.when, in: file, owner: item.id) }
            for note in item.notes { if let when = note.when { try check(when, in: file, owner: item.id) } }
        }
    }

    /// Every answer key exists, every compared value is one the question allows.
    private func check(_ condition: Condition, in file: String, owner: String) throws {
        for capability in condition.capabilityIDs where kb.capabilities.capabilities[capability] == nil {
            throw fail(file, "\(owner): no capability \(capability)")
        }
        try checkValues(condition, in: file, owner: owner)
    }

    private func checkValues(_ condition: Condition, in file: String, owner: String) throws {
        switch condition {
        case .all(let parts), .any(let parts):
            for part in parts { try checkValues(part, in: file, owner: owner) }
        case .not(let inner):
            try checkValues(inner, in: file, owner: owner)
        case .capability:
            break
        case .answered(let key):
            guard kb.question(key) != nil else { throw fail(file, "\(owner): no question \(key)") }
        case .answer(let key, let test):
            guard let question = kb.question(key) else { throw fail(file, "\(owner): no question \(key)") }
            let allowed: [String]? =
                switch question.kind {
                case .choice: question.values
                case .boolean: ["true", "false"]
                default: nil
                }
            let compared: [String] =
                switch test {
                case .equals(let value), .notEquals(let value): [value]
                case .isIn(let values), .notIn(let values): values
                default: []
                }
            if let allowed {
                for value in compared where !allowed.contains(value) && value != "unknown" {
                    throw fail(file, "\(owner): \(key) has no value \(value)")
                }
            }
        }
    }
}
