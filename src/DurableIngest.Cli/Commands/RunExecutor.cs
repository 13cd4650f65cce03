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
    public static async Task<int> ExecuteAsync(CliServices services, string runId, string resumeArguments, CancellationToken cancellationToken)
    {
        var console = AnsiConsole.Console;
        RunResult result;
        try
        {
            result = await new ProgressDisplay(console, services.Time)
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

        var summaryKey = RunKeys.Summary(runId);
        var summary = await services.Store.ReadRequiredAsync<RunSummary>(summaryKey, cancellationToken);
        var location = ResilientRunStore.Unwrap(services.Store) switch
        {
            DurableIngest.RunStore.Local.LocalDirectoryRunStore local => Path.Combine(local.Root, summaryKey),
            DurableIngest.RunStore.Blob.BlobRunStore blob => $"{summaryKey} in blob container '{blob.Container}'",
            _ => summaryKey,
        };
        SummaryRenderer.Render(console, summary, location);
        return result.Status == RunStatus.Completed ? ExitCodes.Success : ExitCodes.RunFailed;
    }
}
