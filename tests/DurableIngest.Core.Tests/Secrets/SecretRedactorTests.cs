using System.Text.Json;
using DurableIngest.Secrets;

namespace DurableIngest.Core.Tests.Secrets;

public sealed class SecretRedactorTests
{
    private const string AccountKey = "c2VjcmV0LWtleS1ieXRlcw+/AB==";

    [Fact]
    public void Redact_SecretSeveralTimes_MasksEveryOccurrence()
    {
        var redactor = new SecretRedactor(["hunter2-secret"]);

        var text = redactor.Redact("login hunter2-secret failed; retried with hunter2-secret");

        Assert.Equal("login *** failed; retried with ***", text);
    }

    [Fact]
    public void Redact_SecretJsonEscapedInTheText_MasksTheEscapedForm()
    {
        const string secret = "p\"a\\ss+wörd";
        var redactor = new SecretRedactor([secret]);
        var body = JsonSerializer.Serialize(new { password = secret });

        var text = redactor.Redact($"server said: {body}");

        Assert.Equal("server said: {\"password\":\"***\"}", text);
    }

    [Fact]
    public void Redact_SecretUrlEncodedInLowerCase_MasksTheEncodedForm()
    {
        var redactor = new SecretRedactor(["a/b+c=d"]);

        var text = redactor.Redact("GET https://host/x?sig=a%2fb%2bc%3dd returned 403");

        Assert.Equal("GET https://host/x?sig=*** returned 403", text);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("1")]
    public void Redact_SecretShorterThanTheMinimum_LeavesTheTextAlone(string secret)
    {
        var redactor = new SecretRedactor([secret]);

        Assert.Equal("table abc1 has 1 row", redactor.Redact("table abc1 has 1 row"));
    }

    [Fact]
    public void Redact_AccountKeyOfAConnectionStringQuotedAlone_MasksTheKey()
    {
        var connectionString = $"DefaultEndpointsProtocol=https;AccountName=acct;AccountKey={AccountKey};EndpointSuffix=core.windows.net";
        var redactor = new SecretRedactor([connectionString]);

        var text = redactor.Redact($"signing with key {AccountKey} failed for account acct");

        Assert.Equal("signing with key *** failed for account acct", text);
    }

    [Fact]
    public void Redact_WholeConnectionString_MasksItAsOne()
    {
        var connectionString = $"AccountName=acct;AccountKey={AccountKey}";
        var redactor = new SecretRedactor([connectionString]);

        Assert.Equal("cannot parse '***'", redactor.Redact($"cannot parse '{connectionString}'"));
    }

    [Fact]
    public void Redact_SignatureOfASharedAccessSignature_MasksTheSignature()
    {
        var redactor = new SecretRedactor(["BlobEndpoint=https://acct.blob.core.windows.net;SharedAccessSignature=sv=2024-11-04&sp=rw&sig=AbCd%2Bef%3D"]);

        var text = redactor.Redact("403 for https://acct.blob.core.windows.net/c/b?sp=rw&sig=AbCd+ef=");

        Assert.Equal("403 for https://acct.blob.core.windows.net/c/b?sp=rw&sig=***", text);
    }

    [Fact]
    public void Redact_PasswordOfAConnectionUri_MasksThePassword()
    {
        var redactor = new SecretRedactor(["postgresql://ingest:s3cr%40t@db:5432/shop"]);

        Assert.Equal("auth failed for ingest with ***", redactor.Redact("auth failed for ingest with s3cr@t"));
    }

    [Fact]
    public void Redact_NothingToMask_ReturnsTheTextAndNullAsTheyAre()
    {
        Assert.Equal("plain text", SecretRedactor.None.Redact("plain text"));
        Assert.Null(SecretRedactor.None.Redact(null));
    }

    [Fact]
    public void FromConfigText_EnvironmentReferenceAndLiteral_MasksBothResolvedValues()
    {
        const string config = """
            source:
              serviceConnection:
                config:
                  username: ingest-user
                  password: ${PG_PASSWORD}
            workflowConfig:
              openMetadataServerConfig:
                securityConfig:
                  jwtToken: eyJ-literal-token
            """;

        var redactor = SecretRedactor.FromConfigText(config, name => name == "PG_PASSWORD" ? "from-the-environment" : null);

        Assert.Equal(
            "user ingest-user, password ***, token ***",
            redactor.Redact("user ingest-user, password from-the-environment, token eyJ-literal-token"));
    }

    [Fact]
    public void FromConfigText_UnsetReferenceAndDevelopmentStorage_MaskNothing()
    {
        const string config = """
            source:
              serviceConnection:
                config:
                  password: ${NOT_SET}
            sink:
              config:
                connectionString: UseDevelopmentStorage=true
            """;

        var redactor = SecretRedactor.FromConfigText(config, _ => null);

        Assert.Equal("${NOT_SET} with UseDevelopmentStorage=true", redactor.Redact("${NOT_SET} with UseDevelopmentStorage=true"));
    }
}
