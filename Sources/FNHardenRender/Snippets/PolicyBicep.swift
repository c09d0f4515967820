import FNHardenCore

/// The Bicep pair: `policy.bicep` deploys at the subscription (a set
/// definition can't live lower) and calls `policy-assignment.bicep` in the
/// app's resource group, which assigns the set to the app and writes the
/// exemptions. Bicep allows no resource of another scope without a module.
extension PolicySnippets {
    func bicep(_ plan: PolicyPlan) -> (main: String, module: String) {
        var main = SnippetLines()
        for line in header(plan, apply: "bicep") { main.add("// " + line) }
        main.add("")
        main.add("targetScope = 'subscription'")
        for input in plan.inputs {
            main.add("")
            main.add("@description(" + BicepSnippet.string(inputDescription(input)) + ")")
            let name = Self.bicepInput(input.input.id)
            main.add("param " + name + " string" + (inputDefault(input).map { " = " + BicepSnippet.string($0) } ?? ""))
        }
        main.add("")
        main.add(
            "resource policySet '" + Self.setType + "@" + apiVersion(Self.setType) + "' = {")
        main.add("  name: " + BicepSnippet.string(plan.name))
        main.add("  properties: {")
        main.add("    policyType: 'Custom'")
        main.add("    displayName: " + BicepSnippet.string(displayName(plan)))
        main.add("    description: " + BicepSnippet.string(description(plan)))
        add("metadata", setMetadata(plan), indent: "    ", into: &main)
        add("parameters", setParameters(plan), indent: "    ", into: &main)
        add("policyDefinitionGroups", groups(plan), indent: "    ", into: &main)
        main.add("    policyDefinitions: [")
        for member in plan.members {
            main.add("      // " + note(member))
            for line in Self.bicepLines(reference(member, effect: Self.effectReference(member)), indent: "      ") {
                main.add(line)
            }
        }
        main.add("    ]")
        main.add("  }")
        main.add("}")
        main.add("")
        main.add("module assignment 'policy-assignment.bicep' = {")
        main.add("  name: " + BicepSnippet.string(plan.name))
        main.add("  scope: resourceGroup(" + Self.bicepInput("resource-group") + ")")
        main.add("  params: {")
        main.add("    appName: " + Self.bicepInput("app-name"))
        main.add("    policySetId: policySet.id")
        main.add("  }")
        main.add("}")

        var module = SnippetLines()
        for line in header(plan, apply: "bicep-module") { module.add("// " + line) }
        module.add("")
        module.add("@description(" + BicepSnippet.string(commentSafe(l10n.text("snippets.inputs.app-name"))) + ")")
        module.add("param appName string")
        module.add("")
        module.add("@description(" + BicepSnippet.string(commentSafe(l10n.text("snippets.policy.set-id"))) + ")")
        module.add("param policySetId string")
        module.add("")
        module.add(
            "resource site 'Microsoft.Web/sites@" + kb.snippets.apiVersion("Microsoft.Web/sites") + "' existing = {")
        module.add("  name: appName")
        module.add("}")
        module.add("")
        module.add(
            "resource assignment '" + Self.assignmentType + "@" + apiVersion(Self.assignmentType) + "' = {")
        module.add("  name: " + BicepSnippet.string(plan.name))
        module.add("  scope: site")
        module.add("  properties: {")
        module.add("    displayName: " + BicepSnippet.string(displayName(plan)))
        module.add("    description: " + BicepSnippet.string(description(plan)))
        module.add("    policyDefinitionId: policySetId")
        module.add("    enforcementMode: 'Default'")
        add("metadata", assignmentMetadata(plan), indent: "    ", into: &module)
        add("parameters", assignmentParameters(plan), indent: "    ", into: &module)
        module.add("  }")
        module.add("}")
        for exemption in plan.exemptions {
            module.add("")
            module.add(
                "resource " + InputName.camel("exemption-" + exemption.item) + " '" + Self.exemptionType + "@"
                    + apiVersion(Self.exemptionType) + "' = {")
            module.add("  name: " + BicepSnippet.string(plan.exemptionName(exemption.item)))
            module.add("  scope: site")
            module.add("  properties: {")
            module.add("    policyAssignmentId: assignment.id")
            module.add("    exemptionCategory: 'Waiver'")
            module.add("    expiresOn: " + BicepSnippet.string(exemption.expiresOn))
            add(
                "policyDefinitionReferenceIds", .array(exemption.referenceIDs.map(JSONValue.string)),
                indent: "    ", into: &module)
            module.add("    displayName: " + BicepSnippet.string(exemptionDisplayName(exemption)))
            module.add("    description: " + BicepSnippet.string(exemptionDescription(exemption)))
            add("metadata", exemptionMetadata(exemption), indent: "    ", into: &module)
            module.add("  }")
            module.add("}")
        }
        return (main.rendered(.bicep).text, module.rendered(.bicep).text)
    }

    static func bicepInput(_ id: String) -> String { id == "resource-group" ? "appResourceGroup" : InputName.camel(id) }

    private func add(
        _ key: String, _ value: JSONValue, indent: String, into out: inout SnippetLines
    ) {
        var lines = Self.bicepLines(value, indent: indent)
        lines[0] = indent + BicepSnippet.key(key) + ": " + lines[0].dropFirst(indent.count)
        for line in lines { out.add(line) }
    }

    /// A JSON value as Bicep, one property or element per line.
    static func bicepLines(_ value: JSONValue, indent: String) -> [String] {
        switch value {
        case .object(let object) where !object.isEmpty:
            var lines = [indent + "{"]
            for (key, member) in object.sorted(by: { $0.key < $1.key }) {
                var inner = bicepLines(member, indent: indent + "  ")
                inner[0] = indent + "  " + BicepSnippet.key(key) + ": " + inner[0].dropFirst(indent.count + 2)
                lines += inner
            }
            return lines + [indent + "}"]
        case .array(let elements) where !elements.isEmpty:
            return [indent + "["] + elements.flatMap { bicepLines($0, indent: indent + "  ") } + [indent + "]"]
        case .object: return [indent + "{}"]
        case .array: return [indent + "[]"]
        case .string(let text): return [indent + BicepSnippet.string(text)]
        case .integer(let number): return [indent + String(number)]
        case .number(let number): return [indent + String(number)]
        case .bool(let flag): return [indent + (flag ? "true" : "false")]
        case .null: return [indent + "null"]
        }
    }
}
