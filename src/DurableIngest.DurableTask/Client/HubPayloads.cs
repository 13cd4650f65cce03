using DurableIngest.Workflow;
using DurableTask.Core.Serializing;

namespace DurableIngest.DurableTask.Client;

/// <summary>Reads what the engine stored for an instance (custom status, output) with the converter the engine wrote it with.</summary>
internal static class HubPayloads
{
    private static readonly JsonDataConverter Converter = new();

    public static RunProgress? Progress(string? status) => Read<RunProgress>(status);

    public static RunResult? Result(string? output) => Read<RunResult>(output);

    private static T? Read<T>(string? json)
        where T : class
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            return Converter.Deserialize<T>(json);
        }
        catch (Newtonsoft.Json.JsonException)
        {
            // An instance of another orchestration, or a failure message where the output would be.
            return null;
        }
    }
}
