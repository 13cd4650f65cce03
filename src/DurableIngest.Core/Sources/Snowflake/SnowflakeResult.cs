namespace DurableIngest.Sources.Snowflake;

/// <summary>
/// A statement's rows, every partition gathered, as the SQL API returns them (<c>jsonv2</c>: each value a string, or
/// null for SQL NULL), with the columns' names from <c>resultSetMetaData.rowType</c>.
/// </summary>
public sealed class SnowflakeResult
{
    private readonly Dictionary<string, int> _byName;

    public SnowflakeResult(IReadOnlyList<string> columns, IReadOnlyList<string?[]> rows, int partitions)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(rows);
        Columns = columns;
        Rows = rows;
        Partitions = partitions;
        _byName = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < columns.Count; i++)
        {
            _byName.TryAdd(columns[i], i);
        }
    }

    public IReadOnlyList<string> Columns { get; }

    public IReadOnlyList<string?[]> Rows { get; }

    /// <summary>How many partitions the rows came in (<c>resultSetMetaData.partitionInfo</c>).</summary>
    public int Partitions { get; }

    /// <summary>The position of a column by name (any case: SHOW output is lower case, INFORMATION_SCHEMA upper).</summary>
    public int IndexOf(string column)
    {
        ArgumentNullException.ThrowIfNull(column);
        return _byName.TryGetValue(column, out var index)
            ? index
            : throw new SnowflakeApiException($"Snowflake's result has no column '{column}' (it has {string.Join(", ", Columns)})");
    }
}
