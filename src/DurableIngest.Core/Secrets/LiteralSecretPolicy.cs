using DurableIngest.Configuration;

namespace DurableIngest.Secrets;

/// <summary>
/// The rule for hosts whose runs outlive the process that accepted them (Azure Functions, scheduled starts): a
/// secret-bearing value must be a <c>${VAR}</c> reference. Such a host restarts and scales out, so a literal secret
/// held in one process's <see cref="SecretVault"/> would be gone before the activities that need it run; and secrets
/// are never written to the run store or the orchestration history.
/// </summary>
public static class LiteralSecretPolicy
{
    public const string RefusalMessage =
        "is a literal secret, which this host cannot accept: write it as a ${VAR} reference (an app setting, or a Key Vault " +
        "reference in Azure) — the host restarts and scales out across instances, so a secret held in one instance's memory " +
        "would be lost before the activities that need it run, and secrets are never stored with a run";

    /// <summary>One problem per literal secret in <paramref name="workflowText"/>; empty when every secret is a reference.</summary>
    public static IReadOnlyList<ConfigProblem> FindRefused(string workflowText) =>
        SecretScrubber.FindLiterals(workflowText, RefusalMessage);
}
