using System.Diagnostics;

namespace DurableIngest.Cli.Tests.Runtime.Faults;

/// <summary>
/// A small tmpfs mounted on a new folder for the life of a test (root only: the tests and CI run as root), so a disk
/// fills up for real. Unmounted and removed on dispose.
/// </summary>
internal sealed class TmpfsMount : IDisposable
{
    private TmpfsMount(string path) => Path = path;

    public string Path { get; }

    public static TmpfsMount Create(string parent, string size)
    {
        var path = System.IO.Path.Combine(parent, "tmpfs-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(path);
        var (exitCode, output) = Run("mount", "-t", "tmpfs", "-o", $"size={size}", "tmpfs", path);
        if (exitCode != 0)
        {
            Directory.Delete(path);
            throw new InvalidOperationException($"mount -t tmpfs -o size={size} tmpfs {path} failed (exit {exitCode}): {output}. The disk-full tests mount a tmpfs and need root.");
        }

        return new TmpfsMount(path);
    }

    public void Dispose()
    {
        // Lazily, so a file still open in a child process that has not exited yet cannot keep the mount behind.
        Run("umount", "--lazy", Path);
        Directory.Delete(Path, recursive: true);
    }

    private static (int ExitCode, string Output) Run(string command, params string[] arguments)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {command}");
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }
}
