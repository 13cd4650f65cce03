namespace DurableIngest.Http;

/// <summary>What a request to terminate or purge a run came to.</summary>
public enum RunControlOutcome
{
    /// <summary>Done, or (terminating a running run) requested: it stops at its next step.</summary>
    Accepted,

    /// <summary>No such run.</summary>
    NotFound,

    /// <summary>Terminate: the run has already finished. Purge: the run has not finished yet.</summary>
    Conflict,
}
