using DurableIngest.Configuration;
using DurableIngest.Connectors;
using DurableIngest.Core.Tests.Support;
using DurableIngest.Sources.MySql;
using DurableIngest.Testing;
using MySqlConnector;
using Xunit;

namespace DurableIngest.Core.Tests.Sources.MySql;

public sealed class MySqlOptionsTests : IDisposable
{
    private const string CaPem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----";

    private readonly string _folder = Directory.CreateTempSubdirectory("di-mysql-options-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string Yaml(string connection, string sourceType = "mysql") => $"""
        source:
          type: {sourceType}
          serviceName: svc
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

    private MySqlOptions Read(string connection, Func<string, string?>? environment = null)
    {
        var paths = new RelativePathBase(_folder, "the test folder", "move the test");
        var config = SourceHarness.Load(Yaml(connection), environment, paths);
        return MySqlOptions.Read(config.Source.Connection, "mysql", "Mysql", paths);
    }

    [Fact]
    public void Read_FullConnection_MapsEveryField()
    {
        File.WriteAllText(Path.Combine(_folder, "client.pem"), "x");
        File.WriteAllText(Path.Combine(_folder, "client.key"), "x");

        var options = Read($$"""
            type: Mysql
            scheme: mysql+pymysql
            hostPort: db.example.com:3307
            username: ingest
            authType:
              password: ${MYSQL_PASSWORD}
            databaseSchema: shop
            databaseName: sales
            sslMode: verify-full
            sslConfig:
              caCertificate: "{{CaPem.Replace("\n", "\\n", StringComparison.Ordinal)}}"
              sslCertificate: client.pem
              sslKey: ./client.key
            statementTimeoutSeconds: 60
            connectTimeoutSeconds: 5
            connectionOptions:
              charset: utf8mb4
            connectionArguments:
              Maximum Pool Size: "50"
            """, name => name == "MYSQL_PASSWORD" ? "pw" : null);

        Assert.Equal("db.example.com", options.Host);
        Assert.Equal(3307, options.Port);
        Assert.Equal("ingest", options.Username);
        Assert.Equal("pw", options.Password);
        Assert.Equal("shop", options.DatabaseSchema);
        Assert.Equal("sales", options.DatabaseName);
        Assert.Equal(MySqlSslMode.VerifyFull, options.SslMode);
        Assert.Equal(CaPem, options.CaCertificate!.Pem);
        Assert.Equal(Path.Combine(_folder, "client.pem"), options.ClientCertificate!.Path);
        Assert.Equal(Path.Combine(_folder, "client.key"), options.ClientKey!.Path);
        Assert.Equal(60, options.StatementTimeoutSeconds);
        Assert.Equal(5, options.ConnectTimeoutSeconds);
        Assert.Equal("utf8mb4", options.ConnectionOptions["Character Set"]);
        Assert.Equal("50", options.ConnectionOptions["Maximum Pool Size"]);
    }

    [Fact]
    public void Read_MinimalConnection_UsesOpenMetadatasDefaults()
    {
        var options = Read("""
            hostPort: localhost
            username: u
            password: p
            """);

        Assert.Equal(3306, options.Port);
        Assert.Equal("p", options.Password);
        Assert.Null(options.DatabaseSchema);
        Assert.Equal("default", options.DatabaseName);
        Assert.Equal(MySqlSslMode.Preferred, options.SslMode);
        Assert.Null(options.CaCertificate);
        Assert.Equal(300, options.StatementTimeoutSeconds);
        Assert.Equal(30, options.ConnectTimeoutSeconds);
    }

    [Theory]
    [InlineData("disable", MySqlSslMode.None)]
    [InlineData("prefer", MySqlSslMode.Preferred)]
    [InlineData("require", MySqlSslMode.Required)]
    [InlineData("verify-ca", MySqlSslMode.VerifyCA)]
    [InlineData("VERIFY_IDENTITY", MySqlSslMode.VerifyFull)]
    [InlineData("DISABLED", MySqlSslMode.None)]
    public void Read_SslMode_AcceptsOpenMetadatasAndMySqlsSpellings(string value, MySqlSslMode expected)
    {
        var options = Read($"""
            hostPort: localhost
            username: u
            sslMode: {value}
            """);

        Assert.Equal(expected, options.SslMode);
    }

    [Fact]
    public void Read_PyMySqlCertificateArguments_ResolveAgainstTheBase()
    {
        File.WriteAllText(Path.Combine(_folder, "ca.pem"), "x");

        var options = Read("""
            hostPort: localhost
            username: u
            sslCA: ca.pem
            connectionArguments:
              ssl_ca: certs/other-ca.pem
              connect_timeout: "7"
            """);

        Assert.Equal(Path.Combine(_folder, "ca.pem"), options.CaCertificate!.Path);
        Assert.Equal(Path.Combine(_folder, "certs", "other-ca.pem"), options.ConnectionOptions["SSL CA"]);
        Assert.Equal("7", options.ConnectionOptions["Connection Timeout"]);
    }

    [Fact]
    public void Load_EveryMistake_IsReportedAtOnceWithItsPathAndValue()
    {
        var exception = Assert.Throws<ConfigException>(() => SourceHarness.Load(Yaml("""
            type: Postgres
            scheme: mysql+mysqldb
            hostPort: localhost:99999
            databaseSchema: "  "
            sslMode: sometimes
            statementTimeoutSeconds: 0
            authType:
              awsConfig:
                awsRegion: eu-west-1
            sslConfig:
              caCertificate: missing/ca.pem
              sslCertificate: "-----BEGIN CERTIFICATE-----"
            connectionOptions:
              not_a_real_option: x
            connectionArguments:
              ssl:
                ca: /etc/ca.pem
            """)));

        var problems = exception.Problems.ToDictionary(p => p.Path, p => p.Message);
        Assert.Contains("must be 'Mysql' for source.type 'mysql', not 'Postgres'", problems["source.serviceConnection.config.type"], StringComparison.Ordinal);
        Assert.Contains("'mysql+mysqldb'", problems["source.serviceConnection.config.scheme"], StringComparison.Ordinal);
        Assert.Contains("'99999'", problems["source.serviceConnection.config.hostPort"], StringComparison.Ordinal);
        Assert.Equal("required", problems["source.serviceConnection.config.username"]);
        Assert.Contains("is empty", problems["source.serviceConnection.config.databaseSchema"], StringComparison.Ordinal);
        Assert.Contains("'sometimes'", problems["source.serviceConnection.config.sslMode"], StringComparison.Ordinal);
        Assert.Contains(">= 1, not 0", problems["source.serviceConnection.config.statementTimeoutSeconds"], StringComparison.Ordinal);
        Assert.Contains("not supported", problems["source.serviceConnection.config.authType.awsConfig"], StringComparison.Ordinal);
        Assert.Contains("'missing/ca.pem' does not exist", problems["source.serviceConnection.config.sslConfig.caCertificate"], StringComparison.Ordinal);
        Assert.Contains("both the certificate and its key", problems["source.serviceConnection.config.sslConfig.sslCertificate"], StringComparison.Ordinal);
        Assert.Contains("'x' is not a connection option", problems["source.serviceConnection.config.connectionOptions.not_a_real_option"], StringComparison.Ordinal);
        Assert.Contains("use sslMode and sslConfig", problems["source.serviceConnection.config.connectionArguments.ssl"], StringComparison.Ordinal);
        Assert.Equal(12, exception.Problems.Count);
    }

    [Fact]
    public void Load_MariaDbSourceType_WantsTheMariaDbServiceType()
    {
        var exception = Assert.Throws<ConfigException>(() => SourceHarness.Load(Yaml("""
            type: Mysql
            hostPort: localhost
            username: u
            """, sourceType: "mariadb")));

        Assert.Equal("must be 'MariaDB' for source.type 'mariadb', not 'Mysql'; fix source.type or this type so they name the same connector", Assert.Single(exception.Problems).Message);
    }

    [Fact]
    public void Build_ConnectionString_NamesTheApplicationPoolsAndSetsTheStatementTimeout()
    {
        var options = Read("""
            hostPort: localhost:3307
            username: u
            password: secret-value
            statementTimeoutSeconds: 42
            connectionOptions:
              Maximum Pool Size: "7"
            """);

        var builder = new MySqlConnectionStringBuilder(MySqlDataSources.ConnectionString(options));

        Assert.Equal("durable-ingest", builder.ApplicationName);
        Assert.True(builder.Pooling);
        Assert.Equal(3307u, builder.Port);
        Assert.Equal(42u, builder.DefaultCommandTimeout);
        Assert.Equal(7u, builder.MaximumPoolSize);
        Assert.Equal("secret-value", builder.Password);
        Assert.Equal(string.Empty, builder.Database);
    }

    [Fact]
    public void ToString_OfOptionsAndCertificates_NeverShowsThePasswordOrPem()
    {
        var options = Read($$"""
            hostPort: localhost
            username: u
            password: secret-value
            sslConfig:
              caCertificate: "{{CaPem.Replace("\n", "\\n", StringComparison.Ordinal)}}"
            """);

        Assert.DoesNotContain("secret-value", options.ToString(), StringComparison.Ordinal);
        Assert.Equal("(PEM text)", options.CaCertificate!.ToString());
    }

    [Fact]
    public async Task Validate_OpenMetadatasMySqlExample_PassesWithItsSecretsAsReferences()
    {
        var path = Path.Combine(CliProcess.RepositoryRoot, "examples", "mysql-local.yaml");
        var yaml = await File.ReadAllTextAsync(path);
        var environment = new Dictionary<string, string> { ["MYSQL_PASSWORD"] = "pw", ["OPENMETADATA_JWT_TOKEN"] = "token" };

        var config = new WorkflowConfigLoader(BuiltInConnectors.Create(), environment.GetValueOrDefault).Load(yaml, path);

        Assert.Equal("mysql", config.Source.Type);
        Assert.Equal("local_mysql", config.Source.ServiceName);
        Assert.Equal("openmetadata_db", MySqlOptions.Read(config.Source.Connection, "mysql", "Mysql", RelativePathBase.CurrentDirectory()).DatabaseSchema);
    }
}
