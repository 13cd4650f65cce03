using System.Text;
using DurableIngest.Configuration;
using DurableIngest.Connectors;
using DurableIngest.RunStore;
using DurableIngest.Secrets;

namespace DurableIngest.Workflow;

/// <summary>
/// Gives activities their run's configuration with secrets resolved — the only place secrets are resolved. The
/// stored text keeps <c>${VAR}</c> references (resolved from the environment, i.e. app settings or Key Vault
/// references in Azure) and placeholders for literal secrets held in the <see cref="SecretVault"/>.
/// </summary>
public sealed class RunConfigProvider
{
    private readonly IRunStore _store;
    private readonly ConnectorRegistry _connectors;
    private readonly SecretVault _vault;
    private readonly Func<string, string?> _environment;
    private readonly PerRunCache<WorkflowConfig> _cache = new();

    public RunConfigProvider(IRunStore store, ConnectorRegistry connectors, SecretVault vault, Func<string, string?>? environment = null)
    {
        _store = store;
        _connectors = connectors;
        _vault = vault;
        _environment = environment ?? Environment.GetEnvironmentVariable;
    }

    public Task<WorkflowConfig> GetAsync(string runId, CancellationToken cancellationToken) =>
        _cache.GetAsync(runId, id => LoadAsync(id, cancellationToken));

    public void Forget(string runId) => _cache.Forget(runId);

    private async Task<WorkflowConfig> LoadAsync(string runId, CancellationToken cancellationToken)
    {
        var document = await _store.GetAsync(RunKeys.Config(runId), cancellationToken)
            ?? throw new InvalidOperationException($"Run '{runId}' has no stored configuration ({RunKeys.Config(runId)}); was it started?");
        var text = Encoding.UTF8.GetString(document.Content.Span);
        var lost = FindLostSecrets(runId, text);
        if (lost.Count > 0)
        {
            throw new ConfigException(
                $"run {runId}",
                [.. lost.Select(path => new ConfigProblem(path, "this literal secret was held in memory by the process that started the run and is gone; resume with the same -c FILE, or write it as a ${VAR} reference"))]);
        }

        var loader = new WorkflowConfigLoader(_connectors, name =>
            name.StartsWith(SecretScrubber.Prefix, StringComparison.Ordinal) ? _vault.Find(runId, name) : _environment(name));
        return loader.Load(text, $"run {runId} configuration");
    }

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
