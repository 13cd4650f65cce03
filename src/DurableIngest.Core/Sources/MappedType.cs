using DurableIngest.Entities;

namespace DurableIngest.Sources;

/// <summary>
/// What a source's column type means in OpenMetadata's closed type list: the data type and, where they apply, the
/// element type of an array, length, precision and scale; <paramref name="Display"/> is the source's own spelling
/// when the mapper builds it (Snowflake's <c>NUMBER(38,0)</c>), null when the source reads it as it is. Every source
/// maps into this one shape, and builds its columns with <see cref="ToColumn"/>.
/// </summary>
public sealed record MappedType(
    DataType DataType,
    DataType? ArrayDataType = null,
    int? DataLength = null,
    int? Precision = null,
    int? Scale = null,
    string? Display = null)
{
    /// <summary>A column of this type with what else the source read about it.</summary>
    public Column ToColumn(string name, string? display, string? description, ColumnConstraint constraint, int ordinal) => new()
    {
        Name = name,
        DataType = DataType,
        ArrayDataType = ArrayDataType,
        DataLength = DataLength,
        Precision = Precision,
        Scale = Scale,
        DataTypeDisplay = display,
        Description = description,
        Constraint = constraint,
        OrdinalPosition = ordinal,
    };
}
