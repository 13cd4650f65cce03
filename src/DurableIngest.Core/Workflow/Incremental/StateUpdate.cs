namespace DurableIngest.Workflow.Incremental;

/// <summary>
/// What a completed run changes in its service's state: the hashes of the tables the sink now holds and the tables
/// it soft-deleted. Applied on top of the state as it is when saved, so a concurrent run's changes survive.
/// </summary>
public sealed record StateUpdate(
    string Service,
    string Target,
    string RunId,
    DateTime CompletedAt,
    IReadOnlyDictionary<string, string> Hashes,
    IReadOnlyList<string> Deleted);
