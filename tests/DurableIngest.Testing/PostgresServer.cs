using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Npgsql;

namespace DurableIngest.Testing;

/// <summary>
/// A throwaway PostgreSQL cluster on 127.0.0.1: <c>initdb</c> into a temp directory, <c>pg_ctl -w start</c> on a free
/// port with its unix socket inside that directory, stopped and deleted on dispose. Loopback connections are trusted,
/// except for <see cref="PasswordUser"/>, who must give <see cref="Password"/> (so password authentication is exercised
/// for real). Settings favour speed over durability. A server that cannot start throws, naming what failed; tests
/// that need it fail, they never skip.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    public const string SuperUser = "postgres";
    public const string PasswordUser = "durable_ingest_pw";
    public const string Password = "s3cret-for-tests";
    public const string BinEnvironmentVariable = "DURABLE_INGEST_TEST_PG_BIN";

    private static readonly Lazy<Task<PostgresServer>> SharedInstance = new(() => StartAsync(new PostgresServerOptions(), CancellationToken.None));

    private readonly string _dataDirectory;
    private readonly string? _runAsUser;
    private int _stopped;

    private PostgresServer(string binDirectory, string rootDirectory, int port, string? runAsUser)
    {
        BinDirectory = binDirectory;
        RootDirectory = rootDirectory;
        _dataDirectory = Path.Combine(rootDirectory, "data");
        Port = port;
        _runAsUser = runAsUser;
    }

    /// <summary>One server per test process, started on first use and stopped when the process exits.</summary>
    public static Task<PostgresServer> SharedAsync() => SharedInstance.Value;

    public string BinDirectory { get; }

    public string RootDirectory { get; }

    public string Host { get; } = "127.0.0.1";

    public int Port { get; }

    public string HostPort => $"{Host}:{Port.ToString(CultureInfo.InvariantCulture)}";

    public string LogFile => Path.Combine(RootDirectory, "server.log");

    /// <summary>A connection string as the superuser (trusted, no password) to <paramref name="database"/>.</summary>
    public string ConnectionString(string database = "postgres") =>
        new NpgsqlConnectionStringBuilder
        {
            Host = Host,
            Port = Port,
            Username = SuperUser,
            Database = database,
            Pooling = false,
            Timeout = 30,
            CommandTimeout = 300,
        }.ConnectionString;

    public async Task CreateDatabaseAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"CREATE DATABASE {QuoteIdentifier(name)} TEMPLATE template0 ENCODING 'UTF8'", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Runs SQL (several statements allowed) in <paramref name="database"/> as the superuser.</summary>
    public async Task ExecuteAsync(string database, string sql, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(ConnectionString(database));
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// <c>pg_ctl restart -m fast</c>: every session is terminated (clients see 57P01 or a closed connection), the server
    /// stops and starts again on the same port and data; returns once it accepts connections again.
    /// </summary>
    public Task RestartAsync(CancellationToken cancellationToken = default) =>
        RunPostgresToolAsync(
            Path.Combine(BinDirectory, "pg_ctl"), ["-D", _dataDirectory, "-l", LogFile, "-m", "fast", "-w", "-t", "60", "restart"], "pg_ctl restart", cancellationToken);

    public static string QuoteIdentifier(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    public static async Task<PostgresServer> StartAsync(PostgresServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var bin = FindBinDirectory();
        var runAsUser = Environment.UserName == "root" ? SuperUser : null;
        var root = Path.Combine(Path.GetTempPath(), "di-pg-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(root);
        try
        {
            if (runAsUser is not null)
            {
                await RunAsync("chown", ["-R", $"{runAsUser}:", root], null, cancellationToken);
            }

            var server = new PostgresServer(bin, root, LoopbackPort.Free(), runAsUser);
            await server.InitializeAsync(options, cancellationToken);
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

    private async Task InitializeAsync(PostgresServerOptions options, CancellationToken cancellationToken)
    {
        var initdb = Path.Combine(BinDirectory, "initdb");
        await RunPostgresToolAsync(initdb, ["-D", _dataDirectory, "-U", SuperUser, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"], "initdb", cancellationToken);

        var settings = new StringBuilder()
            .AppendLine("listen_addresses = '127.0.0.1'")
            .AppendLine(CultureInfo.InvariantCulture, $"port = {Port}")
            .AppendLine(CultureInfo.InvariantCulture, $"unix_socket_directories = '{RootDirectory}'")
            .AppendLine("fsync = off")
            .AppendLine("synchronous_commit = off")
            .AppendLine("full_page_writes = off")
            .AppendLine("max_connections = 200")
            .AppendLine(CultureInfo.InvariantCulture, $"max_locks_per_transaction = {options.MaxLocksPerTransaction}")
            .AppendLine(CultureInfo.InvariantCulture, $"shared_buffers = '{options.SharedBuffers}'")
            .AppendLine("password_encryption = 'scram-sha-256'");
        foreach (var (key, value) in options.Settings)
        {
            settings.AppendLine(CultureInfo.InvariantCulture, $"{key} = '{value}'");
        }

        await File.AppendAllTextAsync(Path.Combine(_dataDirectory, "postgresql.conf"), settings.ToString(), cancellationToken);
        var hba = $"""
            local all all trust
            host all {PasswordUser} 127.0.0.1/32 scram-sha-256
            host all all 127.0.0.1/32 trust

            """;
        await File.WriteAllTextAsync(Path.Combine(_dataDirectory, "pg_hba.conf"), hba, cancellationToken);

        var pgCtl = Path.Combine(BinDirectory, "pg_ctl");
        await RunPostgresToolAsync(pgCtl, ["-D", _dataDirectory, "-l", LogFile, "-w", "-t", "60", "start"], "pg_ctl start", cancellationToken);

        await using var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"CREATE ROLE {PasswordUser} LOGIN SUPERUSER PASSWORD '{Password}'", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// A detached shell that stops the server and removes its directory once this process is gone, however it ended
    /// (a test host killed at the end of a run, or kill -9), so no test ever leaves a server behind.
    /// </summary>
    private void StartWatchdog()
    {
        var pgCtl = Path.Combine(BinDirectory, "pg_ctl");
        var stop = _runAsUser is null ? $"'{pgCtl}'" : $"runuser -u {_runAsUser} -- '{pgCtl}'";
        ServerProcesses.StartWatchdog($"{stop} -D '{_dataDirectory}' -m immediate -w stop >/dev/null 2>&1; rm -rf '{RootDirectory}'");
    }

    private void Stop()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        try
        {
            var pgCtl = Path.Combine(BinDirectory, "pg_ctl");
            var (fileName, arguments) = Command(pgCtl, ["-D", _dataDirectory, "-m", "immediate", "-w", "stop"]);
            using var process = Process.Start(new ProcessStartInfo(fileName, arguments) { RedirectStandardOutput = true, RedirectStandardError = true });
            process?.WaitForExit(30_000);
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Nothing more to do: the directory is removed below either way.
        }

        // The postmaster may still be removing its own files for a moment after pg_ctl returns.
        for (var attempt = 0; attempt < 20 && Directory.Exists(RootDirectory); attempt++)
        {
            TryDelete(RootDirectory);
            if (Directory.Exists(RootDirectory))
            {
                Thread.Sleep(100);
            }
        }
    }

    private async Task RunPostgresToolAsync(string tool, IReadOnlyList<string> arguments, string what, CancellationToken cancellationToken)
    {
        var (fileName, allArguments) = Command(tool, arguments);
        var (exitCode, output) = await RunAsync(fileName, allArguments, RootDirectory, cancellationToken, throwOnFailure: false);
        if (exitCode != 0)
        {
            var log = File.Exists(LogFile) ? await File.ReadAllTextAsync(LogFile, cancellationToken) : string.Empty;
            throw new InvalidOperationException(
                $"PostgreSQL test server: {what} failed (exit code {exitCode}) in {RootDirectory}.{Environment.NewLine}{output}{Environment.NewLine}{log}");
        }
    }

    private (string FileName, IReadOnlyList<string> Arguments) Command(string tool, IReadOnlyList<string> arguments) =>
        _runAsUser is null ? (tool, arguments) : ("runuser", ["-u", _runAsUser, "--", tool, .. arguments]);

    private static async Task<(int ExitCode, string Output)> RunAsync(
        string fileName, IReadOnlyList<string> arguments, string? workingDirectory, CancellationToken cancellationToken, bool throwOnFailure = true)
    {
        var (exitCode, output) = await ServerProcesses.RunAsync("PostgreSQL", fileName, arguments, workingDirectory, cancellationToken);
        if (throwOnFailure && exitCode != 0)
        {
            throw new InvalidOperationException($"PostgreSQL test server: '{fileName} {string.Join(' ', arguments)}' failed (exit code {exitCode}): {output}");
        }

        return (exitCode, output);
    }

    /// <summary>The directory holding initdb, pg_ctl and pg_dump: the env override, the newest /usr/lib/postgresql/*/bin, or pg_config --bindir.</summary>
    public static string FindBinDirectory()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(BinEnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return HasServerBinaries(fromEnvironment)
                ? fromEnvironment
                : throw new InvalidOperationException(
                    $"PostgreSQL test server: {BinEnvironmentVariable}={fromEnvironment} has no initdb and pg_ctl; point it at PostgreSQL's bin directory");
        }

        const string debianRoot = "/usr/lib/postgresql";
        if (Directory.Exists(debianRoot))
        {
            var newest = Directory.GetDirectories(debianRoot)
                .Select(d => (Directory: Path.Combine(d, "bin"), Version: int.TryParse(Path.GetFileName(d), CultureInfo.InvariantCulture, out var v) ? v : 0))
                .Where(d => HasServerBinaries(d.Directory))
                .OrderByDescending(d => d.Version)
                .Select(d => d.Directory)
                .FirstOrDefault();
            if (newest is not null)
            {
                return newest;
            }
        }

        try
        {
            using var process = Process.Start(new ProcessStartInfo("pg_config", "--bindir") { RedirectStandardOutput = true, RedirectStandardError = true });
            var bindir = process?.StandardOutput.ReadToEnd().Trim();
            process?.WaitForExit();
            if (!string.IsNullOrEmpty(bindir) && HasServerBinaries(bindir))
            {
                return bindir;
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // pg_config is not installed either; fall through to the message below.
        }

        throw new InvalidOperationException(
            "PostgreSQL test server: no initdb/pg_ctl found in /usr/lib/postgresql/*/bin, via pg_config --bindir, or in "
            + $"{BinEnvironmentVariable}; install postgresql (apt-get install postgresql)");
    }

    private static bool HasServerBinaries(string directory) =>
        File.Exists(Path.Combine(directory, "initdb")) && File.Exists(Path.Combine(directory, "pg_ctl"));

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
