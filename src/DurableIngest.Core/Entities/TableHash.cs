using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.Json;

namespace DurableIngest.Entities;

/// <summary>
/// The one fingerprint of a table's metadata: 32 lower-case hex characters (the first half of a SHA-256) over the
/// table's document JSON as the file sink writes it, minus its hash (<see cref="TableDocument"/> — every property the
/// source read, <c>sourceDetails</c> included). Equal metadata gives an equal hash on every machine and in every run; it fits
/// OpenMetadata's <c>sourceHash</c> (1–32 characters). Incremental runs compare it with the last successful run's.
/// </summary>
public static class TableHash
{
    public const int Length = 32;

    // Part of the hashed bytes: bump it when the document form changes so every table is rewritten once.
    // v2: hashed over the indented document (v1 hashed a compact copy, which cost a second serialization per table).
    private static readonly byte[] FormatVersion = "durable-ingest-table-v2\n"u8.ToArray();

    // The chunk activity hashes a table to compare it, then the sink needs the hash and the document for the same
    // instance: remembered per instance (tables are immutable once read), both are computed once.
    private static readonly ConditionalWeakTable<TableMetadata, HashedTable> Computed = new();

    public static string Compute(TableMetadata table) => Hashed(table).Hash;

    /// <summary>The hash and the document it was computed over (the file/blob document without its hash).</summary>
    internal static HashedTable Hashed(TableMetadata table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return Computed.GetValue(table, Calculate);
    }

    private static HashedTable Calculate(TableMetadata table)
    {
        var document = TableDocument.From(Canonical(table), sourceHash: null);
        var json = EntityJson.SerializeTableDocumentWithoutHash(document);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(FormatVersion);
        sha.AppendData(json);
        return new HashedTable(Convert.ToHexStringLower(sha.GetHashAndReset())[..Length], json);
    }

    internal sealed record HashedTable(string Hash, byte[] DocumentWithoutHash);

    // Sources may hand properties over in any dictionary; the hash must not depend on insertion order.
    private static TableMetadata Canonical(TableMetadata table)
    {
        var properties = table.SourceDetails.Properties;
        if (properties.Count < 2 || properties is SortedDictionary<string, string> { Comparer: var comparer } && ReferenceEquals(comparer, StringComparer.Ordinal))
        {
            return table;
        }

        return table with
        {
            SourceDetails = table.SourceDetails with { Properties = new SortedDictionary<string, string>(properties.ToDictionary(), StringComparer.Ordinal) },
        };
    }
}
