using DurableIngest.Configuration;
using DurableIngest.Connectors;
using DurableIngest.Entities;
using DurableIngest.Sinks;
using DurableIngest.Sinks.Blob;
using DurableIngest.Storage.Blob;
using DurableIngest.Testing;
using Xunit;
using YamlDotNet.RepresentationModel;

namespace DurableIngest.Core.Tests.Sinks.Blob;

[Collection(AzuriteFixture.Collection)]
public sealed class BlobSinkProviderTests(AzuriteFixture azurite)
{
    private static (SinkSettings Settings, ConfigProblems Problems) Settings(string yaml)
    {
        var problems = new ConfigProblems();
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        return (new SinkSettings { Type = "blob", Config = new ConfigSection("sink.config", root, problems, _ => null) }, problems);
    }

    private static ConfigProblems Validate(string yaml, Func<string, string?>? environment = null)
    {
        var (settings, problems) = Settings(yaml);
        new BlobSinkProvider(environment ?? (_ => null)).Validate(settings, new WorkflowSettings(), problems);
        return problems;
    }

    [Fact]
    public void BuiltInConnectors_SinkTypeBlob_IsTheBlobSink()
    {
        Assert.IsType<BlobSinkProvider>(BuiltInConnectors.Create().GetSink("blob"));
    }

    [Fact]
    public void Validate_CompleteConfig_HasNoProblems()
    {
        Assert.Empty(Validate("connectionString: UseDevelopmentStorage=true\ncontainer: catalog\nprefix: prod/"));
    }

    [Fact]
    public void Validate_NoContainer_ReportsItAsRequired()
    {
        var problem = Assert.Single(Validate("connectionString: UseDevelopmentStorage=true"));

        Assert.Equal("sink.config.container", problem.Path);
        Assert.Contains("required", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_InvalidContainerName_ShowsTheValueAndTheRule()
    {
        var problem = Assert.Single(Validate("connectionString: UseDevelopmentStorage=true\ncontainer: My_Catalog"));

        Assert.Equal("sink.config.container", problem.Path);
        Assert.Contains("not 'My_Catalog'", problem.Message, StringComparison.Ordinal);
        Assert.Contains("lower-case letters", problem.Message, StringComparison.Ordinal);
        Assert.Equal(2, problem.Line);
    }

    [Fact]
    public void Validate_NoConnectionStringAndNoSetting_ReportsBothWays()
    {
        var problem = Assert.Single(Validate("container: catalog"));

        Assert.Equal("sink.config.connectionString", problem.Path);
        Assert.Contains("AzureWebJobsStorage", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NoConnectionString_UsesTheAzureWebJobsStorageSetting()
    {
        Assert.Empty(Validate("container: catalog", name => name == "AzureWebJobsStorage" ? "UseDevelopmentStorage=true" : null));
    }

    [Fact]
    public void Validate_BadAccountKey_NamesTheKeySettingWithoutEchoingTheString()
    {
        var problem = Assert.Single(Validate("connectionString: AccountName=prodlake;AccountKey=s3cr3t!!\ncontainer: catalog"));

        Assert.Equal("sink.config.connectionString", problem.Path);
        Assert.Contains("is not a usable storage connection string: No valid combination of account information found", problem.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_AccountUrlInsteadOfAConnectionString_HasNoProblems()
    {
        Assert.Empty(Validate("accountUrl: https://prodlake.blob.core.windows.net\ncontainer: catalog"));
    }

    [Fact]
    public void Validate_EveryMistake_IsReportedAtOnce()
    {
        var problems = Validate("connectionString: AccountName=prodlake\ncontainer: x\nprefix: a/../b\ncontaner: typo");

        Assert.Equal(
            ["sink.config.connectionString", "sink.config.container", "sink.config.contaner", "sink.config.prefix"],
            problems.Select(p => p.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Create_InvalidConfig_ThrowsWithTheProblems()
    {
        var (settings, _) = Settings("connectionString: UseDevelopmentStorage=true");

        var error = Assert.Throws<ConfigException>(() => new BlobSinkProvider(_ => null).Create(settings, new WorkflowSettings(), new ConnectorContext()));

        Assert.Contains("sink.config.container", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AzureWebJobsStorage__accountName", "lakestore")]
    [InlineData("AzureWebJobsStorage__blobServiceUri", "https://lakestore.blob.core.windows.net")]
    public async Task Create_IdentityBasedAzureWebJobsStorage_BuildsAKeylessClientWithTheManagedIdentity(string endpointSetting, string endpoint)
    {
        const string clientId = "1b2c3d4e-0000-4000-8000-000000000031";
        var environment = new Dictionary<string, string>
        {
            [endpointSetting] = endpoint,
            ["AzureWebJobsStorage__credential"] = "managedidentity",
            ["AzureWebJobsStorage__clientId"] = clientId,
        };
        var provider = new BlobSinkProvider(name => environment.GetValueOrDefault(name));
        var (settings, problems) = Settings("container: catalog");

        provider.Validate(settings, new WorkflowSettings(), problems);
        await using var sink = Assert.IsType<BlobSink>(provider.Create(settings, new WorkflowSettings(), new ConnectorContext()));

        Assert.Empty(problems);
        Assert.Equal(new Uri("https://lakestore.blob.core.windows.net/catalog"), sink.ContainerClient.Uri);
        Assert.False(sink.ContainerClient.CanGenerateSasUri); // no shared key anywhere in the client
        Assert.Same(SharedCredentials.ManagedIdentity(clientId), sink.Account.Credential);
        Assert.Equal($"https://lakestore.blob.core.windows.net/ (managed identity {clientId})", sink.Account.ToString());
    }

    [Fact]
    public async Task Create_FromSettings_WritesToTheConfiguredContainerAndPrefix()
    {
        var container = AzuriteServer.NewContainerName("provider");
        var (settings, _) = Settings($"container: {container}\nprefix: /nightly/");
        var provider = new BlobSinkProvider(name => name == "AzureWebJobsStorage" ? azurite.Server.ConnectionString : null);
        var table = new TableMetadata
        {
            Schema = new SchemaRef("svc", "db", "sch"),
            Name = "t1",
            TableType = TableType.View,
            Columns = [new Column { Name = "c", DataType = DataType.INT }],
            SchemaDefinition = "select 1 as c",
        };

        await using var sink = provider.Create(settings, new WorkflowSettings(), new ConnectorContext { RunId = "r1" });
        var results = await sink.WriteAsync([table], CancellationToken.None);

        Assert.Equal(SinkOutcome.Created, Assert.Single(results).Outcome);
        var blob = await azurite.Server.Client().GetBlobContainerClient(container).GetBlobClient("nightly/svc/db/sch/t1.json").DownloadContentAsync();
        Assert.Equal(EntityJson.SerializeTableDocument(table), blob.Value.Content.ToArray());
    }
}
