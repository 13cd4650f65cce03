namespace DurableIngest.Sources.Snowflake;

/// <summary>A row of <c>INFORMATION_SCHEMA.TABLES</c>: the table's kind, owner, comment and clustering key.</summary>
internal sealed record TableRow(
    string Schema,
    string Name,
    string? TableType,
    string? Owner,
    bool IsTransient,
    bool IsIceberg,
    bool IsDynamic,
    string? ClusteringKey,
    string? Comment);

/// <summary>A row of <c>INFORMATION_SCHEMA.COLUMNS</c>.</summary>
internal sealed record ColumnRow(
    string Name,
    int Ordinal,
    bool Nullable,
    string DataType,
    int? Length,
    int? Precision,
    int? Scale,
    string? Comment);

/// <summary>A row of <c>INFORMATION_SCHEMA.VIEWS</c>: the view's SQL and whether it is secure.</summary>
internal sealed record ViewRow(string? Definition, bool IsSecure);

/// <summary>
/// A primary, unique or foreign key of one table, from <c>SHOW PRIMARY KEYS</c> / <c>SHOW UNIQUE KEYS</c> /
/// <c>SHOW IMPORTED KEYS</c>: <see cref="Type"/> p, u or f; columns in <c>key_sequence</c> order.
/// </summary>
internal sealed record KeyConstraint(
    char Type,
    string Name,
    IReadOnlyList<string> Columns,
    string? ReferencedDatabase = null,
    string? ReferencedSchema = null,
    string? ReferencedTable = null,
    IReadOnlyList<string>? ReferencedColumns = null);
