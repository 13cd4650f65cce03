using DurableIngest.Configuration;

namespace DurableIngest.Sinks.File;

/// <summary><c>sink.config</c> for <c>type: file</c>.</summary>
public sealed record FileSinkOptions
{
    /// <summary>Root folder of the catalog tree. Default <c>./catalog</c>.</summary>
    public string Path { get; init; } = "./catalog";

    public static FileSinkOptions Read(ConfigSection config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var path = config.GetString("path") ?? new FileSinkOptions().Path;
        if (path.IndexOfAny(System.IO.Path.GetInvalidPathChars()) >= 0 || path.Trim().Length == 0)
        {
            config.Error("path", $"'{path}' is not a usable folder path; give a folder such as ./catalog");
        }

        return new FileSinkOptions { Path = path };
    }
}
