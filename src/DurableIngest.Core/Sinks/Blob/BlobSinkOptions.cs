using DurableIngest.Configuration;
using DurableIngest.Storage.Blob;

namespace DurableIngest.Sinks.Blob;

/// <summary>
/// <c>sink.config</c> of the <c>blob</c> sink. Every problem is reported at once, by YAML path; the connection
/// string is never echoed (it holds a key).
/// </summary>
public sealed record BlobSinkOptions
{
    /// <summary>The app setting <c>connectionString</c> defaults to, as Azure Functions hosts name it.</summary>
    public const string DefaultConnectionSetting = "AzureWebJobsStorage";

    private static readonly string[] Keys = ["connectionString", "container", "prefix"];

    /// <summary><c>connectionString</c>: the storage account. Default: the <c>AzureWebJobsStorage</c> setting.</summary>
    public required BlobConnectionString ConnectionString { get; init; }

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
        foreach (var key in section.Keys.Where(k => !Keys.Contains(k, StringComparer.Ordinal)))
        {
            section.Error(key, $"is not a blob sink setting; use {string.Join(", ", Keys)}");
        }

        var connection = ReadConnectionString(section, environment);
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

        return section.Problems.Count > before || connection is null || container is null
            ? null
            : new BlobSinkOptions { ConnectionString = connection, Container = container, Prefix = prefix };
    }

    private static BlobConnectionString? ReadConnectionString(ConfigSection section, Func<string, string?> environment)
    {
        var text = section.GetString("connectionString") ?? environment(DefaultConnectionSetting);
        if (string.IsNullOrWhiteSpace(text))
        {
            section.Error("connectionString", $"required: set it, or the {DefaultConnectionSetting} setting (for Azurite: UseDevelopmentStorage=true)");
            return null;
        }

        if (!BlobConnectionString.TryParse(text, out var connection, out var error))
        {
            var from = section.Has("connectionString") ? string.Empty : $" (taken from the {DefaultConnectionSetting} setting)";
            section.Error("connectionString", $"is not a usable storage connection string{from}: {error}");
            return null;
        }

        return connection;
    }
}
