using DurableIngest.Configuration;
using DurableIngest.Core.Tests.Support;
using DurableIngest.Sources.Postgres;
using Npgsql;
using Xunit;

namespace DurableIngest.Core.Tests.Sources.Postgres;

public sealed class PostgresOptionsTests
{
    private static string Yaml(string connection) => $"""
        source:
          type: postgres
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

    private static PostgresOptions Read(string connection, Func<string, string?>? environment = null, RelativePathBase? paths = null)
    {
        var config = SourceHarness.Load(Yaml(connection), environment);
        return PostgresOptions.Read(config.Source.Connection, PostgreSqlDialect.Instance, paths ?? RelativePathBase.CurrentDirectory());
    }

    [Fact]
    public void Read_FullConnection_MapsEveryField()
    {
        var options = Read("""
            type: Postgres
            hostPort: db.example.com:6543
            username: ingest
            authType:
              password: ${PG_PASSWORD}
            database: sales
            ingestAllDatabases: true
            sslMode: verify-full
            statementTimeoutSeconds: 60
            connectionOptions:
              sslrootcert: /certs/root.pem
              Maximum Pool Size: "50"
            """, name => name == "PG_PASSWORD" ? "pw" : null);

        Assert.Equal("db.example.com", options.Host);
        Assert.Equal(6543, options.Port);
        Assert.Equal("ingest", options.Username);
        Assert.Equal("pw", options.Password);
        Assert.Equal("sales", options.Database);
        Assert.True(options.IngestAllDatabases);
        Assert.Equal(SslMode.VerifyFull, options.SslMode);
        Assert.Equal(60, options.StatementTimeoutSeconds);
        Assert.Equal("/certs/root.pem", options.ConnectionOptions["Root Certificate"]);
        Assert.Equal("50", options.ConnectionOptions["Maximum Pool Size"]);
    }

    [Fact]
    public void Read_RelativeFilePathsInConnectionOptions_ResolveAgainstTheBase()
    {
        var folder = Path.Combine(Path.GetTempPath(), "app");
        var paths = new RelativePathBase(folder, "the app folder", "move the app");

        var options = Read("""
            hostPort: localhost
            username: u
            connectionOptions:
              sslrootcert: certs/root.pem
              sslcert: ./certs/client.pem
              SSL Key: certs/client.key
              Passfile: .pgpass
              application_name: certs/not-a-path
            """, paths: paths);

        Assert.Equal(Path.Combine(folder, "certs", "root.pem"), options.ConnectionOptions["Root Certificate"]);
        Assert.Equal(Path.Combine(folder, "certs", "client.pem"), options.ConnectionOptions["SSL Certificate"]);
        Assert.Equal(Path.Combine(folder, "certs", "client.key"), options.ConnectionOptions["SSL Key"]);
        Assert.Equal(Path.Combine(folder, ".pgpass"), options.ConnectionOptions["Passfile"]);
        Assert.Equal("certs/not-a-path", options.ConnectionOptions["Application Name"]);
    }

    [Fact]
    public void Read_AbsoluteFilePathInConnectionOptions_IsUnchanged()
    {
        var paths = new RelativePathBase(Path.Combine(Path.GetTempPath(), "app"), "the app folder", "move the app");

        var options = Read("""
            hostPort: localhost
            username: u
            connectionOptions:
              sslrootcert: /certs/root.pem
            """, paths: paths);

        Assert.Equal("/certs/root.pem", options.ConnectionOptions["Root Certificate"]);
    }

    [Fact]
    public void Read_HostWithoutPortOrDatabase_UsesTheDialectDefaults()
    {
        var options = Read("""
            hostPort: localhost
            username: u
            password: p
            """);

        Assert.Equal(5432, options.Port);
        Assert.Equal("postgres", options.Database);
        Assert.Equal("p", options.Password);
    }

    [Fact]
    public void Load_EveryMistake_IsReportedAtOnceWithItsPath()
    {
        var exception = Assert.Throws<ConfigException>(() => SourceHarness.Load(Yaml("""
            type: Mysql
            hostPort: localhost:99999
            sslMode: sometimes
            statementTimeoutSeconds: 0
            authType:
              awsConfig:
                awsRegion: eu-west-1
            connectionOptions:
              not_a_real_option: x
            """)));

        var paths = exception.Problems.Select(p => p.Path).ToList();
        Assert.Contains("source.serviceConnection.config.type", paths);
        Assert.Contains("source.serviceConnection.config.hostPort", paths);
        Assert.Contains("source.serviceConnection.config.username", paths);
        Assert.Contains("source.serviceConnection.config.sslMode", paths);
        Assert.Contains("source.serviceConnection.config.statementTimeoutSeconds", paths);
        Assert.Contains("source.serviceConnection.config.authType.awsConfig", paths);
        Assert.Contains("source.serviceConnection.config.connectionOptions.not_a_real_option", paths);
        Assert.Contains(exception.Problems, p => p.Message.Contains("'sometimes'", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_ConnectionString_NamesTheApplicationPoolsAndSetsTheStatementTimeout()
    {
        var options = Read("""
            hostPort: localhost:5433
            username: u
            password: secret-value
            statementTimeoutSeconds: 42
            """);

        var builder = new NpgsqlConnectionStringBuilder(PostgresConnectionStrings.Build(options, PostgreSqlDialect.Instance, "other db"));

        Assert.Equal("durable-ingest", builder.ApplicationName);
        Assert.True(builder.Pooling);
        Assert.Equal("other db", builder.Database);
        Assert.Equal(5433, builder.Port);
        Assert.Equal("-c statement_timeout=42000 -c plan_cache_mode=force_generic_plan", builder.Options);
        Assert.Equal(16, builder.MaxAutoPrepare);
        Assert.Equal("secret-value", builder.Password);
    }

    [Fact]
    public void ToString_OfOptions_NeverShowsThePassword()
    {
        var options = Read("""
            hostPort: localhost
            username: u
            password: secret-value
            """);

        Assert.DoesNotContain("secret-value", options.ToString(), StringComparison.Ordinal);
    }
}
