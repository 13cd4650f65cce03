using DurableIngest.Configuration;
using DurableIngest.Storage.Blob;

namespace DurableIngest.Sinks.Blob;

/// <summary>
/// <c>sink.config</c> of the <c>blob</c> sink. Every problem is reported at once, by YAML path; a connection string is
/// never echoed (it holds a key).
/// </summary>
public sealed record BlobSinkOptions
{
    private static readonly string[] Keys = [.. BlobAccountConfig.Keys, "container", "prefix"];

    /// <summary>
    /// The storage account: <c>connectionString</c>, or <c>accountUrl</c> (alias <c>blobServiceUri</c>) with
    /// DefaultAzureCredential. Default: the <c>AzureWebJobsStorage</c> connection (see <see cref="BlobAccountConfig"/>).
    /// </summary>
    public required BlobAccount Account { get; init; }

    /// <summary><c>container</c> (required): where the documents go; created when missing.</summary>
    public required string Container { get; init; }

    /// <summary><c>prefix</c>: a folder inside the container, without surrounding '/'. Default: none (the container root).</summary>
    public string Prefix { get; init; } = string.Empty;

    /// <summary>The blob name for a document at <paramref name="path"/> (a <see cref="CatalogPath"/>).</summary>
    public string BlobNameFor(string path) => Prefix.Length == 0 ? path : $"{Prefix}/{path}";

    /// <summary>Reads and validates; null (with problems reported to the section) when unusable.</summary>
    public static BlobSinkOptions? Read(ConfigSection section, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(environment);
        var before = section.Problems.Count;
        section.RejectUnknownKeys(Keys, _ => $"is not a blob sink setting; use {string.Join(", ", Keys)}");

        var account = BlobAccountConfig.Read(section, environment);
        var container = section.GetString("container", required: true)?.Trim();
        if (container is not null && !BlobNames.IsValidContainerName(container))
        {
            section.Error("container", $"must be {BlobNames.ContainerNameRule}, not '{container}'");
        }

        var prefix = section.GetString("prefix")?.Trim().Trim('/') ?? string.Empty;
        if (prefix.Length > 0 && BlobNames.ProblemWithBlobName(prefix) is { } problem)
        {
            section.Error("prefix", $"must be a folder path like 'catalog/prod', not '{prefix}': {problem}");
        }

        return section.Problems.Count > before || account is null || container is null
            ? null
            : new BlobSinkOptions { Account = account, Container = container, Prefix = prefix };
    }
}
