using DurableIngest.Storage.Blob;
using Xunit;

namespace DurableIngest.Core.Tests.Storage.Blob;

public sealed class BlobConnectionStringTests
{
    private const string Key = "ZHVyYWJsZS1pbmdlc3Qtc2lnbmluZy10ZXN0LWtleSE=";

    [Fact]
    public void Parse_DevelopmentStorage_UsesAzuriteAccountKeyAndEndpoint()
    {
        var connection = BlobConnectionString.Parse("UseDevelopmentStorage=true");

        Assert.True(connection.IsDevelopmentStorage);
        Assert.Equal("devstoreaccount1", connection.AccountName);
        Assert.True(connection.HasAccountKey);
        Assert.Equal(new Uri("http://127.0.0.1:10000/devstoreaccount1"), connection.BlobEndpoint);
    }

    [Fact]
    public void Parse_DevelopmentStorageWithProxy_UsesTheProxyHostOnTheBlobPort()
    {
        var connection = BlobConnectionString.Parse("UseDevelopmentStorage=true;DevelopmentStorageProxyUri=http://azurite.local");

        Assert.Equal(new Uri("http://azurite.local:10000/devstoreaccount1"), connection.BlobEndpoint);
    }

    [Fact]
    public void Parse_DevelopmentStorageNotTrue_NamesTheSetting()
    {
        var error = Assert.Throws<FormatException>(() => BlobConnectionString.Parse("UseDevelopmentStorage=yes"));

        Assert.Contains("UseDevelopmentStorage must be 'true'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_FullString_BuildsTheEndpointFromProtocolAccountAndSuffix()
    {
        var connection = BlobConnectionString.Parse($"DefaultEndpointsProtocol=https;AccountName=prodlake;AccountKey={Key};EndpointSuffix=core.chinacloudapi.cn");

        Assert.False(connection.IsDevelopmentStorage);
        Assert.Equal("prodlake", connection.AccountName);
        Assert.Equal(new Uri("https://prodlake.blob.core.chinacloudapi.cn/"), connection.BlobEndpoint);
    }

    [Fact]
    public void Parse_NoSuffixOrProtocol_DefaultsToHttpsOnAzurePublicCloud()
    {
        var connection = BlobConnectionString.Parse($"AccountName=prodlake;AccountKey={Key}");

        Assert.Equal(new Uri("https://prodlake.blob.core.windows.net/"), connection.BlobEndpoint);
    }

    [Fact]
    public void Parse_BlobEndpoint_TakesPrecedenceOverTheSuffix()
    {
        var connection = BlobConnectionString.Parse($"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Key};BlobEndpoint=http://127.0.0.1:10123/devstoreaccount1/;EndpointSuffix=ignored.example");

        Assert.Equal(new Uri("http://127.0.0.1:10123/devstoreaccount1"), connection.BlobEndpoint);
    }

    [Fact]
    public void Parse_SettingNamesInAnyCase_AreAccepted()
    {
        var connection = BlobConnectionString.Parse($"accountname=prodlake;ACCOUNTKEY={Key}");

        Assert.Equal("prodlake", connection.AccountName);
    }

    [Fact]
    public void Parse_SharedAccessSignatureOnly_HasNoKey()
    {
        var connection = BlobConnectionString.Parse("BlobEndpoint=https://prodlake.blob.core.windows.net;SharedAccessSignature=sv=2021-08-06&ss=b&sig=abc%3D");

        Assert.False(connection.HasAccountKey);
        Assert.Null(connection.AccountName);
    }

    [Fact]
    public void Parse_MissingAccountKey_NamesAccountKey()
    {
        var error = Assert.Throws<FormatException>(() => BlobConnectionString.Parse("DefaultEndpointsProtocol=https;AccountName=prodlake"));

        Assert.Contains("AccountKey (or SharedAccessSignature) is missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MissingAccountName_NamesAccountName()
    {
        var error = Assert.Throws<FormatException>(() => BlobConnectionString.Parse($"DefaultEndpointsProtocol=https;AccountKey={Key}"));

        Assert.Contains("AccountName is missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_KeyThatIsNotBase64_SaysSoWithoutEchoingIt()
    {
        const string badKey = "not*base64*secret";

        var error = Assert.Throws<FormatException>(() => BlobConnectionString.Parse($"AccountName=prodlake;AccountKey={badKey}"));

        Assert.Contains("AccountKey is not valid base64", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(badKey, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownProtocol_NamesDefaultEndpointsProtocolAndTheValue()
    {
        var error = Assert.Throws<FormatException>(() => BlobConnectionString.Parse($"DefaultEndpointsProtocol=ftp;AccountName=prodlake;AccountKey={Key}"));

        Assert.Contains("DefaultEndpointsProtocol must be 'https' or 'http', not 'ftp'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_InvalidBlobEndpoint_NamesBlobEndpoint()
    {
        var error = Assert.Throws<FormatException>(() => BlobConnectionString.Parse($"AccountName=prodlake;AccountKey={Key};BlobEndpoint=not a uri"));

        Assert.Contains("BlobEndpoint must be an absolute http or https URI, not 'not a uri'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SettingGivenTwice_SaysWhichOne()
    {
        var error = Assert.Throws<FormatException>(() => BlobConnectionString.Parse($"AccountName=a1;AccountName=a2;AccountKey={Key}"));

        Assert.Contains("AccountName appears twice", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void Parse_Empty_ExplainsWhatToGive(string? text)
    {
        var error = Assert.Throws<FormatException>(() => BlobConnectionString.Parse(text));

        Assert.Contains("UseDevelopmentStorage=true", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_PartWithoutEquals_FailsWithoutEchoingThePart()
    {
        var error = Assert.Throws<FormatException>(() => BlobConnectionString.Parse($"AccountName=prodlake;{Key[..10]}"));

        Assert.Contains("part 2", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Key[..10], error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_FullString_ShowsEndpointAndAccountButNeverTheKey()
    {
        var text = BlobConnectionString.Parse($"DefaultEndpointsProtocol=https;AccountName=prodlake;AccountKey={Key}").ToString();

        Assert.Contains("prodlake", text, StringComparison.Ordinal);
        Assert.Contains("(hidden)", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, text, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_SharedAccessSignature_IsHidden()
    {
        var text = BlobConnectionString.Parse("BlobEndpoint=https://prodlake.blob.core.windows.net;SharedAccessSignature=sv=2021-08-06&sig=topsecret").ToString();

        Assert.DoesNotContain("topsecret", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_DevelopmentStorage_NeverShowsTheWellKnownKey()
    {
        var text = BlobConnectionString.Parse("UseDevelopmentStorage=true").ToString();

        Assert.DoesNotContain(BlobConnectionString.DevelopmentAccountKey, text, StringComparison.Ordinal);
    }
}
