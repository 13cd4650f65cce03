using System.Globalization;
using DurableIngest.Configuration;
using DurableIngest.Http;
using DurableIngest.RunStore;

namespace DurableIngest.Functions;

/// <summary>
/// The app settings this app reads (environment variables in the worker; app settings and Key Vault references in Azure,
/// <c>local.settings.json</c> under <c>func start</c>). Validated at start-up, every problem reported at once.
/// </summary>
public sealed record FunctionsSettings
{
    public const string RunStoreConnectionSetting = "DURABLE_INGEST_RUN_STORE_CONNECTION";
    public const string RunStoreContainerSetting = "DURABLE_INGEST_RUN_STORE_CONTAINER";
    public const string SchedulesPathSetting = "DURABLE_INGEST_SCHEDULES_PATH";
    public const string MaxRequestBytesSetting = "DURABLE_INGEST_MAX_REQUEST_BYTES";
    public const string WebJobsStorageSetting = "AzureWebJobsStorage";
    public const string BasePathSetting = "DURABLE_INGEST_BASE_PATH";
    public const string DefaultParallelismSetting = "DURABLE_INGEST_DEFAULT_PARALLELISM";
    public const string RequestTimeoutSetting = "DURABLE_INGEST_REQUEST_TIMEOUT_SECONDS";

    /// <summary>
    /// The default width of a run on this host (the workflow's <c>parallelism</c> wins): 32 chunk activities in flight.
    /// Each instance runs <c>maxConcurrentActivityFunctions</c> of them (host.json: 8), so the rest wait in the work-item
    /// queue, which is what makes the platform add instances (about four busy at the default); each chunk holds one
    /// source connection while it reads, and 32 stays well inside PostgreSQL's default 100 connections.
    /// </summary>
    public const int DefaultParallelismDefault = 32;

    /// <summary>
    /// Connection string of the storage account holding the run store (Shared Key, or <c>UseDevelopmentStorage=true</c>).
    /// Default: <c>AzureWebJobsStorage</c> when that is a connection string; with an identity-based AzureWebJobsStorage
    /// (<c>AzureWebJobsStorage__accountName</c>) it must be set, typically as a Key Vault reference.
    /// </summary>
    public required string RunStoreConnection { get; init; }

    /// <summary>Blob container of the run store. Default <c>durable-ingest</c>.</summary>
    public string RunStoreContainer { get; init; } = new RunStoreOptions().Container;

    /// <summary>Folder of schedule files. Default <c>schedules</c> next to the app (deployed with it).</summary>
    public string SchedulesPath { get; init; } = Path.Combine(AppContext.BaseDirectory, "schedules");

    /// <summary>
    /// What relative paths in a workflow (a SQLite file, a file sink's folder) resolve against, on every instance and in
    /// every activity: <c>DURABLE_INGEST_BASE_PATH</c> (absolute, or relative to the app folder); default the app folder,
    /// which in Azure is the deployed package (<c>/home/site/wwwroot</c>) and under <c>func start</c> the build output.
    /// Confined: a posted workflow may not read or write outside it.
    /// </summary>
    public RelativePathBase RelativePaths { get; init; } =
        RelativePathBase.FromSetting(BasePathSetting, _ => null, AppContext.BaseDirectory, "the app folder") with { Confined = true };

    /// <summary>Chunks in flight for a workflow that gives no <c>parallelism</c>. Default <see cref="DefaultParallelismDefault"/>.</summary>
    public int DefaultParallelism { get; init; } = DefaultParallelismDefault;

    /// <summary>
    /// How long the run store may be unreachable before an activity or a start gives up: <see cref="RunStoreResilienceOptions.OutageBudgetSetting"/>
    /// in seconds. Default: a budget of 5 minutes.
    /// </summary>
    public RunStoreResilienceOptions RunStoreResilience { get; init; } = new();

    /// <summary>Largest accepted <c>POST /api/ingest</c> body. Default 1 MiB.</summary>
    public int MaxRequestBytes { get; init; } = IngestRequestOptions.DefaultMaxBytes;

    /// <summary>How long a <c>POST /api/ingest</c> body may take to arrive (408 after it). Default 30 s.</summary>
    public TimeSpan RequestTimeout { get; init; } = new IngestRequestOptions().ReadTimeout;

    public static FunctionsSettings Read(Func<string, string?> setting)
    {
        ArgumentNullException.ThrowIfNull(setting);
        var problems = new List<ConfigProblem>();
        var defaults = new FunctionsSettings { RunStoreConnection = string.Empty };

        var connection = setting(RunStoreConnectionSetting);
        if (string.IsNullOrWhiteSpace(connection) && IsConnectionString(setting(WebJobsStorageSetting)))
        {
            connection = setting(WebJobsStorageSetting);
        }

        if (string.IsNullOrWhiteSpace(connection))
        {
            problems.Add(new ConfigProblem(
                RunStoreConnectionSetting,
                "not set, and AzureWebJobsStorage is not a connection string (it uses a managed identity); set it to the run store " +
                "account's connection string, in Azure as a Key Vault reference (see infra/README.md), locally UseDevelopmentStorage=true"));
        }

        var maxBytes = defaults.MaxRequestBytes;
        if (setting(MaxRequestBytesSetting) is { Length: > 0 } text
            && (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out maxBytes) || maxBytes < 1024))
        {
            problems.Add(new ConfigProblem(MaxRequestBytesSetting, $"must be a whole number of bytes >= 1024, not '{text}'"));
        }

        var parallelism = defaults.DefaultParallelism;
        if (setting(DefaultParallelismSetting) is { Length: > 0 } width
            && (!int.TryParse(width, NumberStyles.Integer, CultureInfo.InvariantCulture, out parallelism) || parallelism is < 1 or > 1024))
        {
            problems.Add(new ConfigProblem(DefaultParallelismSetting, $"must be a whole number of chunks from 1 to 1024, not '{width}'; remove it to use {DefaultParallelismDefault}"));
        }

        var timeout = defaults.RequestTimeout;
        if (setting(RequestTimeoutSetting) is { Length: > 0 } seconds)
        {
            if (int.TryParse(seconds, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value is >= 1 and <= 600)
            {
                timeout = TimeSpan.FromSeconds(value);
            }
            else
            {
                problems.Add(new ConfigProblem(RequestTimeoutSetting, $"must be a whole number of seconds from 1 to 600, not '{seconds}'; remove it to use {defaults.RequestTimeout.TotalSeconds:0}"));
            }
        }

        var resilience = defaults.RunStoreResilience;
        try
        {
            resilience = RunStoreResilienceOptions.FromSettings(setting);
        }
        catch (ConfigException e)
        {
            problems.AddRange(e.Problems);
        }

        RelativePathBase? relativePaths = null;
        try
        {
            // Workflows are posted by callers: none may read or write outside the base.
            relativePaths = RelativePathBase.FromSetting(BasePathSetting, setting, AppContext.BaseDirectory, "the app folder") with { Confined = true };
        }
        catch (ConfigException e)
        {
            problems.AddRange(e.Problems);
        }

        if (problems.Count > 0)
        {
            throw new ConfigException("app settings", problems);
        }

        return new FunctionsSettings
        {
            RunStoreConnection = connection!,
            RunStoreContainer = NonEmpty(setting(RunStoreContainerSetting)) ?? defaults.RunStoreContainer,
            SchedulesPath = NonEmpty(setting(SchedulesPathSetting)) ?? defaults.SchedulesPath,
            MaxRequestBytes = maxBytes,
            DefaultParallelism = parallelism,
            RequestTimeout = timeout,
            RelativePaths = relativePaths!,
            RunStoreResilience = resilience,
        };
    }

    private static bool IsConnectionString(string? value) =>
        value is not null
        && (value.Contains("AccountKey=", StringComparison.OrdinalIgnoreCase)
            || value.Contains("SharedAccessSignature=", StringComparison.OrdinalIgnoreCase)
            || value.Trim().Equals("UseDevelopmentStorage=true", StringComparison.OrdinalIgnoreCase));

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
