using DurableIngest.Configuration;
using DurableIngest.Storage.Blob;
using DurableIngest.Testing;

namespace DurableIngest.DurableTask.Tests;

public sealed class TaskHubStorageTests
{
    private static readonly string Azurite =
        $"DefaultEndpointsProtocol=http;AccountName={AzuriteServer.AccountName};AccountKey={AzuriteServer.AccountKey};BlobEndpoint=http://127.0.0.1:1/devstoreaccount1;QueueEndpoint=http://127.0.0.1:2/devstoreaccount1;TableEndpoint=http://127.0.0.1:3/devstoreaccount1;";

    [Fact]
    public void Resolve_NoFlag_UsesTheAzureWebJobsStorageConnectionString()
    {
        var problems = new List<ConfigProblem>();

        var storage = TaskHubStorage.Resolve(null, Settings(("AzureWebJobsStorage", Azurite)), problems);

        Assert.Empty(problems);
        Assert.NotNull(storage);
        Assert.Equal(BlobAuthentication.ConnectionString, storage.Account.Authentication);
        Assert.NotNull(storage.CreateProvider());
        Assert.DoesNotContain(AzuriteServer.AccountKey, storage.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_FlagAndSetting_TheFlagWins()
    {
        var problems = new List<ConfigProblem>();

        var storage = TaskHubStorage.Resolve(Azurite, Settings(("AzureWebJobsStorage", "not a connection string")), problems);

        Assert.Empty(problems);
        Assert.Equal("http://127.0.0.1:1/devstoreaccount1", storage!.Account.ServiceUri.ToString().TrimEnd('/'));
    }

    [Fact]
    public void Resolve_NothingSet_SaysWhatToSet()
    {
        var problems = new List<ConfigProblem>();

        Assert.Null(TaskHubStorage.Resolve(null, Settings(), problems));

        var problem = Assert.Single(problems);
        Assert.Equal("--storage", problem.Path);
        Assert.Contains("AzureWebJobsStorage__accountName", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_IdentityByAccountName_NeedsNoKey()
    {
        var problems = new List<ConfigProblem>();

        var storage = TaskHubStorage.Resolve(null, Settings(("AzureWebJobsStorage__accountName", "ingeststore"), ("AzureWebJobsStorage__credential", "managedidentity")), problems);

        Assert.Empty(problems);
        Assert.Equal(BlobAuthentication.ManagedIdentity, storage!.Account.Authentication);
        Assert.Equal("https://ingeststore.blob.core.windows.net/", storage.Account.ServiceUri.ToString());
    }

    [Fact]
    public void Resolve_IdentityByBlobServiceUriAlone_AsksForTheQueueAndTableUris()
    {
        var problems = new List<ConfigProblem>();

        var storage = TaskHubStorage.Resolve(null, Settings(("AzureWebJobsStorage__blobServiceUri", "https://custom.example.net")), problems);

        Assert.Null(storage);
        Assert.Equal(["AzureWebJobsStorage__queueServiceUri", "AzureWebJobsStorage__tableServiceUri"], problems.Select(p => p.Path));
    }

    [Fact]
    public void Resolve_AccountUrlFlag_DerivesQueueAndTableEndpoints()
    {
        var problems = new List<ConfigProblem>();

        var storage = TaskHubStorage.Resolve("https://ingeststore.blob.core.windows.net", Settings(), problems);

        Assert.Empty(problems);
        Assert.Equal(BlobAuthentication.DefaultAzureCredential, storage!.Account.Authentication);
    }

    [Fact]
    public void Resolve_BadConnectionString_NamesTheSettingWithoutEchoingIt()
    {
        var problems = new List<ConfigProblem>();

        Assert.Null(TaskHubStorage.Resolve("AccountKey=hunter2;Nonsense", Settings(), problems));

        var problem = Assert.Single(problems);
        Assert.Equal("--storage", problem.Path);
        Assert.DoesNotContain("hunter2", problem.Message, StringComparison.Ordinal);
    }

    private static Func<string, string?> Settings(params (string Name, string Value)[] settings) =>
        name => settings.FirstOrDefault(s => s.Name == name).Value;
}
