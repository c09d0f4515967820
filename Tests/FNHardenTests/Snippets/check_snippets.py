#!/usr/bin/env python3
"""Proves the generated snippets with independent tools.

First, the crosswalk's frameworks are held to Checkov's own registries:
each Checkov id covers exactly the frameworks the knowledge base records
(`checkov-frameworks`), counting only checks on the resources an app's
snippets declare (a check that knows only web apps, or only the deprecated
azurerm_function_app, doesn't cover a function app).

For each answers file: `fnharden generate` writes the checklist and the four
snippet files, then
  1. Checkov parses the Bicep, ARM and Terraform; every Checkov check named in
     `controls.checkov` of an item whose settings the snippets write must not
     fail, and in each framework it covers, where the file declares a
     resource it checks, it must PASS there (not be skipped or missing);
  2. no file sets a property the plan can't take (Flex, Linux Consumption);
  3. `bash -n` accepts harden.sh; run with a stub `az` that records each
     command line, it exits 0, twice (idempotent), creating no file;
  4. each recorded line is parsed by the real Azure CLI without a login:
     a well-formed line gets "Please run 'az login'", never "unrecognized
     arguments" or a missing-argument error;
  5. the Azure Policy files (policy.*): Checkov's own parsers read the Bicep
     pair, the ARM template and the Terraform with no error; every policy
     resource's type, API version and property names are ones
     checklists/policies.yml records from the published schemas; every
     effect is one its definition allows (Deny only where asked for); each
     accepted risk in force has an exemption limited to its item's
     definitions that expires when the acceptance does; policy.sh passes
     `bash -n`, sends the same commands when run twice, and the real Azure
     CLI parses each of them (step 4).

Usage: check_snippets.py FNHARDEN CHECKOV AZ ANSWERS...
Prints one line per failure and "N passed, M failed".
"""
import concurrent.futures
import datetime
import json
import os
import re
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[3]
POLICIES = yaml.safe_load((ROOT / "checklists" / "policies.yml").read_text())
DEFINITIONS = {entry["id"]: entry for entry in POLICIES["definitions"]}
SCHEMAS = {entry["type"]: entry for entry in POLICIES["resources"]}

# A valid value for each input of checklists/settings.yml.
SAMPLES = {
    "ALLOWED_IP_RANGE": "203.0.113.0/24",
    "APP_ID": "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Web/sites/app",
    "CONTAINER_APPS_SUBNET_ID": "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/aca",
    "DAILY_QUOTA_GB_S": "50000",
    "DEPLOYMENT_IP_RANGE": "198.51.100.0/24",
    "FRONT_DOOR_ID": "11111111-2222-3333-4444-555555555555",
    "GATEWAY_SUBNET_ID": "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/gateway",
    "INTEGRATION_SUBNET_ID": "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/apps",
    "KEY_VAULT_URI": "https://kv-fn.vault.azure.net/",
    "LOCATION": "westeurope",
    "LOG_ANALYTICS_WORKSPACE_ID": "/subscriptions/0/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/log-fn",
    "PRIVATE_DNS_ZONE_ID": "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network/privateDnsZones/privatelink.azurewebsites.net",
    "PRIVATE_ENDPOINT_SUBNET_ID": "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/pe",
    "RESOURCE_GROUP": "rg-fn",
    "STORAGE_ACCOUNT_NAME": "stfnapp",
    "USER_ASSIGNED_IDENTITY_CLIENT_ID": "66666666-7777-8888-9999-000000000000",
    "USER_ASSIGNED_IDENTITY_ID": "/subscriptions/0/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-fn",
}

# Properties a plan rejects or doesn't have (checklists/snippets-research.md
# §3, §4, §10-§12, §16; capabilities.yml).
FORBIDDEN = {
    "flex-consumption": ["ftpsState", "ftps_state", "vnetRouteAllEnabled", "vnet_route_all_enabled",
                         "dailyMemoryTimeQuota", "daily_memory_time_quota", "WEBSITE_CONTENT", "FUNCTIONS_EXTENSION_VERSION",
                         "ftp_publish_basic_authentication_enabled", "name: 'ftp'", "--name ftp", "use32BitWorkerProcess",
                         "storage_uses_managed_identity", "key_vault_reference_identity_id", "linuxFxVersion"],
    "consumption/linux": ["functionsRuntimeAdminIsolationEnabled", "privateEndpoints", "azurerm_private_endpoint",
                          "virtualNetworkSubnetId", "virtual_network_subnet_id", "ftpsState", "ftps_state",
                          "basicPublishingCredentialsPolicies", "publish_basic_authentication", "scmIpSecurityRestrictions",
                          "scm_ip_restriction", "scmMinTlsVersion", "scm_minimum_tls_version", "networkAcls", "network_rules"],
    # Inbound is the Container Apps environment's; admin isolation isn't documented there.
    "container-apps": ["ipSecurityRestrictions", "ip_restriction", "access-restriction", "functionsRuntimeAdminIsolationEnabled",
                       "virtualNetworkSubnetId", "integrationSubnetId", "integration_subnet_id"],
    # ASE apps are in the network already: no regional integration to write.
    "ase": ["virtualNetworkSubnetId", "virtual_network_subnet_id", "vnetRouteAllEnabled", "vnet_route_all_enabled",
            "integrationSubnetId", "integration_subnet_id", "INTEGRATION_SUBNET_ID"],
    "consumption/windows": ["privateEndpoints", "azurerm_private_endpoint", "integrationSubnetId",
                            "var.integration_subnet_id", "publicNetworkAccess", "public_network_access_enabled", "networkAcls",
                            "network_rules", "allowSharedKeyAccess", "shared_access_key_enabled"],
}

# Mapped checks the snippets may skip, and the reasons that allow it (words
# of the skip's reason in locales/en/ui.yml, snippets.skips): where Checkov
# 3.3.30 is wrong for function apps, and where the answers keep public access
# on by design (settings.yml, public-access-off).
ALLOWED_SKIPS = {
    "CKV_AZURE_16": ["SystemAssigned, UserAssigned"],
    "CKV_AZURE_221": ["gateway in front"],
    "CKV_AZURE_222": ["application-settings resource", "gateway in front"],
}

# Of those, the ones that may stand in for a pass on the check's own
# resource (the site): the application-settings resource's skips must cover
# that resource alone, so the site still has to pass.
SITE_SKIPS = {check_id: [words for words in reasons if words != "application-settings resource"]
              for check_id, reasons in ALLOWED_SKIPS.items()}

FILES = ["main.bicep", "azuredeploy.json", "main.tf", "harden.sh"]
results = []


def check(ok, message):
    results.append((ok, message))
    if not ok:
        print("FAIL " + message, flush=True)


def checkov(tool, folder):
    run = subprocess.run([tool, "-d", folder, "--framework", "bicep", "arm", "terraform", "-o", "json"],
                         capture_output=True, text=True)
    reports = json.loads(run.stdout)
    reports = reports if isinstance(reports, list) else [reports]
    failed, passed, parsed = {}, set(), {}
    # framework -> check id -> outcomes; framework -> resource types declared
    outcomes, declared = {}, {}
    for report in reports:
        summary = report.get("summary", {})
        framework = report.get("check_type")
        parsed[framework] = (summary.get("parsing_errors", 0), summary.get("resource_count", 0))
        for kind in ["passed_checks", "failed_checks", "skipped_checks"]:
            for entry in report.get("results", {}).get(kind, []):
                outcomes.setdefault(framework, {}).setdefault(entry["check_id"], set()).add(kind.split("_")[0])
                declared.setdefault(framework, set()).add(resource_type(entry["resource"]))
        for entry in report.get("results", {}).get("failed_checks", []):
            failed.setdefault(entry["check_id"], []).append(f"{framework}:{entry['resource']}")
        passed |= {entry["check_id"] for entry in report.get("results", {}).get("passed_checks", [])}
    return failed, passed, parsed, outcomes, declared


def resource_type(resource):
    """`Microsoft.Web/sites.site` or `azurerm_linux_function_app.app` -> the type."""
    return resource.rsplit(".", 1)[0]


# The resources an app's snippets declare, per framework: a check covers a
# function app only if it checks one of these.
APP_RESOURCES = {
    "terraform": {"azurerm_linux_function_app", "azurerm_windows_function_app", "azurerm_function_app_flex_consumption",
                  "azurerm_storage_account", "azurerm_private_endpoint", "azurerm_monitor_diagnostic_setting",
                  "azurerm_security_center_subscription_pricing"},
    "arm": {"Microsoft.Web/sites", "Microsoft.Web/sites/config", "Microsoft.Storage/storageAccounts",
            "Microsoft.Network/privateEndpoints", "Microsoft.Insights/diagnosticSettings", "Microsoft.Security/pricings"},
}


def registry_coverage():
    """Checkov id -> framework -> the app resource types its checks cover."""
    from checkov.arm.registry import arm_resource_registry
    from checkov.bicep.checks.resource.registry import registry as bicep_registry
    from checkov.terraform.checks.resource.registry import resource_registry
    coverage = {}
    for framework, registry, types in [("terraform", resource_registry, APP_RESOURCES["terraform"]),
                                       ("arm", arm_resource_registry, APP_RESOURCES["arm"]),
                                       ("bicep", bicep_registry, APP_RESOURCES["arm"])]:
        for resource, checks in registry.checks.items():
            if resource not in types:
                continue
            for found in checks:
                coverage.setdefault(found.id, {}).setdefault(framework, set()).add(resource)
    return coverage


def check_frameworks(checklist):
    coverage = registry_coverage()
    recorded = {}
    for item in checklist["items"]:
        recorded.update(item.get("checkov-frameworks", {}))
    for item in checklist["items"]:
        for check_id in item["controls"].get("checkov", []):
            check(check_id in recorded, f"{item['id']}: {check_id} has no frameworks")
    for check_id, frameworks in sorted(recorded.items()):
        actual = sorted(coverage.get(check_id, {}))
        check(sorted(frameworks) == actual,
              f"crosswalk: {check_id} is recorded for {sorted(frameworks)}; Checkov checks a function app's resources in {actual}")
    return coverage


def stub_az(folder, log):
    path = os.path.join(folder, "az")
    with open(path, "w") as stub:
        stub.write("#!/usr/bin/env python3\nimport json, sys\n"
                   f"with open({log!r}, 'a') as log: log.write(json.dumps(sys.argv[1:]) + '\\n')\n"
                   "if sys.argv[1:3] == ['functionapp', 'show']: print(" + repr(SAMPLES["APP_ID"]) + ")\n")
    os.chmod(path, os.stat(path).st_mode | stat.S_IEXEC)


def parse_with_az(az, args, config):
    env = dict(os.environ, AZURE_CONFIG_DIR=config, AZURE_CORE_COLLECT_TELEMETRY="no")
    run = subprocess.run([az] + args, capture_output=True, text=True, env=env, timeout=300)
    text = run.stdout + run.stderr
    well_formed = "Please run 'az login'" in text and "unrecognized arguments" not in text \
        and "the following arguments are required" not in text
    return well_formed, text.strip().splitlines()[-1:] if text.strip() else ["(no output)"]


def skipped_with_reason(check_id, texts, framework):
    """The snippet skips the check for a reason ALLOWED_SKIPS accepts."""
    text = {"terraform": texts["main.tf"], "bicep": texts["main.bicep"], "arm": texts["azuredeploy.json"]}[framework]
    for line in text.splitlines():
        if "checkov:skip=" + check_id + ":" in line:
            reason = line.split("checkov:skip=" + check_id + ":", 1)[1]
            if any(words in reason for words in SITE_SKIPS.get(check_id, [])):
                return True
    return False


def run_script(name, script, env, cwd, log):
    """Runs a script twice with the stub `az`; returns the commands of one run."""
    for attempt in (1, 2):
        ran = subprocess.run(["bash", script], cwd=cwd, env=env, capture_output=True, text=True)
        check(ran.returncode == 0, f"{name}: {os.path.basename(script)} run {attempt} exit {ran.returncode}: {ran.stderr.strip()}")
    recorded = [json.loads(line) for line in open(log)] if os.path.exists(log) else []
    half = len(recorded) // 2
    check(half > 0 and recorded[:half] == recorded[half:], f"{name}: {os.path.basename(script)}'s two runs sent different commands")
    if os.path.exists(log):
        os.remove(log)
    return recorded[:half]


def check_schema(name, dialect, type_, api_version, keys):
    """A policy resource as the published schema recorded in policies.yml has it."""
    schema = SCHEMAS.get(type_)
    check(schema is not None, f"{name}: {dialect} declares {type_}, which policies.yml doesn't record")
    if schema is None:
        return
    if api_version is not None or schema.get("api-version"):
        check(str(schema.get("api-version")) == str(api_version),
              f"{name}: {dialect} {type_} uses API version {api_version}, not {schema.get('api-version')}")
    # The parsers' own line markers (__startline__, __end_line__) aren't properties.
    unknown = sorted({key for key in keys if not key.startswith("__")} - set(schema["properties"]))
    check(not unknown, f"{name}: {dialect} {type_} sets {unknown}, which its schema doesn't define")


def check_policy(name, snippets, checklist, answers):
    """Step 5, for the policy files of one answers file."""
    from checkov.arm.parser.parser import parse as parse_arm
    from checkov.bicep.parser import Parser as BicepParser
    import hcl2

    # Checkov's own parsers read all three dialects.
    declared = {}
    for file in ["policy.bicep", "policy-assignment.bicep"]:
        parsed, _ = BicepParser().parse(Path(snippets) / file)
        check(parsed is not None and parsed.get("resources"), f"{name}: Checkov's Bicep parser could not read {file}")
        for resource in (parsed or {}).get("resources", {}).values():
            if resource["type"].startswith("Microsoft.Authorization/"):
                declared.setdefault("bicep", []).append(resource["type"])
                check_schema(name, "bicep", resource["type"], resource["api_version"],
                             resource["config"].get("properties", {}).keys())
    arm, _ = parse_arm(os.path.join(snippets, "policy.json"))
    check(arm is not None, f"{name}: Checkov's ARM parser could not read policy.json")
    arm_resources = []
    for resource in (arm or {}).get("resources", []):
        arm_resources.append(resource)
        arm_resources += resource.get("properties", {}).get("template", {}).get("resources", [])
    for resource in arm_resources:
        declared.setdefault("arm", []).append(resource["type"])
        check_schema(name, "arm", resource["type"], resource["apiVersion"], resource.get("properties", {}).keys())
    with open(os.path.join(snippets, "policy.tf")) as handle:
        try:
            terraform = hcl2.load(handle)
        except Exception as error:  # the parser's own error, reported
            terraform = {}
            check(False, f"{name}: Checkov's Terraform parser could not read policy.tf: {error}")
    for block in terraform.get("resource", []):
        for type_, named in block.items():
            for body in named.values():
                declared.setdefault("terraform", []).append(type_)
                # Arguments, and those of nested blocks (policy_definition_reference {...}).
                keys = [key for key in body.keys() if key not in ("provider", "depends_on", "lifecycle")]
                for value in body.values():
                    for nested in value if isinstance(value, list) else []:
                        keys += list(nested.keys()) if isinstance(nested, dict) else []
                check_schema(name, "terraform", type_, None, keys)
    for dialect in ["bicep", "arm", "terraform"]:
        check(declared.get(dialect), f"{name}: the {dialect} policy file declares no policy resource")

    # Effects: allowed by each definition; Deny exactly where asked and possible.
    policy_set = next(r for r in arm_resources if r["type"] == "Microsoft.Authorization/policySetDefinitions")
    assignment = next(r for r in arm_resources if r["type"] == "Microsoft.Authorization/policyAssignments")
    parameters = policy_set["properties"]["parameters"]
    values = assignment["properties"]["parameters"]
    deny = (answers.get("review") or {}).get("enforcement") == "deny"
    for reference in policy_set["properties"]["policyDefinitions"]:
        definition = DEFINITIONS.get(reference["policyDefinitionId"].rsplit("/", 1)[-1])
        check(definition is not None, f"{name}: the set holds {reference['policyDefinitionId']}, which policies.yml doesn't record")
        if definition is None:
            continue
        # The policy engine reads the parameter: ARM must see `[[` (its escape) and keep the rest.
        value = reference["parameters"][definition["effect"]["parameter"]]["value"]
        match = re.fullmatch(r"\[\[parameters\('([A-Za-z0-9]+)'\)\]", value)
        check(match is not None, f"{name}: {reference['policyDefinitionReferenceId']}'s effect is {value!r}, not an escaped parameter")
        if match is None:
            continue
        parameter = match.group(1)
        effect = values[parameter]["value"]
        allowed = definition["effect"]["allowed"]
        check(effect in allowed, f"{name}: {reference['policyDefinitionReferenceId']} has effect {effect}, not one of {allowed}")
        check(parameters[parameter]["allowedValues"] == allowed and parameters[parameter]["defaultValue"] == effect,
              f"{name}: the set's parameter {parameter} doesn't carry the definition's allowed effects and the chosen one")
        expected = "Deny" if deny and "Deny" in allowed else \
            next(e for e in [definition["effect"]["default"]] + allowed if e in ("Audit", "AuditIfNotExists"))
        check(effect == expected, f"{name}: {reference['policyDefinitionReferenceId']} has effect {effect}, expected {expected}")

    # Exemptions: one per accepted risk in force, with its expiry, limited to its item.
    exemptions = {r["name"]: r for r in arm_resources if r["type"] == "Microsoft.Authorization/policyExemptions"}
    references = [r["policyDefinitionReferenceId"] for r in policy_set["properties"]["policyDefinitions"]]
    accepted = {item["id"] for item in checklist["items"] if item["status"] == "accepted"}
    expected_names = set()
    for risk in answers.get("accepted-risks", []) or []:
        mine = [ref for ref in references if ref.startswith(risk["item"] + "-") and len(ref) == len(risk["item"]) + 9]
        if risk["item"] not in accepted or not mine:
            continue
        expected_names.add("fnh-" + risk["item"])
        exemption = exemptions.get("fnh-" + risk["item"])
        check(exemption is not None, f"{name}: the accepted risk of {risk['item']} has no exemption")
        if exemption is None:
            continue
        last_day = datetime.date.fromisoformat(str(risk["expires"]))
        ends = (last_day + datetime.timedelta(days=1)).isoformat() + "T00:00:00Z"
        properties = exemption["properties"]
        check(properties["expiresOn"] == ends,
              f"{name}: {risk['item']}'s exemption expires {properties['expiresOn']}, the acceptance at {ends}")
        check(sorted(properties["policyDefinitionReferenceIds"]) == sorted(mine),
              f"{name}: {risk['item']}'s exemption covers {properties['policyDefinitionReferenceIds']}, not its definitions {mine}")
        check(properties["exemptionCategory"] == "Waiver", f"{name}: {risk['item']}'s exemption is not a Waiver")
        check(risk["owner"] in properties["description"] and risk["reason"] in properties["description"]
              and properties["metadata"]["fnharden"]["owner"] == risk["owner"],
              f"{name}: {risk['item']}'s exemption doesn't name its owner and reason")
    check(set(exemptions) == expected_names, f"{name}: exemptions {sorted(exemptions)}, expected {sorted(expected_names)}")
    # Each reference pins its definition's major version, the one policies.yml describes.
    for reference in policy_set["properties"]["policyDefinitions"]:
        definition = DEFINITIONS.get(reference["policyDefinitionId"].rsplit("/", 1)[-1]) or {}
        major = str(definition.get("version", "")).split(".")[0]
        check(reference.get("definitionVersion") == major + ".*.*",
              f"{name}: {reference['policyDefinitionReferenceId']} pins {reference.get('definitionVersion')}, not {major}.*.*")
    check(True, f"{name}: policy set of {len(references)} definitions, {len(exemptions)} exemptions")


def main():
    binary, checkov_tool, az = sys.argv[1:4]
    lines = []
    coverage = None
    for answers in sys.argv[4:]:
        name = os.path.basename(answers)
        work = tempfile.mkdtemp(prefix="fnharden-snippets-")
        out = os.path.join(work, "out")
        # Judged on a fixed day, so accepted risks don't lapse under the test.
        run = subprocess.run([binary, "generate", "--answers", answers, "--output", out, "--snippets", "all",
                              "--as-of", "2026-12-06"],
                             capture_output=True, text=True)
        check(run.returncode == 0, f"{name}: generate exit {run.returncode}: {run.stderr.strip()}")
        if run.returncode != 0:
            continue
        snippets = os.path.join(out, "snippets")
        checklist = json.load(open(os.path.join(out, "checklist.json")))
        texts = {file: open(os.path.join(snippets, file)).read() for file in FILES}

        if coverage is None:
            coverage = check_frameworks(checklist)

        # 1. Checkov
        failed, passed, parsed, outcomes, declared = checkov(checkov_tool, snippets)
        # Checkov's parsers (pycep for Bicep) read every file, or the checks below prove nothing.
        for framework in ["bicep", "arm", "terraform"]:
            errors, resources = parsed.get(framework, (1, 0))
            check(errors == 0 and resources > 0, f"{name}: Checkov could not parse the {framework} file ({errors} errors, {resources} resources)")
        expected = {check_id for item in checklist["items"] if item["settings"]
                    for check_id in item["controls"].get("checkov", [])}
        for line in (texts["main.bicep"] + texts["main.tf"]).splitlines():
            if "checkov:skip=" not in line:
                continue
            check_id, _, reason = line.split("checkov:skip=", 1)[1].partition(":")
            if check_id in expected:
                allowed = ALLOWED_SKIPS.get(check_id, [])
                check(any(words in reason for words in allowed), f"{name}: mapped Checkov check {check_id} is skipped: {reason}")
        for check_id in sorted(expected & set(failed)):
            check(False, f"{name}: Checkov {check_id} fails on {', '.join(failed[check_id])}")
        # In every framework it covers, where the file declares what it checks: passed.
        frameworks = {}
        for item in checklist["items"]:
            if item["settings"]:
                frameworks.update(item.get("checkov-frameworks", {}))
        for check_id in sorted(expected):
            for framework in frameworks.get(check_id, []):
                checked = coverage.get(check_id, {}).get(framework, set())
                if not checked & declared.get(framework, set()):
                    continue  # this file declares nothing the check reads (Flex or Container Apps in Terraform)
                seen = outcomes.get(framework, {}).get(check_id, set())
                allowed = skipped_with_reason(check_id, texts, framework)
                check("passed" in seen or ("skipped" in seen and allowed),
                      f"{name}: Checkov {check_id} is {sorted(seen) or 'missing'} in {framework}, not passed")
        check(not expected or expected & passed, f"{name}: none of the mapped Checkov checks ran ({sorted(expected)})")
        check(True, f"{name}: Checkov passes {sorted(expected & passed)}")

        # 2. Nothing the plan can't take
        app = checklist["app"]
        for key in [app["plan"], app["plan"] + "/" + app["os"]]:
            for word in FORBIDDEN.get(key, []):
                for file, text in texts.items():
                    check(word not in text, f"{name}: {file} sets {word}, which {key} doesn't take")

        # An object lost on the way (written as an empty one inside a list).
        for file, text in texts.items():
            check("[{}]" not in text.replace(" ", "").replace("\n", ""), f"{name}: {file} writes an empty object in a list")

        # 3. The script: syntax, stub run twice, no file created
        script = os.path.join(snippets, "harden.sh")
        syntax = subprocess.run(["bash", "-n", script], capture_output=True, text=True)
        check(syntax.returncode == 0, f"{name}: bash -n: {syntax.stderr.strip()}")
        check(texts["harden.sh"].splitlines()[0] == "#!/usr/bin/env bash" and "\nset -euo pipefail\n" in texts["harden.sh"],
              f"{name}: harden.sh lacks its shebang or set -euo pipefail")
        bin_dir, cwd = os.path.join(work, "bin"), os.path.join(work, "cwd")
        os.makedirs(bin_dir)
        os.makedirs(cwd)
        log = os.path.join(work, "az.log")
        stub_az(bin_dir, log)
        env = dict(os.environ, PATH=bin_dir + os.pathsep + os.environ["PATH"], **SAMPLES)
        lines += [(name, args) for args in run_script(name, script, env, cwd, log)]
        check(os.listdir(cwd) == [], f"{name}: harden.sh created {os.listdir(cwd)}")

        # 5. The Azure Policy files
        # The normalised answers the outputs were made from.
        check_policy(name, snippets, checklist, yaml.safe_load(open(os.path.join(out, "answers.yaml"))) or {})
        policy_script = os.path.join(snippets, "policy.sh")
        syntax = subprocess.run(["bash", "-n", policy_script], capture_output=True, text=True)
        check(syntax.returncode == 0, f"{name}: bash -n policy.sh: {syntax.stderr.strip()}")
        sent = run_script(name, policy_script, env, cwd, log)
        check(any(args[:3] == ["policy", "set-definition", "create"] for args in sent)
              and any(args[:3] == ["policy", "assignment", "create"] for args in sent),
              f"{name}: policy.sh creates no set or no assignment")
        check(os.listdir(cwd) == [], f"{name}: policy.sh created {os.listdir(cwd)}")
        lines += [(name, args) for args in sent]

        # A missing input stops the script before any command.
        bare = dict(env, RESOURCE_GROUP="rg; touch injected")
        stopped = subprocess.run(["bash", script], cwd=cwd, env=bare, capture_output=True, text=True)
        check(stopped.returncode == 2 and not os.path.exists(log) and os.listdir(cwd) == [],
              f"{name}: a malformed input did not stop the script first")

    # 4. The real Azure CLI parses every recorded line
    unique = []
    for entry in lines:
        if entry[1] not in [seen[1] for seen in unique]:
            unique.append(entry)
    config = tempfile.mkdtemp(prefix="fnharden-azcfg-")
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        verdicts = list(pool.map(lambda entry: parse_with_az(az, entry[1], config), unique))
    for (name, args), (ok, tail) in zip(unique, verdicts):
        check(ok, f"{name}: az {' '.join(args)} -> {tail[0]}")
    print(f"az parsed {len(unique)} distinct command lines")
    failures = sum(1 for ok, _ in results if not ok)
    print(f"{len(results) - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
