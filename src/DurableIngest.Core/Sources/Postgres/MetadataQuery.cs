using Npgsql;

namespace DurableIngest.Sources.Postgres;

/// <summary>One statement of a chunk's batch: its SQL, its parameters and how each row lands in the <see cref="ChunkMetadata"/>.</summary>
public sealed class MetadataQuery
{
    internal MetadataQuery(string name, string sql, IReadOnlyList<NpgsqlParameter> parameters, Action<NpgsqlDataReader, ChunkMetadata> readRow)
    {
        Name = name;
        Sql = sql;
        Parameters = parameters;
        ReadRow = readRow;
    }

    /// <summary>A short name (relations, columns, ...) used in messages and tests.</summary>
    public string Name { get; }

    public string Sql { get; }

    public IReadOnlyList<NpgsqlParameter> Parameters { get; }

    internal Action<NpgsqlDataReader, ChunkMetadata> ReadRow { get; }

    public override string ToString() => $"{Name}: {Sql}";
}
