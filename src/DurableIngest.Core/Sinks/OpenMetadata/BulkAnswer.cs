using System.Text.Json;
using DurableIngest.Entities;
using DurableIngest.Sinks.OpenMetadata.Requests;

namespace DurableIngest.Sinks.OpenMetadata;

/// <summary>Reads a bulk answer: which of the tables sent it confirms as written, and whether created or updated.</summary>
internal static class BulkAnswer
{
    public static Dictionary<string, SinkOutcome> ReadConfirmed(string body, List<PendingTable> pending)
    {
        var confirmed = new Dictionary<string, SinkOutcome>(StringComparer.Ordinal);
        BulkOperationResult? result;
        try
        {
            result = OpenMetadataJson.Deserialize<BulkOperationResult>(body);
        }
        catch (JsonException)
        {
            return confirmed;
        }

        if (result is null)
        {
            return confirmed;
        }

        var byFqn = pending.ToDictionary(p => p.FullyQualifiedName, StringComparer.Ordinal);
        foreach (var success in result.SuccessRequest ?? [])
        {
            if (FindTable(success.Request, byFqn, pending) is { } fqn)
            {
                confirmed[fqn] = success.Message?.Contains("creat", StringComparison.OrdinalIgnoreCase) == true ? SinkOutcome.Created : SinkOutcome.Updated;
            }
        }

        // Servers that count rows but list no requests: every row passed, so every table was written.
        if (confirmed.Count < pending.Count && result.NumberOfRowsFailed == 0 && (result.FailedRequest?.Count ?? 0) == 0
            && result.NumberOfRowsPassed >= pending.Count)
        {
            foreach (var table in pending)
            {
                confirmed.TryAdd(table.FullyQualifiedName, SinkOutcome.Updated);
            }
        }

        return confirmed;
    }

    private static string? FindTable(JsonElement? request, Dictionary<string, PendingTable> byFqn, List<PendingTable> pending)
    {
        switch (request)
        {
            case { ValueKind: JsonValueKind.Object } entity
                when entity.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String
                    && entity.TryGetProperty("databaseSchema", out var schema) && schema.ValueKind == JsonValueKind.String:
                var fqn = schema.GetString() + "." + Fqn.Quote(name.GetString()!);
                return byFqn.ContainsKey(fqn) ? fqn : null;
            case { ValueKind: JsonValueKind.String } text:
                var value = text.GetString()!;
                if (byFqn.ContainsKey(value))
                {
                    return value;
                }

                var named = pending.Where(p => p.Table.Name == value).ToList();
                return named.Count == 1 ? named[0].FullyQualifiedName : null;
            default:
                return null;
        }
    }
}
