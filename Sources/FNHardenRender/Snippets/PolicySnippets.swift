import FNHardenCore
import FNHardenL10n

/// `snippets/policy.*`: the review as an Azure Policy set for one app, in
/// Bicep, ARM, Terraform and Azure CLI. One policy set definition (at the
/// subscription) holds the built-in definitions of the items the app's
/// plan can act on, each with its effect as a parameter; it is assigned to
/// the app itself, so no other app in the resource group is judged by this
/// app's plan; each accepted risk becomes a Waiver exemption for its item's
/// definitions, lapsing when the acceptance does.
public struct PolicySnippets {
    public static let bicepFile = "snippets/policy.bicep"
    public static let bicepModuleFile = "snippets/policy-assignment.bicep"
    public static let armFile = "snippets/policy.json"
    public static let terraformFile = "snippets/policy.tf"
    public static let shellFile = "snippets/policy.sh"

    let l10n: Localizer
    let kb: KnowledgeBase

    public init(knowledgeBase: KnowledgeBase, localizer: Localizer) {
        self.kb = knowledgeBase
        self.l10n = localizer
    }

    /// Every file, in the order they are listed.
    public func render(_ plan: PolicyPlan) -> [(path: String, content: String)] {
        let bicep = bicep(plan)
        return [
            (Self.bicepFile, bicep.main), (Self.bicepModuleFile, bicep.module), (Self.armFile, arm(plan)),
            (Self.terraformFile, terraform(plan)), (Self.shellFile, shell(plan)),
        ]
    }

    // MARK: - What every dialect writes

    static let setType = "Microsoft.Authorization/policySetDefinitions"
    static let assignmentType = "Microsoft.Authorization/policyAssignments"
    static let exemptionType = "Microsoft.Authorization/policyExemptions"

    func apiVersion(_ type: String) -> String { kb.policies.resource(type)?.apiVersion ?? "" }

    /// The set's parameter that carries a member's effect.
    static func effectParameter(_ member: PolicyPlan.Member) -> String {
        InputName.camel("effect-" + member.referenceID)
    }

    /// The value a member's definition reads its effect from: an expression
    /// the policy engine evaluates, so ARM must not (Bicep escapes it itself).
    static func effectReference(_ member: PolicyPlan.Member) -> String {
        "[parameters('" + effectParameter(member) + "')]"
    }

    func setParameters(_ plan: PolicyPlan) -> JSONValue {
        var parameters: JSONObject = [:]
        for member in plan.members {
            parameters[Self.effectParameter(member)] = .object([
                "type": .string("String"),
                "allowedValues": .array(member.definition.allowedEffects.map(JSONValue.string)),
                "defaultValue": .string(member.effect),
                "metadata": .object([
                    "displayName": .string(
                        l10n.text("snippets.policy.effect-parameter", ["definition": member.definition.displayName]))
                ]),
            ])
        }
        return .object(parameters)
    }

    /// One group per item, so the compliance view lists findings by item.
    func groups(_ plan: PolicyPlan) -> JSONValue {
        .array(
            plan.items.map { item in
                .object([
                    "name": .string(item), "displayName": .string(l10n.text("items.\(item).title")),
                ])
            })
    }

    func reference(_ member: PolicyPlan.Member, effect: String) -> JSONValue {
        .object([
            "policyDefinitionId": .string(member.definition.resourceID),
            "definitionVersion": .string(member.definition.pinnedVersion),
            "policyDefinitionReferenceId": .string(member.referenceID),
            "groupNames": .array([.string(member.item)]),
            "parameters": .object([member.definition.effectParameter: .object(["value": .string(effect)])]),
        ])
    }

    func assignmentParameters(_ plan: PolicyPlan) -> JSONValue {
        var values: JSONObject = [:]
        for member in plan.members { values[Self.effectParameter(member)] = .object(["value": .string(member.effect)]) }
        return .object(values)
    }

    func setMetadata(_ plan: PolicyPlan) -> JSONValue {
        .object([
            "category": .string("App Service"),
            "fnharden": .object([
                "app": .string(plan.appName), "plan": .string(plan.plan), "os": .string(plan.os),
                "items": .array(plan.items.map(JSONValue.string)),
            ]),
        ])
    }

    func assignmentMetadata(_ plan: PolicyPlan) -> JSONValue {
        .object([
            "fnharden": .object([
                "app": .string(plan.appName), "enforcement": .string(plan.enforcement),
                "items": .array(plan.items.map(JSONValue.string)),
            ])
        ])
    }

    func exemptionMetadata(_ exemption: PolicyPlan.Exemption) -> JSONValue {
        .object([
            "fnharden": .object([
                "items": .array([.string(exemption.item)]), "owner": .string(exemption.owner),
                "reason": .string(exemption.reason), "expires": .string(exemption.expires),
            ])
        ])
    }

    func displayName(_ plan: PolicyPlan) -> String {
        l10n.text("snippets.policy.set-display-name", ["app": plan.appName])
    }

    func description(_ plan: PolicyPlan) -> String {
        l10n.text("snippets.policy.set-description", ["app": plan.appName, "plan": plan.plan, "os": plan.os])
    }

    func exemptionDisplayName(_ exemption: PolicyPlan.Exemption) -> String {
        l10n.text("snippets.policy.exemption-display-name", ["item": exemption.item])
    }

    func exemptionDescription(_ exemption: PolicyPlan.Exemption) -> String {
        l10n.text(
            "snippets.policy.exemption-description",
            ["owner": exemption.owner, "expires": exemption.expires, "reason": exemption.reason])
    }

    // MARK: - Comments

    /// The header: what the file is, its effects, and what was left out and why.
    func header(_ plan: PolicyPlan, apply: String) -> [String] {
        var lines = [
            l10n.text(
                "snippets.header.generated",
                ["version": Version.fnharden, "app": plan.appName, "plan": plan.plan, "os": plan.os]),
            l10n.text("snippets.policy.about"),
            l10n.text("snippets.policy.apply-" + apply),
        ]
        switch plan.enforcement {
        case "deny": lines.append(l10n.text("snippets.policy.effects-deny"))
        case "audit": lines.append(l10n.text("snippets.policy.effects-audit"))
        default: lines.append(l10n.text("snippets.policy.effects-unknown"))
        }
        if plan.members.isEmpty { lines.append(l10n.text("snippets.policy.empty")) }
        if !plan.leftOut.isEmpty {
            lines.append(l10n.text("snippets.policy.left-out"))
            for left in plan.leftOut {
                lines.append(
                    "- "
                        + l10n.text(
                            "snippets.policy.left-out-line",
                            [
                                "item": left.item, "definition": left.definition.displayName,
                                "id": left.definition.id, "reason": reason(left.reason),
                            ]))
            }
        }
        for exemption in plan.exemptions {
            lines.append(
                l10n.text(
                    "snippets.policy.exemption",
                    [
                        "item": exemption.item, "owner": exemption.owner, "expires": exemption.expires,
                        "expiresOn": exemption.expiresOn,
                    ]))
        }
        for (item, why) in plan.withoutExemption {
            lines.append(
                l10n.text(
                    why == .expired ? "snippets.policy.no-exemption-expired" : "snippets.policy.no-exemption",
                    ["item": item]))
        }
        return lines.map(commentSafe)
    }

    func reason(_ reason: PolicyPlan.Reason) -> String {
        switch reason {
        case .notApplicable: return l10n.text("snippets.policy.reasons.not-applicable")
        case .unsupported(let capability):
            guard let capability else { return l10n.text("snippets.policy.reasons.unsupported") }
            return l10n.text(
                "snippets.policy.reasons.unsupported-capability",
                ["capability": l10n.text("capabilities.\(capability).name")])
        case .unconfirmed(let capabilities):
            return l10n.text(
                "snippets.policy.reasons.unconfirmed",
                ["capabilities": capabilities.map { l10n.text("capabilities.\($0).name") }.joined(separator: "; ")])
        case .remediation(let effects):
            return l10n.text("snippets.policy.reasons.remediation", ["effects": effects.joined(separator: ", ")])
        case .kindExcluded(let kind): return l10n.text("snippets.policy.reasons.kind-excluded", ["kind": kind])
        }
    }

    /// The comment above a member: its item, status, definition and effect.
    func note(_ member: PolicyPlan.Member) -> String {
        commentSafe(
            l10n.text(
                member.denyRefused ? "snippets.policy.member-no-deny" : "snippets.policy.member",
                [
                    "item": member.item, "status": member.status.rawValue,
                    "definition": member.definition.displayName, "effect": member.effect,
                ]))
    }

    func inputDescription(_ input: ResolvedInput) -> String { SnippetHeader.description(of: input.input.id, l10n) }

    func inputDefault(_ input: ResolvedInput) -> String? {
        if case .string(let text) = input.defaultValue { return text }
        return nil
    }
}
