using Microsoft.Data.Sqlite;

namespace DurableIngest.Sources.Sqlite;

/// <summary>Counts the SQL commands a source creates, through connections that are otherwise real SQLite connections.</summary>
internal sealed class CommandCounter
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public Func<string, SqliteConnection> Factory => connectionString => new CountingConnection(connectionString, this);

    public void Reset() => Interlocked.Exchange(ref _count, 0);

    private sealed class CountingConnection(string connectionString, CommandCounter counter) : SqliteConnection(connectionString)
    {
        public override SqliteCommand CreateCommand()
        {
            Interlocked.Increment(ref counter._count);
            return base.CreateCommand();
        }
    }
}
