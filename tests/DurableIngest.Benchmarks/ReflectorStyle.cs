namespace DurableIngest.Benchmarks;

/// <summary>Which per-table statement sequence <see cref="InspectorStyleReflector"/> issues.</summary>
internal enum ReflectorStyle
{
    /// <summary>
    /// What OpenMetadata's PostgreSQL connector sends per table through SQLAlchemy's inspector: the table's OID, its
    /// columns followed by the domain and enum lists (OpenMetadata's <c>get_columns</c> reloads both on every call),
    /// the primary key's columns and then its name (two statements, as SQLAlchemy's PostgreSQL dialect does), unique
    /// constraints, foreign keys, indexes, the table comment and the connector's partition-details query; a view's
    /// definition.
    /// </summary>
    OpenMetadata,

    /// <summary>The minimum: OID, columns, primary key, foreign keys, indexes and comment, one statement each.</summary>
    Minimal,
}
