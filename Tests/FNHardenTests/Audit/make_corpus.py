#!/usr/bin/env python3
"""Writes the audit test corpus: ARM templates of one function app each,
varying the settings that fnharden and Checkov both judge.

Each case below names what it changes from a plain Premium app. The
templates cover the shapes real templates use: settings in `siteConfig` or
in `sites/config` children, names from parameters, variables or
`uniqueString`, nested child resources, symbolic-name resources (what
Bicep compiles to with languageVersion 2.0), comments, and expressions
fnharden must work out (`if`, `equals`, `format`, `concat`).

    python3 make_corpus.py OUTPUT_DIR
"""
import copy
import json
import os
import sys

SITE = "Microsoft.Web/sites"
API = "2024-04-01"


def base(name="func-corpus"):
    return {
        "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
        "contentVersion": "1.0.0.0",
        "parameters": {
            "appName": {"type": "string", "defaultValue": name},
            "location": {"type": "string", "defaultValue": "westeurope"},
        },
        "variables": {"storageName": "stcorpus01", "planName": "plan-corpus"},
        "resources": [
            {
                "type": "Microsoft.Storage/storageAccounts", "apiVersion": "2023-05-01",
                "name": "[variables('storageName')]", "location": "[parameters('location')]",
                "kind": "StorageV2", "sku": {"name": "Standard_LRS"},
                "properties": {"minimumTlsVersion": "TLS1_2", "supportsHttpsTrafficOnly": True},
            },
            {
                "type": "Microsoft.Web/serverfarms", "apiVersion": API, "name": "[variables('planName')]",
                "location": "[parameters('location')]", "sku": {"name": "EP1", "tier": "ElasticPremium"},
                "kind": "elastic", "properties": {"reserved": False},
            },
            {
                "type": SITE, "apiVersion": API, "name": "[parameters('appName')]",
                "location": "[parameters('location')]", "kind": "functionapp",
                "dependsOn": ["[resourceId('Microsoft.Web/serverfarms', variables('planName'))]"],
                "properties": {
                    "serverFarmId": "[resourceId('Microsoft.Web/serverfarms', variables('planName'))]",
                    "siteConfig": {
                        "appSettings": [
                            {"name": "AzureWebJobsStorage", "value": "[format('DefaultEndpointsProtocol=https;AccountName={0};AccountKey={1}', variables('storageName'), listKeys(resourceId('Microsoft.Storage/storageAccounts', variables('storageName')), '2023-05-01').keys[0].value)]"},
                            {"name": "FUNCTIONS_EXTENSION_VERSION", "value": "~4"},
                            {"name": "FUNCTIONS_WORKER_RUNTIME", "value": "dotnet-isolated"},
                        ],
                    },
                },
            },
        ],
    }


def site(template):
    return next(r for r in template["resources"] if r["type"] == SITE)


def site_config(template):
    return site(template)["properties"]["siteConfig"]


def plan(template, name, tier, reserved=False, kind="functionapp"):
    farm = next(r for r in template["resources"] if r["type"] == "Microsoft.Web/serverfarms")
    farm["sku"] = {"name": name, "tier": tier}
    farm["properties"]["reserved"] = reserved
    site(template)["kind"] = kind
    if reserved:
        site(template)["properties"]["reserved"] = True


def storage(template):
    return next(r for r in template["resources"] if r["type"] == "Microsoft.Storage/storageAccounts")


def child(template, type_, name, properties):
    template["resources"].append({
        "type": type_, "apiVersion": API, "name": "[format('{0}/{1}', parameters('appName'), '%s')]" % name,
        "dependsOn": ["[resourceId('Microsoft.Web/sites', parameters('appName'))]"], "properties": properties,
    })


def private_endpoint(template):
    template["resources"].append({
        "type": "Microsoft.Network/privateEndpoints", "apiVersion": "2023-11-01", "name": "pe-corpus",
        "location": "[parameters('location')]",
        "properties": {
            "subnet": {"id": "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/pe"},
            "privateLinkServiceConnections": [{"name": "sites", "properties": {
                "privateLinkServiceId": "[resourceId('Microsoft.Web/sites', parameters('appName'))]", "groupIds": ["sites"]}}],
        },
    })


def case_hardened(t):
    """Everything both tools check, hardened, in siteConfig."""
    s = site(t)
    s["identity"] = {"type": "SystemAssigned"}
    s["properties"].update({"httpsOnly": True, "publicNetworkAccess": "Disabled", "vnetRouteAllEnabled": True,
                            "virtualNetworkSubnetId": "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/apps"})
    site_config(t).update({"minTlsVersion": "1.2", "ftpsState": "Disabled", "remoteDebuggingEnabled": False,
                           "cors": {"allowedOrigins": ["https://contoso.com"]}})
    storage(t)["properties"]["networkAcls"] = {"defaultAction": "Deny", "bypass": "AzureServices"}
    private_endpoint(t)


def case_defaults(t):
    """A bare app: every setting left to the platform."""


def case_https_false(t):
    site(t)["properties"]["httpsOnly"] = False


def case_tls_10(t):
    site_config(t)["minTlsVersion"] = "1.0"


def case_tls_13(t):
    site_config(t)["minTlsVersion"] = "1.3"
    site(t)["properties"]["httpsOnly"] = True


def case_tls_11_from_parameter(t):
    t["parameters"]["minTls"] = {"type": "string", "defaultValue": "1.1", "allowedValues": ["1.0", "1.1", "1.2"]}
    site_config(t)["minTlsVersion"] = "[parameters('minTls')]"


def case_ftps_only(t):
    site_config(t)["ftpsState"] = "FtpsOnly"


def case_ftp_all_allowed(t):
    site_config(t)["ftpsState"] = "AllAllowed"


def case_config_child(t):
    """Settings in a sites/config "web" child, as the portal exports them."""
    child(t, "Microsoft.Web/sites/config", "web", {
        "minTlsVersion": "1.2", "ftpsState": "Disabled", "remoteDebuggingEnabled": False, "http20Enabled": True})
    site(t)["properties"]["httpsOnly"] = True


def case_remote_debugging(t):
    site_config(t)["remoteDebuggingEnabled"] = True
    site_config(t)["remoteDebuggingVersion"] = "VS2022"


def case_cors_star(t):
    site_config(t)["cors"] = {"allowedOrigins": ["*"]}


def case_cors_list(t):
    site_config(t)["cors"] = {"allowedOrigins": ["https://portal.azure.com", "https://contoso.com"], "supportCredentials": False}


def case_identity_user(t):
    t["resources"].append({"type": "Microsoft.ManagedIdentity/userAssignedIdentities", "apiVersion": "2023-01-31",
                           "name": "id-corpus", "location": "[parameters('location')]"})
    site(t)["identity"] = {"type": "UserAssigned", "userAssignedIdentities": {
        "[resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', 'id-corpus')]": {}}}


def case_identity_none(t):
    site(t)["identity"] = {"type": "None"}


def case_identity_both(t):
    site(t)["identity"] = {"type": "SystemAssigned, UserAssigned", "userAssignedIdentities": {
        "/subscriptions/0/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-x": {}}}


def case_public_disabled_no_endpoint(t):
    site(t)["properties"]["publicNetworkAccess"] = "Disabled"


def case_endpoint_but_public(t):
    private_endpoint(t)
    site(t)["properties"]["publicNetworkAccess"] = "Enabled"


def case_storage_denied(t):
    storage(t)["properties"]["networkAcls"] = {"defaultAction": "Deny", "bypass": "None"}


def case_storage_allowed(t):
    storage(t)["properties"]["networkAcls"] = {"defaultAction": "Allow"}


def case_dedicated_linux(t):
    plan(t, "P1v3", "PremiumV3", reserved=True, kind="functionapp,linux")
    site(t)["properties"]["httpsOnly"] = True
    site_config(t).update({"ftpsState": "FtpsOnly", "linuxFxVersion": "DOTNET-ISOLATED|8.0"})


def case_consumption_windows(t):
    plan(t, "Y1", "Dynamic")
    site_config(t)["ftpsState"] = "Disabled"
    site(t)["identity"] = {"type": "SystemAssigned"}


def case_consumption_linux(t):
    plan(t, "Y1", "Dynamic", reserved=True, kind="functionapp,linux")
    site(t)["properties"]["httpsOnly"] = True


def case_flex(t):
    """Flex Consumption: no FTP, no siteConfig.ftpsState."""
    plan(t, "FC1", "FlexConsumption", reserved=True, kind="functionapp,linux")
    s = site(t)
    s["properties"]["functionAppConfig"] = {
        "deployment": {"storage": {"type": "blobContainer", "value": "https://stcorpus01.blob.core.windows.net/deploy",
                                   "authentication": {"type": "SystemAssignedIdentity"}}},
        "runtime": {"name": "python", "version": "3.11"},
        "scaleAndConcurrency": {"maximumInstanceCount": 100, "instanceMemoryMB": 2048}}
    s["identity"] = {"type": "SystemAssigned"}
    s["properties"]["httpsOnly"] = True
    site_config(t)["appSettings"] = [{"name": "AzureWebJobsStorage__accountName", "value": "[variables('storageName')]"}]
    site_config(t)["minTlsVersion"] = "1.2"


def case_unique_names(t):
    """Names from uniqueString (unknown until deployment), children matched by expression."""
    t["variables"]["appName"] = "[format('func-{0}', uniqueString(resourceGroup().id))]"
    s = site(t)
    s["name"] = "[variables('appName')]"
    s["properties"]["httpsOnly"] = True
    site_config(t)["ftpsState"] = "Disabled"
    t["resources"].append({"type": "Microsoft.Web/sites/basicPublishingCredentialsPolicies", "apiVersion": API,
                           "name": "[format('{0}/{1}', variables('appName'), 'scm')]", "properties": {"allow": False}})


def case_symbolic(t):
    """languageVersion 2.0: resources keyed by symbolic name (compiled Bicep)."""
    t["languageVersion"] = "2.0"
    names = ["storage", "plan", "app"]
    t["resources"] = {n: r for n, r in zip(names, t["resources"])}
    t["resources"]["app"]["properties"]["httpsOnly"] = True
    t["resources"]["app"]["identity"] = {"type": "SystemAssigned"}
    t["resources"]["ftp"] = {"type": "Microsoft.Web/sites/basicPublishingCredentialsPolicies", "apiVersion": API,
                             "name": "[format('{0}/{1}', parameters('appName'), 'ftp')]", "properties": {"allow": False},
                             "dependsOn": ["app"]}


def case_nested_children(t):
    """Child resources nested inside the site, with relative types and names."""
    s = site(t)
    s["resources"] = [
        {"type": "config", "apiVersion": API, "name": "web", "dependsOn": ["[parameters('appName')]"],
         "properties": {"ftpsState": "FtpsOnly", "minTlsVersion": "1.2"}},
        {"type": "basicPublishingCredentialsPolicies", "apiVersion": API, "name": "ftp",
         "dependsOn": ["[parameters('appName')]"], "properties": {"allow": False}},
    ]
    s["properties"]["httpsOnly"] = "[equals(parameters('location'), 'westeurope')]"


def case_conditional_kind(t):
    """Kind and reserved from a parameter, as the quickstarts do."""
    t["parameters"]["os"] = {"type": "string", "defaultValue": "Linux", "allowedValues": ["Windows", "Linux"]}
    t["variables"]["isReserved"] = "[if(equals(parameters('os'), 'Linux'), true(), false())]"
    site(t)["kind"] = "[if(variables('isReserved'), 'functionapp,linux', 'functionapp')]"
    site(t)["properties"]["reserved"] = "[variables('isReserved')]"
    site_config(t)["minTlsVersion"] = "[concat('1.', '2')]"


def case_access_restrictions(t):
    site_config(t)["ipSecurityRestrictions"] = [
        {"ipAddress": "AzureFrontDoor.Backend", "tag": "ServiceTag", "action": "Allow", "priority": 100, "name": "fd"}]
    site_config(t)["ipSecurityRestrictionsDefaultAction"] = "Deny"
    site(t)["properties"]["httpsOnly"] = True


CASES = [(name[len("case_"):].replace("_", "-"), function) for name, function in sorted(globals().items())
         if name.startswith("case_")]


def main():
    output = sys.argv[1]
    os.makedirs(output, exist_ok=True)
    for name, function in CASES:
        template = base()
        function(template)
        text = json.dumps(template, indent=2)
        # Comments are valid in ARM templates; one case carries them.
        if name == "ftps-only":
            text = "// A corpus template with comments.\n" + text.replace('"resources": [', '/* the app */ "resources": [', 1)
        with open(os.path.join(output, f"corpus-{name}.json"), "w") as handle:
            handle.write(text + "\n")
    print(len(CASES))


if __name__ == "__main__":
    main()
