using System.Collections.Concurrent;

namespace DurableIngest.Secrets;

/// <summary>
/// Literal secrets of the runs this process started or resumed, in memory only: never written anywhere. A run whose
/// secrets are gone (its process ended) resumes when its file is given again, or when it uses <c>${VAR}</c> references.
/// </summary>
public sealed class SecretVault
{
    private readonly ConcurrentDictionary<(string RunId, string Name), string> _secrets = new();

    public void Put(string runId, IReadOnlyDictionary<string, string> secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        foreach (var (name, value) in secrets)
        {
            _secrets[(runId, name)] = value;
        }
    }

    public string? Find(string runId, string name) => _secrets.GetValueOrDefault((runId, name));

    public void Forget(string runId)
    {
        foreach (var key in _secrets.Keys.Where(k => k.RunId == runId))
        {
            _secrets.TryRemove(key, out _);
        }
    }

    /// <summary>All secret values this vault holds (for scrubbing them out of error messages and logs).</summary>
    public IEnumerable<string> Values => _secrets.Values;
}
