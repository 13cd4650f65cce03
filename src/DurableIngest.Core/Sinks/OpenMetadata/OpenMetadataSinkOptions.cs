using System.Globalization;
using DurableIngest.Configuration;

namespace DurableIngest.Sinks.OpenMetadata;

/// <summary>
/// Settings of the <c>metadata-rest</c> sink: the server from <c>workflowConfig.openMetadataServerConfig</c>,
/// tuning from <c>sink.config</c>. Every problem is reported at once, naming the YAML path, the value and the fix.
/// </summary>
public sealed record OpenMetadataSinkOptions
{
    public const string HostPortPath = "workflowConfig.openMetadataServerConfig.hostPort";
    public const string JwtTokenPath = "workflowConfig.openMetadataServerConfig.securityConfig.jwtToken";

    /// <summary>The API base from <c>hostPort</c>, always ending in <c>/</c> (e.g. <c>http://localhost:8585/api/</c>).</summary>
    public required Uri ApiBase { get; init; }

    /// <summary>Sent as a Bearer token when set. A secret: never logged, never part of a message.</summary>
    public string? JwtToken { get; init; }

    /// <summary><c>bulk</c>: auto (default), always or never.</summary>
    public BulkMode Bulk { get; init; } = BulkMode.Auto;

    /// <summary><c>requestTimeoutSeconds</c>: limit of one HTTP attempt. Default 30 s.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary><c>maxRetries</c>: retries of one request after a 5xx, 408, 429, timeout or network error. Default: retryPolicy.maxAttempts - 1.</summary>
    public int MaxRetries { get; init; } = 2;

    /// <summary><c>retryBackoffSeconds</c>: first retry delay, doubled each retry, with jitter. Default: retryPolicy.backoffSeconds.</summary>
    public TimeSpan RetryBackoff { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary><c>maxRetryBackoffSeconds</c>: upper bound of one retry delay, Retry-After included. Default: retryPolicy.maxBackoffSeconds.</summary>
    public TimeSpan MaxRetryBackoff { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Reads and validates; returns null when a problem was found (all of them are in <paramref name="problems"/>).</summary>
    public static OpenMetadataSinkOptions? Read(SinkSettings sink, WorkflowSettings workflow, ConfigProblems problems)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(workflow);
        ArgumentNullException.ThrowIfNull(problems);

        var config = sink.Config;
        var before = config.Problems.Count;
        var found = 0;

        var server = workflow.OpenMetadataServer;
        Uri? apiBase = null;
        if (string.IsNullOrWhiteSpace(server.HostPort))
        {
            problems.Add(HostPortPath, "required for sink.type metadata-rest; set it to the OpenMetadata API base URL, e.g. http://localhost:8585/api");
            found++;
        }
        else if (Uri.TryCreate(server.HostPort.Trim(), UriKind.Absolute, out var parsed))
        {
            if (parsed.Scheme is not ("http" or "https"))
            {
                problems.Add(HostPortPath, $"must start with http:// or https://, not '{server.HostPort}'");
                found++;
            }
            else
            {
                apiBase = new Uri(parsed.AbsoluteUri.TrimEnd('/') + "/");
            }
        }
        else
        {
            // The loader already reported an unparseable hostPort; counted so no options are returned.
            found++;
        }

        var retryPolicy = workflow.Distributed.RetryPolicy;
        var bulk = config.GetChoice("bulk", ["auto", "always", "never"], invalid: text => $"must be auto, always or never, not '{text.Trim()}'; auto uses PUT /v1/tables/bulk when the server offers it") switch
        {
            "always" => BulkMode.Always,
            "never" => BulkMode.Never,
            _ => BulkMode.Auto,
        };

        var timeout = config.GetDouble("requestTimeoutSeconds", min: 0.01, max: 86_400) ?? 30;
        var maxRetries = config.GetInt("maxRetries", min: 0, max: 100) ?? Math.Max(0, retryPolicy.MaxAttempts - 1);
        var backoff = config.GetDouble("retryBackoffSeconds", min: 0, max: 3_600) ?? retryPolicy.BackoffSeconds;
        var maxBackoff = config.GetDouble("maxRetryBackoffSeconds", min: 0, max: 86_400) ?? retryPolicy.MaxBackoffSeconds;
        if (maxBackoff < backoff)
        {
            config.Error(
                config.Has("maxRetryBackoffSeconds") ? "maxRetryBackoffSeconds" : "retryBackoffSeconds",
                string.Create(CultureInfo.InvariantCulture, $"maxRetryBackoffSeconds ({maxBackoff}) must be >= retryBackoffSeconds ({backoff}); raise the maximum or lower the first delay"));
        }

        var added = config.Problems.Count - before;
        if (!ReferenceEquals(config.Problems, problems))
        {
            for (var i = before; i < config.Problems.Count; i++)
            {
                problems.Add(config.Problems[i]);
            }
        }

        if (found + added > 0 || apiBase is null)
        {
            return null;
        }

        return new OpenMetadataSinkOptions
        {
            ApiBase = apiBase,
            JwtToken = string.IsNullOrWhiteSpace(server.JwtToken) ? null : server.JwtToken.Trim(),
            Bulk = bulk,
            RequestTimeout = TimeSpan.FromSeconds(timeout),
            MaxRetries = maxRetries,
            RetryBackoff = TimeSpan.FromSeconds(backoff),
            MaxRetryBackoff = TimeSpan.FromSeconds(maxBackoff),
        };
    }
}
