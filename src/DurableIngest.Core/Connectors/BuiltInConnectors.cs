using DurableIngest.Configuration;
using DurableIngest.Sinks;
using DurableIngest.Sources;

namespace DurableIngest.Connectors;

/// <summary>Every connector shipped with DurableIngest. Each source or sink folder adds its provider here.</summary>
public static class BuiltInConnectors
{
    /// <param name="paths">
    /// What relative paths in a workflow (SQLite <c>databaseMode</c>, file sink <c>path</c>, PostgreSQL and MySQL
    /// certificate files) resolve against. Default <see cref="RelativePathBase.CurrentDirectory"/>, taken now.
    /// </param>
    public static ConnectorRegistry Create(RelativePathBase? paths = null)
    {
        paths ??= RelativePathBase.CurrentDirectory();
        return new(Sources(paths), Sinks(paths));
    }

    private static IEnumerable<ISourceProvider> Sources(RelativePathBase paths)
    {
        yield return new DurableIngest.Sources.Sqlite.SqliteSourceProvider(paths);
        yield return new DurableIngest.Sources.Postgres.PostgresSourceProvider(DurableIngest.Sources.Postgres.PostgreSqlDialect.Instance, paths);
        yield return new DurableIngest.Sources.Postgres.PostgresSourceProvider(DurableIngest.Sources.Redshift.RedshiftDialect.Instance, paths);
        yield return new DurableIngest.Sources.Snowflake.SnowflakeSourceProvider();
        yield return new DurableIngest.Sources.MySql.MySqlSourceProvider(paths);
    }

    private static IEnumerable<ISinkProvider> Sinks(RelativePathBase paths)
    {
        yield return new Sinks.File.FileSinkProvider(paths);
        yield return new Sinks.Blob.BlobSinkProvider();
        yield return new Sinks.OpenMetadata.OpenMetadataSinkProvider();
    }
}
