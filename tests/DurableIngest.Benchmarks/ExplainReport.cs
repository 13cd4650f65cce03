using System.Globalization;
using DurableIngest.Sources;
using DurableIngest.Sources.Postgres;
using DurableIngest.Testing;
using Npgsql;

namespace DurableIngest.Benchmarks;

/// <summary>
/// Runs EXPLAIN ANALYZE for every statement of a chunk's batch at growing chunk sizes: time per entity should stay
/// flat (index lookups per OID), which shows nothing is quadratic in the chunk or in the database size.
/// </summary>
internal static class ExplainReport
{
    private static readonly int[] ChunkSizes = [50, 200, 1000, 5000];

    public static async Task RunAsync(PostgresServer server, string database, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString(database));
        await connection.OpenAsync(cancellationToken);
        var oids = new List<uint>();
        await using (var command = new NpgsqlCommand("SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname LIKE 's%' AND c.relkind IN ('r','v') ORDER BY random()", connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                oids.Add(reader.GetFieldValue<uint>(0));
            }
        }

        Console.WriteLine();
        Console.WriteLine("EXPLAIN ANALYZE of one chunk's statements (execution ms; µs per entity)");
        Console.WriteLine($"{"statement",-14} " + string.Join(" ", ChunkSizes.Select(n => $"{"n=" + n,20}")));
        var sizes = ChunkSizes.Where(n => n <= oids.Count).ToList();
        var rows = new Dictionary<string, List<string>>();
        foreach (var size in sizes)
        {
            var entities = oids.Take(size).Select(o => new DiscoveredEntity(database, "s", "t", DurableIngest.Entities.TableType.Regular, o)).ToList();
            foreach (var query in PostgreSqlDialect.Instance.ChunkQueries(new ChunkRequest(entities)))
            {
                await using var explain = new NpgsqlCommand("EXPLAIN (ANALYZE, FORMAT JSON) " + query.Sql, connection);
                foreach (var parameter in query.Parameters)
                {
                    explain.Parameters.Add(parameter.Clone());
                }

                var json = (string)(await explain.ExecuteScalarAsync(cancellationToken))!;
                using var document = System.Text.Json.JsonDocument.Parse(json);
                var ms = document.RootElement[0].GetProperty("Execution Time").GetDouble();
                if (!rows.TryGetValue(query.Name, out var cells))
                {
                    cells = [];
                    rows[query.Name] = cells;
                }

                cells.Add($"{ms,8:F1} ({ms * 1000 / size,6:F0} µs)");
            }
        }

        foreach (var (name, cells) in rows)
        {
            Console.WriteLine($"{name,-14} " + string.Join(" ", cells.Select(c => $"{c,20}")));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"({oids.Count:N0} relations in the dataset)"));
    }
}
