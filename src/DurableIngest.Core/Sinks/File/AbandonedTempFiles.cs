using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace DurableIngest.Sinks.File;

/// <summary>
/// The file sink's temporary files name the process writing them (a tag of the host and the process id), so one left
/// behind by a process that died between writing and renaming (kill -9, a crash) can be told apart and removed: the
/// catalog of a resumed run then holds exactly the files of an uninterrupted one. Temporary files of this process, of
/// a live process, or of another host are never touched.
/// </summary>
internal static class AbandonedTempFiles
{
    private const string Suffix = ".tmp";

    private static readonly string HostTag = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Environment.MachineName))[..4]);

    /// <summary>A fresh temporary file name next to <paramref name="path"/>: <c>&lt;path&gt;.&lt;host&gt;-&lt;pid&gt;.&lt;guid&gt;.tmp</c>.</summary>
    public static string NameFor(string path, int processId) =>
        string.Create(CultureInfo.InvariantCulture, $"{path}.{HostTag}-{processId}.{Guid.NewGuid():N}{Suffix}");

    /// <summary>Deletes the temporary files in <paramref name="directory"/> (not below it) whose process is gone; returns how many.</summary>
    public static int Remove(string directory)
    {
        var removed = 0;
        foreach (var file in Directory.EnumerateFiles(directory, "*" + Suffix))
        {
            if (!IsAbandoned(Path.GetFileName(file)))
            {
                continue;
            }

            try
            {
                System.IO.File.Delete(file);
                removed++;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Left for the next sweep; a stray temporary file never affects the documents themselves.
            }
        }

        return removed;
    }

    internal static bool IsAbandoned(string fileName)
    {
        var parts = fileName.Split('.');
        if (parts.Length < 4 || parts[^1] != Suffix[1..] || parts[^2].Length != 32)
        {
            return false;
        }

        var owner = parts[^3].Split('-');
        return owner.Length == 2
            && owner[0] == HostTag
            && int.TryParse(owner[1], NumberStyles.None, CultureInfo.InvariantCulture, out var processId)
            && processId != Environment.ProcessId
            && !IsRunning(processId);
    }

    private static bool IsRunning(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }
}
