using DurableIngest.RunStore;
using DurableIngest.Workflow;

namespace DurableIngest.Cli.Runtime;

/// <summary>
/// Keeps <c>status.json</c> current without slowing the orchestration: progress updates are coalesced and written at
/// most every <see cref="Interval"/>; the final status is written at once.
/// </summary>
internal sealed class StatusWriter : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);
    private readonly IRunStore _store;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private RunStatusDocument _current;
    private bool _dirty;

    public StatusWriter(IRunStore store, TimeProvider time, RunStatusDocument initial)
    {
        _store = store;
        _time = time;
        _current = initial;
        _dirty = true;
        _loop = Task.Run(LoopAsync);
    }

    public RunStatusDocument Current
    {
        get
        {
            lock (_lock)
            {
                return _current;
            }
        }
    }

    public void Update(RunProgress progress)
    {
        lock (_lock)
        {
            _current = _current with { CustomStatus = progress, LastUpdatedTime = _time.GetUtcNow().UtcDateTime };
            _dirty = true;
        }
    }

    public async Task CompleteAsync(RunStatus status, RunResult? output, string? error)
    {
        await _stop.CancelAsync();
        await _loop;
        RunStatusDocument final;
        lock (_lock)
        {
            final = _current = _current with { RuntimeStatus = status, Output = output, Error = error, LastUpdatedTime = _time.GetUtcNow().UtcDateTime };
            _dirty = false;
        }

        await _store.WriteAsync(RunKeys.Status(final.Id), final, CliJson.Indented, CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        await FlushAsync();
        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            await FlushAsync();
            try
            {
                await Task.Delay(Interval, _time, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task FlushAsync()
    {
        RunStatusDocument snapshot;
        lock (_lock)
        {
            if (!_dirty)
            {
                return;
            }

            snapshot = _current;
            _dirty = false;
        }

        await _store.WriteAsync(RunKeys.Status(snapshot.Id), snapshot, CliJson.Indented, CancellationToken.None);
    }
}
