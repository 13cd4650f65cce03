using System.Globalization;
using DurableIngest.Entities;

namespace DurableIngest.Sources.Sqlite;

/// <summary>
/// Maps a column's declared SQLite type (free text: SQLite accepts any type name) to OpenMetadata's closed
/// <see cref="DataType"/> list.
/// <list type="number">
/// <item>Well-known names map precisely, ignoring case, spacing and arguments: <c>INT</c>, <c>INTEGER</c>,
/// <c>MEDIUMINT</c> → INT; <c>BIGINT</c>, <c>INT8</c> → BIGINT; <c>REAL</c> → DOUBLE (SQLite stores every
/// REAL as an 8-byte IEEE float); <c>FLOAT</c> → FLOAT; <c>VARCHAR(n)</c> → VARCHAR with dataLength n;
/// <c>DECIMAL(p,s)</c> → DECIMAL with precision p and scale s; and so on (see <see cref="KnownTypes"/>).</item>
/// <item>Other names follow SQLite's column-affinity rules (sqlite.org/datatype3.html §3.1), in SQLite's order:
/// containing <c>INT</c> → INT; <c>CHAR</c>, <c>CLOB</c> or <c>TEXT</c> → TEXT; <c>BLOB</c> → BLOB;
/// <c>REAL</c>, <c>FLOA</c> or <c>DOUB</c> → DOUBLE. So <c>UNSIGNED INT</c> is INT and <c>VARCHAR2(30)</c> is
/// TEXT, exactly as SQLite stores them.</item>
/// <item>Anything else (SQLite's catch-all NUMERIC affinity, e.g. <c>MONEY</c> or STRICT's <c>ANY</c>) and a
/// column with no declared type → UNKNOWN: the catch-all says nothing about the data, and OpenMetadata's list
/// must never get an invented value.</item>
/// </list>
/// CHAR, VARCHAR, BINARY and VARBINARY always carry a dataLength: the declared one, else 1, as OpenMetadata's own
/// ingestion does (the server rejects those types without a length). DECIMAL/NUMERIC get precision and scale only
/// when declared; <c>DECIMAL(p)</c> has scale 0, as in standard SQL.
/// </summary>
public static class SqliteTypeMapper
{
    /// <summary>Well-known type names (upper case, single spaces, arguments removed) and their OpenMetadata type.</summary>
    public static readonly IReadOnlyDictionary<string, DataType> KnownTypes = new Dictionary<string, DataType>(StringComparer.Ordinal)
    {
        ["INT"] = DataType.INT,
        ["INTEGER"] = DataType.INT,
        ["MEDIUMINT"] = DataType.INT,
        ["INT4"] = DataType.INT,
        ["TINYINT"] = DataType.TINYINT,
        ["SMALLINT"] = DataType.SMALLINT,
        ["INT2"] = DataType.SMALLINT,
        ["BIGINT"] = DataType.BIGINT,
        ["INT8"] = DataType.BIGINT,
        ["UNSIGNED BIG INT"] = DataType.BIGINT,
        ["REAL"] = DataType.DOUBLE,
        ["DOUBLE"] = DataType.DOUBLE,
        ["DOUBLE PRECISION"] = DataType.DOUBLE,
        ["FLOAT"] = DataType.FLOAT,
        ["NUMERIC"] = DataType.NUMERIC,
        ["DECIMAL"] = DataType.DECIMAL,
        ["BOOLEAN"] = DataType.BOOLEAN,
        ["BOOL"] = DataType.BOOLEAN,
        ["DATE"] = DataType.DATE,
        ["DATETIME"] = DataType.DATETIME,
        ["TIMESTAMP"] = DataType.TIMESTAMP,
        ["TIMESTAMPTZ"] = DataType.TIMESTAMPZ,
        ["TIMESTAMP WITH TIME ZONE"] = DataType.TIMESTAMPZ,
        ["TIME"] = DataType.TIME,
        ["VARCHAR"] = DataType.VARCHAR,
        ["NVARCHAR"] = DataType.VARCHAR,
        ["VARYING CHARACTER"] = DataType.VARCHAR,
        ["CHARACTER VARYING"] = DataType.VARCHAR,
        ["CHAR"] = DataType.CHAR,
        ["NCHAR"] = DataType.CHAR,
        ["CHARACTER"] = DataType.CHAR,
        ["NATIVE CHARACTER"] = DataType.CHAR,
        ["NATIONAL CHARACTER"] = DataType.CHAR,
        ["TEXT"] = DataType.TEXT,
        ["MEDIUMTEXT"] = DataType.MEDIUMTEXT,
        ["STRING"] = DataType.STRING,
        ["CLOB"] = DataType.CLOB,
        ["BLOB"] = DataType.BLOB,
        ["MEDIUMBLOB"] = DataType.MEDIUMBLOB,
        ["LONGBLOB"] = DataType.LONGBLOB,
        ["BINARY"] = DataType.BINARY,
        ["VARBINARY"] = DataType.VARBINARY,
        ["JSON"] = DataType.JSON,
        ["UUID"] = DataType.UUID,
    };

    /// <summary>Maps a declared type as SQLite reports it (<c>PRAGMA table_xinfo</c>'s <c>type</c>); null or blank → UNKNOWN.</summary>
    public static MappedType Map(string? declaredType)
    {
        if (string.IsNullOrWhiteSpace(declaredType))
        {
            return new MappedType(DataType.UNKNOWN);
        }

        var (name, arguments) = Split(declaredType);
        var dataType = KnownTypes.TryGetValue(name, out var known) ? known : ByAffinity(name);
        return dataType switch
        {
            DataType.CHAR or DataType.VARCHAR or DataType.BINARY or DataType.VARBINARY =>
                new MappedType(dataType, DataLength: arguments is [> 0 and var length, ..] ? length : 1),
            DataType.DECIMAL or DataType.NUMERIC => arguments switch
            {
                [var precision] => new MappedType(dataType, Precision: precision, Scale: 0),
                [var precision, var scale, ..] => new MappedType(dataType, Precision: precision, Scale: scale),
                _ => new MappedType(dataType),
            },
            _ => new MappedType(dataType),
        };
    }

    // SQLite's affinity rules, minus the NUMERIC catch-all (rule 5), which is UNKNOWN here.
    private static DataType ByAffinity(string name)
    {
        if (name.Contains("INT", StringComparison.Ordinal))
        {
            return DataType.INT;
        }

        if (name.Contains("CHAR", StringComparison.Ordinal) || name.Contains("CLOB", StringComparison.Ordinal) || name.Contains("TEXT", StringComparison.Ordinal))
        {
            return DataType.TEXT;
        }

        if (name.Contains("BLOB", StringComparison.Ordinal))
        {
            return DataType.BLOB;
        }

        if (name.Contains("REAL", StringComparison.Ordinal) || name.Contains("FLOA", StringComparison.Ordinal) || name.Contains("DOUB", StringComparison.Ordinal))
        {
            return DataType.DOUBLE;
        }

        return DataType.UNKNOWN;
    }

    /// <summary>"decimal( 10 , 2 )" → ("DECIMAL", [10, 2]); arguments that are not whole numbers are dropped.</summary>
    private static (string Name, int[] Arguments) Split(string declaredType)
    {
        var open = declaredType.IndexOf('(', StringComparison.Ordinal);
        var namePart = open < 0 ? declaredType : declaredType[..open];
        var name = string.Join(' ', namePart.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToUpperInvariant();
        if (open < 0)
        {
            return (name, []);
        }

        var close = declaredType.IndexOf(')', open + 1);
        var inside = close < 0 ? declaredType[(open + 1)..] : declaredType[(open + 1)..close];
        var arguments = new List<int>();
        foreach (var argument in inside.Split(','))
        {
            if (int.TryParse(argument.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            {
                arguments.Add(value);
            }
            else
            {
                return (name, [.. arguments]);
            }
        }

        return (name, [.. arguments]);
    }
}
