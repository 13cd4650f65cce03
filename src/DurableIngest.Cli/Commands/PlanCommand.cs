using System.CommandLine;
using System.Globalization;
using DurableIngest.Configuration;
using DurableIngest.Connectors;
using DurableIngest.Workflow;
using Spectre.Console;

namespace DurableIngest.Cli.Commands;

/// <summary><c>durable-ingest plan -c FILE</c>: discovery only — what would be ingested, and the chunk plan. Writes nothing.</summary>
internal static class PlanCommand
{
    public static Command Create()
    {
        var config = CommonOptions.Config();
        var chunkSize = new Option<int?>("--chunk-size") { Description = "Plan with this chunk size instead of the file's." };
        var command = new Command("plan", "Discover entities (names only) and show counts and the chunk plan.") { config, chunkSize };
        command.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(config)!, parse.GetValue(chunkSize), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(FileInfo file, int? chunkSizeOverride, CancellationToken cancellationToken)
    {
        WorkflowConfig workflow;
        try
        {
            workflow = CliServices.CreateLoader().LoadFile(file.FullName);
        }
        catch (ConfigException e)
        {
            return ConfigErrors.Report(e, file.ToString());
        }

        var connectors = CliServices.CreateConnectors();
        var context = new ConnectorContext { RunId = "plan", Service = IngestionActivities.DescribeService(workflow.Source) };
        await using var source = connectors.GetSource(workflow.Source.Type).Create(workflow.Source, context);
        var discovery = await source.DiscoverAsync(cancellationToken);

        var table = new Table().Border(TableBorder.Rounded).Title($"[bold]{Markup.Escape(workflow.Source.ServiceName)}[/]")
            .AddColumn("Database").AddColumn("Schema").AddColumn(new TableColumn("Entities").RightAligned()).AddColumn("Kinds");
        var bySchema = discovery.Entities.GroupBy(e => (e.Database, e.Schema)).ToDictionary(g => g.Key, g => g.ToList());
        foreach (var schema in discovery.Schemas.Select(s => (s.Database, s.Schema)).Union(bySchema.Keys).Order())
        {
            var entities = bySchema.GetValueOrDefault(schema) ?? [];
            var kinds = string.Join(", ", entities.GroupBy(e => e.Kind).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key}"));
            table.AddRow(Markup.Escape(schema.Database), Markup.Escape(schema.Schema), entities.Count.ToString("N0", CultureInfo.InvariantCulture), Markup.Escape(kinds));
        }

        AnsiConsole.Write(table);
        var distributed = workflow.Workflow.Distributed;
        var chunkSize = chunkSizeOverride ?? distributed.ChunkSize;
        var chunks = (discovery.Entities.Count + chunkSize - 1) / chunkSize;
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{discovery.Entities.Count:N0} entities to ingest, {discovery.Filtered.Count:N0} filtered, {discovery.Warnings.Count} warnings."));
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Chunk plan: {chunks:N0} chunks of up to {chunkSize} entities, {distributed.EffectiveParallelism(DistributedExecutionOptions.LocalDefaultParallelism)} in flight at a time."));
        foreach (var warning in discovery.Warnings)
        {
            Console.WriteLine($"warning: {warning}");
        }

        return ExitCodes.Success;
    }
}
