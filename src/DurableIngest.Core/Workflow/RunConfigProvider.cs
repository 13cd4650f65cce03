using System.Collections.Concurrent;
using System.Text;
using DurableIngest.Configuration;
using DurableIngest.Connectors;
using DurableIngest.RunStore;
using DurableIngest.Secrets;

namespace DurableIngest.Workflow;

/// <summary>
/// Gives activities their run's configuration with secrets resolved — the only place secrets are resolved. The
/// stored text keeps <c>${VAR}</c> references (resolved from the environment, i.e. app settings or Key Vault
/// references in Azure) and placeholders for literal secrets held in the <see cref="SecretVault"/>. Knowing the resolved
/// values, it also gives each run the <see cref="SecretRedactor"/> that keeps them out of what leaves an activity.
/// </summary>
public sealed class RunConfigProvider
{
    private readonly IRunStore _store;
    private readonly ConnectorRegistry _connectors;
    private readonly SecretVault _vault;
    private readonly Func<string, string?> _environment;
    private readonly PerRunCache<WorkflowConfig> _cache = new();
    private readonly ConcurrentDictionary<string, SecretRedactor> _redactors = new(StringComparer.Ordinal);

    public RunConfigProvider(IRunStore store, ConnectorRegistry connectors, SecretVault vault, Func<string, string?>? environment = null)
    {
        _store = store;
        _connectors = connectors;
        _vault = vault;
        _environment = environment ?? Environment.GetEnvironmentVariable;
    }

    public Task<WorkflowConfig> GetAsync(string runId, CancellationToken cancellationToken) =>
        _cache.GetAsync(runId, id => LoadAsync(id, cancellationToken));

    /// <summary>
    /// The redactor of the run's secrets: every secret-bearing setting of its configuration, resolved as
    /// <see cref="GetAsync"/> resolves it. Once the configuration was loaded in this process it costs no I/O; before,
    /// no secret of the run was resolved here, and the stored text is read (when even that fails, the literal secrets
    /// this process holds are what there is to mask).
    /// </summary>
    public async Task<SecretRedactor> GetRedactorAsync(string runId, CancellationToken cancellationToken)
    {
        if (_redactors.TryGetValue(runId, out var known))
        {
            return known;
        }

        try
        {
            var document = await _store.GetAsync(RunKeys.Config(runId), cancellationToken);
            // Not cached: a redactor asked for outside a load would outlive the run's Forget.
            return document is null ? new SecretRedactor(_vault.Values) : CreateRedactor(runId, Encoding.UTF8.GetString(document.Content.Span));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new SecretRedactor(_vault.Values);
        }
    }

    public void Forget(string runId)
    {
        _cache.Forget(runId);
        _redactors.TryRemove(runId, out _);
    }

    private async Task<WorkflowConfig> LoadAsync(string runId, CancellationToken cancellationToken)
    {
        var document = await _store.GetAsync(RunKeys.Config(runId), cancellationToken)
            ?? throw new InvalidOperationException($"Run '{runId}' has no stored configuration ({RunKeys.Config(runId)}); was it started?");
        var text = Encoding.UTF8.GetString(document.Content.Span);
        _redactors[runId] = CreateRedactor(runId, text);
        var lost = FindLostSecrets(runId, text);
        if (lost.Count > 0)
        {
            throw new ConfigException(
                $"run {runId}",
                [.. lost.Select(path => new ConfigProblem(path, "this literal secret was held in memory by the process that started the run and is gone; resume with the same -c FILE, or write it as a ${VAR} reference"))]);
        }

        var loader = new WorkflowConfigLoader(_connectors, name => Resolve(runId, name));
        return loader.Load(text, $"run {runId} configuration");
    }

    private SecretRedactor CreateRedactor(string runId, string text) => SecretRedactor.FromConfigText(text, name => Resolve(runId, name));

    private string? Resolve(string runId, string name) =>
        name.StartsWith(SecretScrubber.Prefix, StringComparison.Ordinal) ? _vault.Find(runId, name) : _environment(name);

    private List<string> FindLostSecrets(string runId, string text)
    {
        var lost = new List<string>();
        var marker = "${" + SecretScrubber.Prefix;
        for (var at = text.IndexOf(marker, StringComparison.Ordinal); at >= 0; at = text.IndexOf(marker, at + 1, StringComparison.Ordinal))
        {
            var end = text.IndexOf('}', at);
            var name = text[(at + 2)..end];
            if (_vault.Find(runId, name) is null)
            {
                lost.Add(name[SecretScrubber.Prefix.Length..]);
            }
        }

        return lost;
    }
}
