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

    /// <summary>Blob store connection string; defaults to the <c>AzureWebJobsStorage</c> setting.</summary>
    public string? ConnectionString { get; init; }

    /// <summary>Blob container. Default <c>durable-ingest</c>.</summary>
    public string Container { get; init; } = "durable-ingest";

    internal static RunStoreOptions Read(ConfigSection section, Func<string, string?> environment)
    {
        var defaults = new RunStoreOptions();
        var type = section.GetString("type")?.Trim().ToLowerInvariant() ?? defaults.Type;
        if (type is not (LocalType or BlobType))
        {
            section.Error("type", $"must be 'local' or 'blob', not '{type}'");
        }

        var options = new RunStoreOptions
        {
            Type = type,
            Path = section.GetString("path") ?? defaults.Path,
            ConnectionString = section.GetString("connectionString") ?? environment("AzureWebJobsStorage"),
            Container = section.GetString("container") ?? defaults.Container,
        };
        if (type == BlobType && string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            section.Error("connectionString", "required when type is 'blob' (or set the AzureWebJobsStorage setting)");
        }

        return options;
    }
}
