using DurableIngest.Entities;
using DurableIngest.Sources;
using Xunit;

namespace DurableIngest.Sources.Sqlite;

public class SqliteTypeMapperTests
{
    [Theory]
    // Integers
    [InlineData("INT", DataType.INT)]
    [InlineData("INTEGER", DataType.INT)]
    [InlineData("integer", DataType.INT)]
    [InlineData("MEDIUMINT", DataType.INT)]
    [InlineData("INT4", DataType.INT)]
    [InlineData("TINYINT", DataType.TINYINT)]
    [InlineData("SMALLINT", DataType.SMALLINT)]
    [InlineData("INT2", DataType.SMALLINT)]
    [InlineData("BIGINT", DataType.BIGINT)]
    [InlineData("INT8", DataType.BIGINT)]
    [InlineData("UNSIGNED BIG INT", DataType.BIGINT)]
    [InlineData("unsigned   big\tint", DataType.BIGINT)]
    // Floating point and exact numbers
    [InlineData("REAL", DataType.DOUBLE)]
    [InlineData("DOUBLE", DataType.DOUBLE)]
    [InlineData("DOUBLE PRECISION", DataType.DOUBLE)]
    [InlineData("FLOAT", DataType.FLOAT)]
    [InlineData("NUMERIC", DataType.NUMERIC)]
    [InlineData("DECIMAL", DataType.DECIMAL)]
    // Booleans, dates and times
    [InlineData("BOOLEAN", DataType.BOOLEAN)]
    [InlineData("BOOL", DataType.BOOLEAN)]
    [InlineData("DATE", DataType.DATE)]
    [InlineData("DATETIME", DataType.DATETIME)]
    [InlineData("TIMESTAMP", DataType.TIMESTAMP)]
    [InlineData("TIMESTAMPTZ", DataType.TIMESTAMPZ)]
    [InlineData("TIMESTAMP WITH TIME ZONE", DataType.TIMESTAMPZ)]
    [InlineData("TIME", DataType.TIME)]
    // Text
    [InlineData("TEXT", DataType.TEXT)]
    [InlineData("MEDIUMTEXT", DataType.MEDIUMTEXT)]
    [InlineData("STRING", DataType.STRING)]
    [InlineData("CLOB", DataType.CLOB)]
    [InlineData("JSON", DataType.JSON)]
    [InlineData("UUID", DataType.UUID)]
    // Binary
    [InlineData("BLOB", DataType.BLOB)]
    [InlineData("MEDIUMBLOB", DataType.MEDIUMBLOB)]
    [InlineData("LONGBLOB", DataType.LONGBLOB)]
    // Free-form names follow SQLite's affinity rules, in SQLite's order
    [InlineData("UNSIGNED INT", DataType.INT)]
    [InlineData("BIGINTEGER", DataType.INT)]
    [InlineData("INTERVAL", DataType.INT)] // contains INT: SQLite gives it INTEGER affinity
    [InlineData("CHARINT", DataType.INT)] // rule 1 (INT) wins over rule 2 (CHAR)
    [InlineData("VARCHAR2(30)", DataType.TEXT)]
    [InlineData("LONGTEXT", DataType.TEXT)]
    [InlineData("NCLOB", DataType.TEXT)]
    [InlineData("TINYBLOB", DataType.BLOB)]
    [InlineData("FLOAT8", DataType.DOUBLE)]
    [InlineData("FLOATING POINT", DataType.INT)] // contains INT: SQLite's famous surprise, kept as SQLite stores it
    [InlineData("REAL64", DataType.DOUBLE)]
    [InlineData("DOUBLE UNSIGNED", DataType.DOUBLE)]
    // SQLite's catch-all NUMERIC affinity says nothing about the data: UNKNOWN, never an invented type
    [InlineData("MONEY", DataType.UNKNOWN)]
    [InlineData("ANY", DataType.UNKNOWN)]
    [InlineData("GEOMETRY_ISH", DataType.UNKNOWN)]
    [InlineData("", DataType.UNKNOWN)]
    [InlineData("   ", DataType.UNKNOWN)]
    [InlineData(null, DataType.UNKNOWN)]
    public void Map_DeclaredType_GivesOpenMetadataType(string? declared, DataType expected)
    {
        Assert.Equal(expected, SqliteTypeMapper.Map(declared).DataType);
    }

    [Theory]
    [InlineData("VARCHAR(255)", DataType.VARCHAR, 255)]
    [InlineData("varchar( 20 )", DataType.VARCHAR, 20)]
    [InlineData("NVARCHAR(100)", DataType.VARCHAR, 100)]
    [InlineData("VARYING CHARACTER(255)", DataType.VARCHAR, 255)]
    [InlineData("CHARACTER VARYING(12)", DataType.VARCHAR, 12)]
    [InlineData("CHAR(3)", DataType.CHAR, 3)]
    [InlineData("NCHAR(55)", DataType.CHAR, 55)]
    [InlineData("CHARACTER(20)", DataType.CHAR, 20)]
    [InlineData("NATIVE CHARACTER(70)", DataType.CHAR, 70)]
    [InlineData("BINARY(16)", DataType.BINARY, 16)]
    [InlineData("VARBINARY(64)", DataType.VARBINARY, 64)]
    // No declared length: 1, as OpenMetadata's own ingestion does (its server rejects these types without one)
    [InlineData("VARCHAR", DataType.VARCHAR, 1)]
    [InlineData("CHAR", DataType.CHAR, 1)]
    [InlineData("VARCHAR(abc)", DataType.VARCHAR, 1)]
    [InlineData("VARCHAR(0)", DataType.VARCHAR, 1)]
    public void Map_CharacterAndBinaryTypes_CarryDataLength(string declared, DataType expected, int length)
    {
        var mapped = SqliteTypeMapper.Map(declared);

        Assert.Equal(new MappedType(expected, DataLength: length), mapped);
    }

    [Theory]
    [InlineData("DECIMAL(10,2)", DataType.DECIMAL, 10, 2)]
    [InlineData("decimal( 18 , 8 )", DataType.DECIMAL, 18, 8)]
    [InlineData("NUMERIC(5, 2)", DataType.NUMERIC, 5, 2)]
    [InlineData("DECIMAL(12)", DataType.DECIMAL, 12, 0)]
    [InlineData("NUMERIC(+7, 3)", DataType.NUMERIC, 7, 3)]
    public void Map_DecimalWithArguments_CarriesPrecisionAndScale(string declared, DataType expected, int precision, int scale)
    {
        Assert.Equal(new MappedType(expected, Precision: precision, Scale: scale), SqliteTypeMapper.Map(declared));
    }

    [Theory]
    [InlineData("DECIMAL")]
    [InlineData("NUMERIC")]
    public void Map_DecimalWithoutArguments_HasNoPrecisionOrScale(string declared)
    {
        var mapped = SqliteTypeMapper.Map(declared);

        Assert.Null(mapped.Precision);
        Assert.Null(mapped.Scale);
    }

    [Theory]
    [InlineData("INTEGER(11)")]
    [InlineData("TEXT(50)")]
    [InlineData("FLOAT(53)")]
    [InlineData("BLOB")]
    public void Map_OtherTypes_HaveNoLengthPrecisionOrScale(string declared)
    {
        var mapped = SqliteTypeMapper.Map(declared);

        Assert.Equal(new MappedType(mapped.DataType), mapped);
    }

    [Fact]
    public void KnownTypes_MapOnlyToOpenMetadataTypesOtherThanUnknown()
    {
        Assert.All(SqliteTypeMapper.KnownTypes, pair =>
        {
            Assert.True(Enum.IsDefined(pair.Value));
            Assert.NotEqual(DataType.UNKNOWN, pair.Value);
            Assert.Equal(pair.Value, SqliteTypeMapper.Map(pair.Key.ToLowerInvariant()).DataType);
        });
    }
}
