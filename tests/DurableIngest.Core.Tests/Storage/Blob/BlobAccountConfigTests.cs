using Azure.Identity;
using DurableIngest.Configuration;
using DurableIngest.Storage.Blob;
using YamlDotNet.RepresentationModel;

namespace DurableIngest.Core.Tests.Storage.Blob;

/// <summary>
/// The account of a workflow's blob run store or blob sink: <c>connectionString</c>, or <c>accountUrl</c> (alias
/// <c>blobServiceUri</c>) with DefaultAzureCredential, or else the <c>AzureWebJobsStorage</c> connection, identity-based
/// included. No network.
/// </summary>
public sealed class BlobAccountConfigTests
{
    private static (BlobAccount? Account, ConfigProblems Problems) Read(string yaml, Func<string, string?>? environment = null)
    {
        var problems = new ConfigProblems();
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var section = new ConfigSection("runStore", (YamlMappingNode)stream.Documents[0].RootNode, problems, _ => null);
        return (BlobAccountConfig.Read(section, environment ?? (_ => null)), problems);
    }

    [Fact]
    public void Read_ConnectionString_IsThatAccount()
    {
        var (account, problems) = Read("connectionString: UseDevelopmentStorage=true");

        Assert.Empty(problems);
        Assert.Equal((BlobAuthentication.ConnectionString, "devstoreaccount1"), (account!.Authentication, account.AccountName));
    }

    [Theory]
    [InlineData("accountUrl")]
    [InlineData("blobServiceUri")]
    public void Read_AccountUrl_SignsInWithDefaultAzureCredentialAndNoKey(string key)
    {
        var (account, problems) = Read($"{key}: https://prodlake.blob.core.windows.net");

        Assert.Empty(problems);
        Assert.IsType<DefaultAzureCredential>(account!.Credential);
        Assert.Equal(new Uri("https://prodlake.blob.core.windows.net/"), account.CreateClient().Uri);
        Assert.False(account.CreateClient().CanGenerateAccountSasUri);
    }

    [Fact]
    public void Read_ConnectionStringAndAccountUrl_ReportsThatOnlyOneMayBeGiven()
    {
        var (account, problems) = Read("connectionString: UseDevelopmentStorage=true\naccountUrl: https://prodlake.blob.core.windows.net");

        Assert.Null(account);
        var problem = Assert.Single(problems);
        Assert.Equal("runStore.accountUrl", problem.Path);
        Assert.Contains("give one", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_Neither_UsesTheIdentityBasedAzureWebJobsStorageConnection()
    {
        var (account, problems) = Read(
            "container: runs",
            name => name switch
            {
                "AzureWebJobsStorage__accountName" => "hoststore",
                "AzureWebJobsStorage__credential" => "managedidentity",
                _ => null,
            });

        Assert.Empty(problems);
        Assert.Equal(new Uri("https://hoststore.blob.core.windows.net/"), account!.ServiceUri);
        Assert.IsType<ManagedIdentityCredential>(account.Credential);
    }

    [Fact]
    public void Read_NeitherAndNoSetting_NamesEveryWayToGiveOne()
    {
        var (account, problems) = Read("container: runs");

        Assert.Null(account);
        var problem = Assert.Single(problems);
        Assert.Equal("runStore.connectionString", problem.Path);
        foreach (var way in new[] { "UseDevelopmentStorage=true", "accountUrl", "AzureWebJobsStorage", "AzureWebJobsStorage__accountName" })
        {
            Assert.Contains(way, problem.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Read_NeitherAndAnUnusableSetting_SaysTheDefaultIsUnusableAndWhy()
    {
        var (account, problems) = Read("container: runs", name => name == "AzureWebJobsStorage__credential" ? "certificate" : name == "AzureWebJobsStorage__accountName" ? "hoststore" : null);

        Assert.Null(account);
        var problem = Assert.Single(problems);
        Assert.Equal("runStore.connectionString", problem.Path);
        Assert.Contains("AzureWebJobsStorage__credential must be 'managedidentity'", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_BadConnectionString_NamesTheKeyWithoutEchoingTheString()
    {
        var (account, problems) = Read("connectionString: AccountName=a;AccountKey=%%%secret%%%");

        Assert.Null(account);
        var problem = Assert.Single(problems);
        Assert.Equal("runStore.connectionString", problem.Path);
        Assert.DoesNotContain("secret", problem.Message, StringComparison.Ordinal);
    }
}
