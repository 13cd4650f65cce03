namespace DurableIngest.Entities;

/// <summary>
/// Inserts <c>"sourceHash"</c> into a table's indented document serialized without it, where
/// <see cref="TableDocument"/> declares it: right after the top-level <c>databaseSchema</c>. The document is serialized
/// once, hashed, then spliced, instead of serialized twice (serializing was the largest CPU cost of a chunk).
/// The result is byte for byte what serializing the document with its hash gives (tests compare the two).
/// </summary>
internal static class SourceHashSplice
{
    // In the indented form a top-level property is the only line that starts with exactly two spaces and a quote, and
    // strings never hold a raw line break, so this marks databaseSchema's line and nothing else.
    private static ReadOnlySpan<byte> DatabaseSchemaLine => "\n  \"databaseSchema\": "u8;

    /// <summary>The document with its hash, as one array.</summary>
    public static byte[] Insert(ReadOnlyMemory<byte> indentedWithoutHash, string sourceHash)
    {
        var parts = Split(indentedWithoutHash, sourceHash);
        var result = new byte[parts.Sum(part => part.Length)];
        var offset = 0;
        foreach (var part in parts)
        {
            part.Span.CopyTo(result.AsSpan(offset));
            offset += part.Length;
        }

        return result;
    }

    /// <summary>
    /// The document with its hash as three pieces (before, the hash's line, after) over the serialized bytes, so a writer
    /// that gathers (the file sink's one <c>pwritev</c>) never copies the document.
    /// </summary>
    public static ReadOnlyMemory<byte>[] Split(ReadOnlyMemory<byte> indentedWithoutHash, string sourceHash)
    {
        var document = indentedWithoutHash.Span;
        var start = document.IndexOf(DatabaseSchemaLine);
        var lineLength = start < 0 ? -1 : document[(start + 1)..].IndexOf((byte)'\n');
        if (lineLength < 0)
        {
            throw new InvalidOperationException("The table document has no top-level databaseSchema line followed by another line.");
        }

        var lineEnd = start + 1 + lineLength;
        var isLast = document[lineEnd - 1] != (byte)',';
        var insert = isLast
            ? $",\n  \"sourceHash\": \"{sourceHash}\""
            : $"\n  \"sourceHash\": \"{sourceHash}\",";
        return [indentedWithoutHash[..lineEnd], System.Text.Encoding.ASCII.GetBytes(insert), indentedWithoutHash[lineEnd..]];
    }
}
