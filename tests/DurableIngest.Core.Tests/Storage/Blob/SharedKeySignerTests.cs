using System.Text;
using DurableIngest.Storage.Blob;
using Xunit;

namespace DurableIngest.Core.Tests.Storage.Blob;

/// <summary>
/// Vectors built by hand from Microsoft's "Authorize with Shared Key" rules (not from Azurite); the expected
/// signatures were computed independently with <c>openssl dgst -sha256 -mac HMAC</c>.
/// </summary>
public sealed class SharedKeySignerTests
{
    private static readonly byte[] Key = Encoding.ASCII.GetBytes("durable-ingest-signing-test-key!");

    [Fact]
    public void BuildStringToSign_DocumentationExample_MatchesTheDocumentedString()
    {
        // The documentation's container-metadata GET.
        var stringToSign = SharedKeySigner.BuildStringToSign(
            "GET",
            new Uri("https://myaccount.blob.core.windows.net/mycontainer?restype=container&comp=metadata&timeout=20"),
            "myaccount",
            [new("x-ms-date", "Sun, 11 Oct 2009 21:49:13 GMT"), new("x-ms-version", "2009-09-19")]);

        Assert.Equal(
            "GET\n\n\n\n\n\n\n\n\n\n\n\nx-ms-date:Sun, 11 Oct 2009 21:49:13 GMT\nx-ms-version:2009-09-19\n/myaccount/mycontainer\ncomp:metadata\nrestype:container\ntimeout:20",
            stringToSign);
    }

    [Fact]
    public void ComputeSignature_DocumentationExample_MatchesTheIndependentHmac()
    {
        var signer = new SharedKeySigner("myaccount", Key);

        var signature = signer.ComputeSignature("GET\n\n\n\n\n\n\n\n\n\n\n\nx-ms-date:Sun, 11 Oct 2009 21:49:13 GMT\nx-ms-version:2009-09-19\n/myaccount/mycontainer\ncomp:metadata\nrestype:container\ntimeout:20");

        Assert.Equal("uonCilLt4/7zI5J+s9SF8Tn1+F5S1PwK961oi7YzaRs=", signature);
    }

    [Fact]
    public void BuildStringToSign_ConditionalPut_PutsEachStandardHeaderOnItsOwnLine()
    {
        var stringToSign = SharedKeySigner.BuildStringToSign(
            "put",
            new Uri("https://myaccount.blob.core.windows.net/mycontainer/runs/r1/summary.json"),
            "myaccount",
            [
                new("x-ms-version", "2021-08-06"),
                new("Content-Type", "application/json"),
                new("X-MS-Blob-Type", "BlockBlob"),
                new("If-Match", "\"0x8D1\""),
                new("Content-Length", "11"),
                new("x-ms-date", "Thu, 01 Jan 2026 00:00:00 GMT"),
                new("User-Agent", "ignored"),
            ]);

        Assert.Equal(
            "PUT\n\n\n11\n\napplication/json\n\n\n\"0x8D1\"\n\n\n\nx-ms-blob-type:BlockBlob\nx-ms-date:Thu, 01 Jan 2026 00:00:00 GMT\nx-ms-version:2021-08-06\n/myaccount/mycontainer/runs/r1/summary.json",
            stringToSign);
        Assert.Equal("RTToryP44DYa8I7c1QFPVJS6gc3qBDlu5JJKRtu1QR8=", new SharedKeySigner("myaccount", Key).ComputeSignature(stringToSign));
    }

    [Fact]
    public void BuildStringToSign_ZeroContentLength_LeavesTheLineEmpty()
    {
        var stringToSign = SharedKeySigner.BuildStringToSign(
            "PUT",
            new Uri("https://myaccount.blob.core.windows.net/mycontainer?restype=container"),
            "myaccount",
            [new("Content-Length", "0"), new("x-ms-date", "Thu, 01 Jan 2026 00:00:00 GMT"), new("x-ms-version", "2021-08-06")]);

        Assert.StartsWith("PUT\n\n\n\n\n", stringToSign, StringComparison.Ordinal);
        Assert.EndsWith("\n/myaccount/mycontainer\nrestype:container", stringToSign, StringComparison.Ordinal);
    }

    [Fact]
    public void BuildStringToSign_QueryParameters_AreLowerCasedDecodedSortedAndMultipleValuesJoined()
    {
        var stringToSign = SharedKeySigner.BuildStringToSign(
            "GET",
            new Uri("https://myaccount.blob.core.windows.net/mycontainer?restype=container&comp=list&Prefix=runs%2Fa%20b&include=snapshots&include=metadata"),
            "myaccount",
            [new("x-ms-date", "Thu, 01 Jan 2026 00:00:00 GMT")]);

        Assert.EndsWith("/myaccount/mycontainer\ncomp:list\ninclude:metadata,snapshots\nprefix:runs/a b\nrestype:container", stringToSign, StringComparison.Ordinal);
    }

    [Fact]
    public void BuildStringToSign_PathStyleEmulatorEndpoint_KeepsTheEncodedPathWithTheAccountTwice()
    {
        var stringToSign = SharedKeySigner.BuildStringToSign(
            "GET",
            new Uri("http://127.0.0.1:10000/devstoreaccount1/mycontainer/a%20b%252E.json"),
            "devstoreaccount1",
            [new("x-ms-date", "Thu, 01 Jan 2026 00:00:00 GMT")]);

        Assert.EndsWith("\n/devstoreaccount1/devstoreaccount1/mycontainer/a%20b%252E.json", stringToSign, StringComparison.Ordinal);
    }

    [Fact]
    public void BuildStringToSign_CustomHeaders_AreSortedLowerCasedAndWhitespaceCollapsed()
    {
        var stringToSign = SharedKeySigner.BuildStringToSign(
            "GET",
            new Uri("https://myaccount.blob.core.windows.net/c/b"),
            "myaccount",
            [new("x-ms-meta-Zeta", "  two   words "), new("x-ms-client-request-id", "id-1"), new("x-ms-meta-alpha", "\"keep   quoted\"")]);

        Assert.Contains("\nx-ms-client-request-id:id-1\nx-ms-meta-alpha:\"keep   quoted\"\nx-ms-meta-zeta:two words\n/myaccount/c/b", stringToSign, StringComparison.Ordinal);
    }

    [Fact]
    public void Authorize_Request_SignsItsActualHeadersAndBody()
    {
        var signer = new SharedKeySigner("myaccount", Key);
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri("https://myaccount.blob.core.windows.net/mycontainer/runs/r1/summary.json"))
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes("{\"ok\":true}")),
        };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        request.Headers.TryAddWithoutValidation("x-ms-date", "Thu, 01 Jan 2026 00:00:00 GMT");
        request.Headers.TryAddWithoutValidation("x-ms-version", "2021-08-06");
        request.Headers.TryAddWithoutValidation("x-ms-blob-type", "BlockBlob");
        request.Headers.TryAddWithoutValidation("If-Match", "\"0x8D1\"");

        signer.Authorize(request);

        Assert.True(request.Headers.TryGetValues("Authorization", out var values));
        Assert.Equal("SharedKey myaccount:RTToryP44DYa8I7c1QFPVJS6gc3qBDlu5JJKRtu1QR8=", Assert.Single(values));
    }
}
