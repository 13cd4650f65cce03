using System.CommandLine;
using DurableIngest.Configuration;
using DurableIngest.RunStore;
using DurableIngest.Storage.Blob;

namespace DurableIngest.Cli.Commands;

/// <summary>
/// How <c>status</c>, <c>runs</c> and <c>resume</c> find a run store, first match wins: <c>--run-store DIR</c> (a local
/// folder); <c>--run-store-connection</c> and/or <c>--run-store-container</c> (an Azure Blob container; the connection, a
/// connection string or an account URL signed in with DefaultAzureCredential, defaults to the <c>AzureWebJobsStorage</c>
/// connection, identity-based ones included); the <c>-c</c> file's <c>distributedExecution.runStore</c>; else the
/// default local folder <c>.durable-ingest</c>.
/// </summary>
internal sealed class RunStoreArguments
{
    public const string ConnectionSetting = "AzureWebJobsStorage";

    public Option<string?> Folder { get; } = new("--run-store")
    {
        Description = "Local run store folder (default: the -c file's runStore, else .durable-ingest).",
    };

    public Option<string?> Connection { get; } = new("--run-store-connection")
    {
        Description = $"Blob run store: a storage connection string, or an account URL (https://<account>.blob.core.windows.net, signed in with DefaultAzureCredential) (default: the {ConnectionSetting} connection, which keeps any key off the command line).",
    };

    public Option<string?> Container { get; } = new("--run-store-container")
    {
        Description = $"Blob run store: the container (default {new RunStoreOptions().Container}).",
    };

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Folder);
        command.Options.Add(Connection);
        command.Options.Add(Container);
    }

    /// <summary>
    /// The run store the arguments name. Command-line problems are all returned in <paramref name="problems"/> (never
    /// echoing a connection string); a bad <paramref name="config"/> file throws <see cref="ConfigException"/>.
    /// </summary>
    public RunStoreOptions? Resolve(ParseResult parse, FileInfo? config, Func<string, string?> environment, out List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(environment);
        problems = [];
        var folder = parse.GetValue(Folder);
        var connection = parse.GetValue(Connection);
        var container = parse.GetValue(Container);
        var defaults = new RunStoreOptions();
        if (connection is null && container is null)
        {
            if (folder is not null)
            {
                return CheckFolder(folder, problems) ? defaults with { Path = folder } : null;
            }

            return config is null ? defaults : CliServices.CreateLoader().LoadRunStoreFile(config.FullName);
        }

        if (folder is not null)
        {
            problems.Add("--run-store names a local folder and --run-store-connection/--run-store-container a blob container; give one or the other");
        }

        var account = connection is null ? FromSetting(environment, problems) : FromFlag(connection, problems);
        container ??= defaults.Container;
        if (!BlobNames.IsValidContainerName(container))
        {
            problems.Add($"--run-store-container '{container}' is not a valid container name: use {BlobNames.ContainerNameRule}");
        }

        return problems.Count > 0 ? null : new RunStoreOptions { Type = RunStoreOptions.BlobType, Account = account, Container = container };
    }

    /// <summary>
    /// Opens the store the arguments name, or prints why it cannot (every command-line problem at once, or the config
    /// file's problems) and returns null.
    /// </summary>
    public OpenedRunStore? Open(ParseResult parse, FileInfo? config)
    {
        RunStoreOptions? options;
        List<string> problems;
        try
        {
            options = Resolve(parse, config, Environment.GetEnvironmentVariable, out problems);
        }
        catch (ConfigException e)
        {
            ConfigErrors.Report(e, config?.ToString());
            return null;
        }

        if (options is null)
        {
            problems.ForEach(Console.Error.WriteLine);
            return null;
        }

        return new OpenedRunStore(RunStoreFactory.Create(options), options);
    }

    /// <summary>Where a run store is, for messages: the folder, or the container and endpoint (never the key).</summary>
    public static string Describe(RunStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Type != RunStoreOptions.BlobType)
        {
            return Path.GetFullPath(options.Path);
        }

        return options.Account is { } account
            ? $"blob container '{options.Container}' at {account.ServiceUri}"
            : $"blob container '{options.Container}'";
    }

    /// <summary>The command-line arguments that name the same store again (for hints), without the connection string.</summary>
    public static string Hint(RunStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Type == RunStoreOptions.BlobType ? $"--run-store-container {options.Container}" : $"--run-store {options.Path}";
    }

    private static BlobAccount? FromSetting(Func<string, string?> environment, List<string> problems)
    {
        var settingProblems = new List<ConfigProblem>();
        var account = BlobConnectionSetting.Read(ConnectionSetting, environment, settingProblems);
        problems.AddRange(settingProblems.Select(p => $"{p.Path}: {p.Message}"));
        if (account is null && settingProblems.Count == 0)
        {
            problems.Add(
                $"the blob run store needs a connection: give --run-store-connection (a connection string or an account URL), or set the {ConnectionSetting} "
                + $"setting (or {ConnectionSetting}{BlobConnectionSetting.AccountNameSuffix} for an identity)");
        }

        return account;
    }

    private static BlobAccount? FromFlag(string connection, List<string> problems)
    {
        // A connection string is Name=value pairs; anything shaped like a URL is an account URL.
        if (Uri.TryCreate(connection.Trim(), UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp))
        {
            var uri = BlobConnectionSetting.ParseServiceUri(connection, out var error);
            if (uri is null)
            {
                problems.Add($"--run-store-connection {error}");
                return null;
            }

            return BlobAccount.FromAccountUrl(uri);
        }

        try
        {
            return BlobAccount.FromConnectionString(connection);
        }
        catch (FormatException e)
        {
            problems.Add($"--run-store-connection: {e.Message}");
            return null;
        }
    }

    private static bool CheckFolder(string folder, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(folder))
        {
            problems.Add("--run-store needs a folder");
            return false;
        }

        return true;
    }
}
