using System.Globalization;
using DurableIngest.Configuration;

namespace DurableIngest.RunStore;

/// <summary>
/// How a host rides out a run store that stops answering (Azure Storage throttling or failing over, Azurite or a proxy
/// restarted, the network gone for a while): <see cref="ResilientRunStore"/> retries every operation that fails
/// transiently, with exponential backoff and jitter, until the store answers or the outage has lasted
/// <see cref="OutageBudget"/>. Every host reads the budget from the <see cref="OutageBudgetSetting"/> setting.
/// </summary>
public sealed record RunStoreResilienceOptions
{
    /// <summary>The environment variable (app setting in Azure) that sets <see cref="OutageBudget"/>, in seconds.</summary>
    public const string OutageBudgetSetting = "DURABLE_INGEST_RUN_STORE_OUTAGE_SECONDS";

    private const double MaxBudgetSeconds = 86_400;

    /// <summary>
    /// The longest outage a run waits out, from the first failure no later success ended. Default 5 minutes: a storage
    /// restart, a throttling episode or a network blip passes well within it, and a store that is really gone stops
    /// the run within minutes (its journal intact, so <c>durable-ingest resume</c> continues it) instead of hanging it.
    /// The Blob client's own retries (about 15 s) come before it. Zero turns these retries off.
    /// </summary>
    public TimeSpan OutageBudget { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Delay before the first retry; it doubles with each retry, with jitter. Default 1 s.</summary>
    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest delay between two attempts. Default 15 s, so a store that is back is used again within seconds.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The defaults with <see cref="OutageBudgetSetting"/> applied when it is set; a bad value throws, naming it.</summary>
    public static RunStoreResilienceOptions FromSettings(Func<string, string?> setting)
    {
        ArgumentNullException.ThrowIfNull(setting);
        var defaults = new RunStoreResilienceOptions();
        var text = setting(OutageBudgetSetting);
        if (string.IsNullOrWhiteSpace(text))
        {
            return defaults;
        }

        if (!double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || !(seconds is >= 0 and <= MaxBudgetSeconds))
        {
            throw new ConfigException("the environment", [new ConfigProblem(
                OutageBudgetSetting,
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"must be a number of seconds from 0 to {MaxBudgetSeconds}, not '{text}'; 0 turns run store retries off, and without the setting a run waits out {defaults.OutageBudget.TotalSeconds} s"))]);
        }

        return defaults with { OutageBudget = TimeSpan.FromSeconds(seconds) };
    }
}
