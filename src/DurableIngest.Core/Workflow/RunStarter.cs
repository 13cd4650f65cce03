using System.Security.Cryptography;
using System.Text;
using DurableIngest.Configuration;
using DurableIngest.RunStore;
using DurableIngest.Secrets;
using DurableIngest.Workflow.Orchestration;

namespace DurableIngest.Workflow;

/// <summary>
/// Prepares a run for any front door (CLI, HTTP, schedules, Azure Functions): stores the secret-free configuration and
/// the manifest, keeps literal secrets in memory, and builds the orchestration's small input.
/// </summary>
public sealed class RunStarter
{
    private readonly IRunStore _store;
    private readonly SecretVault _vault;
    private readonly TimeProvider _time;

    public RunStarter(IRunStore store, SecretVault vault, TimeProvider time)
    {
        _store = store;
        _vault = vault;
        _time = time;
    }

    /// <summary>
    /// The host recorded as the owner of every run this starter creates (<see cref="RunManifest.HostId"/>); null for
    /// front doors whose runtime tracks runs itself (the CLI, Durable Functions).
    /// </summary>
    public string? HostId { get; init; }

    /// <summary>
    /// The width of a run whose workflow gives no <c>parallelism</c> (see
    /// <see cref="DistributedExecutionOptions.EffectiveParallelism"/>). Default
    /// <see cref="DistributedExecutionOptions.LocalDefaultParallelism"/>; the Functions app sets its own.
    /// </summary>
    public int DefaultParallelism { get; init; } = DistributedExecutionOptions.LocalDefaultParallelism;

    private IngestionRequest BuildRequest(string runId, WorkflowConfig config, RunOverrides? overrides)
    {
        var distributed = config.Workflow.Distributed;
        return new IngestionRequest(
            runId,
            overrides?.Parallelism ?? distributed.EffectiveParallelism(DefaultParallelism),
            overrides?.ChunkSize ?? distributed.ChunkSize,
            ActivityRetryPolicy.From(distributed.RetryPolicy, distributed.TimeoutSeconds),
            distributed.SuccessThreshold,
            distributed.EffectiveHedgeSlowChunks);
    }

    /// <summary>A fresh run id for a front door that was not given one: <c>ingest-&lt;UTC time&gt;-&lt;random&gt;</c>.</summary>
    public static string NewRunId(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return $"ingest-{time.GetUtcNow():yyyyMMdd-HHmmss}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";
    }

    /// <summary>Stores a new run; fails when the run id is already taken.</summary>
    public async Task<RunManifest> CreateAsync(
        string runId, WorkflowConfig config, string? configPath, RunOverrides? overrides, CancellationToken cancellationToken, string? scheduleName = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (!RunKeys.IsValidRunId(runId))
        {
            throw new ArgumentException($"Run id '{runId}' is not valid: use {RunKeys.RunIdRule}.", nameof(runId));
        }

        var (manifest, scrubbed) = Prepare(runId, config, configPath, overrides, scheduleName);
        if (await _store.TryCreateAsync(RunKeys.Manifest(runId), RunStoreJson.Serialize(manifest, indented: true), cancellationToken) is null)
        {
            throw new RunAlreadyExistsException(runId);
        }

        _vault.Put(runId, scrubbed.Secrets);
        await _store.PutAsync(RunKeys.Config(runId), Encoding.UTF8.GetBytes(scrubbed.Text), cancellationToken);
        return manifest;
    }

    /// <summary>
    /// Undoes <see cref="CreateAsync"/> for a run its runtime never accepted, so that its id can be used again: deletes
    /// its configuration and manifest and drops its secrets.
    /// </summary>
    public async Task ForgetAsync(string runId, CancellationToken cancellationToken)
    {
        _vault.Forget(runId);
        await _store.DeleteAsync(RunKeys.Config(runId), cancellationToken);
        await _store.DeleteAsync(RunKeys.Manifest(runId), cancellationToken);
    }

    /// <summary>
    /// How old a stored run that its runtime does not know must be before a new start may take its id over: a younger one
    /// may belong to a start still under way (another request, another host).
    /// </summary>
    public static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(1);

    /// <summary>The manifest of a run stored at least <see cref="AbandonedAfter"/> ago, or null (none, or too recent).</summary>
    public async Task<RunManifest?> FindAbandonedAsync(string runId, CancellationToken cancellationToken) =>
        await _store.ReadAsync<RunManifest>(RunKeys.Manifest(runId), cancellationToken) is { } manifest
        && _time.GetUtcNow().UtcDateTime - manifest.CreatedTime >= AbandonedAfter
            ? manifest
            : null;

    /// <summary>
    /// Stores a run under an id whose manifest was left behind by a start that failed before its runtime accepted the
    /// run (and whose clean-up failed too): replaces that manifest when it is older than <see cref="AbandonedAfter"/>.
    /// A younger one may belong to a start still under way, so it is left alone (<see cref="RunAlreadyExistsException"/>).
    /// </summary>
    public async Task<RunManifest> ReplaceAbandonedAsync(string runId, WorkflowConfig config, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (await _store.GetAsync(RunKeys.Manifest(runId), cancellationToken) is not { } stored)
        {
            return await CreateAsync(runId, config, null, null, cancellationToken);
        }

        var previous = RunStoreJson.Deserialize<RunManifest>(stored.Content.Span, RunKeys.Manifest(runId));
        if (_time.GetUtcNow().UtcDateTime - previous.CreatedTime < AbandonedAfter)
        {
            throw new RunAlreadyExistsException(runId);
        }

        var (manifest, scrubbed) = Prepare(runId, config, null, null, null);
        if (await _store.TryReplaceAsync(RunKeys.Manifest(runId), RunStoreJson.Serialize(manifest, indented: true), stored.ETag, cancellationToken) is null)
        {
            throw new RunAlreadyExistsException(runId);
        }

        _vault.Put(runId, scrubbed.Secrets);
        await _store.PutAsync(RunKeys.Config(runId), Encoding.UTF8.GetBytes(scrubbed.Text), cancellationToken);
        return manifest;
    }

    /// <summary>
    /// Re-arms the secrets of an existing run from its configuration text (on resume). The text must be the one the run
    /// started with, secrets aside; otherwise the catalog would mix two configurations.
    /// </summary>
    public async Task<RunManifest> ReattachAsync(string runId, string? configText, CancellationToken cancellationToken)
    {
        var manifest = await _store.ReadAsync<RunManifest>(RunKeys.Manifest(runId), cancellationToken)
            ?? throw new RunNotFoundException(runId);
        configText ??= manifest.ConfigPath is { } path && File.Exists(path) ? ReadWorkflowFile(path) : null;
        if (configText is null)
        {
            return manifest;
        }

        var scrubbed = SecretScrubber.Scrub(configText);
        if (Sha256(scrubbed.Text) != manifest.ConfigSha256)
        {
            throw new ConfigException(
                $"run {runId}",
                [new ConfigProblem(string.Empty, "the configuration differs from the one this run started with; resume with the original file, or start a new run")]);
        }

        _vault.Put(runId, scrubbed.Secrets);
        return manifest;
    }

    private (RunManifest Manifest, ScrubbedConfig Scrubbed) Prepare(
        string runId, WorkflowConfig config, string? configPath, RunOverrides? overrides, string? scheduleName)
    {
        var scrubbed = SecretScrubber.Scrub(config.RawText);
        var manifest = new RunManifest(
            runId,
            _time.GetUtcNow().UtcDateTime,
            BuildRequest(runId, config, overrides),
            config.Source.ServiceName,
            config.Source.Type,
            config.Sink.Type,
            configPath is null ? null : Path.GetFullPath(configPath),
            Sha256(scrubbed.Text),
            scheduleName,
            overrides?.Full ?? false,
            HostId);
        return (manifest, scrubbed);
    }

    private static string ReadWorkflowFile(string path)
    {
        var problems = new ConfigProblems();
        var text = WorkflowYaml.ReadFile(path, YamlLimits.Default, problems);
        problems.ThrowIfAny(path);
        return text!;
    }

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
