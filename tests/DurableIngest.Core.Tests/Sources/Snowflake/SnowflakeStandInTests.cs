using System.Buffers.Text;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DurableIngest.Testing.SnowflakeStandIn;

namespace DurableIngest.Core.Tests.Sources.Snowflake;

/// <summary>The stand-in itself: it refuses what Snowflake would refuse, so the source's passing tests mean something.</summary>
public sealed class SnowflakeStandInTests
{
    private const string Body = """{"statement":"SHOW DATABASES","warehouse":"WH"}""";

    private static string Token(RSA key, string iss, string sub, DateTimeOffset issuedAt, TimeSpan lifetime)
    {
        var header = Base64Url.EncodeToString("""{"alg":"RS256","typ":"JWT"}"""u8);
        var payload = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new { iss, sub, iat = issuedAt.ToUnixTimeSeconds(), exp = (issuedAt + lifetime).ToUnixTimeSeconds() }));
        var signature = key.SignData(Encoding.ASCII.GetBytes($"{header}.{payload}"), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{header}.{payload}.{Base64Url.EncodeToString(signature)}";
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(SnowflakeStandIn standIn, string token, string tokenType = "KEYPAIR_JWT", string contentType = "application/json", string body = Body)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, standIn.BaseUrl + "api/v2/statements");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Add("X-Snowflake-Authorization-Token-Type", tokenType);
        request.Headers.UserAgent.ParseAdd("tests/1.0");
        request.Content = new StringContent(body, Encoding.UTF8, contentType);
        using var response = await http.SendAsync(request);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    [Fact]
    public async Task Post_WellFormedToken_RunsTheStatement()
    {
        await using var harness = await SnowflakeHarness.StartAsync();
        var verifier = harness.StandIn.Verifier;

        var (status, body) = await PostAsync(harness.StandIn, Token(harness.Keys.Rsa, verifier.ExpectedIssuer, verifier.ExpectedSubject, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("090001", body.GetProperty("code").GetString());
        Assert.Equal(["ARCHIVE", "HR", "SALES"], body.GetProperty("data").EnumerateArray().Select(r => r[1].GetString()));
    }

    [Theory]
    [InlineData("iss", "SecurityTokenInvalidIssuerException")]
    [InlineData("sub", "sub is not MYORG-ACCOUNT1.INGEST")]
    [InlineData("expired", "SecurityTokenInvalidLifetimeException")]
    [InlineData("too long", "exp is more than an hour after iat")]
    [InlineData("future", "iat is in the future")]
    [InlineData("signature", "Signature")]
    [InlineData("lower-case account", "SecurityTokenInvalidIssuerException")]
    public async Task Post_TokenSnowflakeWouldRefuse_Answers401JwtTokenIsInvalid(string broken, string reason)
    {
        await using var harness = await SnowflakeHarness.StartAsync();
        var verifier = harness.StandIn.Verifier;
        using var stranger = RSA.Create(2048);
        var now = DateTimeOffset.UtcNow;
        var token = broken switch
        {
            "iss" => Token(harness.Keys.Rsa, $"{verifier.ExpectedSubject}.SHA256:{Convert.ToBase64String(SHA256.HashData(stranger.ExportSubjectPublicKeyInfo()))}", verifier.ExpectedSubject, now, TimeSpan.FromMinutes(5)),
            "sub" => Token(harness.Keys.Rsa, verifier.ExpectedIssuer, "MYORG-ACCOUNT1.SOMEONE", now, TimeSpan.FromMinutes(5)),
            "expired" => Token(harness.Keys.Rsa, verifier.ExpectedIssuer, verifier.ExpectedSubject, now - TimeSpan.FromHours(2), TimeSpan.FromMinutes(5)),
            "too long" => Token(harness.Keys.Rsa, verifier.ExpectedIssuer, verifier.ExpectedSubject, now, TimeSpan.FromHours(2)),
            "future" => Token(harness.Keys.Rsa, verifier.ExpectedIssuer, verifier.ExpectedSubject, now + TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(5)),
            "signature" => Token(stranger, verifier.ExpectedIssuer, verifier.ExpectedSubject, now, TimeSpan.FromMinutes(5)),
            _ => Token(harness.Keys.Rsa, verifier.ExpectedIssuer.Replace("MYORG-ACCOUNT1", "myorg-account1", StringComparison.Ordinal), verifier.ExpectedSubject, now, TimeSpan.FromMinutes(5)),
        };

        var (status, body) = await PostAsync(harness.StandIn, token);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal(("390144", "JWT token is invalid."), (body.GetProperty("code").GetString(), body.GetProperty("message").GetString()));
        Assert.Contains(reason, harness.StandIn.Requests.Single().Rejection, StringComparison.Ordinal);
        Assert.Empty(harness.StandIn.Statements);
    }

    [Theory]
    [InlineData("OAUTH", "application/json", Body, HttpStatusCode.Unauthorized)]
    [InlineData("KEYPAIR_JWT", "text/plain", Body, HttpStatusCode.UnsupportedMediaType)]
    [InlineData("KEYPAIR_JWT", "application/json", """{"warehouse":"WH"}""", HttpStatusCode.BadRequest)]
    [InlineData("KEYPAIR_JWT", "application/json", """{"statement":"SELECT ?","bindings":{"2":{"type":"TEXT","value":"x"}}}""", HttpStatusCode.BadRequest)]
    public async Task Post_RequestSnowflakeWouldRefuse_AnswersItsDocumentedCode(string tokenType, string contentType, string body, HttpStatusCode expected)
    {
        await using var harness = await SnowflakeHarness.StartAsync();
        var verifier = harness.StandIn.Verifier;

        var (status, answer) = await PostAsync(harness.StandIn, Token(harness.Keys.Rsa, verifier.ExpectedIssuer, verifier.ExpectedSubject, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)), tokenType, contentType, body);

        Assert.Equal(expected, status);
        Assert.True(answer.TryGetProperty("message", out _));
    }

    [Theory]
    [InlineData("SELECT 'INFORMATION_SCHEMA' FROM \"SALES\".INFORMATION_SCHEMA.TABLES", "SELECT 'INFORMATION_SCHEMA' FROM \"SALES\".SF_INFORMATION_SCHEMA.TABLES")]
    [InlineData("select * from sales.\"INFORMATION_SCHEMA\".views", "select * from sales.SF_INFORMATION_SCHEMA.views")]
    [InlineData("SELECT INFORMATION_SCHEMA FROM t", "SELECT INFORMATION_SCHEMA FROM t")]
    public void Apply_InformationSchemaNamePart_IsTheOnlyRename(string sql, string expected) =>
        Assert.Equal(expected, InformationSchemaAlias.Apply(sql));

    [Theory]
    [InlineData("SHOW PRIMARY KEYS IN SCHEMA \"SALES\".\"PUBLIC\"", null, "primary_keys", "database_name = ? AND schema_name = ?", "SALES,PUBLIC")]
    [InlineData("show terse imported keys in schema public", "SALES", "imported_keys", "fk_database_name = ? AND fk_schema_name = ?", "SALES,PUBLIC")]
    [InlineData("SHOW UNIQUE KEYS IN TABLE sales.public.orders", null, "unique_keys", "database_name = ? AND schema_name = ? AND table_name = ?", "SALES,PUBLIC,ORDERS")]
    [InlineData("SHOW PRIMARY KEYS IN DATABASE", "HR", "primary_keys", "database_name = ?", "HR")]
    [InlineData("SHOW PRIMARY KEYS", null, "primary_keys", "", "")]
    [InlineData("SHOW DATABASES LIKE 'sa%'", null, "databases", "name ILIKE ?", "sa%")]
    public void Parse_DocumentedShowSyntax_ScopesTheOutputTable(string sql, string? current, string table, string where, string parameters)
    {
        var show = ShowCommand.Parse(sql, current, out var error);

        Assert.Null(error);
        Assert.Equal((table, where, parameters), (show!.Table, show.Where, string.Join(",", show.Parameters)));
    }
}
