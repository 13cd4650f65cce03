using System.Diagnostics;
using System.Globalization;
using DurableIngest.Testing;

namespace DurableIngest.Benchmarks;

/// <summary>
/// The CPU a PostgreSQL server spends for one measured side, read from <c>/proc</c>: a backend's CPU time is added to the
/// postmaster's children's times (<c>cutime</c>, <c>cstime</c>) when it exits, so the side's connections are waited out
/// before the second reading. Background workers that exit meanwhile (autovacuum) count too: a few tens of milliseconds.
/// </summary>
internal sealed class ServerCpu
{
    private static readonly double TicksPerSecond = ClockTicks();
    private readonly int _postmaster;
    private readonly string _database;

    private ServerCpu(int postmaster, string database)
    {
        _postmaster = postmaster;
        _database = database;
    }

    /// <summary>The server's meter, or null where <c>/proc</c> does not say (not Linux).</summary>
    public static ServerCpu? Of(PostgresServer server, string database)
    {
        var pidFile = Path.Combine(server.RootDirectory, "data", "postmaster.pid");
        return File.Exists("/proc/self/stat") && File.Exists(pidFile)
            ? new ServerCpu(int.Parse(File.ReadLines(pidFile).First(), CultureInfo.InvariantCulture), database)
            : null;
    }

    /// <summary>Runs <paramref name="side"/> and adds the server CPU it caused once its backends have exited.</summary>
    public async Task<ChildRun> MeasureAsync(Func<Task<ChildRun>> side)
    {
        // Backends of an earlier side that are still winding down would otherwise be counted as this side's.
        await QuietAsync();
        var before = Seconds();
        var run = await side();
        await QuietAsync();
        return run with { ServerCpuSeconds = Seconds() - before };
    }

    // Quiet: no backend of the database, and the server's CPU unchanged over 200 ms (a backend that has just exited is
    // counted only once the postmaster reaps it).
    private async Task QuietAsync()
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (Backends() == 0)
            {
                var seconds = Seconds();
                await Task.Delay(200);
                if (Backends() == 0 && Seconds() == seconds)
                {
                    return;
                }
            }
            else
            {
                await Task.Delay(20);
            }
        }

        throw new InvalidOperationException($"backends of {_database} still running 30 s after the side ended: the server CPU cannot be told apart");
    }

    // Fields after the command name in /proc/PID/stat: utime is the 12th, stime, cutime and cstime follow.
    private double Seconds()
    {
        var fields = StatFields(_postmaster);
        return fields is null ? double.NaN : Enumerable.Range(11, 4).Sum(i => long.Parse(fields[i], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }

    // Backends of the measured database: the postmaster's children whose title names it ("postgres: user db host ..."),
    // and any child that has exited but is not reaped yet (a zombie has no title, and its CPU reaches cutime on the reap).
    private int Backends()
    {
        var count = 0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && StatFields(pid) is { } fields && fields[1] == _postmaster.ToString(CultureInfo.InvariantCulture)
                && (fields[0] == "Z" || ReadOrEmpty(Path.Combine(directory, "cmdline")).Split(' ').Contains(_database, StringComparer.Ordinal)))
            {
                count++;
            }
        }

        return count;
    }

    private static string[]? StatFields(int pid)
    {
        var stat = ReadOrEmpty($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        var end = stat.LastIndexOf(')');
        return end < 0 ? null : stat[(end + 2)..].Split(' ');
    }

    private static string ReadOrEmpty(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return string.Empty;
        }
        catch (UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }

    private static double ClockTicks()
    {
        try
        {
            using var getconf = Process.Start(new ProcessStartInfo("getconf", "CLK_TCK") { RedirectStandardOutput = true })!;
            var text = getconf.StandardOutput.ReadToEnd().Trim();
            getconf.WaitForExit();
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var ticks) && ticks > 0 ? ticks : 100;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return 100;
        }
    }
}
