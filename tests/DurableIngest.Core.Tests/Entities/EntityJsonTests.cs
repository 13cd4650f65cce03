using System.Text;
using System.Text.Json;
using DurableIngest.Entities;
using Xunit;

namespace DurableIngest.Core.Tests.Catalog;

public sealed class EntityJsonTests
{
    // Strings that exercise the encoder: quotes, backslashes, control characters, HTML-sensitive and non-ASCII text.
    public static TheoryData<string> AwkwardText => new()
    {
        "plain",
        "say \"hi\" \\ back\\slash",
        "line one\nline two\r\n\ttabbed\u0001\u001f",
        "<script>&amp;'+`",
        "Größe café Zürich 東京 🙂",
        "SELECT o.id,\n    o.\"Total €\"\n   FROM sales.\"order lines\" o\n  WHERE (o.qty > 0);",
        string.Empty,
    };

    [Theory]
    [MemberData(nameof(AwkwardText))]
    public void SerializeTableDocument_AnyText_EqualsSerializingTheDocumentWithItsHash(string text)
    {
        var table = Table(text);

        var written = EntityJson.SerializeTableDocument(table);

        var expected = JsonSerializer.SerializeToUtf8Bytes(TableDocument.From(table, TableHash.Compute(table)), EntityJson.Options);
        Assert.Equal(Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString(written));
    }

    [Theory]
    [MemberData(nameof(AwkwardText))]
    public void SerializeTableDocumentWithoutHash_AnyText_EqualsSerializingWithTheDocumentOptions(string text)
    {
        var document = TableDocument.From(Table(text), sourceHash: null);

        var fast = EntityJson.SerializeTableDocumentWithoutHash(document);

        Assert.Equal(Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(document, EntityJson.Options)), Encoding.UTF8.GetString(fast));
    }

    [Fact]
    public void SerializeTableDocumentWithoutHash_LargeThenSmall_ReusesNothingOfTheFirst()
    {
        var large = TableDocument.From(Table(new string('x', 40_000)), sourceHash: null);
        var small = TableDocument.From(Table("s"), sourceHash: null);

        EntityJson.SerializeTableDocumentWithoutHash(large);
        var second = EntityJson.SerializeTableDocumentWithoutHash(small);

        Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(small, EntityJson.Options), second);
    }

    [Fact]
    public void SerializeTableDocument_MinimalTable_PutsSourceHashAfterDatabaseSchemaAndLast()
    {
        var table = new TableMetadata
        {
            Schema = new SchemaRef("svc", "db", "s"),
            Name = "t",
            TableType = TableType.View,
            Columns = [],
        };

        var document = JsonDocument.Parse(EntityJson.SerializeTableDocument(table)).RootElement;

        Assert.Equal(["name", "tableType", "columns", "databaseSchema", "sourceHash"], document.EnumerateObject().Select(p => p.Name));
        Assert.Equal(TableHash.Compute(table), document.GetProperty("sourceHash").GetString());
    }

    private static TableMetadata Table(string text) => new()
    {
        Schema = new SchemaRef("svc", "db " + text, "schema." + text),
        Name = "table " + text,
        TableType = TableType.Partitioned,
        Description = text,
        Columns =
        [
            new Column { Name = text + "id", DataType = DataType.BIGINT, DataTypeDisplay = "bigint", Constraint = ColumnConstraint.PrimaryKey, OrdinalPosition = 1 },
            new Column { Name = "amount", DataType = DataType.NUMERIC, Precision = 12, Scale = 2, DataTypeDisplay = "numeric(12,2)", Description = text, OrdinalPosition = 2 },
            new Column { Name = "tags", DataType = DataType.ARRAY, ArrayDataType = DataType.VARCHAR, DataLength = 40, DataTypeDisplay = "character varying(40)[]", OrdinalPosition = 3 },
        ],
        TableConstraints =
        [
            new TableConstraint { ConstraintType = ConstraintType.ForeignKey, Columns = [text + "id"], ReferredColumns = ["svc.db.other." + text + ".id"] },
            new TableConstraint { ConstraintType = ConstraintType.Unique, Columns = ["amount", "tags"] },
        ],
        TablePartition = new TablePartition { Columns = ["amount"], IntervalType = PartitionIntervalType.IntegerRange },
        SchemaDefinition = text,
        SourceDetails = new SourceDetails
        {
            Indexes = [new TableIndex { Name = "ix " + text, Columns = ["amount"], Unique = false, Definition = "CREATE INDEX \"ix\" ON t (amount) -- " + text }],
            CheckConstraints = [new CheckConstraint("positive", "CHECK ((amount > (0)::numeric)) " + text)],
            Owners = [text],
            Properties = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["fillfactor"] = "90", ["note " + text] = text },
        },
    };
}
