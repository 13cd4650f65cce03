namespace DurableIngest.Configuration;

/// <summary>
/// What relative paths in a workflow (a SQLite <c>databaseMode</c>, a file sink's <c>path</c>, a PostgreSQL
/// certificate) resolve against, and where that folder comes from, so that a message about a path can say how to
/// change it. A host gives one to <see cref="Connectors.BuiltInConnectors.Create"/>; the front door that validates a
/// workflow and the activities that run it share that registry, so both resolve a path to the same file even when
/// they run in different processes.
/// </summary>
public sealed record RelativePathBase
{
    /// <param name="directory">The absolute folder relative paths resolve against.</param>
    /// <param name="origin">Where the folder comes from, as a message names it: "the current directory".</param>
    /// <param name="remedy">How to change the folder, ending "fix the path, use an absolute path, or ...": "set DURABLE_INGEST_BASE_PATH".</param>
    public RelativePathBase(string directory, string origin, string remedy)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentException.ThrowIfNullOrWhiteSpace(origin);
        ArgumentException.ThrowIfNullOrWhiteSpace(remedy);
        if (!Path.IsPathFullyQualified(directory))
        {
            throw new ArgumentException($"must be an absolute folder, not '{directory}'", nameof(directory));
        }

        Directory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        Origin = origin;
        Remedy = remedy;
    }

    /// <summary>The absolute folder relative paths resolve against.</summary>
    public string Directory { get; }

    /// <summary>Where <see cref="Directory"/> comes from, e.g. "the current directory".</summary>
    public string Origin { get; }

    /// <summary>How to change <see cref="Directory"/>, e.g. "set DURABLE_INGEST_BASE_PATH".</summary>
    public string Remedy { get; }

    /// <summary>
    /// True on hosts that run workflows posted by others (serve, the Functions app): a workflow may only read and write
    /// below <see cref="Directory"/>, so a posted <c>../../etc</c> or <c>/home/site/data.db</c> is refused. Default false
    /// (the CLI runs its user's own files).
    /// </summary>
    public bool Confined { get; init; }

    /// <summary>Why <paramref name="path"/> may not be used on this host (it leaves a confined base), or null when it may.</summary>
    public string? Refusal(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!Confined)
        {
            return null;
        }

        var full = Resolve(path);
        var inside = full.Equals(Directory, StringComparison.Ordinal)
            || full.StartsWith(Directory + Path.DirectorySeparatorChar, StringComparison.Ordinal);
        return inside
            ? null
            : $"'{path}' resolves to {full}, outside {Directory} ({Origin}): this host reads and writes only below that folder; use a path inside it, or {Remedy}";
    }

    /// <summary>The process's current directory now (the CLI's base, as for OpenMetadata's <c>metadata ingest</c>).</summary>
    public static RelativePathBase CurrentDirectory() =>
        new(Environment.CurrentDirectory, "the current directory", "run from the folder the path is relative to");

    /// <summary>
    /// The folder a host setting names, or <paramref name="defaultDirectory"/> when the setting is not set. A relative
    /// setting resolves against <paramref name="defaultDirectory"/>.
    /// </summary>
    /// <param name="name">The setting's name, as messages show it: DURABLE_INGEST_BASE_PATH.</param>
    /// <param name="settings">Reads a setting by name, e.g. <see cref="Environment.GetEnvironmentVariable(string)"/>.</param>
    /// <param name="defaultDirectory">The absolute folder used when the setting is not set.</param>
    /// <param name="defaultDescription">What <paramref name="defaultDirectory"/> is, as messages name it: "the app folder".</param>
    /// <exception cref="ConfigException">The setting is not a usable folder path.</exception>
    public static RelativePathBase FromSetting(string name, Func<string, string?> settings, string defaultDirectory, string defaultDescription)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(settings);
        var value = settings(name)?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return new RelativePathBase(defaultDirectory, $"{defaultDescription}, as {name} is not set", $"set {name}");
        }

        var defaults = new RelativePathBase(defaultDirectory, defaultDescription, $"set {name}");
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            throw new ConfigException(
                "app settings",
                [new ConfigProblem(name, $"'{value}' is not a usable folder path; set it to the absolute folder relative paths in workflows resolve against, or remove it to use {defaultDescription} ({defaults.Directory})")]);
        }

        return new RelativePathBase(defaults.Resolve(value), $"set by {name}", $"change {name}");
    }

    /// <summary>True when <paramref name="path"/> depends on this base (it is not fully qualified).</summary>
    public static bool IsRelative(string path) => !Path.IsPathFullyQualified(path);

    /// <summary>The absolute form of <paramref name="path"/>: itself when absolute, else under <see cref="Directory"/>.</summary>
    public string Resolve(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Path.GetFullPath(path, Directory);
    }

    /// <summary>
    /// The absolute path, then for a relative path what it resolved against and why:
    /// <c>/app/examples/warehouse.db; relative paths resolve against /app, the current directory</c>.
    /// </summary>
    public string Describe(string path) =>
        IsRelative(path) ? $"{Resolve(path)}; relative paths resolve against {Directory}, {Origin}" : Resolve(path);

    /// <summary>What to do about a path that does not work: <c>fix the path, use an absolute path, or set X</c>.</summary>
    public string Remedies(string path) =>
        IsRelative(path) ? $"fix the path, use an absolute path, or {Remedy}" : "fix the path";
}
