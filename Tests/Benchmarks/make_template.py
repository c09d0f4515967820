#!/usr/bin/env python3
"""Writes an ARM template with N function apps, for the audit benchmark.

Each app gets its own storage account, a shared Elastic Premium plan, a
site whose settings vary with its index (HTTPS, TLS, FTP, identity, CORS,
remote debugging, public access), the two basic-auth policies and an
app-settings child: the shapes `fnharden audit` and Checkov both read.

    python3 Tests/Benchmarks/make_template.py 100 > apps-100.json
"""
import json
import sys


def app(index):
    name = f"func-bench-{index:04d}"
    storage = f"stbench{index:04d}"
    site_id = f"[resourceId('Microsoft.Web/sites', '{name}')]"
    odd = index % 2 == 1
    return [
        {
            "type": "Microsoft.Storage/storageAccounts",
            "apiVersion": "2023-05-01",
            "name": storage,
            "location": "[parameters('location')]",
            "kind": "StorageV2",
            "sku": {"name": "Standard_LRS"},
            "properties": {
                "minimumTlsVersion": "TLS1_2",
                "supportsHttpsTrafficOnly": True,
                "allowBlobPublicAccess": False,
                "networkAcls": {"defaultAction": "Deny" if odd else "Allow", "bypass": "AzureServices"},
            },
        },
        {
            "type": "Microsoft.Web/sites",
            "apiVersion": "2024-04-01",
            "name": name,
            "location": "[parameters('location')]",
            "kind": "functionapp,linux" if index % 3 == 0 else "functionapp",
            "identity": {"type": "SystemAssigned"} if odd else {"type": "None"},
            "dependsOn": [
                "[resourceId('Microsoft.Web/serverfarms', 'plan-bench')]",
                f"[resourceId('Microsoft.Storage/storageAccounts', '{storage}')]",
            ],
            "properties": {
                "serverFarmId": "[resourceId('Microsoft.Web/serverfarms', 'plan-bench')]",
                "reserved": index % 3 == 0,
                "httpsOnly": odd,
                "publicNetworkAccess": "Disabled" if index % 5 == 0 else "Enabled",
                # Apps whose storage denies the internet reach it through their VNet.
                **({"virtualNetworkSubnetId": "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network/"
                                              "virtualNetworks/vnet-bench/subnets/apps"} if odd else {}),
                "siteConfig": {
                    "minTlsVersion": "1.2" if odd else "1.0",
                    "ftpsState": ["Disabled", "FtpsOnly", "AllAllowed"][index % 3],
                    "remoteDebuggingEnabled": index % 7 == 0,
                    "cors": {"allowedOrigins": ["*"] if index % 4 == 0 else ["https://portal.azure.com"]},
                },
            },
        },
        {
            "type": "Microsoft.Web/sites/basicPublishingCredentialsPolicies",
            "apiVersion": "2024-04-01",
            "name": f"{name}/ftp",
            "dependsOn": [site_id],
            "properties": {"allow": not odd},
        },
        {
            "type": "Microsoft.Web/sites/basicPublishingCredentialsPolicies",
            "apiVersion": "2024-04-01",
            "name": f"{name}/scm",
            "dependsOn": [site_id],
            "properties": {"allow": not odd},
        },
        {
            "type": "Microsoft.Web/sites/config",
            "apiVersion": "2024-04-01",
            "name": f"{name}/appsettings",
            "dependsOn": [site_id],
            "properties": {
                "FUNCTIONS_EXTENSION_VERSION": "~4",
                "FUNCTIONS_WORKER_RUNTIME": "dotnet-isolated",
                "AzureWebJobsStorage__accountName": storage,
            } if odd else {
                "FUNCTIONS_EXTENSION_VERSION": "~4",
                "FUNCTIONS_WORKER_RUNTIME": "node",
                "AzureWebJobsStorage": f"[format('DefaultEndpointsProtocol=https;AccountName={storage};AccountKey={{0}}', listKeys(resourceId('Microsoft.Storage/storageAccounts', '{storage}'), '2023-05-01').keys[0].value)]",
            },
        },
    ]


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    resources = [{
        "type": "Microsoft.Web/serverfarms",
        "apiVersion": "2024-04-01",
        "name": "plan-bench",
        "location": "[parameters('location')]",
        "sku": {"name": "EP1", "tier": "ElasticPremium"},
        "kind": "elastic",
        "properties": {"reserved": False},
    }]
    for index in range(1, count + 1):
        resources += app(index)
    template = {
        "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
        "contentVersion": "1.0.0.0",
        "parameters": {"location": {"type": "string", "defaultValue": "westeurope"}},
        "resources": resources,
    }
    json.dump(template, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
