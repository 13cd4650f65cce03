using System.Diagnostics;
using DurableIngest.Cli.Runtime;
using DurableIngest.RunStore;

namespace DurableIngest.Cli.Tests.Runtime;

/// <summary>
/// Waits for a run in another process to reach a step of its journal, so a kill lands at a chosen point of the run on
/// any machine, fast or slow, rather than after a guessed number of seconds.
/// </summary>
internal static class JournalProgress
{
    /// <summary>The number of steps journaled once at least <paramref name="steps"/> are, or once the process has exited.</summary>
    public static async Task<int> WaitForStepsAsync(IRunStore store, string runId, int steps, Process process, TimeSpan? timeout = null)
    {
        using var guard = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(5));
        while (true)
        {
            var journaled = steps == 0 ? 0 : (await JournalReader.ReadAsync(store, runId, guard.Token)).Entries.Count;
            if (journaled >= steps || process.HasExited)
            {
                return journaled;
            }

            await Task.Delay(10, guard.Token);
        }
    }
}
