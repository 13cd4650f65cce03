using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace DurableIngest.Infra;

/// <summary>infra/main.bicep compiles cleanly, and the ARM JSON it compiles to has what infra/README.md promises.</summary>
[Collection(CompiledMainBicepGroup.Name)]
public sealed partial class MainBicepTests(CompiledMainBicep compiled)
{
    private const string IdentityReference = "resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', variables('names').identity)";

    // Built-in role definition ids (Azure RBAC), named here so that a wrong id in the template fails by name.
    private static readonly Dictionary<string, string> BuiltInRoles = new()
    {
        ["b7e6dc6d-f1e8-4753-8033-0f276bb0955b"] = "Storage Blob Data Owner",
        ["974c5e8b-45b9-4653-ba55-5f855dd0fb88"] = "Storage Queue Data Contributor",
        ["0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3"] = "Storage Table Data Contributor",
        ["4633458b-17de-408a-b874-0445c86b69e6"] = "Key Vault Secrets User",
    };

    [Fact]
    public void Build_MainBicep_ExitsZeroWithoutDiagnostics()
    {
        // Bicep exits 0 on warnings (linter rules and type warnings such as BCP037 alike), so the output is checked too.
        Assert.True(compiled.ExitCode == 0, $"bicep build exited {compiled.ExitCode}:\n{compiled.Diagnostics}");
        Assert.True(compiled.Diagnostics.Length == 0, $"bicep build reported diagnostics:\n{compiled.Diagnostics}");
        Assert.Equal("bicep", (string?)compiled.Template["metadata"]?["_generator"]?["name"]);
    }

    [Fact]
    public void Build_Plan_IsFlexConsumptionOnLinux()
    {
        var plan = compiled.OnlyResource("Microsoft.Web/serverfarms");
        Assert.Equal("FC1", (string?)plan["sku"]!["name"]);
        Assert.Equal("FlexConsumption", (string?)plan["sku"]!["tier"]);
        Assert.True((bool?)plan["properties"]!["reserved"]);

        var site = compiled.OnlyResource("Microsoft.Web/sites");
        Assert.Equal("functionapp,linux", (string?)site["kind"]);
        Assert.Equal("[resourceId('Microsoft.Web/serverfarms', variables('names').plan)]", (string?)site["properties"]!["serverFarmId"]);
    }

    [Fact]
    public void Build_FunctionAppConfig_RunsDotnetIsolated10()
    {
        var runtime = FunctionAppConfig()["runtime"]!;
        Assert.Equal("dotnet-isolated", (string?)runtime["name"]);
        Assert.Equal("[parameters('dotnetVersion')]", (string?)runtime["version"]);
        Assert.Equal("10.0", (string?)compiled.Parameter("dotnetVersion")["defaultValue"]);
    }

    [Fact]
    public void Build_FunctionAppConfig_DeploysFromAppPackageContainerWithTheIdentity()
    {
        var storage = FunctionAppConfig()["deployment"]!["storage"]!;
        Assert.Equal("blobContainer", (string?)storage["type"]);
        Assert.Equal("app-package", (string?)compiled.Template["variables"]!["deploymentContainerName"]);
        Assert.EndsWith(".primaryEndpoints.blob, variables('deploymentContainerName'))]", (string?)storage["value"], StringComparison.Ordinal);
        Assert.Equal("UserAssignedIdentity", (string?)storage["authentication"]!["type"]);
        Assert.Equal($"[{IdentityReference}]", (string?)storage["authentication"]!["userAssignedIdentityResourceId"]);

        var containers = compiled.Resources("Microsoft.Storage/storageAccounts/blobServices/containers").Select(c => (string?)c["name"]);
        Assert.Contains("[format('{0}/{1}/{2}', variables('names').storage, 'default', variables('deploymentContainerName'))]", containers);
    }

    [Fact]
    public void Build_AppSettings_AreTheOnesInTheReadme()
    {
        string[] expected =
        [
            "APPLICATIONINSIGHTS_CONNECTION_STRING", "AzureWebJobsStorage__accountName", "AzureWebJobsStorage__clientId",
            "AzureWebJobsStorage__credential", "DURABLE_INGEST_RUN_STORE_CONNECTION__blobServiceUri", "DURABLE_INGEST_RUN_STORE_CONNECTION__clientId",
            "DURABLE_INGEST_RUN_STORE_CONNECTION__credential", "DURABLE_INGEST_RUN_STORE_CONTAINER", "PG_PASSWORD",
        ];
        Assert.Equal(expected, AppSettings().Select(setting => setting.Key).Order(StringComparer.Ordinal));

        // Flex Consumption takes the runtime from functionAppConfig; these two must not be app settings there.
        Assert.DoesNotContain("FUNCTIONS_WORKER_RUNTIME", AppSettings().Select(setting => setting.Key));
        Assert.DoesNotContain("FUNCTIONS_EXTENSION_VERSION", AppSettings().Select(setting => setting.Key));
        Assert.Equal("[parameters('runStoreContainerName')]", (string?)AppSettings()["DURABLE_INGEST_RUN_STORE_CONTAINER"]);
        Assert.Equal("durable-ingest", (string?)compiled.Parameter("runStoreContainerName")["defaultValue"]);
        Assert.Equal(
            "[reference(resourceId('Microsoft.Insights/components', variables('names').appInsights), '2020-02-02').ConnectionString]",
            (string?)AppSettings()["APPLICATIONINSIGHTS_CONNECTION_STRING"]);
    }

    [Fact]
    public void Build_AppSettings_UseIdentityBasedHostStorage()
    {
        var settings = AppSettings();
        Assert.False(settings.ContainsKey("AzureWebJobsStorage"), "AzureWebJobsStorage (a connection string) must not be set");
        Assert.Equal((string?)compiled.OnlyResource("Microsoft.Storage/storageAccounts")["name"], (string?)settings["AzureWebJobsStorage__accountName"]);
        Assert.Equal("managedidentity", (string?)settings["AzureWebJobsStorage__credential"]);
        Assert.Equal($"[reference({IdentityReference}, '2023-01-31').clientId]", (string?)settings["AzureWebJobsStorage__clientId"]);

        var identity = Site()["identity"]!;
        Assert.Equal("UserAssigned", (string?)identity["type"]);
        // The key is the interpolated string '${identity.id}', which Bicep compiles to a format() call.
        Assert.Equal([$"[format('{{0}}', {IdentityReference})]"], identity["userAssignedIdentities"]!.AsObject().Select(entry => entry.Key));
    }

    [Fact]
    public void Build_RunStoreSettings_AreIdentityBasedOnTheAppsStorageWithTheUserAssignedIdentity()
    {
        var settings = AppSettings();
        Assert.False(settings.ContainsKey("DURABLE_INGEST_RUN_STORE_CONNECTION"), "the run store must not get a connection string");
        Assert.Equal(
            "[reference(resourceId('Microsoft.Storage/storageAccounts', variables('names').storage), '2023-05-01').primaryEndpoints.blob]",
            (string?)settings["DURABLE_INGEST_RUN_STORE_CONNECTION__blobServiceUri"]);
        Assert.Equal("managedidentity", (string?)settings["DURABLE_INGEST_RUN_STORE_CONNECTION__credential"]);
        Assert.Equal($"[reference({IdentityReference}, '2023-01-31').clientId]", (string?)settings["DURABLE_INGEST_RUN_STORE_CONNECTION__clientId"]);
    }

    [Fact]
    public void Build_Template_PutsNoAccountKeyAnywhere()
    {
        var template = compiled.Template.ToJsonString();
        Assert.DoesNotContain("listKeys", template, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("AccountKey", template, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("SharedAccessSignature", template, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(AppSettings(), setting => ((string?)setting.Value)?.Contains("DefaultEndpointsProtocol", StringComparison.OrdinalIgnoreCase) == true);
    }

    [Fact]
    public void Build_PgPasswordSetting_IsTheOnlyKeyVaultReferenceResolvedWithTheIdentity()
    {
        var secretReference = "resourceId('Microsoft.KeyVault/vaults/secrets', variables('names').keyVault, 'pg-password')";
        Assert.Equal(
            $"[format('@Microsoft.KeyVault(SecretUri={{0}})', reference({secretReference}, '2023-07-01').secretUri)]",
            (string?)AppSettings()["PG_PASSWORD"]);
        Assert.Equal(
            ["[format('{0}/{1}', variables('names').keyVault, 'pg-password')]"],
            compiled.Resources("Microsoft.KeyVault/vaults/secrets").Select(resource => (string?)resource["name"]));
        Assert.Single(AppSettings(), setting => ((string?)setting.Value)?.Contains("@Microsoft.KeyVault", StringComparison.Ordinal) == true);
        Assert.Equal($"[{IdentityReference}]", (string?)Site()["properties"]!["keyVaultReferenceIdentity"]);
    }

    [Fact]
    public void Build_StorageRoleAssignments_GrantBlobQueueAndTableDataRolesToTheIdentity()
    {
        var roles = RolesGrantedOn("[resourceId('Microsoft.Storage/storageAccounts', variables('names').storage)]");
        Assert.Equal(
            ["Storage Blob Data Owner", "Storage Queue Data Contributor", "Storage Table Data Contributor"],
            roles.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Build_KeyVaultRoleAssignment_GrantsSecretsUserToTheIdentity()
    {
        var roles = RolesGrantedOn("[resourceId('Microsoft.KeyVault/vaults', variables('names').keyVault)]");
        Assert.Equal(["Key Vault Secrets User"], roles);
        Assert.True((bool?)compiled.OnlyResource("Microsoft.KeyVault/vaults")["properties"]!["enableRbacAuthorization"]);
    }

    [Fact]
    public void Build_StorageAccount_RefusesSharedKeyAndPublicBlobs()
    {
        var properties = compiled.OnlyResource("Microsoft.Storage/storageAccounts")["properties"]!;
        Assert.False((bool?)properties["allowSharedKeyAccess"]);
        Assert.True((bool?)properties["defaultToOAuthAuthentication"]);
        Assert.False((bool?)properties["allowBlobPublicAccess"]);
        Assert.Equal("TLS1_2", (string?)properties["minimumTlsVersion"]);
    }

    private JsonObject Site() => compiled.OnlyResource("Microsoft.Web/sites");

    private JsonObject FunctionAppConfig() => Site()["properties"]!["functionAppConfig"]!.AsObject();

    private JsonObject AppSettings()
    {
        var config = compiled.Resources("Microsoft.Web/sites/config")
            .Single(resource => (string?)resource["name"] == "[format('{0}/{1}', variables('names').functionApp, 'appsettings')]");
        return config["properties"]!.AsObject();
    }

    /// <summary>
    /// The built-in roles (by name) that the role assignments scoped to <paramref name="scope"/> grant to the identity,
    /// reading each <c>variables('roles').x</c> in their role definition ids (a copy loop names several) through the
    /// template's <c>roles</c> variable.
    /// </summary>
    private List<string> RolesGrantedOn(string scope)
    {
        var assignments = compiled.Resources("Microsoft.Authorization/roleAssignments")
            .Where(assignment => (string?)assignment["scope"] == scope).ToList();
        Assert.NotEmpty(assignments);
        var roleIds = compiled.Variable("roles");
        var granted = new List<string>();
        foreach (var assignment in assignments)
        {
            var properties = assignment["properties"]!;
            Assert.Equal($"[reference({IdentityReference}, '2023-01-31').principalId]", (string?)properties["principalId"]);
            Assert.Equal("ServicePrincipal", (string?)properties["principalType"]);
            var definition = (string)properties["roleDefinitionId"]!;
            Assert.StartsWith("[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', ", definition, StringComparison.Ordinal);
            foreach (Match match in RoleVariable().Matches(definition))
            {
                var id = (string)roleIds[match.Groups[1].Value]!;
                Assert.True(BuiltInRoles.TryGetValue(id, out var name), $"{match.Value} = {id} is not a role this test knows");
                granted.Add(name);
            }
        }

        return granted;
    }

    [GeneratedRegex(@"variables\('roles'\)\.(\w+)")]
    private static partial Regex RoleVariable();
}
