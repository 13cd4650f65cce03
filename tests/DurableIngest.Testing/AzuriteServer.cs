using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Azure.Storage.Blobs;

namespace DurableIngest.Testing;

/// <summary>
/// A real Azurite blob service on 127.0.0.1 and a free port, storing into a temporary folder, started from the
/// npm package pinned in <c>tests/tools/azurite</c>. One per test process (<see cref="Shared"/>), killed when the
/// process exits; a test that stops and restarts the service (<see cref="Stop"/>, <see cref="Restart"/>) starts its own. When Azurite is not installed or does not start, tests fail with the fix in the message.
/// <see cref="StartWithQueuesAndTables"/> starts the queue and table services too (a Durable Task hub needs all three).
/// </summary>
public sealed class AzuriteServer : IDisposable
{
    public const string InstallCommand = "npm ci --prefix tests/tools/azurite";

    /// <summary>Azurite's (and the old storage emulator's) account name.</summary>
    public const string AccountName = "devstoreaccount1";

    /// <summary>Azurite's published, well-known account key: only good against a local emulator, and a secret the tests look for in what runs write.</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly Lazy<AzuriteServer> SharedInstance = new(StartShared, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly string _executable;
    private readonly (int Queue, int Table)? _queueAndTablePorts;
    private readonly string _location;
    private readonly StringBuilder _output;
    private Process _process;
    private bool _disposed;

    private AzuriteServer(string executable, Process process, string location, StringBuilder output, int port, (int Queue, int Table)? queueAndTablePorts = null)
    {
        _executable = executable;
        _queueAndTablePorts = queueAndTablePorts;
        _process = process;
        _location = location;
        _output = output;
        Port = port;
        BlobEndpoint = new Uri($"http://127.0.0.1:{port}/{AccountName}");
    }

    /// <summary>The process-wide instance, started on first use.</summary>
    public static AzuriteServer Shared => SharedInstance.Value;

    public int Port { get; }

    public Uri BlobEndpoint { get; }

    /// <summary>The queue service, when this server runs one (<see cref="StartWithQueuesAndTables"/>).</summary>
    public Uri? QueueEndpoint => _queueAndTablePorts is { } ports ? new Uri($"http://127.0.0.1:{ports.Queue}/{AccountName}") : null;

    /// <summary>The table service, when this server runs one (<see cref="StartWithQueuesAndTables"/>).</summary>
    public Uri? TableEndpoint => _queueAndTablePorts is { } ports ? new Uri($"http://127.0.0.1:{ports.Table}/{AccountName}") : null;

    /// <summary>A full connection string for Azurite's well-known account on this server's port(s).</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};BlobEndpoint={BlobEndpoint};"
        + (_queueAndTablePorts is null ? string.Empty : $"QueueEndpoint={QueueEndpoint};TableEndpoint={TableEndpoint};");

    /// <summary>A client for this server's account (the tests' own view of what was written).</summary>
    public BlobServiceClient Client() => new(ConnectionString);

    /// <summary>A container name no other test uses (valid by the Blob service's rules).</summary>
    public static string NewContainerName(string hint = "t")
    {
        var clean = new string(hint.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).Take(20).ToArray());
        return $"{(clean.Length == 0 ? "t" : clean)}-{Guid.NewGuid():N}";
    }

    /// <summary>Starts a new, private server (most tests use <see cref="Shared"/>).</summary>
    public static AzuriteServer Start()
    {
        var executable = FindExecutable();
        Exception? last = null;
        // A free port can be taken between probing and Azurite binding it; try a few.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                return StartOn(executable, LoopbackPort.Free(), null);
            }
            catch (InvalidOperationException e) when (e.Message.Contains("EADDRINUSE", StringComparison.Ordinal))
            {
                last = e;
            }
        }

        throw last!;
    }

    /// <summary>
    /// Starts a new, private server with the blob, queue and table services (all of Azurite), each on a free port of
    /// its own, stopped when this process exits however it ends.
    /// </summary>
    public static AzuriteServer StartWithQueuesAndTables()
    {
        var executable = FindExecutable("azurite");
        Exception? last = null;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                var server = StartOn(executable, LoopbackPort.Free(), (LoopbackPort.Free(), LoopbackPort.Free()));
                AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Dispose();
                server.StartWatchdog();
                return server;
            }
            catch (InvalidOperationException e) when (e.Message.Contains("EADDRINUSE", StringComparison.Ordinal))
            {
                last = e;
            }
        }

        throw last!;
    }

    /// <summary>
    /// Stops the server as a service manager would (SIGTERM: Azurite saves its metadata and closes), keeping its data
    /// folder, so <see cref="Restart"/> brings the same blobs back on the same port.
    /// </summary>
    public void Stop()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_process.HasExited)
        {
            return;
        }

        using (var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false }))
        {
            kill?.WaitForExit(10_000);
        }

        if (!_process.WaitForExit(30_000))
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
    }

    /// <summary>Starts the server again on the same port over the same data folder (after <see cref="Stop"/>).</summary>
    public void Restart()
    {
        Stop();
        _process.Dispose();
        _process = Launch(_executable, Port, _queueAndTablePorts, _location, _output);
        WaitUntilAnswering();
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_location, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    private static AzuriteServer StartShared()
    {
        var server = Start();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Dispose();
        server.StartWatchdog();
        return server;
    }

    /// <summary>
    /// A detached shell that stops Azurite and removes its folder once this process is gone however it ended (a test host
    /// ended without running exit handlers, or kill -9): the exit handler alone left one Azurite per test run behind.
    /// </summary>
    private void StartWatchdog()
    {
        var script = "exec </dev/null >/dev/null 2>&1; " + $"while kill -0 {Environment.ProcessId} 2>/dev/null; do sleep 1; done; "
            // Only the process still serving this server's folder: its id may have been reused since.
            + $"grep -q '{_location}' /proc/{_process.Id}/cmdline 2>/dev/null && kill {_process.Id}; sleep 1; rm -rf '{_location}'";
        var start = new ProcessStartInfo("setsid") { UseShellExecute = false };
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
            // No setsid (not Linux): the exit handler still stops the server on a normal exit.
        }
    }

    private static AzuriteServer StartOn(string executable, int port, (int Queue, int Table)? queueAndTablePorts)
    {
        var location = Path.Combine(Path.GetTempPath(), $"durable-ingest-azurite-{Guid.NewGuid():N}");
        Directory.CreateDirectory(location);
        var output = new StringBuilder();
        var process = Launch(executable, port, queueAndTablePorts, location, output);
        var server = new AzuriteServer(executable, process, location, output, port, queueAndTablePorts);
        try
        {
            server.WaitUntilAnswering();
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    private static Process Launch(string executable, int port, (int Queue, int Table)? queueAndTablePorts, string location, StringBuilder output)
    {
        var info = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "--blobHost", "127.0.0.1", "--blobPort", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--location", location, "--silent", "--skipApiVersionCheck", "--disableTelemetry" })
        {
            info.ArgumentList.Add(argument);
        }

        if (queueAndTablePorts is { } ports)
        {
            foreach (var argument in new[] { "--queueHost", "127.0.0.1", "--queuePort", ports.Queue.ToString(System.Globalization.CultureInfo.InvariantCulture), "--tableHost", "127.0.0.1", "--tablePort", ports.Table.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            {
                info.ArgumentList.Add(argument);
            }
        }

        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            process.Dispose();
            throw new InvalidOperationException($"Azurite could not be started from {executable}: {e.Message}. Is Node.js installed? Then run: {InstallCommand}", e);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private void WaitUntilAnswering()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var probe = new Uri(BlobEndpoint + "?comp=list");
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Azurite exited with code {_process.ExitCode} before answering on port {Port}. Its output:{Environment.NewLine}{Output}");
            }

            try
            {
                // Any HTTP answer (an unsigned request gets 403) means the service is up.
                using var response = http.GetAsync(probe).GetAwaiter().GetResult();
                return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            Thread.Sleep(100);
        }

        throw new InvalidOperationException($"Azurite did not answer on port {Port} within {StartTimeout.TotalSeconds:0} s. Its output:{Environment.NewLine}{Output}");
    }

    private string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string FindExecutable(string tool = "azurite-blob")
    {
        var root = FindRepositoryRoot();
        var name = OperatingSystem.IsWindows() ? tool + ".cmd" : tool;
        var path = Path.Combine(root, "tests", "tools", "azurite", "node_modules", ".bin", name);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"Azurite is not installed ({path} is missing). From {root}, run: {InstallCommand}");
        }

        return path;
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "DurableIngest.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No DurableIngest.sln above {AppContext.BaseDirectory}; run the tests from a checkout of the repository, after: {InstallCommand}");
    }
}
