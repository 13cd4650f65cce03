using DurableIngest.Configuration;
using DurableIngest.Secrets;
using DurableIngest.Workflow;

namespace DurableIngest.Scheduling;

/// <summary>
/// Turns a due occurrence into a stored run (manifest and secret-free configuration) under its deterministic id, the
/// same way every host does; the host then hands the run to its runtime. Fails with
/// <see cref="RunAlreadyExistsException"/> when the id is taken and <see cref="ConfigException"/> when the workflow is
/// invalid.
/// </summary>
public sealed class ScheduledRunStarter
{
    private readonly RunStarter _starter;
    private readonly WorkflowConfigLoader _loader;
    private readonly bool _refuseLiteralSecrets;

    /// <param name="refuseLiteralSecrets">
    /// True for hosts that restart and scale out (Azure Functions): literal secrets are refused, see <see cref="LiteralSecretPolicy"/>.
    /// </param>
    public ScheduledRunStarter(RunStarter starter, WorkflowConfigLoader loader, bool refuseLiteralSecrets)
    {
        _starter = starter;
        _loader = loader;
        _refuseLiteralSecrets = refuseLiteralSecrets;
    }

    public async Task<RunManifest> CreateRunAsync(ScheduledOccurrence occurrence, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(occurrence);
        var schedule = occurrence.Schedule;
        var text = await schedule.ReadWorkflowTextAsync(cancellationToken);
        var problems = new List<ConfigProblem>();
        if (_refuseLiteralSecrets)
        {
            problems.AddRange(LiteralSecretPolicy.FindRefused(text));
        }

        var config = _loader.TryLoad(text, out var loadProblems);
        problems.AddRange(loadProblems);
        if (config is null || problems.Count > 0)
        {
            throw new ConfigException(schedule.WorkflowSource, problems);
        }

        return await _starter.CreateAsync(occurrence.RunId, config, schedule.ConfigPath, null, cancellationToken, schedule.Name);
    }

    /// <summary>The occurrence's run if it was stored long enough ago and never started (see <see cref="RunStarter.FindAbandonedAsync"/>).</summary>
    public Task<RunManifest?> FindAbandonedAsync(ScheduledOccurrence occurrence, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(occurrence);
        return _starter.FindAbandonedAsync(occurrence.RunId, cancellationToken);
    }
}
