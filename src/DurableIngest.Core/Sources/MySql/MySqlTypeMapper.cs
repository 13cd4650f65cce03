using DurableIngest.Entities;

namespace DurableIngest.Sources.MySql;

/// <summary>
/// Maps MySQL and MariaDB column types (<c>information_schema.COLUMNS.DATA_TYPE</c>) to OpenMetadata's closed
/// <see cref="DataType"/> list, with the length of character and binary types and the precision and scale of decimals.
/// The full spelling (<c>int(10) unsigned</c>, <c>enum('a','b')</c>, <c>decimal(12,2)</c>) stays in <c>dataTypeDisplay</c>.
/// A type with no faithful match is <see cref="DataType.UNKNOWN"/>, never a guess.
/// </summary>
public static class MySqlTypeMapper
{
    private static readonly Dictionary<string, DataType> ByDataType = new(StringComparer.OrdinalIgnoreCase)
    {
        ["tinyint"] = DataType.TINYINT,
        ["smallint"] = DataType.SMALLINT,
        ["mediumint"] = DataType.INT,
        ["int"] = DataType.INT,
        ["integer"] = DataType.INT,
        ["bigint"] = DataType.BIGINT,
        ["decimal"] = DataType.DECIMAL,
        ["numeric"] = DataType.DECIMAL,
        ["float"] = DataType.FLOAT,
        ["double"] = DataType.DOUBLE,
        ["double precision"] = DataType.DOUBLE,
        ["real"] = DataType.DOUBLE,
        ["bit"] = DataType.BINARY,
        ["bool"] = DataType.BOOLEAN,
        ["boolean"] = DataType.BOOLEAN,
        ["char"] = DataType.CHAR,
        ["varchar"] = DataType.VARCHAR,
        ["binary"] = DataType.BINARY,
        ["varbinary"] = DataType.VARBINARY,
        ["tinytext"] = DataType.TEXT,
        ["text"] = DataType.TEXT,
        ["mediumtext"] = DataType.MEDIUMTEXT,
        ["longtext"] = DataType.TEXT,
        ["tinyblob"] = DataType.BLOB,
        ["blob"] = DataType.BLOB,
        ["mediumblob"] = DataType.MEDIUMBLOB,
        ["longblob"] = DataType.LONGBLOB,
        ["enum"] = DataType.ENUM,
        ["set"] = DataType.SET,
        ["date"] = DataType.DATE,
        ["datetime"] = DataType.DATETIME,
        ["timestamp"] = DataType.TIMESTAMP,
        ["time"] = DataType.TIME,
        ["year"] = DataType.YEAR,
        ["json"] = DataType.JSON,
        ["geometry"] = DataType.GEOMETRY,
        ["point"] = DataType.POINT,
        ["polygon"] = DataType.POLYGON,
        ["linestring"] = DataType.GEOMETRY,
        ["multipoint"] = DataType.GEOMETRY,
        ["multilinestring"] = DataType.GEOMETRY,
        ["multipolygon"] = DataType.GEOMETRY,
        ["geometrycollection"] = DataType.GEOMETRY,
        ["geomcollection"] = DataType.GEOMETRY,
        ["inet4"] = DataType.INET,
        ["inet6"] = DataType.INET,
        ["uuid"] = DataType.UUID,
    };

    /// <summary>
    /// The column's OpenMetadata type. <paramref name="isJson"/>: the column is MariaDB's <c>JSON</c>, which it stores as
    /// <c>longtext</c> with a <c>json_valid</c> check (it is <see cref="DataType.JSON"/>, whatever the data type says).
    /// </summary>
    public static MappedType Map(string dataType, long? characterLength, long? precision, long? scale, bool isJson = false)
    {
        ArgumentNullException.ThrowIfNull(dataType);
        if (isJson)
        {
            return new MappedType(DataType.JSON);
        }

        var type = dataType.Trim().ToLowerInvariant();
        var mapped = ByDataType.GetValueOrDefault(type, DataType.UNKNOWN);
        return type switch
        {
            "char" or "varchar" or "binary" or "varbinary" => new MappedType(mapped, DataLength: Int(characterLength)),
            "bit" => new MappedType(mapped, DataLength: Int(precision)),
            "decimal" or "numeric" => new MappedType(mapped, Precision: Int(precision), Scale: Int(scale)),
            _ => new MappedType(mapped),
        };
    }

    private static int? Int(long? value) => value is { } v && v is >= 0 and <= int.MaxValue ? (int)v : null;
}
