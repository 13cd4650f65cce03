using DurableIngest.Entities;
using DurableIngest.Sources;
using DurableIngest.Sources.Postgres;
using Xunit;

namespace DurableIngest.Core.Tests.Sources.Postgres;

public sealed class PostgresTypeMapperTests
{
    [Theory]
    [InlineData("integer", DataType.INT)]
    [InlineData("bigint", DataType.BIGINT)]
    [InlineData("smallint", DataType.SMALLINT)]
    [InlineData("double precision", DataType.DOUBLE)]
    [InlineData("real", DataType.FLOAT)]
    [InlineData("boolean", DataType.BOOLEAN)]
    [InlineData("text", DataType.TEXT)]
    [InlineData("timestamp with time zone", DataType.TIMESTAMPZ)]
    [InlineData("timestamp without time zone", DataType.TIMESTAMP)]
    [InlineData("date", DataType.DATE)]
    [InlineData("jsonb", DataType.JSON)]
    [InlineData("uuid", DataType.UUID)]
    [InlineData("super", DataType.SUPER)]
    [InlineData("hllsketch", DataType.HLLSKETCH)]
    [InlineData("geometry", DataType.GEOMETRY)]
    [InlineData("string", DataType.TEXT)]
    [InlineData("struct<a:int>", DataType.STRUCT)]
    [InlineData("map<string,int>", DataType.MAP)]
    [InlineData("int4range", DataType.UNKNOWN)]
    [InlineData("some_extension_type", DataType.UNKNOWN)]
    public void MapSpelling_KnownAndUnknownSpellings_MapToOpenMetadataTypesOrUnknown(string spelling, DataType expected)
    {
        Assert.Equal(expected, PostgresTypeMapper.MapSpelling(spelling).DataType);
    }

    [Fact]
    public void MapSpelling_VaryingCharacterWithLength_KeepsTheLength()
    {
        Assert.Equal(new MappedType(DataType.VARCHAR, DataLength: 256), PostgresTypeMapper.MapSpelling("character varying(256)"));
    }

    [Fact]
    public void MapSpelling_NumericWithPrecisionAndScale_KeepsBoth()
    {
        Assert.Equal(new MappedType(DataType.NUMERIC, Precision: 18, Scale: 4), PostgresTypeMapper.MapSpelling("numeric(18,4)"));
    }

    [Fact]
    public void MapSpelling_HiveArray_IsArrayOfElementType()
    {
        Assert.Equal(new MappedType(DataType.ARRAY, DataType.BIGINT), PostgresTypeMapper.MapSpelling("array<bigint>"));
    }

    [Fact]
    public void MapSpelling_PostgresArray_IsArrayOfElementType()
    {
        Assert.Equal(new MappedType(DataType.ARRAY, DataType.INT), PostgresTypeMapper.MapSpelling("integer[]"));
    }

    [Fact]
    public void Map_DomainOverDomainOverVarchar_ResolvesToTheBaseTypeWithTheDomainsLength()
    {
        var types = new Dictionary<uint, TypeInfo>
        {
            [1043] = new(1043, "varchar", 'b', 'S', 0, 0, -1),
            [90001] = new(90001, "inner_domain", 'd', 'S', 0, 1043, 14),
            [90002] = new(90002, "outer_domain", 'd', 'S', 0, 90001, -1),
        };

        Assert.Equal(new MappedType(DataType.VARCHAR, DataLength: 10), PostgresTypeMapper.Map(90002, -1, types));
    }

    [Fact]
    public void Map_NumericTypeModifier_DecodesPrecisionAndScale()
    {
        var types = new Dictionary<uint, TypeInfo> { [1700] = new(1700, "numeric", 'b', 'N', 0, 0, -1) };
        var modifier = ((12 << 16) | 3) + 4;

        Assert.Equal(new MappedType(DataType.NUMERIC, Precision: 12, Scale: 3), PostgresTypeMapper.Map(1700, modifier, types));
    }

    [Fact]
    public void Map_TypeMissingFromTheCatalog_IsUnknown()
    {
        Assert.Equal(DataType.UNKNOWN, PostgresTypeMapper.Map(12345, -1, new Dictionary<uint, TypeInfo>()).DataType);
    }

    [Theory]
    [InlineData('D', PartitionIntervalType.TimeUnit)]
    [InlineData('N', PartitionIntervalType.IntegerRange)]
    [InlineData('S', PartitionIntervalType.Other)]
    public void RangeIntervalType_ByPartitionColumnCategory_FollowsOpenMetadata(char category, PartitionIntervalType expected)
    {
        Assert.Equal(expected, PostgresTypeMapper.RangeIntervalType(category));
    }
}
