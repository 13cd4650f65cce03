using Microsoft.Extensions.Logging;

namespace DurableIngest.Scheduling;

/// <summary>
/// The schedules of one folder for a host that evaluates every minute: the folder is loaded again only when one of its
/// schedule files changes (added, removed, rewritten), and each bad file is logged once per change, not every minute.
/// </summary>
public sealed class ScheduleFolder
{
    private readonly ScheduleLoader _loader;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private string? _fingerprint;
    private IReadOnlyList<ScheduleDefinition> _schedules = [];

    public ScheduleFolder(string path, ScheduleLoader loader, ILogger logger)
    {
        Path = path;
        _loader = loader;
        _logger = logger;
    }

    public string Path { get; }

    /// <summary>The valid schedules, reloaded first when the folder changed since the last call.</summary>
    public IReadOnlyList<ScheduleDefinition> Current()
    {
        var fingerprint = Fingerprint();
        lock (_lock)
        {
            if (fingerprint == _fingerprint)
            {
                return _schedules;
            }

            var files = _loader.LoadFolder(Path);
            foreach (var line in files.SelectMany(f => f.DescribeProblems()))
            {
                _logger.LogError("Schedule file skipped: {Problem}", line);
            }

            _schedules = [.. files.Select(f => f.Definition).OfType<ScheduleDefinition>()];
            _fingerprint = fingerprint;
            _logger.LogInformation(
                "Schedules loaded from {Folder}: {Valid} valid ({Names}), {Invalid} skipped",
                Path, _schedules.Count, string.Join(", ", _schedules.Select(s => s.Name)), files.Count - _schedules.Count);
            return _schedules;
        }
    }

    private string Fingerprint()
    {
        if (!Directory.Exists(Path))
        {
            return string.Empty;
        }

        return string.Join(
            '\n',
            new DirectoryInfo(Path).EnumerateFiles()
                .Where(f => f.Extension.Equals(".yaml", StringComparison.OrdinalIgnoreCase) || f.Extension.Equals(".yml", StringComparison.OrdinalIgnoreCase))
                .OrderBy(f => f.Name, StringComparer.Ordinal)
                .Select(f => $"{f.Name}|{f.Length}|{f.LastWriteTimeUtc.Ticks}"));
    }
}
