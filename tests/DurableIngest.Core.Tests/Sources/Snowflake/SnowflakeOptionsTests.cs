using DurableIngest.Configuration;
using DurableIngest.Connectors;
using DurableIngest.Sources.Snowflake;
using DurableIngest.Testing.SnowflakeStandIn;

namespace DurableIngest.Core.Tests.Sources.Snowflake;

public sealed class SnowflakeOptionsTests : IDisposable
{
    private readonly SnowflakeKeyPair _keys = new();

    public void Dispose() => _keys.Dispose();

    private static string Yaml(string connection) => $"""
        source:
          type: snowflake
          serviceName: snow
          serviceConnection:
            config:
        {string.Join("\n", connection.Trim('\n').Split('\n').Select(l => "      " + l))}
          sourceConfig:
            config:
              type: DatabaseMetadata
        sink:
          type: file
          config:
            path: ./catalog
        """;

    private string? Environment(string name) => name switch
    {
        "KEY" => _keys.PrivateKeyPem,
        "ENCRYPTED_KEY" => _keys.EncryptedPrivateKeyPem,
        "PASSPHRASE" => SnowflakeKeyPair.Passphrase,
        "PKCS1_KEY" => _keys.Rsa.ExportRSAPrivateKeyPem(),
        _ => null,
    };

    private ConfigProblems Problems(string connection)
    {
        new WorkflowConfigLoader(BuiltInConnectors.Create(), Environment).TryLoad(Yaml(connection), out var problems);
        return problems;
    }

    private SnowflakeOptions Read(string connection) =>
        SnowflakeOptions.Read(new WorkflowConfigLoader(BuiltInConnectors.Create(), Environment).Load(Yaml(connection), "test.yaml").Source.Connection)!;

    [Fact]
    public void Read_KeyPairConnection_MapsEveryFieldAndItsDefaults()
    {
        var options = Read("""
            type: Snowflake
            account: xy12345.us-east-2.aws
            username: ingest
            warehouse: compute_wh
            role: '"Metadata Reader"'
            database: sales
            queryTag: durable-ingest
            privateKey: ${KEY}
            """);

        Assert.Equal(("xy12345.us-east-2.aws.snowflakecomputing.com", "ingest", "COMPUTE_WH", "Metadata Reader", "SALES"), (options.Account.Host, options.Username, options.Warehouse, options.Role, options.Database));
        Assert.Equal((SnowflakeAuthMethod.KeyPair, "durable-ingest", false), (options.AuthMethod, options.QueryTag, options.PasswordIgnored));
        Assert.Equal(new Uri("https://xy12345.us-east-2.aws.snowflakecomputing.com/"), options.ApiBase);
        Assert.Equal((300, 60, 4), (options.StatementTimeoutSeconds, (int)options.RequestTimeout.TotalSeconds, options.MaxRetries));
        Assert.False(options.IncludeTransientTables);
        Assert.False(options.IncludeStreams);
    }

    [Fact]
    public void Read_EncryptedKeyWithPassphraseAndAPassword_UsesTheKeyAndIgnoresThePassword()
    {
        var options = Read("""
            account: myorg-account1
            username: ingest
            warehouse: wh
            password: not-used
            privateKey: ${ENCRYPTED_KEY}
            snowflakePrivatekeyPassphrase: ${PASSPHRASE}
            includeTransientTables: true
            clientSessionKeepAlive: true
            accountUsageSchema: SNOWFLAKE.ACCOUNT_USAGE
            connectionOptions: {}
            connectionArguments: {}
            scheme: snowflake
            apiBaseUrl: https://myorg-account1.privatelink.snowflakecomputing.com
            """);

        Assert.Equal((SnowflakeAuthMethod.KeyPair, true, true), (options.AuthMethod, options.PasswordIgnored, options.IncludeTransientTables));
        Assert.Null(options.Database);
        Assert.Equal(new Uri("https://myorg-account1.privatelink.snowflakecomputing.com/"), options.ApiBase);
        using var credential = options.CreateCredential();
        Assert.Equal(SnowflakeCredential.KeyPairJwtType, credential.TokenType);
    }

    [Fact]
    public void Read_PasswordAlone_RefusedNamingTheThreeWaysToAuthenticate()
    {
        var problem = Assert.Single(Problems("""
            account: myorg-account1
            username: ingest
            warehouse: wh
            password: hunter2-secret
            """));

        Assert.Equal("source.serviceConnection.config.password", problem.Path);
        Assert.Contains("password authentication is not available through Snowflake's SQL API", problem.Message, StringComparison.Ordinal);
        Assert.Contains("privateKey", problem.Message, StringComparison.Ordinal);
        Assert.Contains("oauthToken", problem.Message, StringComparison.Ordinal);
        Assert.Contains("programmaticAccessToken", problem.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2-secret", problem.ToString(), StringComparison.Ordinal);
        Assert.True(problem.Line > 0);
    }

    [Fact]
    public void Read_EverythingWrong_ReportsEveryProblemAtOnceWithItsPath()
    {
        var problems = Problems("""
            type: Postgres
            account: https://xy12345.snowflakecomputing.com
            warehouse: my-wh
            role: "\"\""
            oauthToken: a-token
            programmaticAccessToken: b-token
            statementTimeoutSeconds: -1
            requestTimeoutSeconds: soon
            maxRetries: 99
            includeStreams: maybe
            apiBaseUrl: ftp://example.com
            """);

        Assert.Equal(
            [
                "source.serviceConnection.config.username",
                "source.serviceConnection.config.type",
                "source.serviceConnection.config.account",
                "source.serviceConnection.config.warehouse",
                "source.serviceConnection.config.role",
                "source.serviceConnection.config.programmaticAccessToken",
                "source.serviceConnection.config.statementTimeoutSeconds",
                "source.serviceConnection.config.requestTimeoutSeconds",
                "source.serviceConnection.config.maxRetries",
                "source.serviceConnection.config.includeStreams",
                "source.serviceConnection.config.apiBaseUrl",
            ],
            problems.Select(p => p.Path));
        Assert.Contains("'xy12345'", problems[2].Message, StringComparison.Ordinal);
        Assert.Contains("set only one of oauthToken, programmaticAccessToken", problems[5].Message, StringComparison.Ordinal);
        Assert.All(problems, p => Assert.True(p.Line > 0));
    }

    [Theory]
    [InlineData("privateKey: ${ENCRYPTED_KEY}", "is encrypted (BEGIN ENCRYPTED PRIVATE KEY); set snowflakePrivatekeyPassphrase")]
    [InlineData("privateKey: ${ENCRYPTED_KEY}\nsnowflakePrivatekeyPassphrase: wrong-passphrase", "could not be decrypted with snowflakePrivatekeyPassphrase")]
    [InlineData("privateKey: ${PKCS1_KEY}", "is a PKCS#1 key (BEGIN RSA PRIVATE KEY); convert it to PKCS#8")]
    [InlineData("privateKey: not-a-key-at-all", "is not a PEM PKCS#8 private key")]
    [InlineData("", "required: set one of privateKey (key-pair authentication), oauthToken or programmaticAccessToken")]
    public void Read_UnusableKey_SaysWhatToFixWithoutQuotingIt(string auth, string expected)
    {
        var problem = Assert.Single(Problems($"account: myorg-account1\nusername: ingest\nwarehouse: wh\n{auth}"));

        Assert.Equal("source.serviceConnection.config.privateKey", problem.Path);
        Assert.Contains(expected, problem.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-passphrase", problem.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_keys.PrivateKeyPem.Split('\n')[1], problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DescribeService_KeyAndPassphrase_LeavesBothOutOfTheServiceDescriptor()
    {
        var config = new WorkflowConfigLoader(BuiltInConnectors.Create(), Environment).Load(Yaml("""
            account: myorg-account1
            username: ingest
            warehouse: wh
            privateKey: ${ENCRYPTED_KEY}
            snowflakePrivatekeyPassphrase: ${PASSPHRASE}
            """), "test.yaml");

        var service = DurableIngest.Workflow.IngestionActivities.DescribeService(config.Source);

        Assert.Equal("Snowflake", service.ServiceType);
        Assert.Equal(["account", "username", "warehouse"], service.Connection.Keys);
    }
}
