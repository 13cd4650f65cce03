using DurableIngest.Storage.Blob;
using DurableIngest.Testing;

namespace DurableIngest.Core.Tests.Storage.Blob;

/// <summary>A connection string is parsed by the Azure SDK, and what is shown of it never holds its key or signature.</summary>
public sealed class BlobAccountTests
{
    [Fact]
    public void FromConnectionString_AccountKey_ShowsTheEndpointAndMethodButNotTheKey()
    {
        var account = BlobAccount.FromConnectionString($"DefaultEndpointsProtocol=https;AccountName=prodlake;AccountKey={AzuriteServer.AccountKey};EndpointSuffix=core.windows.net");

        Assert.Equal("https://prodlake.blob.core.windows.net/ (connection string)", account.ToString());
        Assert.Equal((BlobAuthentication.ConnectionString, "prodlake"), (account.Authentication, account.AccountName));
        Assert.True(account.CreateClient().CanGenerateAccountSasUri); // it signs with the key
    }

    [Fact]
    public void FromConnectionString_SharedAccessSignature_ShowsTheEndpointWithoutTheSignature()
    {
        var account = BlobAccount.FromConnectionString("BlobEndpoint=https://prodlake.blob.core.windows.net;SharedAccessSignature=sv=2024-11-04&sig=s3cr3t");

        Assert.Equal(new Uri("https://prodlake.blob.core.windows.net/"), account.ServiceUri);
        Assert.DoesNotContain("s3cr3t", account.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("AccountName=prodlake")]
    [InlineData("not a connection string")]
    public void FromConnectionString_Unusable_SaysWhatAGoodOneLooksLike(string text)
    {
        var error = Assert.Throws<FormatException>(() => BlobAccount.FromConnectionString(text));

        Assert.Contains("UseDevelopmentStorage=true", error.Message, StringComparison.Ordinal);
        Assert.Contains("AccountKey=<key>", error.Message, StringComparison.Ordinal);
    }
}
