using System.CommandLine;
using System.Globalization;
using DurableIngest.Cli.Runtime;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace DurableIngest.Cli.Commands;

/// <summary><c>durable-ingest runs</c>: recent runs in a run store, newest first.</summary>
internal static class RunsCommand
{
    public static Command Create()
    {
        var config = CommonOptions.Config(required: false);
        config.Description = "A workflow file whose distributedExecution.runStore names the run store.";
        var store = new RunStoreArguments();
        var limit = new Option<int>("--limit") { Description = "How many runs to show.", DefaultValueFactory = _ => 20 };
        var hub = new TaskHubArguments(required: false);
        hub.Hub.Description = "List the runs on this task hub.";
        var command = new Command("runs", "List recent runs.") { config, limit };
        store.AddTo(command);
        command.Options.Add(hub.Hub);
        command.Options.Add(hub.Storage);
        command.SetAction((parse, cancellationToken) => parse.GetValue(hub.Hub) is null
            ? RunAsync(parse, store, parse.GetValue(config), parse.GetValue(limit), cancellationToken)
            : HubRunsAsync(parse, hub, parse.GetValue(limit), cancellationToken));
        return command;
    }

    private static async Task<int> HubRunsAsync(ParseResult parse, TaskHubArguments arguments, int limit, CancellationToken cancellationToken)
    {
        using var hub = arguments.Open(parse);
        if (hub is null)
        {
            return ExitCodes.InvalidInput;
        }

        using var loggerFactory = CliServices.CreateLoggerFactory(LogLevel.Warning);
        var views = await hub.CreateControl(TimeProvider.System, loggerFactory).ListAsync(limit, cancellationToken);
        var table = new Table().Border(TableBorder.Rounded).AddColumn("Run").AddColumn("Status").AddColumn("Created").AddColumn("Updated").AddColumn(new TableColumn("Entities").RightAligned());
        foreach (var view in views)
        {
            table.AddRow(
                Markup.Escape(view.Id),
                view.RuntimeStatus.ToString(),
                view.CreatedTime.ToString("u", CultureInfo.InvariantCulture),
                view.LastUpdatedTime.ToString("u", CultureInfo.InvariantCulture),
                view.CustomStatus is { } progress ? $"{progress.EntitiesDone:N0}/{progress.EntitiesTotal:N0}" : "-");
        }

        AnsiConsole.Write(table);
        Console.WriteLine($"{views.Count} run(s) on {hub.Description}");
        return ExitCodes.Success;
    }

    private static async Task<int> RunAsync(ParseResult parse, RunStoreArguments storeArguments, FileInfo? config, int limit, CancellationToken cancellationToken)
    {
        using var opened = storeArguments.Open(parse, config);
        if (opened is null)
        {
            return ExitCodes.InvalidInput;
        }

        var statuses = await StoredRuns.ListStatusesAsync(opened.Store, cancellationToken);
        var table = new Table().Border(TableBorder.Rounded).AddColumn("Run").AddColumn("Status").AddColumn("Created").AddColumn("Updated").AddColumn(new TableColumn("Entities").RightAligned());
        foreach (var status in statuses.Take(limit))
        {
            var entities = status.Output is { } output ? $"{output.Succeeded + output.Failed:N0}/{output.Total:N0}"
                : status.CustomStatus is { } progress ? $"{progress.EntitiesDone:N0}/{progress.EntitiesTotal:N0}" : "-";
            table.AddRow(
                Markup.Escape(status.Id),
                status.RuntimeStatus.ToString(),
                status.CreatedTime.ToString("u", CultureInfo.InvariantCulture),
                status.LastUpdatedTime.ToString("u", CultureInfo.InvariantCulture),
                entities);
        }

        AnsiConsole.Write(table);
        Console.WriteLine($"{statuses.Count} run(s) in {opened.Description}");
        return ExitCodes.Success;
    }
}
