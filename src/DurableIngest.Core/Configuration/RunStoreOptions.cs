using DurableIngest.Storage.Blob;

namespace DurableIngest.Configuration;

/// <summary>
/// <c>workflowConfig.distributedExecution.runStore</c>: where journals, chunk results, status and summaries live.
/// </summary>
public sealed record RunStoreOptions
{
    public const string LocalType = "local";
    public const string BlobType = "blob";

    /// <summary><c>local</c> (default) or <c>blob</c>.</summary>
    public string Type { get; init; } = LocalType;

    /// <summary>Local store root. Default <c>./.durable-ingest</c>; runs go under <c>runs/&lt;runId&gt;/</c>.</summary>
    public string Path { get; init; } = ".durable-ingest";

    /// <summary>
    /// The blob store's account: <c>connectionString</c>, or <c>accountUrl</c> (alias <c>blobServiceUri</c>) with
    /// DefaultAzureCredential; default the <c>AzureWebJobsStorage</c> connection (see <see cref="BlobAccountConfig"/>).
    /// </summary>
    public BlobAccount? Account { get; init; }

    /// <summary>Blob container. Default <c>durable-ingest</c>.</summary>
    public string Container { get; init; } = "durable-ingest";

    internal static RunStoreOptions Read(ConfigSection section, Func<string, string?> environment)
    {
        var defaults = new RunStoreOptions();
        var type = section.GetChoice("type", [LocalType, BlobType], invalid: type => $"must be 'local' or 'blob', not '{type.Trim().ToLowerInvariant()}'") ?? defaults.Type;

        var container = section.GetString("container") ?? defaults.Container;
        if (type == BlobType && !BlobNames.IsValidContainerName(container))
        {
            section.Error("container", $"must be {BlobNames.ContainerNameRule}, not '{container}'");
        }

        return new RunStoreOptions
        {
            Type = type,
            Path = section.GetString("path") ?? defaults.Path,
            Account = type == BlobType || section.Recording ? BlobAccountConfig.Read(section, environment) : null,
            Container = container,
        };
    }
}
