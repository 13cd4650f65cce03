using System.Diagnostics;
using System.Reflection;

namespace DurableIngest.Infra;

/// <summary>
/// The Bicep CLI restored from the Azure.Bicep.CommandLine.linux-x64 package. The build writes its location into this
/// assembly as <c>[AssemblyMetadata("BicepPath", ...)]</c> (see the .csproj), so no machine-local path is committed.
/// </summary>
internal static class BicepCli
{
    public sealed record Result(int ExitCode, string Output, string Error);

    private static readonly Lazy<string> Executable = new(FindExecutable);

    public static string Path => Executable.Value;

    public static async Task<Result> RunAsync(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(Path)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {Path}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', arguments)} did not finish within 3 minutes");
        }

        return new Result(process.ExitCode, await output, await error);
    }

    private static string FindExecutable()
    {
        var path = typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(attribute => attribute.Key == "BicepPath")?.Value;
        if (string.IsNullOrEmpty(path) || !File.Exists(path))
        {
            throw new InvalidOperationException(
                $"The Bicep CLI is not where the build said it is ('{path}'): restore Azure.Bicep.CommandLine.linux-x64.");
        }

        // NuGet extracts the package's files as they were packed; if the execute bit did not survive, set it here.
        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(path);
            const UnixFileMode execute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
            if ((mode & UnixFileMode.UserExecute) == 0)
            {
                File.SetUnixFileMode(path, mode | execute);
            }
        }

        return path;
    }
}
