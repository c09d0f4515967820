import FNHardenCore

/// `policy.tf`: the set definition, its assignment to the app and the
/// exemptions, with azurerm. It shares the snippets folder, and so one
/// Terraform configuration, with main.tf: its provider is an alias and its
/// variables, locals and data sources are named apart, so either file works
/// alone and both work together (main.tf's `terraform` block pins azurerm;
/// alone, Terraform takes hashicorp/azurerm).
extension PolicySnippets {
    func terraform(_ plan: PolicyPlan) -> String {
        var out = SnippetLines()
        for line in header(plan, apply: "terraform") { out.add("# " + line) }
        out.add("")
        out.add("provider \"azurerm\" {")
        out.add("  alias = \"policy\"")
        out.add("  features {}")
        out.add("}")
        for input in plan.inputs {
            out.add("")
            out.add("variable \"" + Self.terraformInput(input.input.id) + "\" {")
            out.add("  description = " + TerraformSnippet.string(inputDescription(input)))
            out.add("  type        = string")
            if let value = inputDefault(input) { out.add("  default     = " + TerraformSnippet.string(value)) }
            out.add("}")
        }
        out.add("")
        out.add("data \"azurerm_client_config\" \"policy\" {")
        out.add("  provider = azurerm.policy")
        out.add("}")
        out.add("")
        out.add("locals {")
        out.add(
            "  policy_app_id = \"/subscriptions/${data.azurerm_client_config.policy.subscription_id}/resourceGroups/${var."
                + Self.terraformInput("resource-group") + "}/providers/Microsoft.Web/sites/${var."
                + Self.terraformInput("app-name") + "}\"")
        out.add("}")
        out.add("")
        let items = plan.items
        out.add("resource \"azurerm_policy_set_definition\" \"policy\" {")
        out.add("  provider     = azurerm.policy")
        out.add("  name         = " + TerraformSnippet.string(plan.name))
        out.add("  policy_type  = \"Custom\"")
        out.add("  display_name = " + TerraformSnippet.string(displayName(plan)))
        out.add("  description  = " + TerraformSnippet.string(description(plan)))
        out.add("  metadata     = " + Self.hcl(setMetadata(plan), indent: "  "))
        out.add("  parameters   = " + Self.hcl(setParameters(plan), indent: "  "))
        for item in items {
            out.add("")
            out.add("  policy_definition_group {")
            out.add("    name         = " + TerraformSnippet.string(item))
            out.add("    display_name = " + TerraformSnippet.string(l10n.text("items.\(item).title")))
            out.add("  }")
        }
        for member in plan.members {
            out.add("")
            out.add("  # " + note(member))
            out.add("  policy_definition_reference {")
            out.add("    policy_definition_id = " + TerraformSnippet.string(member.definition.resourceID))
            out.add("    reference_id         = " + TerraformSnippet.string(member.referenceID))
            out.add("    policy_group_names   = [" + TerraformSnippet.string(member.item) + "]")
            out.add("    version              = " + TerraformSnippet.string(member.definition.pinnedVersion))
            let values = JSONValue.object([
                member.definition.effectParameter: .object(["value": .string(Self.effectReference(member))])
            ])
            out.add("    parameter_values     = " + Self.hcl(values, indent: "    "))
            out.add("  }")
        }
        out.add("}")
        out.add("")
        out.add("resource \"azurerm_resource_policy_assignment\" \"policy\" {")
        out.add("  provider             = azurerm.policy")
        out.add("  name                 = " + TerraformSnippet.string(plan.name))
        out.add("  resource_id          = local.policy_app_id")
        out.add("  policy_definition_id = azurerm_policy_set_definition.policy.id")
        out.add("  display_name         = " + TerraformSnippet.string(displayName(plan)))
        out.add("  description          = " + TerraformSnippet.string(description(plan)))
        out.add("  enforce              = true")
        out.add("  metadata             = " + Self.hcl(assignmentMetadata(plan), indent: "  "))
        out.add("  parameters           = " + Self.hcl(assignmentParameters(plan), indent: "  "))
        out.add("}")
        for exemption in plan.exemptions {
            out.add("")
            out.add(
                "resource \"azurerm_resource_policy_exemption\" \"" + InputName.snake(exemption.item) + "\" {")
            out.add("  provider                        = azurerm.policy")
            out.add(
                "  name                            = " + TerraformSnippet.string(plan.exemptionName(exemption.item)))
            out.add("  resource_id                     = local.policy_app_id")
            out.add("  policy_assignment_id            = azurerm_resource_policy_assignment.policy.id")
            out.add("  exemption_category              = \"Waiver\"")
            out.add("  expires_on                      = " + TerraformSnippet.string(exemption.expiresOn))
            out.add(
                "  policy_definition_reference_ids = ["
                    + exemption.referenceIDs.map(TerraformSnippet.string).joined(separator: ", ") + "]")
            out.add("  display_name                    = " + TerraformSnippet.string(exemptionDisplayName(exemption)))
            out.add("  description                     = " + TerraformSnippet.string(exemptionDescription(exemption)))
            out.add("  metadata                        = " + Self.hcl(exemptionMetadata(exemption), indent: "  "))
            out.add("}")
        }
        return out.rendered(.terraform).text
    }

    /// `policy_app_name`: named apart from main.tf's `app_name`.
    static func terraformInput(_ id: String) -> String { "policy_" + InputName.snake(id) }

    /// A JSON value as `jsonencode({...})`, an object's members one per line.
    static func hcl(_ value: JSONValue, indent: String) -> String { "jsonencode(" + hclValue(value, indent) + ")" }

    private static func hclValue(_ value: JSONValue, _ indent: String) -> String {
        switch value {
        case .string(let text): return TerraformSnippet.string(text)
        case .integer(let number): return String(number)
        case .number(let number): return String(number)
        case .bool(let flag): return flag ? "true" : "false"
        case .null: return "null"
        case .array(let elements): return "[" + elements.map { hclValue($0, indent) }.joined(separator: ", ") + "]"
        case .object(let object):
            guard !object.isEmpty else { return "{}" }
            let inner = indent + "  "
            let members = object.sorted { $0.key < $1.key }.map {
                inner + TerraformSnippet.key($0.key) + " = " + hclValue($0.value, inner)
            }
            return "{\n" + members.joined(separator: "\n") + "\n" + indent + "}"
        }
    }
}
