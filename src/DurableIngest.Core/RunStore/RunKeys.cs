using System.Globalization;

namespace DurableIngest.RunStore;

/// <summary>The layout of a run in the run store: <c>runs/&lt;runId&gt;/...</c>.</summary>
public static class RunKeys
{
    public const string RunsPrefix = "runs/";

    public const string JournalSegmentSuffix = ".log";

    public static string Run(string runId) => $"{RunsPrefix}{runId}/";

    public static string Manifest(string runId) => $"{Run(runId)}run.json";

    public static string Config(string runId) => $"{Run(runId)}config.yaml";

    public static string Status(string runId) => $"{Run(runId)}status.json";

    public static string Lease(string runId) => $"{Run(runId)}lease.json";

    public static string Discovery(string runId) => $"{Run(runId)}discovery.json";

    public static string ChunksPrefix(string runId) => $"{Run(runId)}chunks/";

    public static string Chunk(string runId, int index) => $"{ChunksPrefix(runId)}{Index(index)}.json";

    public static string ResultsPrefix(string runId) => $"{Run(runId)}results/";

    public static string Result(string runId, int index) => $"{ResultsPrefix(runId)}{Index(index)}.json";

    public static string Summary(string runId) => $"{Run(runId)}summary.json";

    /// <summary>The run's HTML report, written beside <see cref="Summary"/> when the run completes.</summary>
    public static string Report(string runId) => $"{Run(runId)}report.html";

    public static string AttemptsPrefix(string runId) => $"{Run(runId)}attempts/";

    /// <summary>
    /// A failed attempt of an activity: named by the chunk (or the activity, for discovery) and the attempt's start in
    /// ticks, so that every attempt has its own document and a re-run of the same attempt rewrites it.
    /// </summary>
    public static string FailedAttempt(string runId, string activity, int? chunkIndex, DateTime startedAt) =>
        $"{AttemptsPrefix(runId)}{(chunkIndex is { } index ? Index(index) : activity)}-{startedAt.Ticks.ToString(CultureInfo.InvariantCulture)}.json";

    public static string JournalPrefix(string runId) => $"{Run(runId)}journal/";

    public static string JournalEntry(string runId, int sequence) => $"{JournalPrefix(runId)}{Index(sequence)}.json";

    /// <summary>
    /// One session's append-only journal (stores with append-only documents): the steps it ran, one JSON line each,
    /// named by the step after the last one journaled when the session began, and a session id.
    /// </summary>
    public static string JournalSegment(string runId, int resumedAt, string session) => $"{JournalPrefix(runId)}{Index(resumedAt)}-{session}{JournalSegmentSuffix}";

    /// <summary>Table hashes of a service's last successful run (incremental ingestion).</summary>
    public static string ServiceState(string service) => $"services/{Uri.EscapeDataString(service)}/tables.json";

    /// <summary>What a valid run id is, in the words every front door uses to refuse one.</summary>
    public const string RunIdRule = "1-80 letters, digits, '-', '_' or '.', not starting with '.'";

    /// <summary>True for run ids that are safe as a single path segment everywhere (files and blobs): <see cref="RunIdRule"/>.</summary>
    public static bool IsValidRunId(string runId) =>
        runId.Length is > 0 and <= 80 && runId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') && runId[0] != '.';

    private static string Index(int index) => index.ToString("D6", CultureInfo.InvariantCulture);
}
