using DurableIngest.RunStore;

namespace DurableIngest.Cli.Runtime;

/// <summary>
/// Records completed steps for one session of a run. On a store with append-only documents (the local directory) the
/// session appends one JSON line per step to its own segment, <c>journal/&lt;step&gt;-&lt;session&gt;.log</c>, created
/// at its first step; elsewhere (blob, in memory) each step is its own document, <c>journal/&lt;step&gt;.json</c>. Either
/// way <see cref="WriteAsync"/> returns only once the record is in the store: a step's result is durable before the
/// orchestration observes it.
/// </summary>
internal sealed class JournalWriter : IAsyncDisposable
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();
    private readonly IRunStore _store;
    private readonly string _runId;
    private readonly int _resumedAt;
    private readonly SemaphoreSlim _opening = new(1, 1);
    private IRunStoreAppender? _segment;

    public JournalWriter(IRunStore store, string runId, int resumedAt)
    {
        _store = store;
        _runId = runId;
        _resumedAt = resumedAt;
    }

    public async Task WriteAsync(JournalEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (_store is not IAppendOnlyRunStore appendable)
        {
            await _store.WriteAsync(RunKeys.JournalEntry(_runId, entry.Sequence), entry, CliJson.Options, cancellationToken);
            return;
        }

        var segment = _segment ?? await OpenSegmentAsync(appendable, cancellationToken);
        var json = RunStoreJson.Serialize(entry, CliJson.Options);
        if (json.AsSpan().Contains((byte)'\n'))
        {
            // Compact JSON escapes every newline inside strings; a raw one would split the record in two.
            throw new InvalidOperationException($"Journal record of step {entry.Sequence} is not a single line.");
        }

        var line = new byte[json.Length + NewLine.Length];
        json.CopyTo(line, 0);
        NewLine.CopyTo(line, json.Length);
        // One append per line: a process killed mid-append leaves at most a torn last line, which readers drop.
        await segment.AppendAsync(line, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_segment is { } segment)
        {
            await segment.DisposeAsync();
        }

        _opening.Dispose();
    }

    private async Task<IRunStoreAppender> OpenSegmentAsync(IAppendOnlyRunStore store, CancellationToken cancellationToken)
    {
        await _opening.WaitAsync(cancellationToken);
        try
        {
            return _segment ??= await store.CreateAppendOnlyAsync(
                RunKeys.JournalSegment(_runId, _resumedAt, Guid.NewGuid().ToString("N")[..12]), cancellationToken);
        }
        finally
        {
            _opening.Release();
        }
    }
}
