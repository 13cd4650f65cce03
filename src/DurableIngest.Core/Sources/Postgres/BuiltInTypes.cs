using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace DurableIngest.Sources.Postgres;

/// <summary>
/// The types PostgreSQL's bootstrap catalog pins (OIDs below 10,000 never change meaning between versions), with their
/// array types: a chunk whose columns use only these needs no <c>pg_type</c> statement and no <c>format_type</c> call per
/// column, which together were a quarter of the server's work per chunk. Any other type is read from the server.
/// </summary>
internal static class BuiltInTypes
{
    /// <summary>OIDs below this were assigned by the server's bootstrap catalog; types initdb or users create come after.</summary>
    public const uint FirstNonBootstrapOid = 10000;

    private static readonly BuiltInType[] Entries =
    [
        new(16, 1000, "bool", 'b', 'B', 0, "boolean"),
        new(17, 1001, "bytea", 'b', 'U', 0, "bytea"),
        new(18, 1002, "char", 'b', 'Z', 0, "\"char\""),
        new(19, 1003, "name", 'b', 'S', 18, "name"),
        new(20, 1016, "int8", 'b', 'N', 0, "bigint"),
        new(21, 1005, "int2", 'b', 'N', 0, "smallint"),
        new(23, 1007, "int4", 'b', 'N', 0, "integer"),
        new(24, 1008, "regproc", 'b', 'N', 0, "regproc"),
        new(25, 1009, "text", 'b', 'S', 0, "text"),
        new(26, 1028, "oid", 'b', 'N', 0, "oid"),
        new(27, 1010, "tid", 'b', 'U', 0, "tid"),
        new(28, 1011, "xid", 'b', 'U', 0, "xid"),
        new(29, 1012, "cid", 'b', 'U', 0, "cid"),
        new(114, 199, "json", 'b', 'U', 0, "json"),
        new(142, 143, "xml", 'b', 'U', 0, "xml"),
        new(194, 0, "pg_node_tree", 'b', 'Z', 0, "pg_node_tree"),
        new(600, 1017, "point", 'b', 'G', 701, "point"),
        new(601, 1018, "lseg", 'b', 'G', 600, "lseg"),
        new(602, 1019, "path", 'b', 'G', 0, "path"),
        new(603, 1020, "box", 'b', 'G', 600, "box"),
        new(604, 1027, "polygon", 'b', 'G', 0, "polygon"),
        new(628, 629, "line", 'b', 'G', 701, "line"),
        new(650, 651, "cidr", 'b', 'I', 0, "cidr"),
        new(700, 1021, "float4", 'b', 'N', 0, "real"),
        new(701, 1022, "float8", 'b', 'N', 0, "double precision"),
        new(718, 719, "circle", 'b', 'G', 0, "circle"),
        new(774, 775, "macaddr8", 'b', 'U', 0, "macaddr8"),
        new(790, 791, "money", 'b', 'N', 0, "money"),
        new(829, 1040, "macaddr", 'b', 'U', 0, "macaddr"),
        new(869, 1041, "inet", 'b', 'I', 0, "inet"),
        new(1033, 1034, "aclitem", 'b', 'U', 0, "aclitem"),
        new(1042, 1014, "bpchar", 'b', 'S', 0, "bpchar"),
        new(1043, 1015, "varchar", 'b', 'S', 0, "character varying"),
        new(1082, 1182, "date", 'b', 'D', 0, "date"),
        new(1083, 1183, "time", 'b', 'D', 0, "time without time zone"),
        new(1114, 1115, "timestamp", 'b', 'D', 0, "timestamp without time zone"),
        new(1184, 1185, "timestamptz", 'b', 'D', 0, "timestamp with time zone"),
        new(1186, 1187, "interval", 'b', 'T', 0, "interval"),
        new(1266, 1270, "timetz", 'b', 'D', 0, "time with time zone"),
        new(1560, 1561, "bit", 'b', 'V', 0, "\"bit\""),
        new(1562, 1563, "varbit", 'b', 'V', 0, "bit varying"),
        new(1700, 1231, "numeric", 'b', 'N', 0, "numeric"),
        new(1790, 2201, "refcursor", 'b', 'U', 0, "refcursor"),
        new(2202, 2207, "regprocedure", 'b', 'N', 0, "regprocedure"),
        new(2203, 2208, "regoper", 'b', 'N', 0, "regoper"),
        new(2204, 2209, "regoperator", 'b', 'N', 0, "regoperator"),
        new(2205, 2210, "regclass", 'b', 'N', 0, "regclass"),
        new(2206, 2211, "regtype", 'b', 'N', 0, "regtype"),
        new(2950, 2951, "uuid", 'b', 'U', 0, "uuid"),
        new(2970, 2949, "txid_snapshot", 'b', 'U', 0, "txid_snapshot"),
        new(3220, 3221, "pg_lsn", 'b', 'U', 0, "pg_lsn"),
        new(3361, 0, "pg_ndistinct", 'b', 'Z', 0, "pg_ndistinct"),
        new(3402, 0, "pg_dependencies", 'b', 'Z', 0, "pg_dependencies"),
        new(3614, 3643, "tsvector", 'b', 'U', 0, "tsvector"),
        new(3615, 3645, "tsquery", 'b', 'U', 0, "tsquery"),
        new(3642, 3644, "gtsvector", 'b', 'U', 0, "gtsvector"),
        new(3734, 3735, "regconfig", 'b', 'N', 0, "regconfig"),
        new(3769, 3770, "regdictionary", 'b', 'N', 0, "regdictionary"),
        new(3802, 3807, "jsonb", 'b', 'U', 0, "jsonb"),
        new(3904, 3905, "int4range", 'r', 'R', 0, "int4range"),
        new(3906, 3907, "numrange", 'r', 'R', 0, "numrange"),
        new(3908, 3909, "tsrange", 'r', 'R', 0, "tsrange"),
        new(3910, 3911, "tstzrange", 'r', 'R', 0, "tstzrange"),
        new(3912, 3913, "daterange", 'r', 'R', 0, "daterange"),
        new(3926, 3927, "int8range", 'r', 'R', 0, "int8range"),
        new(4072, 4073, "jsonpath", 'b', 'U', 0, "jsonpath"),
        new(4089, 4090, "regnamespace", 'b', 'N', 0, "regnamespace"),
        new(4096, 4097, "regrole", 'b', 'N', 0, "regrole"),
        new(4191, 4192, "regcollation", 'b', 'N', 0, "regcollation"),
        new(4451, 6150, "int4multirange", 'm', 'R', 0, "int4multirange"),
        new(4532, 6151, "nummultirange", 'm', 'R', 0, "nummultirange"),
        new(4533, 6152, "tsmultirange", 'm', 'R', 0, "tsmultirange"),
        new(4534, 6153, "tstzmultirange", 'm', 'R', 0, "tstzmultirange"),
        new(4535, 6155, "datemultirange", 'm', 'R', 0, "datemultirange"),
        new(4536, 6157, "int8multirange", 'm', 'R', 0, "int8multirange"),
        new(4600, 0, "pg_brin_bloom_summary", 'b', 'Z', 0, "pg_brin_bloom_summary"),
        new(4601, 0, "pg_brin_minmax_multi_summary", 'b', 'Z', 0, "pg_brin_minmax_multi_summary"),
        new(5017, 0, "pg_mcv_list", 'b', 'Z', 0, "pg_mcv_list"),
        new(5038, 5039, "pg_snapshot", 'b', 'U', 0, "pg_snapshot"),
        new(5069, 271, "xid8", 'b', 'U', 0, "xid8"),
    ];

    private static readonly Dictionary<uint, (BuiltInType Type, bool IsArray)> ByOid = Index();

    /// <summary>The <c>pg_type</c> facts of a pinned type or of its array type.</summary>
    public static bool TryGet(uint oid, [NotNullWhen(true)] out TypeInfo? type)
    {
        if (!ByOid.TryGetValue(oid, out var entry))
        {
            type = null;
            return false;
        }

        type = entry.IsArray ? entry.Type.ArrayInfo : entry.Type.Info;
        return true;
    }

    /// <summary>
    /// What <c>format_type(oid, typmod)</c> returns for a pinned type or its array, or false where only the server knows
    /// (an unlisted type, an interval with a field restriction).
    /// </summary>
    public static bool TryFormat(uint oid, int typeModifier, [NotNullWhen(true)] out string? display)
    {
        display = null;
        if (!ByOid.TryGetValue(oid, out var entry))
        {
            return false;
        }

        var type = entry.Type;
        var text = typeModifier < 0 ? type.Display : WithModifier(type.Oid, typeModifier);
        if (text is null)
        {
            return false;
        }

        display = entry.IsArray ? text + "[]" : text;
        return true;
    }

    // The spellings of the type modifier output functions (varchartypmodout, numerictypmodout, ...).
    private static string? WithModifier(uint oid, int modifier) => oid switch
    {
        1042 => Invariant($"character({modifier - 4})"),
        1043 => Invariant($"character varying({modifier - 4})"),
        1083 => Invariant($"time({modifier}) without time zone"),
        1114 => Invariant($"timestamp({modifier}) without time zone"),
        1184 => Invariant($"timestamp({modifier}) with time zone"),
        1266 => Invariant($"time({modifier}) with time zone"),
        1560 => Invariant($"bit({modifier})"),
        1562 => Invariant($"bit varying({modifier})"),
        // Since PostgreSQL 15 the scale may be negative: 11 signed bits.
        1700 => Invariant($"numeric({((modifier - 4) >> 16) & 0xFFFF},{(((modifier - 4) & 0x7FF) ^ 1024) - 1024})"),
        _ => null,
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static Dictionary<uint, (BuiltInType, bool)> Index()
    {
        var index = new Dictionary<uint, (BuiltInType, bool)>(Entries.Length * 2);
        foreach (var entry in Entries)
        {
            index.Add(entry.Oid, (entry, false));
            if (entry.ArrayOid != 0)
            {
                index.Add(entry.ArrayOid, (entry, true));
            }
        }

        return index;
    }

    /// <summary>A pinned type: its OID, its array type's OID (0 if none), typname, typtype, typcategory, typelem and <c>format_type(oid, -1)</c>.</summary>
    private sealed class BuiltInType(uint oid, uint arrayOid, string name, char kind, char category, uint element, string display)
    {
        public uint Oid { get; } = oid;

        public uint ArrayOid { get; } = arrayOid;

        public string Display { get; } = display;

        public TypeInfo Info { get; } = new(oid, name, kind, category, element, 0, -1);

        public TypeInfo ArrayInfo { get; } = new(arrayOid, "_" + name, 'b', 'A', oid, 0, -1);
    }
}
