using Azure.Identity;
using DurableIngest.Configuration;
using DurableIngest.Storage.Blob;

namespace DurableIngest.Functions.Tests;

/// <summary>The app settings are read and checked once at start-up, every problem reported together.</summary>
public sealed class FunctionsSettingsTests
{
    [Fact]
    public void Read_OnlyTheHostStorage_UsesItForTheRunStoreAndTheDocumentedDefaults()
    {
        var settings = FunctionsSettings.Read(Settings(("AzureWebJobsStorage", "UseDevelopmentStorage=true")));

        Assert.Equal((BlobAuthentication.ConnectionString, new Uri("http://127.0.0.1:10000/devstoreaccount1")), (settings.RunStoreAccount.Authentication, settings.RunStoreAccount.ServiceUri));
        Assert.Equal(("durable-ingest", 32, 1_048_576), (settings.RunStoreContainer, settings.DefaultParallelism, settings.MaxRequestBytes));
        Assert.Equal(Path.GetFullPath(AppContext.BaseDirectory), settings.RelativePaths.Directory.TrimEnd('/') + "/");
        Assert.Contains("DURABLE_INGEST_BASE_PATH is not set", settings.RelativePaths.Origin, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_IdentityBasedHostStorageOnly_RunStoreUsesTheSameManagedIdentityWithoutAKey()
    {
        var settings = FunctionsSettings.Read(Settings(
            ("AzureWebJobsStorage__accountName", "ingeststore"), ("AzureWebJobsStorage__credential", "managedidentity"), ("AzureWebJobsStorage__clientId", "0f0e0d0c-0000-4000-8000-000000000002")));

        var client = settings.RunStoreAccount.CreateClient();
        Assert.Equal(new Uri("https://ingeststore.blob.core.windows.net/"), client.Uri);
        Assert.False(client.CanGenerateAccountSasUri);
        Assert.IsType<ManagedIdentityCredential>(settings.RunStoreAccount.Credential);
    }

    [Fact]
    public void Read_RunStoreIdentitySettings_WinOverTheHostStorage()
    {
        var settings = FunctionsSettings.Read(Settings(
            ("AzureWebJobsStorage", "UseDevelopmentStorage=true"),
            ("DURABLE_INGEST_RUN_STORE_CONNECTION__accountName", "runstore"),
            ("DURABLE_INGEST_RUN_STORE_CONNECTION__credential", "managedidentity")));

        Assert.Equal(new Uri("https://runstore.blob.core.windows.net/"), settings.RunStoreAccount.ServiceUri);
        Assert.Equal(BlobAuthentication.ManagedIdentity, settings.RunStoreAccount.Authentication);
    }

    [Fact]
    public void Read_BasePathAndWidthSet_AreUsed()
    {
        var settings = FunctionsSettings.Read(Settings(
            ("AzureWebJobsStorage", "UseDevelopmentStorage=true"), ("DURABLE_INGEST_BASE_PATH", "/srv/ingest"), ("DURABLE_INGEST_DEFAULT_PARALLELISM", "64")));

        Assert.Equal(("/srv/ingest", 64), (settings.RelativePaths.Directory, settings.DefaultParallelism));
        Assert.Equal("set by DURABLE_INGEST_BASE_PATH", settings.RelativePaths.Origin);
    }

    [Fact]
    public void Read_NoStorageAtAll_NamesBothSettingsAndTheKeylessWay()
    {
        var error = Assert.Throws<ConfigException>(() => FunctionsSettings.Read(Settings()));

        var problem = Assert.Single(error.Problems);
        Assert.Equal("DURABLE_INGEST_RUN_STORE_CONNECTION", problem.Path);
        Assert.Contains("AzureWebJobsStorage", problem.Message, StringComparison.Ordinal);
        Assert.Contains("DURABLE_INGEST_RUN_STORE_CONNECTION__accountName", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_SeveralBadSettings_ReportsEveryOneNamingItsValue()
    {
        var error = Assert.Throws<ConfigException>(() => FunctionsSettings.Read(Settings(
            ("AzureWebJobsStorage__accountName", "ingeststore"), ("AzureWebJobsStorage__credential", "clientsecret"),
            ("DURABLE_INGEST_DEFAULT_PARALLELISM", "lots"), ("DURABLE_INGEST_MAX_REQUEST_BYTES", "12"), ("DURABLE_INGEST_RUN_STORE_OUTAGE_SECONDS", "-1"))));

        Assert.Equal(
            ["AzureWebJobsStorage__credential", "DURABLE_INGEST_MAX_REQUEST_BYTES", "DURABLE_INGEST_DEFAULT_PARALLELISM", "DURABLE_INGEST_RUN_STORE_OUTAGE_SECONDS"],
            error.Problems.Select(p => p.Path));
        Assert.Contains("not 'clientsecret'", error.Problems[0].Message, StringComparison.Ordinal);
        Assert.Contains("not 'lots'", error.Problems[2].Message, StringComparison.Ordinal);
        Assert.Contains("not '12'", error.Problems[1].Message, StringComparison.Ordinal);
        Assert.Contains("not '-1'", error.Problems[3].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_RunStoreOutageSecondsSet_IsTheRunStoresBudget()
    {
        var settings = FunctionsSettings.Read(Settings(("AzureWebJobsStorage", "UseDevelopmentStorage=true"), ("DURABLE_INGEST_RUN_STORE_OUTAGE_SECONDS", "600")));

        Assert.Equal(TimeSpan.FromMinutes(10), settings.RunStoreResilience.OutageBudget);
    }

    private static Func<string, string?> Settings(params (string Name, string Value)[] values) =>
        name => values.FirstOrDefault(v => v.Name == name).Value;
}
