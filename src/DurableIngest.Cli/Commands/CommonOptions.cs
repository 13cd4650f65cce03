using System.CommandLine;

namespace DurableIngest.Cli.Commands;

/// <summary>Options several commands share.</summary>
internal static class CommonOptions
{
    public static Option<FileInfo> Config(bool required = true) => new("--config", "-c")
    {
        Description = "The workflow file (OpenMetadata-style YAML or JSON).",
        Required = required,
    };

    /// <summary>A local run store folder (serve); status, runs and resume take <see cref="RunStoreArguments"/>, which also name blob stores.</summary>
    public static Option<string> RunStore() => new("--run-store")
    {
        Description = "Run store folder.",
        DefaultValueFactory = _ => ".durable-ingest",
    };
}
