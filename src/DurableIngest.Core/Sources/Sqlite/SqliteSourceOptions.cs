using System.Text;
using DurableIngest.Configuration;

namespace DurableIngest.Sources.Sqlite;

/// <summary>
/// <c>source.serviceConnection.config</c> for <c>source.type: sqlite</c>, shaped like OpenMetadata's
/// <c>sqliteConnection.json</c>:
/// <code>
/// serviceConnection:
///   config:
///     type: SQLite                      # optional; when present it must be SQLite
///     databaseMode: examples/warehouse.db
///     database: warehouse
/// </code>
/// The other keys OpenMetadata defines (<c>scheme</c>, <c>username</c>, <c>password</c>, <c>hostPort</c>,
/// <c>connectionOptions</c>, <c>connectionArguments</c>, <c>supportsMetadataExtraction</c>, ...) are accepted and
/// ignored: a SQLite file has no server, user or password. The file is always opened read-only, and only its
/// <c>main</c> schema is read (attached databases are out of scope).
/// </summary>
public sealed record SqliteSourceOptions
{
    public const string InMemory = ":memory:";

    /// <summary>The catalog database name when <c>database</c> is not set: <c>default</c>, as OpenMetadata names it.</summary>
    public const string DefaultDatabase = "default";

    /// <summary>The one schema ingested: SQLite's name for the opened file.</summary>
    public const string MainSchema = "main";

    private static readonly byte[] FileHeader = Encoding.ASCII.GetBytes("SQLite format 3\0");

    /// <summary>
    /// <c>databaseMode</c>: the database file's path, or <c>:memory:</c> (OpenMetadata's default: an empty
    /// in-memory database, useful only to check a configuration). A relative path resolves against the host's
    /// <see cref="RelativePathBase"/> (the CLI's is the current directory, as for OpenMetadata's <c>sqlite:///path</c> URL).
    /// </summary>
    public string DatabaseMode { get; init; } = InMemory;

    /// <summary><c>database</c>: the database's name in the catalog. Default <see cref="DefaultDatabase"/>.</summary>
    public string Database { get; init; } = DefaultDatabase;

    /// <summary>The absolute path of the database file; null for <c>:memory:</c>.</summary>
    public string? FilePath { get; init; }

    public bool IsInMemory => FilePath is null;

    /// <summary>
    /// Reads the options, reporting every problem into the section's problems. With <paramref name="checkFile"/>,
    /// also checks (without opening it) that the file exists and looks like an SQLite database.
    /// </summary>
    public static SqliteSourceOptions Read(ConfigSection connection, RelativePathBase paths, bool checkFile)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(paths);
        _ = connection.GetChoice("type", ["SQLite"], invalid: type => $"must be 'SQLite' for source.type sqlite, not '{type}'; fix source.type or this type so they name the same connector");

        var database = connection.GetString("database");
        if (database is not null && string.IsNullOrWhiteSpace(database))
        {
            connection.Error("database", $"is empty; give the catalog database name (for example 'warehouse'), or remove the key to use '{DefaultDatabase}'");
        }

        var mode = connection.GetString("databaseMode")?.Trim();
        string? filePath = null;
        if (mode is { Length: 0 })
        {
            connection.Error("databaseMode", $"is empty; give the path of the SQLite database file (for example examples/warehouse.db), or '{InMemory}'");
        }
        else if (mode is not null && mode != InMemory)
        {
            filePath = paths.Resolve(mode);
            if (paths.Refusal(mode) is { } refusal)
            {
                connection.Error("databaseMode", refusal);
            }
            else if (checkFile)
            {
                CheckFile(connection, mode, filePath, paths);
            }
        }

        return new SqliteSourceOptions
        {
            DatabaseMode = string.IsNullOrEmpty(mode) ? InMemory : mode,
            Database = string.IsNullOrWhiteSpace(database) ? DefaultDatabase : database.Trim(),
            FilePath = filePath,
        };
    }

    private static void CheckFile(ConfigSection connection, string mode, string filePath, RelativePathBase paths)
    {
        if (Directory.Exists(filePath))
        {
            connection.Error("databaseMode", $"'{mode}' is a directory, not a database file ({paths.Describe(mode)}); give the path of the .db file itself");
            return;
        }

        if (!File.Exists(filePath))
        {
            connection.Error(
                "databaseMode",
                $"the SQLite database file '{mode}' does not exist (looked for {paths.Describe(mode)}); {paths.Remedies(mode)} ('{InMemory}' opens an empty in-memory database)");
            return;
        }

        try
        {
            using var file = new FileStream(filePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var header = new byte[FileHeader.Length];
            var read = file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
            // An empty file is a valid, empty SQLite database.
            if (read > 0 && (read < FileHeader.Length || !header.AsSpan().SequenceEqual(FileHeader)))
            {
                connection.Error("databaseMode", $"'{mode}' ({paths.Describe(mode)}) is not an SQLite database file (its header is not 'SQLite format 3'); point databaseMode at an SQLite database");
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            connection.Error("databaseMode", $"cannot read '{mode}' ({paths.Describe(mode)}): {e.Message}; check the file's permissions");
        }
    }
}
