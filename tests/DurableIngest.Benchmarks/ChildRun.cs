using System.Diagnostics;
using System.Globalization;

namespace DurableIngest.Benchmarks;

/// <summary>
/// One timed child process: wall-clock seconds, peak resident set size and CPU seconds, user and system (from
/// <c>/usr/bin/time -f "%M %U %S"</c>); <see cref="ServerCpuSeconds"/> is what the database server spent for it, when measured.
/// </summary>
internal sealed record ChildRun(double Seconds, long PeakRssKb, int ExitCode, string Output, double CpuSeconds)
{
    public double? ServerCpuSeconds { get; init; }

    private const string TimeBinary = "/usr/bin/time";

    public static async Task<ChildRun> RunAsync(string fileName, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        if (!File.Exists(TimeBinary))
        {
            throw new InvalidOperationException("peak RSS is read with /usr/bin/time: install package time (apt-get install time)");
        }

        var rssFile = Path.GetTempFileName();
        var start = new ProcessStartInfo(TimeBinary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in (string[])["-f", "%M %U %S", "-o", rssFile, fileName, .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var seconds = stopwatch.Elapsed.TotalSeconds;
        var output = await stdout + await stderr;
        var measured = (await File.ReadAllTextAsync(rssFile)).Trim().Split('\n')[^1].Split(' ');
        File.Delete(rssFile);
        var rss = long.TryParse(measured[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var kb) ? kb : -1;
        var cpu = measured.Length == 3
            && double.TryParse(measured[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var user)
            && double.TryParse(measured[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var system) ? user + system : double.NaN;
        return new ChildRun(seconds, rss, process.ExitCode, output, cpu);
    }
}
