#!/usr/bin/env python3
"""Checks `fnharden audit` against Checkov on the same ARM templates.

The templates are Microsoft's quickstarts (../shared/reference/real-templates)
and the corpus written by make_corpus.py. Checkov runs once over all of
them; fnharden audits each. For every check both tools evaluate on the
function app (or its host storage account), fnharden's item status must
match Checkov's verdict: done = passed, todo = failed. An item is matched
to a check through `controls.checkov` in the checklist JSON.

Where they differ, the case must be listed in checkov-disagreements.yml
with the reason (Checkov wrong for function apps, or Checkov silent); a
listed case that no longer happens fails too, so the list stays true.

Usage: checkov_agreement.py FNHARDEN CHECKOV DISAGREEMENTS TEMPLATE_DIR...
Prints a table of agreements per check and "N agreed, M listed, K failed".
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

import yaml

# Checks on the site itself, and the one on its host storage account.
SITE_CHECKS = ["CKV_AZURE_15", "CKV_AZURE_16", "CKV_AZURE_57", "CKV_AZURE_62", "CKV_AZURE_70", "CKV_AZURE_71",
               "CKV_AZURE_72", "CKV_AZURE_78", "CKV_AZURE_145", "CKV_AZURE_222"]
STORAGE_CHECKS = ["CKV_AZURE_35"]
# Mapped in controls.checkov but not compared, and why.
NOT_COMPARED = {
    "CKV_AZURE_44": "judges the storage account's TLS; fnharden's http-min-tls judges the site's (the snippets set both)",
    "CKV_AZURE_221": "Terraform only (azurerm_*_function_app); these are ARM templates",
    "CKV_AZURE_56": "judges an authsettingsV2 child; client-auth is a design answer none of these templates set",
    "CKV_AZURE_61": "Terraform only (Defender plan)",
}


def checkov_results(checkov, folder):
    run = subprocess.run([checkov, "-d", folder, "--framework", "arm", "-o", "json", "--skip-download"],
                         capture_output=True, text=True, env={**os.environ, "BC_SKIP_MAPPING": "TRUE"})
    document = json.loads(run.stdout)
    if isinstance(document, list):
        document = next(d for d in document if d.get("check_type") == "arm")
    verdicts = {}
    for key, verdict in (("passed_checks", "passed"), ("failed_checks", "failed")):
        for result in document["results"][key]:
            # "Microsoft.Web/sites.NAME": the type ends at the first dot after its slash.
            resource = result["resource"]
            resource_type = resource[:resource.find(".", resource.find("/"))] if "/" in resource else resource
            path = os.path.basename(result["file_path"])
            verdicts.setdefault(path, []).append({
                "check": result["check_id"], "verdict": verdict, "type": resource_type,
                "lines": result["file_line_range"],
            })
    return verdicts, document["summary"].get("parsing_errors", 0)


def audit(fnharden, template, output):
    run = subprocess.run([fnharden, "audit", template, "--output", output, "--format", "json", "--snippets", "none",
                          "--as-of", "2026-11-29"], capture_output=True, text=True)
    if run.returncode != 0:
        raise SystemExit(f"fnharden audit {template} exited {run.returncode}: {run.stderr}")
    with open(os.path.join(output, "checklist.json")) as handle:
        return json.load(handle)


def main():
    fnharden, checkov, listed_path = sys.argv[1:4]
    folders = sys.argv[4:]
    with open(listed_path) as handle:
        listed = {(case["file"], case["check"]): case for case in yaml.safe_load(handle)["disagreements"]}
    work = tempfile.mkdtemp(prefix="fnharden-agreement-")
    try:
        every = os.path.join(work, "templates")
        os.makedirs(every)
        for folder in folders:
            for name in sorted(os.listdir(folder)):
                if name.endswith(".json"):
                    shutil.copy(os.path.join(folder, name), os.path.join(every, name))
        verdicts, parse_errors = checkov_results(checkov, every)
        agreed, failures, seen = {}, [], set()
        for name in sorted(os.listdir(every)):
            checklist = audit(fnharden, os.path.join(every, name), os.path.join(work, "out", name))
            status = {}
            for item in checklist["items"]:
                for check in item["controls"].get("checkov", []):
                    status.setdefault(check, []).append((item["id"], item["status"]))
            evidence = checklist["audit"]["from-configuration"]
            storage_line = (evidence.get("network.storage-isolated") or {}).get("line")
            results = verdicts.get(name, [])
            for check in SITE_CHECKS + STORAGE_CHECKS:
                if check in STORAGE_CHECKS:
                    mine = [r for r in results if r["check"] == check and r["type"] == "Microsoft.Storage/storageAccounts"
                            and (storage_line is None or r["lines"][0] <= storage_line <= r["lines"][1])]
                else:
                    mine = [r for r in results if r["check"] == check and r["type"] == "Microsoft.Web/sites"]
                theirs = mine[0]["verdict"] if mine else "none"
                ours = [s for _, s in status.get(check, [])]
                if not ours:
                    failures.append(f"{name} {check}: no item carries it in controls.checkov")
                    continue
                fn = ours[0]
                if (fn, theirs) in (("done", "passed"), ("todo", "failed")):
                    agreed[check] = agreed.get(check, 0) + 1
                    if (name, check) in listed:
                        failures.append(f"{name} {check}: listed as a disagreement but both say {theirs}")
                    continue
                if theirs == "none" and fn in ("not-applicable", "unsupported"):
                    continue  # neither judges it: nothing to compare
                seen.add((name, check))
                case = listed.get((name, check))
                if case is None:
                    failures.append(f"{name} {check}: fnharden {fn}, Checkov {theirs}: not listed")
                elif case["fnharden"] != fn or case["checkov"] != theirs:
                    failures.append(f"{name} {check}: fnharden {fn}, Checkov {theirs}: listed as "
                                    f"{case['fnharden']} / {case['checkov']}")
        for key in sorted(set(listed) - seen):
            if not any(f.startswith(f"{key[0]} {key[1]}:") for f in failures):
                failures.append(f"{key[0]} {key[1]}: listed but does not happen")
        for check in SITE_CHECKS + STORAGE_CHECKS:
            print(f"{check:14} {agreed.get(check, 0):3} agreed")
        for check, reason in sorted(NOT_COMPARED.items()):
            print(f"{check:14} not compared: {reason}")
        for failure in failures:
            print("FAIL " + failure)
        total = sum(agreed.values())
        print(f"Checkov parse errors: {parse_errors}")
        print(f"{total} agreed, {len(seen)} listed, {len(failures)} failed")
        # Too few agreements would mean the comparison compared nothing.
        sys.exit(1 if failures or total < 200 or any(agreed.get(c, 0) == 0 for c in SITE_CHECKS + STORAGE_CHECKS) else 0)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
