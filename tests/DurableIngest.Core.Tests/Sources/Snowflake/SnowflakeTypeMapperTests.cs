using DurableIngest.Entities;
using DurableIngest.Sources.Snowflake;

namespace DurableIngest.Core.Tests.Sources.Snowflake;

public sealed class SnowflakeTypeMapperTests
{
    [Theory]
    [InlineData("NUMBER", null, 38, 0, DataType.NUMBER, "NUMBER(38,0)")]
    [InlineData("NUMBER", null, 12, 2, DataType.NUMBER, "NUMBER(12,2)")]
    [InlineData("DECIMAL", null, 10, null, DataType.DECIMAL, "DECIMAL(10,0)")]
    [InlineData("FLOAT", null, null, null, DataType.FLOAT, "FLOAT")]
    [InlineData("TEXT", 100, null, null, DataType.VARCHAR, "VARCHAR(100)")]
    [InlineData("TEXT", null, null, null, DataType.VARCHAR, "VARCHAR")]
    [InlineData("BINARY", 8_388_608, null, null, DataType.BINARY, "BINARY(8388608)")]
    [InlineData("BOOLEAN", null, null, null, DataType.BOOLEAN, "BOOLEAN")]
    [InlineData("DATE", null, null, null, DataType.DATE, "DATE")]
    [InlineData("TIME", null, null, null, DataType.TIME, "TIME")]
    [InlineData("TIMESTAMP_NTZ", null, null, null, DataType.TIMESTAMP, "TIMESTAMP_NTZ")]
    [InlineData("TIMESTAMP_LTZ", null, null, null, DataType.TIMESTAMPZ, "TIMESTAMP_LTZ")]
    [InlineData("TIMESTAMP_TZ", null, null, null, DataType.TIMESTAMPZ, "TIMESTAMP_TZ")]
    [InlineData("VARIANT", null, null, null, DataType.VARIANT, "VARIANT")]
    [InlineData("OBJECT", null, null, null, DataType.JSON, "OBJECT")]
    [InlineData("MAP", null, null, null, DataType.MAP, "MAP")]
    [InlineData("GEOGRAPHY", null, null, null, DataType.GEOGRAPHY, "GEOGRAPHY")]
    [InlineData("GEOMETRY", null, null, null, DataType.GEOMETRY, "GEOMETRY")]
    [InlineData("VECTOR", null, null, null, DataType.ARRAY, "VECTOR")]
    [InlineData("file", null, null, null, DataType.UNKNOWN, "FILE")]
    [InlineData("DECFLOAT", null, 38, null, DataType.UNKNOWN, "DECFLOAT")]
    public void Map_SnowflakeDataType_GivesOpenMetadatasTypeAndSnowflakesSpelling(string dataType, int? length, int? precision, int? scale, DataType expected, string display)
    {
        var type = SnowflakeTypeMapper.Map(dataType, length, precision, scale);

        Assert.Equal((expected, display), (type.DataType, type.Display));
        Assert.Equal(length, type.DataLength);
    }

    [Fact]
    public void Map_SemiStructuredArray_HoldsVariantElements()
    {
        var type = SnowflakeTypeMapper.Map("ARRAY", null, null, null);

        Assert.Equal((DataType.ARRAY, DataType.VARIANT), (type.DataType, type.ArrayDataType!.Value));
    }

    [Fact]
    public void Map_Number_CarriesPrecisionAndScale()
    {
        var type = SnowflakeTypeMapper.Map("NUMBER", null, 12, 2);

        Assert.Equal((12, 2), (type.Precision!.Value, type.Scale!.Value));
    }
}
