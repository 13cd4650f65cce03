using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace DurableIngest.Testing;

/// <summary>
/// Looks for secrets in everything a run wrote: every byte of every file under some folders, every blob in a container,
/// or captured output. Each secret is searched as written and as JSON would escape it. Findings name the place and the
/// secret's index, never the secret.
/// </summary>
public static class SecretScan
{
    /// <summary>Files under <paramref name="roots"/> (recursively, whatever their name) holding any of the secrets.</summary>
    public static IReadOnlyList<string> Find(IEnumerable<string> roots, IReadOnlyList<string> secrets)
    {
        ArgumentNullException.ThrowIfNull(roots);
        var patterns = Patterns(secrets);
        var found = new List<string>();
        foreach (var root in roots.Where(Directory.Exists))
        {
            foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
            {
                found.AddRange(Check(file, File.ReadAllBytes(file), patterns));
            }
        }

        return found;
    }

    /// <summary>Blobs of <paramref name="container"/> starting with <paramref name="prefix"/> holding any of the secrets (name and content).</summary>
    public static async Task<IReadOnlyList<string>> FindInBlobsAsync(
        BlobContainerClient container, string prefix, IReadOnlyList<string> secrets, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(container);
        var patterns = Patterns(secrets);
        var found = new List<string>();
        await foreach (var item in container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix.Length == 0 ? null : prefix }, cancellationToken))
        {
            var where = $"{container.Name}/{item.Name}";
            found.AddRange(Check(where, Encoding.UTF8.GetBytes(item.Name), patterns));
            var blob = await container.GetBlobClient(item.Name).DownloadContentAsync(cancellationToken);
            found.AddRange(Check(where, blob.Value.Content.ToArray(), patterns));
        }

        return found;
    }

    /// <summary>Captured text (process output, logs) holding any of the secrets.</summary>
    public static IReadOnlyList<string> FindInText(string where, string text, IReadOnlyList<string> secrets) =>
        [.. Check(where, Encoding.UTF8.GetBytes(text ?? string.Empty), Patterns(secrets))];

    private static List<(int Index, byte[] Bytes)> Patterns(IReadOnlyList<string> secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        var patterns = new List<(int, byte[])>();
        for (var i = 0; i < secrets.Count; i++)
        {
            ArgumentException.ThrowIfNullOrEmpty(secrets[i]);
            patterns.Add((i, Encoding.UTF8.GetBytes(secrets[i])));
            var escaped = JsonEncodedText.Encode(secrets[i]).ToString();
            if (escaped != secrets[i])
            {
                patterns.Add((i, Encoding.UTF8.GetBytes(escaped)));
            }
        }

        return patterns;
    }

    private static IEnumerable<string> Check(string where, byte[] content, List<(int Index, byte[] Bytes)> patterns) =>
        patterns.Where(p => content.AsSpan().IndexOf(p.Bytes) >= 0).Select(p => $"{where} contains secret #{p.Index}").Distinct();
}
