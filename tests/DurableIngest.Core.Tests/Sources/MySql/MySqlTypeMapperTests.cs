using DurableIngest.Entities;
using DurableIngest.Sources;
using DurableIngest.Sources.MySql;
using Xunit;

namespace DurableIngest.Core.Tests.Sources.MySql;

public sealed class MySqlTypeMapperTests
{
    [Theory]
    [InlineData("tinyint", DataType.TINYINT)]
    [InlineData("smallint", DataType.SMALLINT)]
    [InlineData("mediumint", DataType.INT)]
    [InlineData("int", DataType.INT)]
    [InlineData("bigint", DataType.BIGINT)]
    [InlineData("float", DataType.FLOAT)]
    [InlineData("double", DataType.DOUBLE)]
    [InlineData("text", DataType.TEXT)]
    [InlineData("tinytext", DataType.TEXT)]
    [InlineData("mediumtext", DataType.MEDIUMTEXT)]
    [InlineData("longtext", DataType.TEXT)]
    [InlineData("tinyblob", DataType.BLOB)]
    [InlineData("blob", DataType.BLOB)]
    [InlineData("mediumblob", DataType.MEDIUMBLOB)]
    [InlineData("longblob", DataType.LONGBLOB)]
    [InlineData("enum", DataType.ENUM)]
    [InlineData("set", DataType.SET)]
    [InlineData("date", DataType.DATE)]
    [InlineData("datetime", DataType.DATETIME)]
    [InlineData("timestamp", DataType.TIMESTAMP)]
    [InlineData("time", DataType.TIME)]
    [InlineData("year", DataType.YEAR)]
    [InlineData("json", DataType.JSON)]
    [InlineData("point", DataType.POINT)]
    [InlineData("polygon", DataType.POLYGON)]
    [InlineData("multipolygon", DataType.GEOMETRY)]
    [InlineData("geomcollection", DataType.GEOMETRY)]
    [InlineData("inet6", DataType.INET)]
    [InlineData("uuid", DataType.UUID)]
    [InlineData("VARCHAR", DataType.VARCHAR)]
    [InlineData("vector", DataType.UNKNOWN)]
    public void Map_DataType_GivesOpenMetadatasType(string dataType, DataType expected) =>
        Assert.Equal(expected, MySqlTypeMapper.Map(dataType, null, null, null).DataType);

    [Fact]
    public void Map_CharacterAndBinaryTypes_CarryTheirLength()
    {
        Assert.Equal(new MappedType(DataType.VARCHAR, DataLength: 320), MySqlTypeMapper.Map("varchar", 320, null, null));
        Assert.Equal(new MappedType(DataType.VARBINARY, DataLength: 64), MySqlTypeMapper.Map("varbinary", 64, null, null));
        Assert.Equal(new MappedType(DataType.BINARY, DataLength: 5), MySqlTypeMapper.Map("bit", null, 5, null));
    }

    [Fact]
    public void Map_Decimal_CarriesPrecisionAndScale() =>
        Assert.Equal(new MappedType(DataType.DECIMAL, Precision: 12, Scale: 2), MySqlTypeMapper.Map("decimal", null, 12, 2));

    [Fact]
    public void Map_LongTextLength_IsLeftOutRatherThanOverflowing() =>
        Assert.Null(MySqlTypeMapper.Map("longtext", 4_294_967_295, null, null).DataLength);

    [Fact]
    public void Map_MariaDbJson_IsJsonWhateverItsStorageType() =>
        Assert.Equal(DataType.JSON, MySqlTypeMapper.Map("longtext", 4_294_967_295, null, null, isJson: true).DataType);
}
