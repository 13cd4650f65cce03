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
}
