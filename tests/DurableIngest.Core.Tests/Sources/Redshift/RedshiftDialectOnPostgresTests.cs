using DurableIngest.Configuration;
using DurableIngest.Core.Tests.Sources.Postgres;
using DurableIngest.Core.Tests.Support;
using DurableIngest.Entities;
using DurableIngest.Sources;
using DurableIngest.Sources.Postgres;
using DurableIngest.Sources.Redshift;
using DurableIngest.Testing;
using Npgsql;
using Xunit;

namespace DurableIngest.Core.Tests.Sources.Redshift;

/// <summary>
/// Redshift cannot be reached here: the statements it shares with PostgreSQL run against a real PostgreSQL and must
/// give what the PostgreSQL dialect gives; Redshift-only rows are fed through the readers from equivalent VALUES.
/// </summary>
[Collection(PostgresServerFixture.Collection)]
public sealed class RedshiftDialectOnPostgresTests
{
    private const string Schema = """
        CREATE SCHEMA sales;
        CREATE TABLE sales.customers (id int, region varchar(8), "Name Here" text NOT NULL, PRIMARY KEY (id, region), UNIQUE ("Name Here"));
        CREATE TABLE sales.orders (id bigint PRIMARY KEY, customer_id int, region varchar(8), total numeric(12,2),
            CONSTRAINT orders_customer_fk FOREIGN KEY (region, customer_id) REFERENCES sales.customers (region, id));
        COMMENT ON TABLE sales.orders IS 'Orders';
        COMMENT ON COLUMN sales.orders.total IS 'With tax';
        CREATE VIEW sales.big AS SELECT id, total FROM sales.orders WHERE total > 100;
        """;

    private readonly PostgresServerFixture _server;

    public RedshiftDialectOnPostgresTests(PostgresServerFixture server) => _server = server;

    [Fact]
    public async Task CoreQueries_OnPostgres_ReadWhatThePostgresDialectReads()
    {
        var database = await _server.CreateDatabaseAsync("redshift_core");
        await _server.Server.ExecuteAsync(database, Schema);
        var entities = await DiscoverAsync(database);

        var viaRedshift = Assemble(entities, await RunAsync(database, RedshiftDialect.CoreQueries(new ChunkRequest(entities)), RedshiftDialect.Instance));
        var viaPostgres = Assemble(entities, await RunAsync(database, PostgreSqlDialect.Instance.ChunkQueries(new ChunkRequest(entities)), PostgreSqlDialect.Instance));

        Assert.Equal(3, viaRedshift.Count);
        foreach (var (redshift, postgres) in viaRedshift.Zip(viaPostgres))
        {
            Assert.Equal(postgres.TableType, redshift.TableType);
            Assert.Equal(postgres.Description, redshift.Description);
            Assert.Equal(postgres.SchemaDefinition, redshift.SchemaDefinition);
            Assert.Equal(postgres.Columns.Select(c => c with { }), redshift.Columns);
            Assert.Equal(
                postgres.TableConstraints.Select(c => (c.ConstraintType, string.Join(",", c.Columns), string.Join(",", c.ReferredColumns ?? []))),
                redshift.TableConstraints.Select(c => (c.ConstraintType, string.Join(",", c.Columns), string.Join(",", c.ReferredColumns ?? []))));
        }

        Assert.Contains(viaRedshift[1].TableConstraints, c => c.ConstraintType == ConstraintType.ForeignKey && c.Columns.SequenceEqual(["region", "customer_id"]));
    }

    [Fact]
    public async Task RedshiftRows_KeysLateBindingAndExternalColumns_BecomeOpenMetadataMetadata()
    {
        var catalog = new ChunkMetadata();
        await using var connection = new NpgsqlConnection(_server.Server.ConnectionString());
        await connection.OpenAsync();
        await ReadAsync(connection, "SELECT 101::oid, 'customer_id'::name, true, 0 UNION ALL SELECT 101::oid, 'placed_at', false, 1 UNION ALL SELECT 101::oid, 'id', false, 2", RedshiftRowReaders.Key, catalog);
        await ReadAsync(connection, "SELECT 101::oid, 'KEY(customer_id)'::text, 'placed_at'::text, 2", RedshiftRowReaders.TableInfo, catalog);
        await ReadAsync(connection, "SELECT 'sales'::name, 'late view'::name, 'total'::name, 'numeric(12,2)'::varchar, 1 UNION ALL SELECT 'sales', 'late view', 'note', 'character varying(256)', 2", RedshiftRowReaders.LateBindingColumn, catalog);
        await ReadAsync(connection, "SELECT 'spectrum'::text, 'clicks'::text, 's3://bucket/clicks/'::text, 'org.apache.hadoop.mapred.TextInputFormat'::text, 'out'::text, 'serde'::text", RedshiftRowReaders.ExternalTable, catalog);
        await ReadAsync(connection, """
            SELECT 'spectrum'::text, 'clicks'::text, 'url'::text, 'string'::text, 1, 0, 'true'::text
            UNION ALL SELECT 'spectrum', 'clicks', 'tags', 'array<string>', 2, 0, 'true'
            UNION ALL SELECT 'spectrum', 'clicks', 'day', 'date', 3, 1, 'false'
            """, RedshiftRowReaders.ExternalColumn, catalog);
        catalog.Relations[101] = new RelationRow { Oid = 101, Schema = "sales", Name = "orders", Kind = 'r' };
        catalog.Relations[102] = new RelationRow { Oid = 102, Schema = "sales", Name = "late view", Kind = 'v', ViewDefinition = "SELECT ... WITH NO SCHEMA BINDING" };
        var assembler = new TableAssembler("rs", new DatabaseMetadataOptions());

        var orders = assembler.Assemble(new DiscoveredEntity("dev", "sales", "orders", TableType.Regular, 101), catalog)!;
        var view = assembler.Assemble(new DiscoveredEntity("dev", "sales", "late view", TableType.View, 102), catalog)!;
        var external = assembler.Assemble(new DiscoveredEntity("dev", "spectrum", "clicks", TableType.External), catalog)!;

        Assert.Contains(orders.TableConstraints, c => c.ConstraintType == ConstraintType.DistKey && c.Columns.SequenceEqual(["customer_id"]));
        Assert.Contains(orders.TableConstraints, c => c.ConstraintType == ConstraintType.SortKey && c.Columns.SequenceEqual(["placed_at", "id"]));
        Assert.Equal("KEY(customer_id)", orders.SourceDetails.Properties["distStyle"]);
        Assert.Equal("compound", orders.SourceDetails.Properties["sortKeyStyle"]);
        Assert.Equal(["total", "note"], view.Columns.Select(c => c.Name));
        Assert.Equal((DataType.NUMERIC, 12, 2), (view.Columns[0].DataType, view.Columns[0].Precision!.Value, view.Columns[0].Scale!.Value));
        Assert.Equal((DataType.VARCHAR, 256), (view.Columns[1].DataType, view.Columns[1].DataLength!.Value));
        Assert.Equal("true", view.SourceDetails.Properties["lateBindingView"]);
        Assert.Equal(TableType.External, external.TableType);
        Assert.Equal([DataType.TEXT, DataType.ARRAY, DataType.DATE], external.Columns.Select(c => c.DataType));
        Assert.Equal(DataType.TEXT, external.Columns[1].ArrayDataType);
        Assert.Equal(ColumnConstraint.NotNull, external.Columns[2].Constraint);
        Assert.Equal(new[] { "day" }, external.TablePartition!.Columns);
        Assert.Equal("s3://bucket/clicks/", external.SourceDetails.Properties["location"]);
    }

    private async Task<List<DiscoveredEntity>> DiscoverAsync(string database)
    {
        await using var source = SourceHarness.CreateSource(PostgresHarness.Workflow(_server.Server, database));
        return [.. (await source.DiscoverAsync(CancellationToken.None)).Entities.OrderBy(e => e.Name == "big").ThenBy(e => e.Name, StringComparer.Ordinal)];
    }

    private async Task<ChunkMetadata> RunAsync(string database, IReadOnlyList<MetadataQuery> queries, PostgresFamilyDialect dialect)
    {
        var catalog = new ChunkMetadata();
        await using var connection = new NpgsqlConnection(_server.Server.ConnectionString(database));
        await connection.OpenAsync();
        await RunAsync(connection, queries, catalog);
        await RunAsync(connection, dialect.FollowUpQueries(catalog), catalog);
        return catalog;
    }

    private static async Task RunAsync(NpgsqlConnection connection, IReadOnlyList<MetadataQuery> queries, ChunkMetadata catalog)
    {
        foreach (var query in queries)
        {
            await using var command = new NpgsqlCommand(query.Sql, connection);
            foreach (var parameter in query.Parameters)
            {
                command.Parameters.Add(parameter.Clone());
            }

            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                query.ReadRow(reader, catalog);
            }
        }
    }

    private static List<TableMetadata> Assemble(List<DiscoveredEntity> entities, ChunkMetadata catalog)
    {
        var assembler = new TableAssembler(PostgresHarness.Service, new DatabaseMetadataOptions());
        return [.. entities.Select(e => assembler.Assemble(e, catalog) ?? throw new InvalidOperationException($"{e.Name} not assembled"))];
    }

    private static async Task ReadAsync(NpgsqlConnection connection, string sql, Action<NpgsqlDataReader, ChunkMetadata> read, ChunkMetadata catalog)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            read(reader, catalog);
        }
    }
}
