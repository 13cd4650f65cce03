using System.Text.Json;
using DurableIngest.Failures;
using Microsoft.Extensions.Logging;

namespace DurableIngest.Sinks.OpenMetadata;

/// <summary>
/// The server's version, asked once per run (every chunk of the run shares the answer), and what it decides: whether
/// tables go in bulk and how partitions are described.
/// </summary>
internal sealed class OpenMetadataServerVersion(OpenMetadataClient client, OpenMetadataSinkOptions options, OpenMetadataRunState run, ILogger logger)
{
    /// <summary>The first release with <c>PUT /v1/tables/bulk</c>; older servers are not probed (a 404/405 answer also turns bulk off).</summary>
    public static readonly Version FirstBulkVersion = new(1, 11, 0);

    /// <summary>From this release <c>tablePartition</c> lists <c>partitionColumnDetails</c>; before it, column names plus one interval type.</summary>
    public static readonly Version FirstPartitionDetailsVersion = new(1, 4, 0);

    /// <summary>The version, or null when the server did not say (or did not answer: then the next batch asks again).</summary>
    public async Task<Version?> GetOrNullAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await run.GetVersionAsync(LookUpAsync, cancellationToken);
        }
        catch (TransientException)
        {
            // Not knowing the version only means probing the bulk endpoint.
            return null;
        }
    }

    /// <summary>
    /// Any answer but a 5xx means the server is there; no answer after the request's retries fails the check with
    /// what to do.
    /// </summary>
    public async Task CheckReachableAsync(CancellationToken cancellationToken)
    {
        try
        {
            await run.GetVersionAsync(LookUpAsync, cancellationToken);
        }
        catch (TransientException e)
        {
            throw new TransientException(
                $"OpenMetadata at {client.ApiBase} ({OpenMetadataSinkOptions.HostPortPath}) is not available: {e.Message}. "
                + "Start the server, or correct hostPort, then run the workflow again; nothing was read or written.",
                e);
        }
    }

    public static bool HasPartitionDetails(Version? version) => version is null || version >= FirstPartitionDetailsVersion;

    public bool ShouldUseBulk(Version? version) => options.Bulk switch
    {
        BulkMode.Never => false,
        BulkMode.Always => true,
        _ => run.BulkAvailable ?? (version is null || version >= FirstBulkVersion),
    };

    internal static Version? Parse(string text)
    {
        var digits = new string([.. text.Trim().TakeWhile(c => char.IsAsciiDigit(c) || c == '.')]).Trim('.');
        var parts = digits.Split('.', StringSplitOptions.RemoveEmptyEntries).Take(3).ToList();
        while (parts.Count is > 0 and < 2)
        {
            parts.Add("0");
        }

        return parts.Count >= 2 && Version.TryParse(string.Join('.', parts), out var version) ? version : null;
    }

    // Shared by every chunk of the run, so no single caller's token may cancel it.
    private async Task<Version?> LookUpAsync()
    {
        var response = await client.GetAsync("v1/system/version", CancellationToken.None);
        Version? version = null;
        if (response.IsSuccess)
        {
            try
            {
                using var document = JsonDocument.Parse(response.Body);
                if (document.RootElement.ValueKind == JsonValueKind.Object
                    && document.RootElement.TryGetProperty("version", out var text) && text.ValueKind == JsonValueKind.String)
                {
                    version = Parse(text.GetString()!);
                }
            }
            catch (JsonException)
            {
                version = null;
            }
        }

        var bulk = options.Bulk switch
        {
            BulkMode.Never => "not used (bulk: never)",
            BulkMode.Always => "used (bulk: always)",
            _ => version is null ? "probed" : version >= FirstBulkVersion ? "used" : "not offered",
        };
        OpenMetadataLog.ServerVersion(logger, client.ApiBase.AbsoluteUri, version?.ToString() ?? "unknown", bulk);
        return version;
    }
}
