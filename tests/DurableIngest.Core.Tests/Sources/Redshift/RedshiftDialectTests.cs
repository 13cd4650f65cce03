using DurableIngest.Configuration;
using DurableIngest.Core.Tests.Support;
using DurableIngest.Entities;
using DurableIngest.Sources;
using DurableIngest.Sources.Postgres;
using DurableIngest.Sources.Redshift;
using Npgsql;
using Xunit;

namespace DurableIngest.Core.Tests.Sources.Redshift;

/// <summary>The SQL the Redshift dialect issues: what it avoids (Redshift lacks it) and what it adds.</summary>
public sealed class RedshiftDialectTests
{
    private static readonly DiscoveredEntity Table = new("dev", "sales", "orders", TableType.Regular, 101);
    private static readonly DiscoveredEntity View = new("dev", "sales", "late view", TableType.View, 102);
    private static readonly DiscoveredEntity External = new("dev", "spectrum", "clicks", TableType.External);

    private static IReadOnlyList<MetadataQuery> Queries() => RedshiftDialect.Instance.ChunkQueries(new ChunkRequest([Table, View, External]));

    [Fact]
    public void ChunkQueries_NeverUseWhatRedshiftLacks()
    {
        var sql = string.Join("\n", Queries().Select(q => q.Sql)) + RedshiftDialect.Instance.RelationsSql + RedshiftDialect.Instance.SchemasSql;

        foreach (var missing in new[] { "ANY(", "unnest", "ORDINALITY", "relispartition", "pg_partitioned_table", "pg_foreign_table", "pg_index", "LATERAL", "WITH RECURSIVE", "regclass", "conparentid", "typcategory", "quote_ident(n." })
        {
            Assert.DoesNotContain(missing, sql, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void ChunkQueries_InlineTheOidsAndBindNamesAsParameters()
    {
        var queries = Queries();

        Assert.Equal(["relations", "columns", "types", "constraints", "keys", "table_info", "late_binding_columns", "external_tables", "external_columns"], queries.Select(q => q.Name));
        Assert.All(queries.Take(6), q => Assert.Contains("IN (101, 102)", q.Sql, StringComparison.Ordinal));
        var lateBinding = queries.Single(q => q.Name == "late_binding_columns");
        Assert.Contains("pg_get_late_binding_view_cols()", lateBinding.Sql, StringComparison.Ordinal);
        Assert.Equal(["sales", "late view"], lateBinding.Parameters.Select(p => (string)p.Value!));
        var externalColumns = queries.Single(q => q.Name == "external_columns");
        Assert.Contains("FROM svv_external_columns WHERE (schemaname = @s0 AND tablename = @n0)", externalColumns.Sql, StringComparison.Ordinal);
        Assert.Equal(["spectrum", "clicks"], externalColumns.Parameters.Select(p => (string)p.Value!));
    }

    [Fact]
    public void ChunkQueries_ReadDistAndSortKeysByOidAndTheDistStyle()
    {
        var queries = Queries();

        Assert.Contains("a.attisdistkey OR a.attsortkeyord <> 0", queries.Single(q => q.Name == "keys").Sql, StringComparison.Ordinal);
        Assert.Contains("FROM svv_table_info WHERE table_id IN (101, 102)", queries.Single(q => q.Name == "table_info").Sql, StringComparison.Ordinal);
    }

    [Fact]
    public void ChunkQueries_OnlyExternalTables_SkipTheOidStatements()
    {
        var queries = RedshiftDialect.Instance.ChunkQueries(new ChunkRequest([External]));

        Assert.Equal(["external_tables", "external_columns"], queries.Select(q => q.Name));
    }

    [Fact]
    public void Discovery_ListsExternalTablesByNameAndNoPartitions()
    {
        Assert.Contains("svv_external_tables", RedshiftDialect.Instance.NamedRelationsSql, StringComparison.Ordinal);
        Assert.Contains("c.relkind::text, false", RedshiftDialect.Instance.RelationsSql, StringComparison.Ordinal);
        Assert.Contains("padb_harvest", RedshiftDialect.Instance.DatabasesSql, StringComparison.Ordinal);
        Assert.Null(PostgreSqlDialect.Instance.NamedRelationsSql);
    }

    [Fact]
    public void Configure_LeavesStartupOptionsAlone()
    {
        var builder = new NpgsqlConnectionStringBuilder();
        var options = new PostgresOptions { Host = "cluster.example", Port = 5439, Username = "u", Database = "dev" };

        RedshiftDialect.Instance.Configure(builder, options);

        Assert.Null(builder.Options);
        Assert.Equal(0, builder.MaxAutoPrepare);
    }

    [Fact]
    public void Load_RedshiftSource_DefaultsToPort5439AndDatabaseDev()
    {
        var config = SourceHarness.Load("""
            source:
              type: redshift
              serviceName: rs
              serviceConnection:
                config:
                  type: Redshift
                  hostPort: cluster.example.com
                  username: ${REDSHIFT_USER}
                  password: ${REDSHIFT_PASSWORD}
              sourceConfig:
                config:
                  type: DatabaseMetadata
            sink:
              type: file
              config:
                path: ./catalog
            """, name => name switch { "REDSHIFT_USER" => "awsuser", "REDSHIFT_PASSWORD" => "pw", _ => null });

        var options = PostgresOptions.Read(config.Source.Connection, RedshiftDialect.Instance, RelativePathBase.CurrentDirectory());

        Assert.Equal(5439, options.Port);
        Assert.Equal("dev", options.Database);
        Assert.Equal("awsuser", options.Username);
    }

    [Theory]
    [InlineData("PRIMARY KEY (id)", new[] { "id" }, null)]
    [InlineData("UNIQUE (a, \"B c\")", new[] { "a", "B c" }, null)]
    [InlineData("FOREIGN KEY (x, y) REFERENCES sales.\"we(ird\"(a, \"b\"\"q\")", new[] { "x", "y" }, new[] { "a", "b\"q" })]
    [InlineData("FOREIGN KEY (customer_id) REFERENCES customers(id) ON DELETE CASCADE", new[] { "customer_id" }, new[] { "id" })]
    public void ConstraintDefinitionParser_ColumnLists_AreReadOutsideQuotes(string definition, string[] columns, string[]? referenced)
    {
        var lists = ConstraintDefinitionParser.ColumnLists(definition);

        Assert.Equal(columns, lists[0]);
        if (referenced is not null)
        {
            Assert.Equal(referenced, lists[1]);
        }
    }
}
