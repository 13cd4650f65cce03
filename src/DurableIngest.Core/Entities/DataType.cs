namespace DurableIngest.Entities;

/// <summary>OpenMetadata's closed list of column data types. A source type with no match maps to <see cref="UNKNOWN"/>.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1707", Justification = "Names are OpenMetadata wire values.")]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "Names are OpenMetadata wire values.")]
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<DataType>))]
public enum DataType
{
    NUMBER, TINYINT, SMALLINT, INT, BIGINT, BYTEINT, BYTES, FLOAT, DOUBLE, DECIMAL, NUMERIC, TIMESTAMP, TIMESTAMPZ,
    TIME, DATE, DATETIME, INTERVAL, STRING, MEDIUMTEXT, TEXT, CHAR, LONG, VARCHAR, BOOLEAN, BINARY, VARBINARY, ARRAY,
    BLOB, LONGBLOB, MEDIUMBLOB, MAP, STRUCT, UNION, SET, GEOGRAPHY, ENUM, JSON, UUID, VARIANT, GEOMETRY, BYTEA,
    AGGREGATEFUNCTION, ERROR, FIXED, RECORD, NULL, SUPER, HLLSKETCH, PG_LSN, PG_SNAPSHOT, TSQUERY, TXID_SNAPSHOT, XML,
    MACADDR, TSVECTOR, UNKNOWN, CIDR, INET, CLOB, ROWID, LOWCARDINALITY, YEAR, POINT, POLYGON, TUPLE, SPATIAL, TABLE,
}
