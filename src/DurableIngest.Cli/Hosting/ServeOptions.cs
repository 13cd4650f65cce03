using DurableIngest.Configuration;
using DurableIngest.Http;
using DurableIngest.RunStore;

namespace DurableIngest.Cli.Hosting;

/// <summary>
/// What <c>durable-ingest serve</c> runs with. Validated before anything listens, every problem reported at once.
/// A class, not a record: a generated ToString would print the API key.
/// </summary>
internal sealed class ServeOptions
{
    /// <summary>The environment variable (or configuration setting, e.g. in appsettings.json) holding the API key.</summary>
    public const string ApiKeySetting = "DURABLE_INGEST_API_KEY";

    /// <summary>Loopback only, on the port <c>func start</c> uses, so the same URLs work against both hosts.</summary>
    public const string DefaultUrls = "http://127.0.0.1:7071";

    /// <summary>Addresses to listen on, separated by ';'. Default <see cref="DefaultUrls"/>.</summary>
    public string Urls { get; init; } = DefaultUrls;

    /// <summary>The local run store holding every run this host starts, whatever a posted workflow's runStore says. Default <c>.durable-ingest</c>.</summary>
    public string RunStorePath { get; init; } = new RunStoreOptions().Path;

    /// <summary>The folder of schedule files. Default <c>schedules</c> (in the current folder).</summary>
    public string SchedulesPath { get; init; } = "schedules";

    /// <summary>
    /// The key every request must carry (<c>x-functions-key</c> header or <c>code</c> query parameter); null: none
    /// required, which only a host listening on loopback accepts. Default: the <see cref="ApiKeySetting"/> setting.
    /// </summary>
    public string? ApiKey { get; init; }

    /// <summary>
    /// This host's name, recorded on every run it starts; on start it resumes its own runs that a stop or crash cut off.
    /// Default: the machine name.
    /// </summary>
    public string HostId { get; init; } = Environment.MachineName;

    /// <summary>Largest accepted <c>POST /api/ingest</c> body. Default 1 MiB.</summary>
    public int MaxRequestBytes { get; init; } = IngestRequestOptions.DefaultMaxBytes;

    /// <summary>How long a request body may take to arrive (408 after it). Default 30 s.</summary>
    public TimeSpan RequestTimeout { get; init; } = new IngestRequestOptions().ReadTimeout;

    /// <summary>
    /// The folder posted and scheduled workflows resolve relative paths against and may not leave (a SQLite file, a file
    /// sink's folder). Default: the folder serve runs in.
    /// </summary>
    public string WorkflowRoot { get; init; } = Directory.GetCurrentDirectory();

    public ServeOptions WithApiKey(string? apiKey) => new()
    {
        Urls = Urls,
        RunStorePath = RunStorePath,
        SchedulesPath = SchedulesPath,
        ApiKey = string.IsNullOrWhiteSpace(apiKey) ? null : apiKey,
        HostId = HostId,
        MaxRequestBytes = MaxRequestBytes,
        RequestTimeout = RequestTimeout,
        WorkflowRoot = WorkflowRoot,
    };

    /// <summary>Throws <see cref="ConfigException"/> naming every option that cannot work.</summary>
    public void Validate()
    {
        var problems = new List<ConfigProblem>();
        foreach (var address in ListenAddresses.Parse(Urls, problems))
        {
            if (ApiKey is null && !ListenAddresses.IsLoopback(address))
            {
                problems.Add(new ConfigProblem(
                    "--urls",
                    $"'{address}' accepts connections from other machines, and no API key is set: set {ApiKeySetting} (callers then send it as the " +
                    "x-functions-key header or the code query parameter), or listen on loopback only (http://127.0.0.1:PORT)"));
            }
        }

        if (!RunKeys.IsValidRunId(HostId))
        {
            problems.Add(new ConfigProblem("--host-id", $"'{HostId}' is not a valid host id: use {RunKeys.RunIdRule}"));
        }

        if (RequestTimeout < TimeSpan.FromSeconds(1) || RequestTimeout > TimeSpan.FromMinutes(10))
        {
            problems.Add(new ConfigProblem("--request-timeout", $"must be from 1 to 600 seconds, not {RequestTimeout.TotalSeconds:0.###}"));
        }

        if (!Directory.Exists(WorkflowRoot))
        {
            problems.Add(new ConfigProblem("--workflow-root", $"'{WorkflowRoot}' is not a folder; give the folder workflows may read and write in"));
        }

        if (MaxRequestBytes < 1024)
        {
            problems.Add(new ConfigProblem("--max-request-bytes", $"must be at least 1024, not {MaxRequestBytes}"));
        }

        if (problems.Count > 0)
        {
            throw new ConfigException("serve options", problems);
        }
    }
}
