using System.Text.Json;
using DurableIngest.RunStore;

namespace DurableIngest.Cli.Runtime;

/// <summary><see cref="RunStoreJson"/>'s options that also know the local runtime's documents (<see cref="CliJsonContext"/>).</summary>
internal static class CliJson
{
    public static readonly JsonSerializerOptions Options = RunStoreJson.WithResolver(CliJsonContext.Default);

    public static readonly JsonSerializerOptions Indented = RunStoreJson.WithResolver(CliJsonContext.Default, indented: true);
}
