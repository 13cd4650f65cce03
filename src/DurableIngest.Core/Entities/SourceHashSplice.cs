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

    public static byte[] Insert(ReadOnlySpan<byte> indentedWithoutHash, string sourceHash)
    {
        var start = indentedWithoutHash.IndexOf(DatabaseSchemaLine);
        var lineLength = start < 0 ? -1 : indentedWithoutHash[(start + 1)..].IndexOf((byte)'\n');
        if (lineLength < 0)
        {
            throw new InvalidOperationException("The table document has no top-level databaseSchema line followed by another line.");
        }

        var lineEnd = start + 1 + lineLength;
        var isLast = indentedWithoutHash[lineEnd - 1] != (byte)',';
        var insert = isLast
            ? $",\n  \"sourceHash\": \"{sourceHash}\""
            : $"\n  \"sourceHash\": \"{sourceHash}\",";
        var insertBytes = System.Text.Encoding.ASCII.GetBytes(insert);
        var result = new byte[indentedWithoutHash.Length + insertBytes.Length];
        indentedWithoutHash[..lineEnd].CopyTo(result);
        insertBytes.CopyTo(result.AsSpan(lineEnd));
        indentedWithoutHash[lineEnd..].CopyTo(result.AsSpan(lineEnd + insertBytes.Length));
        return result;
    }
}
