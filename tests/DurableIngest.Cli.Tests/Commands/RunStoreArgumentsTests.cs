using System.CommandLine;
using DurableIngest.Cli.Commands;
using DurableIngest.Configuration;
using DurableIngest.Storage.Blob;
using DurableIngest.Testing;

namespace DurableIngest.Cli.Tests.Commands;

public sealed class RunStoreArgumentsTests : IDisposable
{
    private const string Connection = "UseDevelopmentStorage=true";
    private readonly string _work = Directory.CreateTempSubdirectory("di-storeargs-").FullName;
    private readonly RunStoreArguments _arguments = new();
    private readonly Command _command = new("status");

    public RunStoreArgumentsTests() => _arguments.AddTo(_command);

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private RunStoreOptions? Resolve(string[] args, out List<string> problems, FileInfo? config = null, string? setting = null) =>
        _arguments.Resolve(_command.Parse(args), config, name => name == RunStoreArguments.ConnectionSetting ? setting : null, out problems);

    private FileInfo WriteConfig(string runStore)
    {
        var path = Path.Combine(_work, "workflow.yaml");
        File.WriteAllText(path, $"""
            source:
              type: postgres
              serviceName: svc
              serviceConnection:
                config:
                  type: Postgres
                  password: ${"${UNSET_PASSWORD_FOR_THIS_TEST}"}
            sink:
              type: file
            workflowConfig:
              distributedExecution:
                runStore:
            {runStore}
            """);
        return new FileInfo(path);
    }

    [Fact]
    public void Resolve_Nothing_IsTheDefaultLocalFolder()
    {
        var options = Resolve([], out var problems);

        Assert.Empty(problems);
        Assert.Equal(RunStoreOptions.LocalType, options!.Type);
        Assert.Equal(".durable-ingest", options.Path);
    }

    [Fact]
    public void Resolve_ContainerOnlyWithAnIdentityBasedAzureWebJobsStorage_SignsInWithTheManagedIdentity()
    {
        var options = _arguments.Resolve(
            _command.Parse(["--run-store-container", "my-runs"]),
            null,
            name => name switch
            {
                "AzureWebJobsStorage__accountName" => "hoststore",
                "AzureWebJobsStorage__credential" => "managedidentity",
                _ => null,
            },
            out var problems);

        Assert.Empty(problems);
        Assert.Equal(new Uri("https://hoststore.blob.core.windows.net/"), options!.Account!.ServiceUri);
        Assert.Equal(BlobAuthentication.ManagedIdentity, options.Account.Authentication);
    }

    [Fact]
    public void Resolve_AccountUrlFlag_SignsInWithDefaultAzureCredential()
    {
        var options = Resolve(["--run-store-connection", "https://prodlake.blob.core.windows.net", "--run-store-container", "my-runs"], out var problems);

        Assert.Empty(problems);
        Assert.Equal(BlobAuthentication.DefaultAzureCredential, options!.Account!.Authentication);
        Assert.Equal("blob container 'my-runs' at https://prodlake.blob.core.windows.net/", RunStoreArguments.Describe(options));
    }

    [Fact]
    public void Resolve_ContainerOnly_IsABlobStoreWithTheAzureWebJobsStorageConnection()
    {
        var options = Resolve(["--run-store-container", "my-runs"], out var problems, setting: Connection);

        Assert.Empty(problems);
        Assert.Equal((RunStoreOptions.BlobType, "my-runs"), (options!.Type, options.Container));
        Assert.Equal(new Uri("http://127.0.0.1:10000/devstoreaccount1"), options.Account!.ServiceUri);
    }

    [Fact]
    public void Resolve_ConnectionOnly_IsABlobStoreInTheDefaultContainer()
    {
        var options = Resolve(["--run-store-connection", Connection], out var problems);

        Assert.Empty(problems);
        Assert.Equal((RunStoreOptions.BlobType, "durable-ingest"), (options!.Type, options.Container));
    }

    [Fact]
    public void Resolve_ConfigFileWithABlobRunStore_TakesItFromTheFileWithoutResolvingTheRestOfIt()
    {
        var config = WriteConfig("      type: blob\n      container: from-file\n      connectionString: UseDevelopmentStorage=true");

        var options = Resolve([], out var problems, config);

        Assert.Empty(problems);
        Assert.Equal((RunStoreOptions.BlobType, "from-file"), (options!.Type, options.Container));
    }

    [Fact]
    public void Resolve_FlagsAndConfigFile_FlagsWin()
    {
        var config = WriteConfig("      type: blob\n      container: from-file\n      connectionString: UseDevelopmentStorage=true");

        var options = Resolve(["--run-store", "elsewhere"], out _, config);

        Assert.Equal((RunStoreOptions.LocalType, "elsewhere"), (options!.Type, options.Path));
    }

    [Fact]
    public void Resolve_ConfigFileWithABadRunStore_ThrowsNamingTheYamlPath()
    {
        var config = WriteConfig("      type: cloud");

        var error = Assert.Throws<ConfigException>(() => Resolve([], out _, config));

        Assert.Contains(error.Problems, p => p.Path == "workflowConfig.distributedExecution.runStore.type");
    }

    [Fact]
    public void Resolve_FolderAndContainerTogether_ReportsThatOnlyOneMayBeGiven()
    {
        var options = Resolve(["--run-store", "dir", "--run-store-container", "my-runs"], out var problems, setting: Connection);

        Assert.Null(options);
        Assert.Contains(problems, p => p.Contains("give one or the other", StringComparison.Ordinal));
    }

    [Fact]
    public void Resolve_ContainerWithoutAnyConnection_ReportsBothWaysToGiveOne()
    {
        var options = Resolve(["--run-store-container", "my-runs"], out var problems);

        Assert.Null(options);
        var problem = Assert.Single(problems);
        Assert.Contains("--run-store-connection", problem, StringComparison.Ordinal);
        Assert.Contains("AzureWebJobsStorage", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_BadConnectionAndBadContainer_ReportsBothWithoutEchoingTheKey()
    {
        const string key = "not*base64*key";

        var options = Resolve(["--run-store-connection", $"AccountName=acct;AccountKey={key}", "--run-store-container", "Bad_Name"], out var problems);

        Assert.Null(options);
        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("--run-store-connection: No valid combination of account information found", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("'Bad_Name'", StringComparison.Ordinal) && p.Contains(BlobNames.ContainerNameRule, StringComparison.Ordinal));
        Assert.DoesNotContain(problems, p => p.Contains(key, StringComparison.Ordinal));
    }

    [Fact]
    public void Describe_BlobStore_NamesContainerAndEndpointButNeverTheKey()
    {
        var options = new RunStoreOptions { Type = RunStoreOptions.BlobType, Account = BlobAccount.FromConnectionString(Connection), Container = "my-runs" };

        var description = RunStoreArguments.Describe(options);

        Assert.StartsWith("blob container 'my-runs' at http://127.0.0.1:10000/devstoreaccount1", description, StringComparison.Ordinal);
        Assert.DoesNotContain(AzuriteServer.AccountKey, description, StringComparison.Ordinal);
    }
}
