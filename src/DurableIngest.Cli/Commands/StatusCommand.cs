using System.CommandLine;
using System.Globalization;
using System.Text;
using DurableIngest.Cli.Runtime;
using DurableIngest.RunStore;
using DurableIngest.Workflow;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace DurableIngest.Cli.Commands;

/// <summary><c>durable-ingest status RUNID</c>: the run's status document (the one the HTTP front door serves).</summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var runId = new Argument<string>("runId") { Description = "The run to show." };
        var config = CommonOptions.Config(required: false);
        config.Description = "A workflow file whose distributedExecution.runStore names the run store.";
        var store = new RunStoreArguments();
        var json = new Option<bool>("--json") { Description = "Print the status document as JSON." };
        var hub = new TaskHubArguments(required: false);
        hub.Hub.Description = "The run is on this task hub: ask the hub (the run store is the hub's, see --storage and --run-store-container).";
        var command = new Command("status", "Show a run's status, progress and timings.") { runId, config, json };
        store.AddTo(command);
        command.Options.Add(hub.Hub);
        command.Options.Add(hub.Storage);
        command.SetAction((parse, cancellationToken) => parse.GetValue(hub.Hub) is null
            ? RunAsync(parse, parse.GetValue(runId)!, store, parse.GetValue(config), parse.GetValue(json), cancellationToken)
            : HubStatusAsync(parse, hub, parse.GetValue(runId)!, parse.GetValue(json), cancellationToken));
        return command;
    }

    private static async Task<int> HubStatusAsync(ParseResult parse, TaskHubArguments arguments, string runId, bool json, CancellationToken cancellationToken)
    {
        using var hub = arguments.Open(parse);
        if (hub is null)
        {
            return ExitCodes.InvalidInput;
        }

        using var loggerFactory = CliServices.CreateLoggerFactory(LogLevel.Warning);
        var view = await hub.CreateControl(TimeProvider.System, loggerFactory).GetStatusAsync(runId, cancellationToken);
        if (view is null)
        {
            Console.Error.WriteLine($"Run '{runId}' is not on {hub.Description}; 'durable-ingest runs --task-hub {hub.Name}' lists the runs there.");
            return ExitCodes.InvalidInput;
        }

        var output = await hub.Store.ReadAsync<RunSummary>(RunKeys.Summary(runId), cancellationToken) is { } summary
            ? new RunResult(runId, summary.Status, summary.Total, summary.Succeeded, summary.Failed, summary.Filtered, summary.SuccessPercent, summary.DurationSeconds, RunKeys.Summary(runId))
            : null;
        var status = new RunStatusDocument(view.Id, view.RuntimeStatus, view.CreatedTime, view.LastUpdatedTime, view.CustomStatus, output, view.Error);
        if (json)
        {
            Console.WriteLine(Encoding.UTF8.GetString(RunStoreJson.Serialize(status, CliJson.Indented)));
            return ExitCodes.Success;
        }

        Render(runId, status);
        return ExitCodes.Success;
    }

    private static async Task<int> RunAsync(ParseResult parse, string runId, RunStoreArguments storeArguments, FileInfo? config, bool json, CancellationToken cancellationToken)
    {
        using var opened = storeArguments.Open(parse, config);
        if (opened is null)
        {
            return ExitCodes.InvalidInput;
        }

        var document = RunKeys.IsValidRunId(runId) ? await opened.Store.GetAsync(RunKeys.Status(runId), cancellationToken) : null;
        if (document is null)
        {
            Console.Error.WriteLine($"Run '{runId}' has no status in {opened.Description}; 'durable-ingest runs {opened.Hint}' lists the runs there.");
            return ExitCodes.InvalidInput;
        }

        if (json)
        {
            Console.WriteLine(Encoding.UTF8.GetString(document.Content.Span));
            return ExitCodes.Success;
        }

        Render(runId, RunStoreJson.Deserialize<RunStatusDocument>(document.Content, RunKeys.Status(runId), CliJson.Options));
        return ExitCodes.Success;
    }

    private static void Render(string runId, RunStatusDocument status)
    {
        var table = new Table().Border(TableBorder.Rounded).Title($"[bold]Run {Markup.Escape(runId)}[/]").AddColumn("Field").AddColumn("Value");
        table.AddRow("Runtime status", status.RuntimeStatus.ToString());
        table.AddRow("Created", status.CreatedTime.ToString("u", CultureInfo.InvariantCulture));
        table.AddRow("Last updated", status.LastUpdatedTime.ToString("u", CultureInfo.InvariantCulture));
        if (status.CustomStatus is { } progress)
        {
            table.AddRow("Phase", progress.Phase);
            table.AddRow("Chunks", $"{progress.ChunksDone:N0} / {progress.ChunksTotal:N0}");
            table.AddRow("Entities", $"{progress.EntitiesDone:N0} / {progress.EntitiesTotal:N0}");
            table.AddRow("Failures so far", progress.Failures.ToString("N0", CultureInfo.InvariantCulture));
            table.AddRow("Rate", $"{progress.EntitiesPerSecond.ToString("F1", CultureInfo.InvariantCulture)} entities/s");
        }

        if (status.Output is { } output)
        {
            table.AddRow("Result", $"{output.Status}: {output.Succeeded:N0} succeeded, {output.Failed:N0} failed, {output.Filtered:N0} filtered");
            table.AddRow("Duration", $"{output.DurationSeconds.ToString("F2", CultureInfo.InvariantCulture)} s");
        }

        if (status.Error is { } error)
        {
            table.AddRow("Error", Markup.Escape(error));
        }

        AnsiConsole.Write(table);
    }
}
