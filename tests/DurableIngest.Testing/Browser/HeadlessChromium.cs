using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace DurableIngest.Testing.Browser;

/// <summary>
/// Debian's Chromium, headless, as the tests' real browser: renders a local page to a PNG or prints its DOM after
/// layout. Missing Chromium is a failure naming the fix (tests/run.sh installs it), never a skip.
/// </summary>
public static class HeadlessChromium
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan OutputGrace = TimeSpan.FromSeconds(5);

    public static string Executable
    {
        get
        {
            string[] candidates = [Environment.GetEnvironmentVariable("DURABLE_INGEST_CHROMIUM") ?? string.Empty, "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];
            return candidates.FirstOrDefault(File.Exists)
                ?? throw new InvalidOperationException(
                    "Chromium is not installed (looked for /usr/bin/chromium, /usr/bin/chromium-browser, /usr/bin/google-chrome and $DURABLE_INGEST_CHROMIUM): " +
                    "run the tests with `bash tests/run.sh`, which installs it, or `apt-get install chromium`.");
        }
    }

    /// <summary>Renders <paramref name="page"/> in a window of the given size and saves what it shows to <paramref name="png"/>.</summary>
    public static async Task ScreenshotAsync(string page, string png, int width, int height, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(png))!);
        File.Delete(png);
        var (exitCode, output) = await RunAsync(
            [$"--screenshot={png}", string.Create(CultureInfo.InvariantCulture, $"--window-size={width},{height}"), new Uri(Path.GetFullPath(page)).AbsoluteUri], cancellationToken);
        if (exitCode != 0 || !File.Exists(png))
        {
            throw new InvalidOperationException($"Chromium did not save a screenshot of {page} (exit {exitCode}):\n{output}");
        }
    }

    /// <summary>The page's DOM as Chromium serializes it once loaded.</summary>
    public static async Task<string> DumpDomAsync(string page, CancellationToken cancellationToken)
    {
        var (exitCode, output) = await RunAsync(["--dump-dom", new Uri(Path.GetFullPath(page)).AbsoluteUri], cancellationToken, stdoutOnly: true);
        return exitCode == 0 ? output : throw new InvalidOperationException($"Chromium could not load {page} (exit {exitCode}):\n{output}");
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken, bool stdoutOnly = false)
    {
        var profile = Directory.CreateTempSubdirectory("di-chromium-");
        try
        {
            var start = new ProcessStartInfo(Executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            // No sandbox: the tests may run as root, where Chromium refuses its sandbox. The pages are our own files.
            foreach (var argument in (string[])["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run", "--disable-extensions", $"--user-data-dir={profile.FullName}"])
            {
                start.ArgumentList.Add(argument);
            }

            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {Executable}");
            // Chromium's helpers (crashpad, zygote) inherit the pipes and may outlive the browser: the output is read
            // until the pipes close or a grace period after the browser exits, never until a helper dies.
            using var drain = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var stdout = DrainAsync(process.StandardOutput, drain.Token);
            var stderr = DrainAsync(process.StandardError, drain.Token);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Timeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"Chromium did not finish within {Timeout.TotalSeconds:0} s: {string.Join(' ', arguments)}");
            }

            drain.CancelAfter(OutputGrace);
            return (process.ExitCode, stdoutOnly ? await stdout : await stdout + await stderr);
        }
        finally
        {
            try
            {
                profile.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A helper that outlived the browser may still write its crash database here; the folder is temporary.
            }
        }
    }

    private static async Task<string> DrainAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        var buffer = new char[16 * 1024];
        try
        {
            int read;
            while ((read = await reader.ReadAsync(buffer, cancellationToken)) > 0)
            {
                text.Append(buffer, 0, read);
            }
        }
        catch (OperationCanceledException)
        {
            // A helper still holds the pipe: what the browser wrote before it exited has been read.
        }

        return text.ToString();
    }
}
