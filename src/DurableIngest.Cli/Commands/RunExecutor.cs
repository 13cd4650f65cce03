using DurableIngest.Cli.Output;
using DurableIngest.Cli.Runtime;
using DurableIngest.RunStore;
using DurableIngest.Workflow;
using Spectre.Console;

namespace DurableIngest.Cli.Commands;

/// <summary>Drives a prepared run on the local runtime with progress, then prints its summary; shared by ingest and resume.</summary>
internal static class RunExecutor
{
    /// <param name="resumeArguments">What to add to <c>durable-ingest resume RUNID</c> to find this run again (shown on interruption).</param>
    /// <param name="logEntities">Print one line per entity before the summary (<see cref="EntityLines"/>).</param>
    public static async Task<int> ExecuteAsync(CliServices services, string runId, string resumeArguments, bool logEntities, CancellationToken cancellationToken)
    {
        var console = AnsiConsole.Console;
        try
        {
            await new ProgressDisplay(console, services.Time)
                .RunAsync(onProgress => services.Runtime.RunIngestionAsync(runId, onProgress, cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Console.Error.WriteLine($"Run {runId} interrupted; finished work is journaled. Resume with: durable-ingest resume {runId} {resumeArguments}");
            return ExitCodes.RunFailed;
        }
        catch (Exception e) when (e is NonDeterminismException or InvalidDataException or RunLeasedException)
        {
            Console.Error.WriteLine(e.Message);
            return ExitCodes.RunFailed;
        }

        return await RenderSummaryAsync(services.Store, runId, logEntities, cancellationToken);
    }

    /// <summary>Prints a finished run's summary from the run store; the exit code its status means.</summary>
    public static async Task<int> RenderSummaryAsync(IRunStore store, string runId, bool logEntities, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var summaryKey = RunKeys.Summary(runId);
        var summary = await store.ReadRequiredAsync<RunSummary>(summaryKey, cancellationToken);
        if (logEntities)
        {
            await EntityLines.WriteAsync(Console.Out, store, summary, cancellationToken);
        }

        var reportKey = RunKeys.Report(runId);
        var report = await store.GetAsync(reportKey, cancellationToken) is null ? null : Locate(store, reportKey);
        SummaryRenderer.Render(AnsiConsole.Console, summary, Locate(store, summaryKey), report);
        return summary.Status == RunStatus.Completed ? ExitCodes.Success : ExitCodes.RunFailed;
    }

    private static string Locate(IRunStore store, string key) => ResilientRunStore.Unwrap(store) switch
    {
        DurableIngest.RunStore.Local.LocalDirectoryRunStore local => Path.Combine(local.Root, key),
        DurableIngest.RunStore.Blob.BlobRunStore blob => $"{key} in blob container '{blob.Container}'",
        _ => key,
    };
}
