using Microsoft.Data.Sqlite;

namespace DurableIngest.Cli.Tests.Runtime.Faults;

/// <summary>
/// A work folder holding a SQLite database of <see cref="Tables"/> tables (each referring to the one before it), and the
/// workflow files of the fault tests that read it: two chunks of ten in flight, INFO logs, the sink and run store given.
/// </summary>
internal sealed class FaultWorkspace : IDisposable
{
    public FaultWorkspace(string prefix, int tables)
    {
        Work = Directory.CreateTempSubdirectory(prefix).FullName;
        Tables = tables;
        using var connection = new SqliteConnection($"Data Source={Database}");
        connection.Open();
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        for (var i = 0; i < tables; i++)
        {
            command.CommandText = $"CREATE TABLE t{i:D5} (id INTEGER PRIMARY KEY, name VARCHAR(40) NOT NULL, amount DECIMAL(10,2), parent INTEGER REFERENCES t{Math.Max(0, i - 1):D5}(id))";
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    public string Work { get; }

    public int Tables { get; }

    public string Database => Path.Combine(Work, "warehouse.db");

    /// <summary>The <c>sink:</c> block of a file sink writing under <paramref name="catalog"/>.</summary>
    public static string FileSink(string catalog) => $"  type: file\n  config:\n    path: {catalog}";

    /// <summary>The <c>runStore:</c> block of a local run store in <paramref name="folder"/>.</summary>
    public static string LocalStore(string folder) => $"      path: {folder}";

    /// <summary>
    /// Writes <paramref name="name"/> in the work folder. <paramref name="sink"/> and <paramref name="runStore"/> are
    /// blocks indented for their place; <paramref name="workflowConfig"/> adds lines under <c>workflowConfig:</c>.
    /// </summary>
    public string WriteWorkflow(string name, string sink, string runStore, string workflowConfig = "", string distributedExecution = "")
    {
        var path = Path.Combine(Work, name);
        var lines = new List<string>
        {
            "source:",
            "  type: sqlite",
            "  serviceName: faults",
            "  serviceConnection:",
            "    config:",
            "      type: SQLite",
            $"      databaseMode: {Database}",
            "      database: warehouse",
            "  sourceConfig:",
            "    config:",
            "      type: DatabaseMetadata",
            "sink:",
            sink,
            "workflowConfig:",
            "  loggerLevel: INFO",
        };
        if (workflowConfig.Length > 0)
        {
            lines.Add(workflowConfig);
        }

        lines.AddRange(["  distributedExecution:", "    enabled: true", "    parallelism: 2", "    chunkSize: 10"]);
        if (distributedExecution.Length > 0)
        {
            lines.Add(distributedExecution);
        }

        lines.AddRange(["    runStore:", runStore]);
        File.WriteAllText(path, string.Join('\n', lines) + "\n");
        return path;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(Work, recursive: true);
    }
}
