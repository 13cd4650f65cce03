using System.Diagnostics;

namespace DurableIngest.Testing;

/// <summary>What the throwaway test servers (PostgreSQL, MariaDB, Azurite) share: free ports, tool runs, and a watchdog.</summary>
internal static class ServerProcesses
{
    /// <summary>Runs a tool to its end and returns its exit code with what it printed (standard output, then error).</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(
        string server, string fileName, IReadOnlyList<string> arguments, string? workingDirectory, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{server} test server: could not start {fileName}");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, (await stdout) + (await stderr));
    }

    /// <summary>
    /// A detached shell that runs <paramref name="cleanUp"/> once this process is gone, however it ended (a test host
    /// killed at the end of a run, or kill -9), so no test ever leaves a server behind.
    /// </summary>
    public static void StartWatchdog(string cleanUp)
    {
        var script = "exec </dev/null >/dev/null 2>&1; " + $"while kill -0 {Environment.ProcessId} 2>/dev/null; do sleep 1; done; {cleanUp}";
        var start = new ProcessStartInfo("setsid") { RedirectStandardOutput = false, RedirectStandardError = false, UseShellExecute = false };
        foreach (var argument in (string[])["/bin/sh", "-c", script])
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var watchdog = Process.Start(start);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No setsid: the servers' ProcessExit handlers still stop them on a normal exit.
        }
    }
}
