using DurableIngest.Core.Tests.Support;
using DurableIngest.Sources.Postgres;
using DurableIngest.Testing;
using Npgsql;
using Xunit;

namespace DurableIngest.Core.Tests.Sources.Postgres;

[Collection(PostgresServerFixture.Collection)]
public sealed class BuiltInTypesTests
{
    // Every spelling format_type has for a modifier, on scalars and arrays; interval's field restrictions are the server's.
    private const string Columns = """
        CREATE TABLE spelled (
            a boolean, b bytea, c "char", d name, e bigint, f smallint, g integer, h text, i oid, j json, k xml, l point,
            m real, n double precision, o money, p macaddr, q inet, r cidr, s macaddr8, t bpchar, u char(3), v varchar,
            w varchar(40), x date, y time, z time(0), aa timetz, ab time(3) with time zone, ac timestamp, ad timestamp(6),
            ae timestamptz, af timestamptz(2), ag interval, ah bit, ai bit(9), aj varbit, ak varbit(12), al numeric,
            am numeric(5), an numeric(12,4), ao numeric(3,-2), ap uuid, aq pg_lsn, ar tsvector, at tsquery, au jsonb,
            av int4range, aw tstzrange, ax int8multirange, ay xid8, az pg_snapshot, ba regclass,
            ca integer[], cb varchar(7)[], cc numeric(6,2)[][], cd timestamptz(1)[], ce bit(4)[], cf "char"[], cg interval[],
            da interval day to second(3), db interval(2), dc interval year to month[]
        )
        """;

    [Fact]
    public async Task TryGet_EveryScalarTypeTheServerPinnedAndItsArray_MatchItsPgTypeRow()
    {
        var server = await PostgresServer.SharedAsync();
        var rows = await QueryAsync(server, "postgres", """
            SELECT t.oid, t.typname, t.typtype::text, t.typcategory::text, t.typelem, t.typbasetype, t.typtypmod
            FROM pg_catalog.pg_type t
            WHERE t.oid IN (
                SELECT s.oid FROM pg_catalog.pg_type s WHERE s.oid < 10000 AND s.typtype IN ('b', 'r', 'm') AND s.typcategory <> 'A'
                UNION ALL
                SELECT s.typarray FROM pg_catalog.pg_type s WHERE s.oid < 10000 AND s.typtype IN ('b', 'r', 'm') AND s.typcategory <> 'A')
            """, r => new TypeInfo(r.GetFieldValue<uint>(0), r.GetString(1), r.GetString(2)[0], r.GetString(3)[0], r.GetFieldValue<uint>(4), r.GetFieldValue<uint>(5), r.GetInt32(6)));

        Assert.True(rows.Count > 140, $"only {rows.Count} pinned types");
        Assert.All(rows, row =>
        {
            Assert.True(BuiltInTypes.TryGet(row.Oid, out var known), $"{row.Name} ({row.Oid}) is not listed");
            Assert.Equal(row, known);
        });
    }

    [Fact]
    public async Task TryFormat_ColumnsOfPinnedTypes_SpellAsFormatTypeDoes()
    {
        var server = await PostgresServer.SharedAsync();
        var database = await DatabaseAsync(server);
        var columns = await QueryAsync(server, database, """
            SELECT a.attname, a.atttypid, a.atttypmod, pg_catalog.format_type(a.atttypid, a.atttypmod)
            FROM pg_catalog.pg_attribute a WHERE a.attrelid = 'spelled'::regclass AND a.attnum > 0 ORDER BY a.attnum
            """, r => (Name: r.GetString(0), Oid: r.GetFieldValue<uint>(1), Modifier: r.GetInt32(2), Spelling: r.GetString(3)));

        Assert.Equal(62, columns.Count);
        foreach (var column in columns)
        {
            var spelled = BuiltInTypes.TryFormat(column.Oid, column.Modifier, out var spelling);
            if (column.Name is "da" or "db" or "dc")
            {
                Assert.False(spelled, $"{column.Name} {column.Spelling} was spelled '{spelling}' client-side");
            }
            else
            {
                Assert.True(spelled, $"{column.Name} {column.Spelling} was not spelled client-side");
                Assert.Equal(column.Spelling, spelling);
            }
        }
    }

    [Fact]
    public async Task ReadChunk_TypesOnlyTheServerSpells_AreSpelledByTheFollowUpBatch()
    {
        var server = await PostgresServer.SharedAsync();
        var database = await DatabaseAsync(server);
        var expected = await QueryAsync(server, database, """
            SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod)
            FROM pg_catalog.pg_attribute a WHERE a.attrelid = 'spelled'::regclass AND a.attnum > 0 ORDER BY a.attnum
            """, r => (r.GetString(0), r.GetString(1)));

        var (_, results) = await SourceHarness.RunAsync(PostgresHarness.Workflow(server, database));

        var table = Assert.Single(results).Table!;
        Assert.Equal(expected, table.Columns.Select(c => (c.Name, c.DataTypeDisplay!)));
        Assert.Equal("interval day to second(3)", table.Columns.Single(c => c.Name == "da").DataTypeDisplay);
        Assert.Equal(Entities.DataType.INTERVAL, table.Columns.Single(c => c.Name == "db").DataType);
        Assert.Equal(Entities.DataType.ARRAY, table.Columns.Single(c => c.Name == "dc").DataType);
        Assert.Equal(Entities.DataType.INTERVAL, table.Columns.Single(c => c.Name == "dc").ArrayDataType);
    }

    private static async Task<string> DatabaseAsync(PostgresServer server)
    {
        var database = $"builtin_{Guid.NewGuid():N}"[..20];
        await server.CreateDatabaseAsync(database);
        await server.ExecuteAsync(database, Columns);
        return database;
    }

    private static async Task<List<T>> QueryAsync<T>(PostgresServer server, string database, string sql, Func<NpgsqlDataReader, T> read)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
