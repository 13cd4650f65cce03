using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace DurableIngest.Entities;

/// <summary>
/// The one JSON form of catalog documents: camelCase, nulls omitted, enums as OpenMetadata's strings, non-ASCII
/// names kept readable, indented, and deterministic (same metadata, same bytes).
/// </summary>
public static class EntityJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = true,
        IndentSize = 2,
        NewLine = "\n",
        TypeInfoResolver = EntityJsonContext.Default,
    };

    internal static readonly JsonTypeInfo<TableDocument> TableDocumentInfo = (JsonTypeInfo<TableDocument>)Options.GetTypeInfo(typeof(TableDocument));

    private static readonly JsonTypeInfo<TombstoneDocument> TombstoneInfo = (JsonTypeInfo<TombstoneDocument>)Options.GetTypeInfo(typeof(TombstoneDocument));

    /// <summary>
    /// The file/blob document for a table: CreateTable's properties with <c>sourceHash</c> (<see cref="TableHash"/>),
    /// plus <c>sourceDetails</c> when there are any.
    /// </summary>
    public static byte[] SerializeTableDocument(TableMetadata table)
    {
        var hashed = TableHash.Hashed(table);
        return SourceHashSplice.Insert(hashed.DocumentWithoutHash, hashed.Hash);
    }

    /// <summary>
    /// <see cref="SerializeTableDocument"/>'s bytes as the pieces they are made of, for a writer that writes a list of
    /// buffers at once: the document is not copied to insert its hash.
    /// </summary>
    public static ReadOnlyMemory<byte>[] TableDocumentParts(TableMetadata table)
    {
        var hashed = TableHash.Hashed(table);
        return SourceHashSplice.Split(hashed.DocumentWithoutHash, hashed.Hash);
    }

    /// <summary>The document that replaces a deleted table's document in file and blob sinks.</summary>
    public static byte[] SerializeTombstone(SchemaRef schema, string name)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return JsonSerializer.SerializeToUtf8Bytes(new TombstoneDocument(name, schema.FullyQualifiedName), TombstoneInfo);
    }
}
