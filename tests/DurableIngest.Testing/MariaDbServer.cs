using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using MySqlConnector;

namespace DurableIngest.Testing;

/// <summary>
/// A throwaway MariaDB server on 127.0.0.1: <c>mariadb-install-db</c> into a temp directory, <c>mariadbd</c> started on
/// a free port (its unix socket inside that directory), killed and deleted on dispose. Administration goes through the
/// socket as root; tests connect over TCP as <see cref="User"/> with <see cref="Password"/>, so password
/// authentication is exercised for real. Settings favour speed over durability. A server that cannot start throws,
/// naming what failed; tests that need it fail, they never skip. As root, the server runs with <c>--user=root</c>.
/// </summary>
public sealed class MariaDbServer : IAsyncDisposable
{
    public const string User = "durable_ingest";
    public const string Password = "s3cret-for-mariadb-tests";
    public const string BinEnvironmentVariable = "DURABLE_INGEST_TEST_MARIADB_BIN";

    private static readonly Lazy<Task<MariaDbServer>> SharedInstance = new(() => StartAsync(new MariaDbServerOptions(), CancellationToken.None));

    private readonly Process _process;
    private int _stopped;

    private MariaDbServer(string serverBinary, string rootDirectory, int port, Process process)
    {
        ServerBinary = serverBinary;
        RootDirectory = rootDirectory;
        Port = port;
        _process = process;
    }

    /// <summary>One server per test process, started on first use and stopped when the process exits.</summary>
    public static Task<MariaDbServer> SharedAsync() => SharedInstance.Value;

    public string ServerBinary { get; }

    public string RootDirectory { get; }

    public string Host { get; } = "127.0.0.1";

    public int Port { get; }

    public string HostPort => $"{Host}:{Port.ToString(CultureInfo.InvariantCulture)}";

    public string Socket => Path.Combine(RootDirectory, "mariadb.sock");

    public string LogFile => Path.Combine(RootDirectory, "server.log");

    /// <summary>A connection string as <see cref="User"/> over TCP, optionally with a default schema.</summary>
    public string ConnectionString(string? schema = null) =>
        new MySqlConnectionStringBuilder
        {
            Server = Host,
            Port = (uint)Port,
            UserID = User,
            Password = Password,
            Database = schema ?? string.Empty,
            SslMode = MySqlSslMode.None,
            Pooling = false,
            ConnectionTimeout = 30,
            DefaultCommandTimeout = 600,
        }.ConnectionString;

    /// <summary>Runs SQL (several statements allowed) as root over the socket, in <paramref name="schema"/> when given.</summary>
    public async Task ExecuteAsync(string? schema, string sql, CancellationToken cancellationToken = default)
    {
        await using var connection = new MySqlConnection(AdminConnectionString(schema));
        await connection.OpenAsync(cancellationToken);
        await using var command = new MySqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task CreateSchemaAsync(string name, CancellationToken cancellationToken = default) =>
        ExecuteAsync(null, $"CREATE DATABASE {QuoteIdentifier(name)} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci", cancellationToken);

    public static string QuoteIdentifier(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return "`" + name.Replace("`", "``", StringComparison.Ordinal) + "`";
    }

    /// <summary>A string literal for SQL text: quoted, with quotes and backslashes escaped.</summary>
    public static string QuoteString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return "'" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal) + "'";
    }

    public static async Task<MariaDbServer> StartAsync(MariaDbServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var (installDb, serverBinary) = FindBinaries();
        var root = Path.Combine(Path.GetTempPath(), "di-mariadb-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(root);
        var asRoot = Environment.UserName == "root";
        try
        {
            var data = Path.Combine(root, "data");
            string[] install =
            [
                "--no-defaults", $"--datadir={data}", "--auth-root-authentication-method=normal", "--skip-test-db",
                .. asRoot ? ["--user=root"] : Array.Empty<string>(),
            ];
            var (exitCode, output) = await RunAsync(installDb, install, root, cancellationToken);
            if (exitCode != 0)
            {
                throw new InvalidOperationException($"MariaDB test server: mariadb-install-db failed (exit code {exitCode}) in {root}.{Environment.NewLine}{output}");
            }

            var port = LoopbackPort.Free();
            var process = StartServer(serverBinary, root, data, port, asRoot, options);
            var server = new MariaDbServer(serverBinary, root, port, process);
            try
            {
                await server.WaitUntilReadyAsync(cancellationToken);
                await server.ExecuteAsync(null, $"""
                    CREATE USER '{User}'@'%' IDENTIFIED BY '{Password}';
                    GRANT ALL PRIVILEGES ON *.* TO '{User}'@'%' WITH GRANT OPTION;
                    """, cancellationToken);
            }
            catch
            {
                server.Stop();
                throw;
            }

            AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
            server.StartWatchdog();
            return server;
        }
        catch
        {
            TryDelete(root);
            throw;
        }
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        return ValueTask.CompletedTask;
    }

    private static Process StartServer(string serverBinary, string root, string data, int port, bool asRoot, MariaDbServerOptions options)
    {
        var start = new ProcessStartInfo(serverBinary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = root,
        };
        string[] arguments =
        [
            "--no-defaults", $"--datadir={data}", $"--socket={Path.Combine(root, "mariadb.sock")}", $"--port={port}",
            "--bind-address=127.0.0.1", $"--pid-file={Path.Combine(root, "mariadb.pid")}", $"--log-error={Path.Combine(root, "server.log")}",
            "--skip-log-bin", "--innodb-flush-log-at-trx-commit=0", "--innodb-doublewrite=0", "--sync-frm=0",
            "--character-set-server=utf8mb4", "--collation-server=utf8mb4_unicode_ci", "--max-connections=200",
            $"--innodb-buffer-pool-size={options.BufferPoolSize}", $"--table-definition-cache={options.TableDefinitionCache}",
            $"--table-open-cache={options.TableOpenCache}",
            .. asRoot ? ["--user=root"] : Array.Empty<string>(),
            .. options.Settings,
        ];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"MariaDB test server: could not start {serverBinary}");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    // The server is ready when its socket accepts root; it may take a few seconds to create InnoDB's files.
    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"MariaDB test server: mariadbd exited with code {_process.ExitCode} in {RootDirectory}.{Environment.NewLine}{ReadLog()}");
            }

            try
            {
                await using var connection = new MySqlConnection(AdminConnectionString(null));
                await connection.OpenAsync(cancellationToken);
                return;
            }
            catch (MySqlException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100, cancellationToken);
            }
            catch (MySqlException e)
            {
                throw new InvalidOperationException($"MariaDB test server: not accepting connections after 120 s in {RootDirectory}: {e.Message}{Environment.NewLine}{ReadLog()}", e);
            }
        }
    }

    private string AdminConnectionString(string? schema) =>
        new MySqlConnectionStringBuilder
        {
            Server = Socket,
            ConnectionProtocol = MySqlConnectionProtocol.UnixSocket,
            UserID = "root",
            Database = schema ?? string.Empty,
            Pooling = false,
            AllowUserVariables = true,
            DefaultCommandTimeout = 0,
        }.ConnectionString;

    private string ReadLog() => File.Exists(LogFile) ? File.ReadAllText(LogFile) : "(no server log)";

    /// <summary>
    /// A detached shell that kills the server and removes its directory once this process is gone, however it ended
    /// (a test host killed at the end of a run, or kill -9), so no test ever leaves a server behind.
    /// </summary>
    private void StartWatchdog() =>
        ServerProcesses.StartWatchdog($"kill -9 {_process.Id} 2>/dev/null; sleep 1; rm -rf '{RootDirectory}'");

    private void Stop()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(30_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
        for (var attempt = 0; attempt < 20 && Directory.Exists(RootDirectory); attempt++)
        {
            TryDelete(RootDirectory);
            if (Directory.Exists(RootDirectory))
            {
                Thread.Sleep(100);
            }
        }
    }

    /// <summary>mariadb-install-db and mariadbd: from the env override's folder, else Debian's /usr/bin and /usr/sbin, else the PATH.</summary>
    public static (string InstallDb, string Server) FindBinaries()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(BinEnvironmentVariable);
        string[] folders = string.IsNullOrWhiteSpace(fromEnvironment)
            ? ["/usr/bin", "/usr/sbin", "/usr/local/bin", "/usr/local/sbin", .. (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries)]
            : [fromEnvironment];
        var installDb = folders.Select(f => Path.Combine(f, "mariadb-install-db")).FirstOrDefault(File.Exists);
        var server = folders.Select(f => Path.Combine(f, "mariadbd")).FirstOrDefault(File.Exists);
        if (installDb is null || server is null)
        {
            throw new InvalidOperationException(
                $"MariaDB test server: no mariadb-install-db and mariadbd in {string.Join(", ", folders.Distinct())}; "
                + $"install mariadb-server (apt-get install mariadb-server) or point {BinEnvironmentVariable} at the folder holding both");
        }

        return (installDb, server);
    }

    /// <summary>A client tool (mariadb-dump, mariadb) from the same places as the server.</summary>
    public static string ClientTool(string name)
    {
        string[] folders = ["/usr/bin", "/usr/local/bin", .. (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries)];
        return folders.Select(f => Path.Combine(f, name)).FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException($"{name} not found in {string.Join(", ", folders.Distinct())}; install mariadb-client (apt-get install mariadb-client)");
    }

    private static Task<(int ExitCode, string Output)> RunAsync(string fileName, IReadOnlyList<string> arguments, string workingDirectory, CancellationToken cancellationToken) =>
        ServerProcesses.RunAsync("MariaDB", fileName, arguments, workingDirectory, cancellationToken);

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover temp directory is harmless.
        }
    }
}
