namespace DurableIngest.Configuration;

/// <summary>
/// Bounds on a workflow or schedule file, checked before anything is built from it, wherever it arrives (a file, an HTTP
/// body, a schedule, the Functions app). A workflow is a few kilobytes, a few levels deep, with some dozens of keys: the
/// defaults leave ample room for that and none for a document made to exhaust a host's stack, CPU or memory.
/// </summary>
public sealed record YamlLimits
{
    public static readonly YamlLimits Default = new();

    /// <summary>Largest document in bytes (UTF-8). Default 1 MiB, as the HTTP front door's body limit.</summary>
    public int MaxBytes { get; init; } = 1024 * 1024;

    /// <summary>Deepest nesting of mappings and sequences. Default 32 (a workflow uses about 6).</summary>
    public int MaxDepth { get; init; } = 32;

    /// <summary>Most nodes (keys, values, items), counting what every alias repeats. Default 10,000.</summary>
    public int MaxNodes { get; init; } = 10_000;

    /// <summary>Most alias references (<c>*name</c>, merge keys included). Default 100.</summary>
    public int MaxAliases { get; init; } = 100;

    /// <summary>Longest single value in characters. Default 64 Ki (a certificate or a token fits many times over).</summary>
    public int MaxScalarLength { get; init; } = 64 * 1024;
}
