using Microsoft.Data.Sqlite;

namespace DurableIngest.Sources.Sqlite;

/// <summary>The quickstart warehouse shipped in examples/, and fresh copies of it that tests may change.</summary>
internal static class Warehouse
{
    public const int TableCount = 31;
    public const int ViewCount = 5;

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string ShippedDatabase => Path.Combine(RepositoryRoot, "examples", "warehouse.db");

    public static string Script => Path.Combine(RepositoryRoot, "examples", "warehouse.sql");

    public static string Quickstart => Path.Combine(RepositoryRoot, "examples", "quickstart.yaml");

    /// <summary>Runs a script against a new database file (the way a user builds warehouse.db), then vacuums it.</summary>
    public static void Build(string path, string script)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = script;
        command.ExecuteNonQuery();
        command.CommandText = "VACUUM";
        command.ExecuteNonQuery();
    }

    /// <summary>Runs statements against a database file with a writable connection of its own.</summary>
    public static void Execute(string path, string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "examples", "warehouse.sql")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"examples/warehouse.sql not found above {AppContext.BaseDirectory}");
    }
}
