import FNHardenCore
import Foundation

/// `policy.sh`: the same set, assignment and exemptions as `az policy`
/// commands. Each `create` is a PUT of the same body under a fixed name, so
/// running the script twice sends the same commands and leaves one of each.
extension PolicySnippets {
    func shell(_ plan: PolicyPlan) -> String {
        var out = SnippetLines()
        out.add("#!/usr/bin/env bash")
        for line in header(plan, apply: "azcli") { out.add("# " + line) }
        out.add("set -euo pipefail")
        ShellSnippet(localizer: l10n).addInputs(plan.inputs, script: "policy.sh", into: &out)
        out.add("")
        out.add(
            "APP_ID=$(az functionapp show --resource-group \"$RESOURCE_GROUP\" --name \"$APP_NAME\" --query id --output tsv)"
        )
        // The set lives in the app's subscription; assigning it by its full
        // ID spares the CLI a lookup by name.
        out.add("SUBSCRIPTION_ID=${APP_ID#/subscriptions/}")
        out.add("SUBSCRIPTION_ID=${SUBSCRIPTION_ID%%/*}")
        out.add("SET_ID=\"/subscriptions/$SUBSCRIPTION_ID/providers/" + Self.setType + "/" + plan.name + "\"")
        out.add("ASSIGNMENT_ID=\"$APP_ID/providers/" + Self.assignmentType + "/" + plan.name + "\"")
        out.add("")
        for member in plan.members { out.add("# " + note(member)) }
        out.add(
            "az policy set-definition create --name " + ShellSnippet.quote(plan.name)
                + " --subscription \"$SUBSCRIPTION_ID\" \\")
        lines(
            [
                ["--display-name", displayName(plan)], ["--description", description(plan)],
                ["--metadata", Self.compact(setMetadata(plan))], ["--params", Self.compact(setParameters(plan))],
                ["--definition-groups", Self.compact(groups(plan))],
                [
                    "--definitions",
                    Self.compact(.array(plan.members.map { reference($0, effect: Self.effectReference($0)) })),
                ],
            ], into: &out)
        out.add("")
        out.add(
            "az policy assignment create --name " + ShellSnippet.quote(plan.name)
                + " --scope \"$APP_ID\" --policy-set-definition \"$SET_ID\" \\")
        lines(
            [
                ["--display-name", displayName(plan)], ["--description", description(plan)],
                ["--enforcement-mode", "Default"], ["--metadata", Self.compact(assignmentMetadata(plan))],
                ["--params", Self.compact(assignmentParameters(plan))],
            ], into: &out)
        for exemption in plan.exemptions {
            out.add("")
            out.add(
                "az policy exemption create --name " + ShellSnippet.quote(plan.exemptionName(exemption.item))
                    + " --scope \"$APP_ID\" --policy-assignment \"$ASSIGNMENT_ID\" \\")
            lines(
                [
                    ["--exemption-category", "Waiver"], ["--expires-on", exemption.expiresOn],
                    [
                        "--policy-definition-reference-ids",
                        Self.compact(.array(exemption.referenceIDs.map(JSONValue.string))),
                    ],
                    ["--display-name", exemptionDisplayName(exemption)],
                    ["--description", exemptionDescription(exemption)],
                    ["--metadata", Self.compact(exemptionMetadata(exemption))],
                ], into: &out)
        }
        return out.rendered(.azcli).text
    }

    /// Continuation lines, one argument and its value each.
    private func lines(_ arguments: [[String]], into out: inout SnippetLines) {
        for (index, argument) in arguments.enumerated() {
            out.add(
                "  " + argument.map(ShellSnippet.quote).joined(separator: " ")
                    + (index < arguments.count - 1 ? " \\" : ""))
        }
    }

    /// One-line JSON with sorted keys, for an argument.
    static func compact(_ value: JSONValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).flatMap { String(data: $0, encoding: .utf8) } ?? "{}"
    }
}
