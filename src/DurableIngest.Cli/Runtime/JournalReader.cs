using DurableIngest.RunStore;

namespace DurableIngest.Cli.Runtime;

/// <summary>
/// Reads a run's journal in either form (<see cref="JournalWriter"/>): step documents and session segments. Anything
/// corrupt or inconsistent stops with an error naming the document (and line) rather than a wrong resume; the only
/// thing dropped is a segment's torn last line — a record whose write never returned, so no orchestration saw it.
/// </summary>
internal static class JournalReader
{
    public static async Task<Journal> ReadAsync(IRunStore store, string runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var entries = new Dictionary<int, JournalEntry>();
        var tornTails = new List<string>();
        foreach (var key in await store.ListAsync(RunKeys.JournalPrefix(runId), cancellationToken))
        {
            var document = await store.GetAsync(key, cancellationToken);
            if (document is null)
            {
                continue;
            }

            if (key.EndsWith(RunKeys.JournalSegmentSuffix, StringComparison.Ordinal))
            {
                if (ReadSegment(runId, key, document.Content, entries))
                {
                    tornTails.Add(key);
                }
            }
            else
            {
                var entry = Parse(runId, key, document.Content, $"journal entry {key}");
                if (RunKeys.JournalEntry(runId, entry.Sequence) != key)
                {
                    throw Inconsistent(runId, $"journal entry {key}", entry);
                }

                Add(runId, entries, entry, $"journal entry {key}");
            }
        }

        return new Journal(entries, tornTails);
    }

    /// <summary>Adds the segment's entries; true when it ends with a torn line (dropped).</summary>
    private static bool ReadSegment(string runId, string key, ReadOnlyMemory<byte> content, Dictionary<int, JournalEntry> entries)
    {
        var complete = content.Span.LastIndexOf((byte)'\n') + 1;
        var line = 0;
        for (var start = 0; start < complete;)
        {
            var length = content.Span[start..complete].IndexOf((byte)'\n');
            line++;
            var where = $"journal segment {key} line {line}";
            var entry = Parse(runId, where, content.Slice(start, length), where);
            Add(runId, entries, entry, where);
            start += length + 1;
        }

        return complete < content.Length;
    }

    private static JournalEntry Parse(string runId, string key, ReadOnlyMemory<byte> content, string where)
    {
        JournalEntry entry;
        try
        {
            entry = RunStoreJson.Deserialize<JournalEntry>(content, key, CliJson.Options);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException(
                $"Run '{runId}' cannot be resumed: {where} is corrupt or truncated ({e.InnerException?.Message ?? e.Message}). " +
                "Nothing was executed. Delete that entry to re-run its step, or start a new run.", e);
        }

        if (entry.Output is null && entry.Failure is null)
        {
            throw Inconsistent(runId, where, entry);
        }

        return entry;
    }

    private static void Add(string runId, Dictionary<int, JournalEntry> entries, JournalEntry entry, string where)
    {
        if (!entries.TryAdd(entry.Sequence, entry))
        {
            throw new InvalidDataException(
                $"Run '{runId}' cannot be resumed: {where} records step {entry.Sequence}, which another journal record holds too. Nothing was executed.");
        }
    }

    private static InvalidDataException Inconsistent(string runId, string where, JournalEntry entry) =>
        new($"Run '{runId}' cannot be resumed: {where} is inconsistent (it records step {entry.Sequence} of '{entry.Activity}'). Nothing was executed.");
}
