import FNHardenCore

/// `policy.json`: a subscription deployment with the set definition and a
/// nested deployment into the app's resource group for the assignment and
/// the exemptions (ARM's form of Bicep's module). JSON has no comments, so
/// the header's lines are the template's description and each resource's
/// `metadata.fnharden` names the items it enforces.
extension PolicySnippets {
    typealias Node = ARMSnippet.Node

    func arm(_ plan: PolicyPlan) -> String {
        let setID = "[subscriptionResourceId('\(Self.setType)', '\(plan.name)')]"
        let set = Node.object([
            .init(key: "type", value: .string(Self.setType)),
            .init(key: "apiVersion", value: .string(apiVersion(Self.setType))),
            .init(key: "name", value: .string(plan.name)),
            .init(key: "metadata", value: itemsNote(plan.items)),
            .init(
                key: "properties",
                value: .object([
                    .init(key: "policyType", value: .string("Custom")),
                    .init(key: "displayName", value: literal(displayName(plan))),
                    .init(key: "description", value: literal(description(plan))),
                    .init(key: "metadata", value: Self.node(setMetadata(plan))),
                    .init(key: "parameters", value: Self.node(setParameters(plan))),
                    .init(key: "policyDefinitionGroups", value: Self.node(groups(plan))),
                    .init(
                        key: "policyDefinitions",
                        value: .array(
                            plan.members.map { member in
                                // node() writes `[[`: the policy engine, not ARM, reads the effect's parameter.
                                .tagged(
                                    Self.node(reference(member, effect: Self.effectReference(member))),
                                    [member.item])
                            })),
                ])),
        ])
        let scope = "[format('Microsoft.Web/sites/{0}', parameters('appName'))]"
        let assignmentID =
            "[extensionResourceId(resourceId('Microsoft.Web/sites', parameters('appName')), '\(Self.assignmentType)', '\(plan.name)')]"
        var inner: [Node] = [
            .object([
                .init(key: "type", value: .string(Self.assignmentType)),
                .init(key: "apiVersion", value: .string(apiVersion(Self.assignmentType))),
                .init(key: "name", value: .string(plan.name)),
                .init(key: "scope", value: .string(scope)),
                .init(key: "metadata", value: itemsNote(plan.items)),
                .init(
                    key: "properties",
                    value: .object([
                        .init(key: "displayName", value: literal(displayName(plan))),
                        .init(key: "description", value: literal(description(plan))),
                        .init(key: "policyDefinitionId", value: .string("[parameters('policySetId')]")),
                        .init(key: "enforcementMode", value: .string("Default")),
                        .init(key: "metadata", value: Self.node(assignmentMetadata(plan))),
                        .init(key: "parameters", value: Self.node(assignmentParameters(plan))),
                    ])),
            ])
        ]
        for exemption in plan.exemptions {
            inner.append(
                .tagged(
                    .object([
                        .init(key: "type", value: .string(Self.exemptionType)),
                        .init(key: "apiVersion", value: .string(apiVersion(Self.exemptionType))),
                        .init(key: "name", value: .string(plan.exemptionName(exemption.item))),
                        .init(key: "scope", value: .string(scope)),
                        .init(key: "dependsOn", value: .array([.string(assignmentID)])),
                        .init(key: "metadata", value: itemsNote([exemption.item])),
                        .init(
                            key: "properties",
                            value: .object([
                                .init(key: "policyAssignmentId", value: .string(assignmentID)),
                                .init(key: "exemptionCategory", value: .string("Waiver")),
                                .init(key: "expiresOn", value: .string(exemption.expiresOn)),
                                .init(
                                    key: "policyDefinitionReferenceIds",
                                    value: .array(exemption.referenceIDs.map(Node.string))),
                                .init(key: "displayName", value: literal(exemptionDisplayName(exemption))),
                                .init(key: "description", value: literal(exemptionDescription(exemption))),
                                .init(key: "metadata", value: Self.node(exemptionMetadata(exemption))),
                            ])),
                    ]), [exemption.item]))
        }
        let stringParameter = { (description: String, value: String?) -> Node in
            var members: [Node.Member] = [.init(key: "type", value: .string("string"))]
            if let value { members.append(.init(key: "defaultValue", value: self.literal(value))) }
            members.append(
                .init(key: "metadata", value: .object([.init(key: "description", value: .string(description))])))
            return .object(members)
        }
        let deployment = Node.object([
            .init(key: "type", value: .string("Microsoft.Resources/deployments")),
            .init(key: "apiVersion", value: .string(apiVersion(Self.deploymentType))),
            .init(key: "name", value: .string(plan.name)),
            .init(key: "resourceGroup", value: .string("[parameters('appResourceGroup')]")),
            .init(key: "dependsOn", value: .array([.string(setID)])),
            .init(
                key: "properties",
                value: .object([
                    .init(key: "mode", value: .string("Incremental")),
                    .init(
                        key: "expressionEvaluationOptions",
                        value: .object([.init(key: "scope", value: .string("inner"))])),
                    .init(
                        key: "parameters",
                        value: .object([
                            .init(
                                key: "appName",
                                value: .object([.init(key: "value", value: .string("[parameters('appName')]"))])),
                            .init(key: "policySetId", value: .object([.init(key: "value", value: .string(setID))])),
                        ])),
                    .init(
                        key: "template",
                        value: .object([
                            .init(key: "$schema", value: .string(Self.resourceGroupSchema)),
                            .init(key: "contentVersion", value: .string("1.0.0.0")),
                            .init(
                                key: "parameters",
                                value: .object([
                                    .init(
                                        key: "appName",
                                        value: stringParameter(commentSafe(l10n.text("snippets.inputs.app-name")), nil)),
                                    .init(
                                        key: "policySetId",
                                        value: stringParameter(commentSafe(l10n.text("snippets.policy.set-id")), nil)),
                                ])),
                            .init(key: "resources", value: .array(inner)),
                        ])),
                ])),
        ])
        var parameters: [Node.Member] = []
        for input in plan.inputs {
            parameters.append(
                .init(
                    key: input.input.id == "resource-group" ? "appResourceGroup" : InputName.camel(input.input.id),
                    value: stringParameter(inputDescription(input), inputDefault(input))))
        }
        let top = Node.object([
            .init(key: "$schema", value: .string(Self.subscriptionSchema)),
            .init(key: "contentVersion", value: .string("1.0.0.0")),
            .init(
                key: "metadata",
                value: .object([
                    .init(key: "description", value: .array(header(plan, apply: "arm").map(Node.string)))
                ])),
            .init(key: "parameters", value: .object(parameters)),
            .init(key: "resources", value: .array([.tagged(set, plan.items), .tagged(deployment, plan.items)])),
        ])
        var out = SnippetLines()
        ARMSnippet(localizer: l10n).emit(top, prefix: "", indent: "", comma: false, items: [], into: &out)
        return out.rendered(.arm).text
    }

    static let deploymentType = "Microsoft.Resources/deployments"
    static let subscriptionSchema =
        "https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#"
    static let resourceGroupSchema = "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"

    /// Text that ARM must take as it is, not as an expression.
    private func literal(_ text: String) -> Node { .string(ARMSnippet.literal(text)) }

    private func itemsNote(_ items: [String]) -> Node {
        .object([.init(key: "fnharden", value: .object([.init(key: "items", value: .array(items.map(Node.string)))]))])
    }

    /// A JSON value as ARM: keys sorted, every string a literal.
    static func node(_ value: JSONValue) -> Node {
        switch value {
        case .string(let text): return .string(ARMSnippet.literal(text))
        case .integer(let number): return .int(number)
        case .number(let number): return .string(String(number))
        case .bool(let flag): return .bool(flag)
        case .null: return .string("")
        case .array(let elements): return .array(elements.map(node))
        case .object(let object):
            return .object(object.sorted { $0.key < $1.key }.map { .init(key: $0.key, value: node($0.value)) })
        }
    }
}
