using System.Globalization;
using DurableIngest.Entities;

namespace DurableIngest.Sources.Snowflake;

/// <summary>
/// Maps the <c>DATA_TYPE</c> of Snowflake's <c>INFORMATION_SCHEMA.COLUMNS</c> (its standard type names; every string
/// type is <c>TEXT</c>, every fixed-point one <c>NUMBER</c>) to OpenMetadata's closed <see cref="DataType"/> list, as
/// OpenMetadata's own type parser does where it names the type (<c>VARIANT</c> aside, which the list has). Time-zone-aware
/// timestamps are <c>TIMESTAMPZ</c>, as for PostgreSQL's <c>timestamptz</c>. A type with no faithful match is
/// <see cref="DataType.UNKNOWN"/>, never a guess.
/// </summary>
public static class SnowflakeTypeMapper
{
    private static readonly Dictionary<string, DataType> ByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["NUMBER"] = DataType.NUMBER,
        ["DECIMAL"] = DataType.DECIMAL,
        ["NUMERIC"] = DataType.NUMERIC,
        ["INT"] = DataType.INT,
        ["INTEGER"] = DataType.INT,
        ["BIGINT"] = DataType.BIGINT,
        ["SMALLINT"] = DataType.SMALLINT,
        ["TINYINT"] = DataType.TINYINT,
        ["BYTEINT"] = DataType.BYTEINT,
        ["FLOAT"] = DataType.FLOAT,
        ["FLOAT4"] = DataType.FLOAT,
        ["FLOAT8"] = DataType.FLOAT,
        ["REAL"] = DataType.FLOAT,
        ["DOUBLE"] = DataType.DOUBLE,
        ["DOUBLE PRECISION"] = DataType.DOUBLE,
        ["TEXT"] = DataType.VARCHAR,
        ["VARCHAR"] = DataType.VARCHAR,
        ["STRING"] = DataType.VARCHAR,
        ["CHAR"] = DataType.CHAR,
        ["CHARACTER"] = DataType.CHAR,
        ["NCHAR"] = DataType.CHAR,
        ["BINARY"] = DataType.BINARY,
        ["VARBINARY"] = DataType.VARBINARY,
        ["BOOLEAN"] = DataType.BOOLEAN,
        ["DATE"] = DataType.DATE,
        ["TIME"] = DataType.TIME,
        ["DATETIME"] = DataType.DATETIME,
        ["TIMESTAMP"] = DataType.TIMESTAMP,
        ["TIMESTAMP_NTZ"] = DataType.TIMESTAMP,
        ["TIMESTAMP_LTZ"] = DataType.TIMESTAMPZ,
        ["TIMESTAMP_TZ"] = DataType.TIMESTAMPZ,
        ["VARIANT"] = DataType.VARIANT,
        ["OBJECT"] = DataType.JSON,
        ["ARRAY"] = DataType.ARRAY,
        ["MAP"] = DataType.MAP,
        ["VECTOR"] = DataType.ARRAY,
        ["GEOGRAPHY"] = DataType.GEOGRAPHY,
        ["GEOMETRY"] = DataType.GEOMETRY,
    };

    /// <summary>The type of a column given its DATA_TYPE, CHARACTER_MAXIMUM_LENGTH, NUMERIC_PRECISION and NUMERIC_SCALE.</summary>
    public static MappedType Map(string dataType, int? length, int? precision, int? scale)
    {
        ArgumentNullException.ThrowIfNull(dataType);
        var name = dataType.Trim().ToUpperInvariant();
        var mapped = ByName.GetValueOrDefault(name, DataType.UNKNOWN);
        switch (mapped)
        {
            case DataType.VARCHAR or DataType.CHAR or DataType.BINARY or DataType.VARBINARY:
                var display = name == "TEXT" ? "VARCHAR" : name;
                return length is { } n
                    ? new MappedType(mapped, DataLength: n, Display: string.Create(CultureInfo.InvariantCulture, $"{display}({n})"))
                    : new MappedType(mapped, Display: display);
            case DataType.NUMBER or DataType.DECIMAL or DataType.NUMERIC when precision is { } p:
                var s = scale ?? 0;
                return new MappedType(mapped, Precision: p, Scale: s, Display: string.Create(CultureInfo.InvariantCulture, $"{name}({p},{s})"));
            case DataType.ARRAY when name == "ARRAY":
                // A semi-structured ARRAY holds VARIANT values.
                return new MappedType(mapped, ArrayDataType: DataType.VARIANT, Display: name);
            default:
                return new MappedType(mapped, Display: name);
        }
    }
}
