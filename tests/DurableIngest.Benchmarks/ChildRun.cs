using System.Diagnostics;
using System.Globalization;

namespace DurableIngest.Benchmarks;

/// <summary>One timed child process: wall-clock seconds and peak resident set size (from <c>/usr/bin/time -f %M</c>).</summary>
internal sealed record ChildRun(double Seconds, long PeakRssKb, int ExitCode, string Output)
{
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
        foreach (var argument in (string[])["-f", "%M", "-o", rssFile, fileName, .. arguments])
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
        var rssText = (await File.ReadAllTextAsync(rssFile)).Trim().Split('\n')[^1];
        File.Delete(rssFile);
        var rss = long.TryParse(rssText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var kb) ? kb : -1;
        return new ChildRun(seconds, rss, process.ExitCode, output);
    }
}
