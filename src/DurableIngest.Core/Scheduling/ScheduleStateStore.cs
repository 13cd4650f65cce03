using DurableIngest.RunStore;

namespace DurableIngest.Scheduling;

/// <summary>Keeps each schedule's <see cref="ScheduleState"/> in the run store, shared by every host using that store.</summary>
public sealed class ScheduleStateStore
{
    public const string Prefix = "schedules/";

    private readonly IRunStore _store;

    public ScheduleStateStore(IRunStore store) => _store = store;

    public static string Key(string scheduleName) => $"{Prefix}{scheduleName}.json";

    public Task<ScheduleState?> GetAsync(string scheduleName, CancellationToken cancellationToken) =>
        _store.ReadAsync<ScheduleState>(Key(scheduleName), cancellationToken);

    public Task SaveAsync(string scheduleName, ScheduleState state, CancellationToken cancellationToken) =>
        _store.WriteAsync(Key(scheduleName), state, cancellationToken, indented: true);
}
