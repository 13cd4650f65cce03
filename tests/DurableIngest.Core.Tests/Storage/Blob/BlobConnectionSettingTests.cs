using Azure.Core;
using Azure.Identity;
using DurableIngest.Configuration;
using DurableIngest.Storage.Blob;

namespace DurableIngest.Core.Tests.Storage.Blob;

/// <summary>
/// Connections named the Azure Functions way (<c>NAME</c>, or <c>NAME__accountName</c>/<c>__blobServiceUri</c>/
/// <c>__serviceUri</c> with <c>__credential</c> and <c>__clientId</c>): the identity forms build a client with no key
/// at all. Nothing here touches the network: a token credential only asks for a token on the first request.
/// </summary>
public sealed class BlobConnectionSettingTests
{
    private static Func<string, string?> Settings(params (string Name, string Value)[] values) =>
        name => values.FirstOrDefault(v => v.Name == name).Value;

    private static (BlobAccount? Account, List<ConfigProblem> Problems) Read(params (string Name, string Value)[] values)
    {
        var problems = new List<ConfigProblem>();
        return (BlobConnectionSetting.Read("AzureWebJobsStorage", Settings(values), problems), problems);
    }

    [Fact]
    public void Read_AccountNameWithManagedIdentity_BuildsAKeylessClientOnTheAccountsBlobEndpoint()
    {
        var (account, problems) = Read(
            ("AzureWebJobsStorage__accountName", "ingeststore"), ("AzureWebJobsStorage__credential", "managedidentity"), ("AzureWebJobsStorage__clientId", "1b2c3d4e-0000-4000-8000-000000000001"));

        Assert.Empty(problems);
        var client = account!.CreateClient();
        Assert.Equal(new Uri("https://ingeststore.blob.core.windows.net/"), client.Uri);
        Assert.Equal("ingeststore", client.AccountName);
        Assert.False(client.CanGenerateAccountSasUri); // it holds no shared key
        Assert.IsType<ManagedIdentityCredential>(Assert.IsAssignableFrom<TokenCredential>(account.Credential));
        Assert.Equal(BlobAuthentication.ManagedIdentity, account.Authentication);
        Assert.Equal("https://ingeststore.blob.core.windows.net/ (managed identity 1b2c3d4e-0000-4000-8000-000000000001)", account.ToString());
    }

    [Fact]
    public void Read_AccountNameWithoutCredential_UsesDefaultAzureCredential()
    {
        var (account, problems) = Read(("AzureWebJobsStorage__accountName", "ingeststore"));

        Assert.Empty(problems);
        Assert.IsType<DefaultAzureCredential>(account!.Credential);
        Assert.Equal(BlobAuthentication.DefaultAzureCredential, account.Authentication);
    }

    [Fact]
    public void Read_SameIdentityTwice_SharesOneCredentialAndItsTokenCache()
    {
        (string, string)[] settings = [("AzureWebJobsStorage__accountName", "ingeststore"), ("AzureWebJobsStorage__credential", "managedidentity")];

        var (first, _) = Read(settings);
        var (second, _) = Read(settings);
        var (other, _) = Read([.. settings, ("AzureWebJobsStorage__clientId", "1b2c3d4e-0000-4000-8000-000000000003")]);

        Assert.Same(first!.Credential, second!.Credential);
        Assert.NotSame(first.Credential, other!.Credential);
    }

    [Theory]
    [InlineData("AzureWebJobsStorage__blobServiceUri")]
    [InlineData("AzureWebJobsStorage__serviceUri")]
    public void Read_ServiceUri_IsTheEndpointAndWinsOverAccountName(string setting)
    {
        var (account, problems) = Read((setting, "https://lake.blob.core.usgovcloudapi.net"), ("AzureWebJobsStorage__accountName", "ignored"));

        Assert.Empty(problems);
        Assert.Equal(new Uri("https://lake.blob.core.usgovcloudapi.net/"), account!.CreateClient().Uri);
    }

    [Fact]
    public void Read_ConnectionStringAndIdentitySettings_TheConnectionStringWinsAsInFunctions()
    {
        var (account, problems) = Read(("AzureWebJobsStorage", "UseDevelopmentStorage=true"), ("AzureWebJobsStorage__accountName", "ingeststore"));

        Assert.Empty(problems);
        Assert.Equal(BlobAuthentication.ConnectionString, account!.Authentication);
        Assert.Null(account.Credential);
        Assert.Equal(new Uri("http://127.0.0.1:10000/devstoreaccount1"), account.ServiceUri);
    }

    [Fact]
    public void Read_NothingSet_IsNullWithoutAProblem()
    {
        var (account, problems) = Read(("SomethingElse", "x"));

        Assert.Null(account);
        Assert.Empty(problems);
    }

    [Fact]
    public void Read_EveryMistake_IsReportedAtOnceNamingTheSettingAndItsValue()
    {
        var (account, problems) = Read(("AzureWebJobsStorage__accountName", "Ingest_Store"), ("AzureWebJobsStorage__credential", "clientsecret"));

        Assert.Null(account);
        Assert.Equal(["AzureWebJobsStorage__accountName", "AzureWebJobsStorage__credential"], problems.Select(p => p.Path));
        Assert.Contains("not 'Ingest_Store'", problems[0].Message, StringComparison.Ordinal);
        Assert.Contains("must be 'managedidentity'", problems[1].Message, StringComparison.Ordinal);
        Assert.Contains("not 'clientsecret'", problems[1].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://lake.blob.core.windows.net", "must be an https URI")]
    [InlineData("lake.blob.core.windows.net", "must be an https URI")]
    [InlineData("https://lake.blob.core.windows.net/?sv=2024&sig=s3cr3t", "without a query")]
    [InlineData("http://lake.blob.core.windows.net/?sv=2024&sig=s3cr3t", "must be an https URI")]
    [InlineData("https://user:s3cr3t@lake.blob.core.windows.net/", "without a query or user info")]
    public void Read_UnusableServiceUri_SaysWhyWithoutEchoingAQuery(string uri, string why)
    {
        var (account, problems) = Read(("AzureWebJobsStorage__blobServiceUri", uri));

        Assert.Null(account);
        var problem = Assert.Single(problems);
        Assert.Equal("AzureWebJobsStorage__blobServiceUri", problem.Path);
        Assert.Contains(why, problem.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_BadConnectionString_NamesTheSettingWithoutEchoingTheKey()
    {
        var (account, problems) = Read(("AzureWebJobsStorage", "AccountName=a;AccountKey=%%%secret%%%"));

        Assert.Null(account);
        var problem = Assert.Single(problems);
        Assert.Equal("AzureWebJobsStorage", problem.Path);
        Assert.Contains("is not a usable storage connection string", problem.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", problem.Message, StringComparison.Ordinal);
    }
}
