using System.Security.Cryptography;

namespace DurableIngest.Testing;

/// <summary>A folder's files as relative path → SHA-256 of their bytes: two snapshots are equal when the folders are byte-identical.</summary>
public static class CatalogSnapshot
{
    public static SortedDictionary<string, string> Take(string root) =>
        new(Directory.GetFiles(root, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(root, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))), StringComparer.Ordinal);
}
