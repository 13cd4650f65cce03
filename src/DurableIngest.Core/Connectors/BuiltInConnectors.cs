using DurableIngest.Sinks;
using DurableIngest.Sources;

namespace DurableIngest.Connectors;

/// <summary>Every connector shipped with DurableIngest. Each source or sink folder adds its provider here.</summary>
public static class BuiltInConnectors
{
    public static ConnectorRegistry Create() => new(Sources(), Sinks());

    private static IEnumerable<ISourceProvider> Sources()
    {
        yield return new DurableIngest.Sources.Sqlite.SqliteSourceProvider();
        yield return new DurableIngest.Sources.Postgres.PostgresSourceProvider(DurableIngest.Sources.Postgres.PostgreSqlDialect.Instance);
        yield return new DurableIngest.Sources.Postgres.PostgresSourceProvider(DurableIngest.Sources.Redshift.RedshiftDialect.Instance);
    }

    private static IEnumerable<ISinkProvider> Sinks()
    {
        yield return new Sinks.File.FileSinkProvider();
        yield return new Sinks.Blob.BlobSinkProvider();
        yield return new Sinks.OpenMetadata.OpenMetadataSinkProvider();
    }
}
