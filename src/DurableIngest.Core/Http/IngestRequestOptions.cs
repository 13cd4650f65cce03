namespace DurableIngest.Http;

/// <summary>Limits of the HTTP front door (<c>POST /api/ingest</c>), the same in every host.</summary>
public sealed record IngestRequestOptions
{
    /// <summary>Default 1 MiB: a workflow file is a few kilobytes; anything near this is not one.</summary>
    public const int DefaultMaxBytes = 1024 * 1024;

    /// <summary>Largest accepted body in bytes. Default <see cref="DefaultMaxBytes"/>.</summary>
    public int MaxBytes { get; init; } = DefaultMaxBytes;

    /// <summary>
    /// How long the whole body may take to arrive. Default 30 s: a workflow of a few kilobytes arrives in milliseconds, and
    /// a body trickling in (a slowloris) must not hold a worker; the answer is 408.
    /// </summary>
    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// True for hosts that restart and scale out (Azure Functions): literal secrets are refused and must be
    /// <c>${VAR}</c> references (see <see cref="Secrets.LiteralSecretPolicy"/>). Default false (the local host keeps them in memory).
    /// </summary>
    public bool RefuseLiteralSecrets { get; init; }
}
