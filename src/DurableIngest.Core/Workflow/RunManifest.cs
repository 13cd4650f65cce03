namespace DurableIngest.Workflow;

/// <summary>
/// <c>run.json</c>: how a run was started — its request and where its configuration came from (a file path, when it
/// did, so <c>resume</c> can read the file again for literal secrets), and the host that accepted it (a long-running
/// host resumes the runs it owns after a restart). Written once; never holds a secret.
/// <see cref="Full"/> marks a run that writes every table, ignoring the hashes of the service's last run.
/// </summary>
public sealed record RunManifest(
    string RunId,
    DateTime CreatedTime,
    IngestionRequest Request,
    string Service,
    string SourceType,
    string SinkType,
    string? ConfigPath,
    string ConfigSha256,
    string? ScheduleName = null,
    bool Full = false,
    string? HostId = null);
