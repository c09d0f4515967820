import Foundation

/// What the Azure Policy outputs hold for one app, in any dialect: the
/// built-in definitions of the items its plan can act on, each with its
/// effect; the definitions left out and why; an exemption per accepted
/// risk. Built from the checklist, so the policy set and the checklist
/// always agree.
public struct PolicyPlan: Sendable {
    public let appName: String
    public let plan: String
    public let os: String
    /// `review.enforcement`: audit, deny, or unknown (treated as audit).
    public let enforcement: String
    public let members: [Member]
    public let leftOut: [LeftOut]
    public let exemptions: [Exemption]
    /// Accepted risks that get no exemption, and why.
    public let withoutExemption: [(item: String, reason: NoExemption)]
    /// The app's name and resource group as inputs, defaults from the answers.
    public let inputs: [ResolvedInput]

    /// One definition in the set, for one item.
    public struct Member: Sendable {
        public let item: String
        public let status: Status
        public let definition: PolicyDefinition
        /// `ITEM-GUID8`: unique in the set, so an exemption can name exactly
        /// one item's definitions even where two items share one.
        public let referenceID: String
        public let effect: String
        /// Deny was asked for, but the definition can't deny.
        public let denyRefused: Bool
    }

    public struct LeftOut: Sendable {
        public let item: String
        public let definition: PolicyDefinition
        public let reason: Reason
    }

    public enum Reason: Sendable, Equatable {
        case notApplicable
        /// The plan, OS or runtime can't do it: the capability that blocks it.
        case unsupported(capability: String?)
        /// No source confirms the plan can: the capabilities in question.
        case unconfirmed([String])
        /// The definition only changes resources (DeployIfNotExists, Modify).
        case remediation(effects: [String])
        /// The definition skips sites of this app's kind.
        case kindExcluded(kind: String)
    }

    public enum NoExemption: Sendable, Equatable {
        /// The item has no definition in the set.
        case noDefinitions
        /// The acceptance has lapsed: the item is open again.
        case expired
    }

    public struct Exemption: Sendable {
        public let item: String
        public let owner: String
        public let reason: String
        /// The acceptance's last day, YYYY-MM-DD (inclusive).
        public let expires: String
        /// The moment it ends: midnight UTC after `expires`.
        public let expiresOn: String
        public let referenceIDs: [String]
    }

    /// The name of the set definition, its assignment and the deployment
    /// that assigns it: within the 64 characters Azure allows each of them
    /// for any app name (60 at most).
    public var name: String { "fnh-" + appName }

    /// The exemption's name for an item (unique within the app's scope).
    public func exemptionName(_ item: String) -> String { "fnh-" + item }

    /// Every item the set enforces, in knowledge-base order.
    public var items: [String] { members.map(\.item).uniqued() }
}

/// Turns a checklist into a `PolicyPlan`.
public enum PolicyPlanner {
    public static func plan(_ checklist: Checklist, knowledgeBase kb: KnowledgeBase) -> PolicyPlan? {
        let answers = checklist.answers
        guard case .text(let plan) = answers.plan, case .text(let os) = answers.os else { return nil }
        let kind = kb.snippets.siteKind(plan: plan, os: os)
        let enforcement = answers.value(of: "review.enforcement").canonical
        var members: [PolicyPlan.Member] = []
        var leftOut: [PolicyPlan.LeftOut] = []
        for entry in checklist.entries {
            let ids = entry.item.controls.first { $0.tool == "azure-policy" }?.ids ?? []
            for id in ids {
                guard let definition = kb.policies.definition(id) else { continue }
                func leave(_ reason: PolicyPlan.Reason) {
                    leftOut.append(PolicyPlan.LeftOut(item: entry.item.id, definition: definition, reason: reason))
                }
                switch entry.status {
                case .notApplicable: leave(.notApplicable)
                case .unsupported: leave(.unsupported(capability: entry.blockedBy))
                case .done, .todo, .accepted:
                    if !entry.unconfirmed.isEmpty {
                        leave(.unconfirmed(entry.unconfirmed))
                    } else if !definition.evaluates(kind: kind) {
                        leave(.kindExcluded(kind: kind))
                    } else if let audit = definition.auditEffect {
                        let deny = enforcement == "deny"
                        members.append(
                            PolicyPlan.Member(
                                item: entry.item.id, status: entry.status, definition: definition,
                                referenceID: entry.item.id + "-" + definition.id.prefix(8),
                                effect: deny && definition.canDeny ? "Deny" : audit,
                                denyRefused: deny && !definition.canDeny))
                    } else {
                        leave(.remediation(effects: definition.allowedEffects.filter { $0 != "Disabled" }))
                    }
                }
            }
        }
        var exemptions: [PolicyPlan.Exemption] = []
        var withoutExemption: [(item: String, reason: PolicyPlan.NoExemption)] = []
        for risk in answers.explicit.acceptedRisks {
            guard let entry = checklist.entries.first(where: { $0.item.id == risk.item }) else { continue }
            guard !entry.acceptanceExpired else {
                withoutExemption.append((risk.item, .expired))
                continue
            }
            let references = members.filter { $0.item == risk.item }.map(\.referenceID)
            guard entry.status == .accepted, !references.isEmpty, let end = dayAfter(risk.expires) else {
                if entry.status == .accepted { withoutExemption.append((risk.item, .noDefinitions)) }
                continue
            }
            exemptions.append(
                PolicyPlan.Exemption(
                    item: risk.item, owner: risk.owner, reason: risk.reason, expires: risk.expires,
                    expiresOn: end + "T00:00:00Z", referenceIDs: references))
        }
        let inputs = kb.snippets.inputs.filter { ["app-name", "resource-group"].contains($0.id) }.map { input in
            var value: SnippetValue?
            if let key = input.answer, case .text(let text) = answers.value(of: key), !text.isEmpty {
                value = .string(text)
            }
            return ResolvedInput(input: input, defaultValue: value)
        }
        return PolicyPlan(
            appName: answers.value(of: "app.name").canonical, plan: plan, os: os, enforcement: enforcement,
            members: members, leftOut: leftOut, exemptions: exemptions, withoutExemption: withoutExemption,
            inputs: inputs)
    }

    /// `2027-06-30` -> `2027-07-01`, in the Gregorian calendar.
    static func dayAfter(_ date: String) -> String? {
        var calendar = Calendar(identifier: .gregorian)
        guard let utc = TimeZone(identifier: "UTC") else { return nil }
        calendar.timeZone = utc
        let parts = date.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3,
            let day = calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2])),
            let next = calendar.date(byAdding: .day, value: 1, to: day)
        else { return nil }
        let components = calendar.dateComponents([.year, .month, .day], from: next)
        guard let year = components.year, let month = components.month, let dayOfMonth = components.day else {
            return nil
        }
        return String(format: "%04d-%02d-%02d", year, month, dayOfMonth)
    }
}
