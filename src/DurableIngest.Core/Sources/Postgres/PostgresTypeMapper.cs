using System.Collections.Frozen;
using System.Globalization;
using DurableIngest.Entities;

namespace DurableIngest.Sources.Postgres;

/// <summary>
/// Maps PostgreSQL (and Redshift) types to OpenMetadata's closed <see cref="DataType"/> list: by <c>pg_type</c> row when
/// the catalog gives one (arrays, enums, composites and domains resolved through it), else by the type's spelling.
/// A type with no faithful match is <see cref="DataType.UNKNOWN"/>, never a guess.
/// </summary>
public static class PostgresTypeMapper
{
    private static readonly Dictionary<string, DataType> ByTypeName = new(StringComparer.Ordinal)
    {
        ["int2"] = DataType.SMALLINT,
        ["int4"] = DataType.INT,
        ["int8"] = DataType.BIGINT,
        ["float4"] = DataType.FLOAT,
        ["float8"] = DataType.DOUBLE,
        ["numeric"] = DataType.NUMERIC,
        ["money"] = DataType.NUMBER,
        ["bool"] = DataType.BOOLEAN,
        ["text"] = DataType.TEXT,
        ["varchar"] = DataType.VARCHAR,
        ["bpchar"] = DataType.CHAR,
        ["char"] = DataType.CHAR,
        ["name"] = DataType.VARCHAR,
        ["citext"] = DataType.TEXT,
        ["bytea"] = DataType.BYTEA,
        ["date"] = DataType.DATE,
        ["time"] = DataType.TIME,
        ["timetz"] = DataType.TIME,
        ["timestamp"] = DataType.TIMESTAMP,
        ["timestamptz"] = DataType.TIMESTAMPZ,
        ["interval"] = DataType.INTERVAL,
        ["json"] = DataType.JSON,
        ["jsonb"] = DataType.JSON,
        ["uuid"] = DataType.UUID,
        ["inet"] = DataType.INET,
        ["cidr"] = DataType.CIDR,
        ["macaddr"] = DataType.MACADDR,
        ["macaddr8"] = DataType.MACADDR,
        ["tsvector"] = DataType.TSVECTOR,
        ["tsquery"] = DataType.TSQUERY,
        ["xml"] = DataType.XML,
        ["pg_lsn"] = DataType.PG_LSN,
        ["pg_snapshot"] = DataType.PG_SNAPSHOT,
        ["txid_snapshot"] = DataType.TXID_SNAPSHOT,
        ["point"] = DataType.POINT,
        ["polygon"] = DataType.POLYGON,
        ["line"] = DataType.GEOMETRY,
        ["lseg"] = DataType.GEOMETRY,
        ["box"] = DataType.GEOMETRY,
        ["path"] = DataType.GEOMETRY,
        ["circle"] = DataType.GEOMETRY,
        ["geometry"] = DataType.GEOMETRY,
        ["geography"] = DataType.GEOGRAPHY,
        ["bit"] = DataType.BINARY,
        ["varbit"] = DataType.VARBINARY,
        ["super"] = DataType.SUPER,
        ["hllsketch"] = DataType.HLLSKETCH,
        ["varbyte"] = DataType.VARBINARY,
    };

    // The spellings format_type, Redshift's late-binding views and Glue/Hive external tables use, to pg_type names.
    private static readonly Dictionary<string, string> BySpelling = new(StringComparer.OrdinalIgnoreCase)
    {
        ["smallint"] = "int2",
        ["integer"] = "int4",
        ["int"] = "int4",
        ["bigint"] = "int8",
        ["tinyint"] = "int2",
        ["real"] = "float4",
        ["float"] = "float8",
        ["double precision"] = "float8",
        ["double"] = "float8",
        ["decimal"] = "numeric",
        ["boolean"] = "bool",
        ["character varying"] = "varchar",
        ["varchar"] = "varchar",
        ["nvarchar"] = "varchar",
        ["string"] = "text",
        ["character"] = "bpchar",
        ["nchar"] = "bpchar",
        ["bpchar"] = "bpchar",
        ["time without time zone"] = "time",
        ["time with time zone"] = "timetz",
        ["timestamp without time zone"] = "timestamp",
        ["timestamp with time zone"] = "timestamptz",
        ["bit varying"] = "varbit",
        ["binary varying"] = "varbyte",
        ["binary"] = "bytea",
        ["\"char\""] = "char",
    };

    // A type without length, precision or scale is the same value for every column of it: shared, not built per column.
    private static readonly FrozenDictionary<DataType, MappedType> Plain =
        Enum.GetValues<DataType>().ToFrozenDictionary(t => t, t => new MappedType(t));

    private static readonly FrozenDictionary<DataType, MappedType> ArrayOf =
        Enum.GetValues<DataType>().ToFrozenDictionary(t => t, t => new MappedType(DataType.ARRAY, t));

    /// <summary>The column's type, length, precision and scale from its <c>pg_type</c> chain.</summary>
    public static MappedType Map(uint typeOid, int typeModifier, IReadOnlyDictionary<uint, TypeInfo> types)
    {
        ArgumentNullException.ThrowIfNull(types);
        var (type, modifier) = ResolveDomain(typeOid, typeModifier, types);
        if (type is null)
        {
            return Plain[DataType.UNKNOWN];
        }

        if (type.Category == 'A' || (type.Element != 0 && type.Name.StartsWith('_')))
        {
            var (element, _) = ResolveDomain(type.Element, -1, types);
            return ArrayOf[element is null ? DataType.UNKNOWN : MapSingle(element)];
        }

        var dataType = MapSingle(type);
        return WithModifier(Plain[dataType], type.Name, modifier);
    }

    /// <summary>The column's type from its spelling alone, e.g. <c>character varying(20)</c>, <c>numeric(10,2)</c>, <c>array&lt;int&gt;</c>, <c>integer[]</c>.</summary>
    public static MappedType MapSpelling(string spelling)
    {
        ArgumentNullException.ThrowIfNull(spelling);
        var text = spelling.Trim();
        if (text.EndsWith("[]", StringComparison.Ordinal))
        {
            return new MappedType(DataType.ARRAY, MapSpelling(text[..^2]).DataType);
        }

        var lower = text.ToLowerInvariant();
        if (lower.StartsWith("array<", StringComparison.Ordinal) && lower.EndsWith('>'))
        {
            return new MappedType(DataType.ARRAY, MapSpelling(text[6..^1]).DataType);
        }

        if (lower.StartsWith("struct<", StringComparison.Ordinal))
        {
            return new MappedType(DataType.STRUCT);
        }

        if (lower.StartsWith("map<", StringComparison.Ordinal))
        {
            return new MappedType(DataType.MAP);
        }

        var open = text.IndexOf('(', StringComparison.Ordinal);
        var baseName = (open < 0 ? text : text[..open] + text[(text.IndexOf(')', open) + 1)..]).Trim();
        var typeName = BySpelling.GetValueOrDefault(baseName, baseName.ToLowerInvariant());
        var type = new MappedType(ByTypeName.GetValueOrDefault(typeName, DataType.UNKNOWN));
        if (open < 0)
        {
            return type;
        }

        var arguments = text[(open + 1)..text.IndexOf(')', open)].Split(',', StringSplitOptions.TrimEntries);
        return typeName switch
        {
            "varchar" or "bpchar" or "bit" or "varbit" or "varbyte" when TryInt(arguments[0], out var length) => type with { DataLength = length },
            "numeric" when TryInt(arguments[0], out var precision) =>
                type with { Precision = precision, Scale = arguments.Length > 1 && TryInt(arguments[1], out var scale) ? scale : 0 },
            _ => type,
        };
    }

    /// <summary>The OpenMetadata partition interval type for a range partition key of the given <c>typcategory</c>.</summary>
    public static PartitionIntervalType RangeIntervalType(char typeCategory) => typeCategory switch
    {
        'D' => PartitionIntervalType.TimeUnit,
        'N' => PartitionIntervalType.IntegerRange,
        _ => PartitionIntervalType.Other,
    };

    private static DataType MapSingle(TypeInfo type) => type.Kind switch
    {
        'e' => DataType.ENUM,
        'c' => DataType.STRUCT,
        'r' or 'm' or 'p' => DataType.UNKNOWN,
        _ => ByTypeName.GetValueOrDefault(type.Name, DataType.UNKNOWN),
    };

    private static (TypeInfo? Type, int Modifier) ResolveDomain(uint typeOid, int modifier, IReadOnlyDictionary<uint, TypeInfo> types)
    {
        var type = types.GetValueOrDefault(typeOid);
        for (var depth = 0; type is { Kind: 'd' } && depth < 32; depth++)
        {
            if (modifier == -1)
            {
                modifier = type.TypeModifier;
            }

            type = types.GetValueOrDefault(type.BaseType);
        }

        return (type is { Kind: 'd' } ? null : type, modifier);
    }

    private static MappedType WithModifier(MappedType type, string typeName, int modifier)
    {
        if (modifier < 0)
        {
            return type;
        }

        return typeName switch
        {
            "varchar" or "bpchar" => type with { DataLength = modifier - 4 },
            "bit" or "varbit" => type with { DataLength = modifier },
            // Since PostgreSQL 15 the scale may be negative: 11 signed bits.
            "numeric" => type with { Precision = ((modifier - 4) >> 16) & 0xFFFF, Scale = (((modifier - 4) & 0x7FF) ^ 1024) - 1024 },
            _ => type,
        };
    }

    private static bool TryInt(string text, out int value) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value);
}
