using DurableIngest.Configuration;

namespace DurableIngest.Sinks.File;

/// <summary><c>sink.config</c> for <c>type: file</c>.</summary>
public sealed record FileSinkOptions
{
    /// <summary>Root folder of the catalog tree, as written. Default <c>./catalog</c>.</summary>
    public string Path { get; init; } = "./catalog";

    /// <summary>
    /// The absolute root folder: <see cref="Path"/> resolved against the host's <see cref="RelativePathBase"/> by
    /// <see cref="Read"/>. Default null: <see cref="Path"/> resolved against the current directory.
    /// </summary>
    public string? FullPath { get; init; }

    public static FileSinkOptions Read(ConfigSection config, RelativePathBase paths)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(paths);
        var path = config.GetString("path") ?? new FileSinkOptions().Path;
        if (path.IndexOfAny(System.IO.Path.GetInvalidPathChars()) >= 0 || path.Trim().Length == 0)
        {
            config.Error("path", $"'{path}' is not a usable folder path; give a folder such as ./catalog");
            return new FileSinkOptions { Path = path };
        }

        var fullPath = paths.Resolve(path);
        if (paths.Refusal(path) is { } refusal)
        {
            config.Error("path", refusal);
        }
        else if (System.IO.File.Exists(fullPath))
        {
            config.Error("path", $"'{path}' is a file, not a folder ({paths.Describe(path)}); {paths.Remedies(path)}");
        }

        return new FileSinkOptions { Path = path, FullPath = fullPath };
    }
}
