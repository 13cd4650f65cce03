using System.CommandLine;
using System.Globalization;
using DurableIngest.Configuration;
using DurableIngest.Connectors;
using DurableIngest.RunStore.Local;
using DurableIngest.Sources;
using DurableIngest.Workflow;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace DurableIngest.Cli.Commands;

/// <summary>
/// <c>durable-ingest bench -c FILE [--parallelism 1,2,4,8] [--chunk-size N,...] [--repetitions N]</c>: discovers once,
/// then runs the processing at each setting on the local runtime into a throwaway file sink and run store (every
/// table written each time), and prints seconds, entities/s and the speed-up against parallelism 1, so users can pick
/// their settings on their own database. The real sink and run store are not touched.
/// </summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var config = CommonOptions.Config();
        var parallelism = new Option<string>("--parallelism") { Description = "Comma-separated parallelism values to measure.", DefaultValueFactory = _ => "1,2,4,8" };
        var chunkSizes = new Option<string?>("--chunk-size") { Description = "Comma-separated chunk sizes to measure (default: the file's)." };
        var repetitions = new Option<int>("--repetitions") { Description = "Runs per setting; the median is shown.", DefaultValueFactory = _ => 1 };
        var command = new Command("bench", "Measure the processing at several parallelism and chunk-size settings into a throwaway sink.")
        {
            config, parallelism, chunkSizes, repetitions,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(
            parse.GetValue(config)!, parse.GetValue(parallelism)!, parse.GetValue(chunkSizes), parse.GetValue(repetitions), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(FileInfo file, string parallelismList, string? chunkSizeList, int repetitions, CancellationToken cancellationToken)
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

        var problems = new List<string>();
        var parallelism = ParseList("--parallelism", parallelismList, problems);
        var chunkSizes = chunkSizeList is null ? [workflow.Workflow.Distributed.ChunkSize] : ParseList("--chunk-size", chunkSizeList, problems);
        if (repetitions < 1)
        {
            problems.Add($"--repetitions must be at least 1, not {repetitions}");
        }

        if (problems.Count > 0)
        {
            problems.ForEach(Console.Error.WriteLine);
            return ExitCodes.InvalidInput;
        }

        var scratch = Directory.CreateTempSubdirectory("durable-ingest-bench-").FullName;
        try
        {
            await using var services = CliServices.Create(new LocalDirectoryRunStore(Path.Combine(scratch, "runs")), LogLevel.Warning);
            var discovery = await DiscoverAsync(services, workflow, cancellationToken);
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"Discovered {discovery.Result.Entities.Count:N0} entities once in {discovery.Seconds:F2} s; each run below writes all of them to a throwaway file sink."));
            services.Runtime.Activities.Register<DiscoverInput, DiscoveryOutcome>(
                ActivityNames.Discover, (input, token) => services.Activities.StoreDiscoveryAsync(input.RunId, discovery.Result, input.ChunkSize, startedAt: null, token));

            // One uncounted run first: the first run of a process also pays for JIT and opening connection pools.
            var run = 0;
            await MeasureAsync(services, workflow, file, scratch, ++run, parallelism[0], chunkSizes[0], cancellationToken);
            var rows = new List<BenchRow>();
            foreach (var chunkSize in chunkSizes)
            {
                foreach (var width in parallelism)
                {
                    var seconds = new List<double>();
                    for (var repetition = 0; repetition < repetitions; repetition++)
                    {
                        seconds.Add(await MeasureAsync(services, workflow, file, scratch, ++run, width, chunkSize, cancellationToken));
                    }

                    rows.Add(new BenchRow(chunkSize, width, Median(seconds), discovery.Result.Entities.Count));
                }
            }

            Render(rows, repetitions);
            return ExitCodes.Success;
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    // One run into its own throwaway folder, every table written; its wall time in seconds.
    private static async Task<double> MeasureAsync(
        CliServices services, WorkflowConfig workflow, FileInfo file, string scratch, int run, int parallelism, int chunkSize, CancellationToken cancellationToken)
    {
        var text = WorkflowText.WithFileSink(workflow.RawText, Path.Combine(scratch, $"catalog-{run}"));
        var config = new WorkflowConfigLoader(services.Connectors).Load(text, file.FullName);
        var runId = $"bench-{run}";
        await services.Starter.CreateAsync(runId, config, file.FullName, new RunOverrides(parallelism, chunkSize, Full: true), cancellationToken);
        var started = services.Time.GetTimestamp();
        var result = await services.Runtime.RunIngestionAsync(runId, null, cancellationToken);
        var seconds = services.Time.GetElapsedTime(started).TotalSeconds;
        if (result.Failed > 0)
        {
            Console.Error.WriteLine($"chunk size {chunkSize}, parallelism {parallelism}: {result.Failed} entities failed; the figures count them as processed.");
        }

        return seconds;
    }

    private static async Task<(DiscoveryResult Result, double Seconds)> DiscoverAsync(CliServices services, WorkflowConfig workflow, CancellationToken cancellationToken)
    {
        var context = new ConnectorContext { RunId = "bench", Service = IngestionActivities.DescribeService(workflow.Source), LoggerFactory = services.LoggerFactory, Time = services.Time };
        await using var source = services.Connectors.GetSource(workflow.Source.Type).Create(workflow.Source, context);
        var started = services.Time.GetTimestamp();
        var result = await source.DiscoverAsync(cancellationToken);
        return (result, services.Time.GetElapsedTime(started).TotalSeconds);
    }

    private static void Render(List<BenchRow> rows, int repetitions)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .Title(repetitions == 1 ? "[bold]one run per setting[/]" : $"[bold]median of {repetitions} runs per setting[/]")
            .AddColumn(new TableColumn("chunk size").RightAligned())
            .AddColumn(new TableColumn("parallelism").RightAligned())
            .AddColumn(new TableColumn("seconds").RightAligned())
            .AddColumn(new TableColumn("entities/s").RightAligned())
            .AddColumn(new TableColumn("speed-up vs parallelism 1").RightAligned());
        foreach (var row in rows)
        {
            var baseline = rows.FirstOrDefault(r => r.ChunkSize == row.ChunkSize && r.Parallelism == 1);
            table.AddRow(
                row.ChunkSize.ToString(CultureInfo.InvariantCulture),
                row.Parallelism.ToString(CultureInfo.InvariantCulture),
                row.Seconds.ToString("F2", CultureInfo.InvariantCulture),
                row.EntitiesPerSecond.ToString("N0", CultureInfo.InvariantCulture),
                baseline is null ? "(no parallelism 1 measured)" : (baseline.Seconds / row.Seconds).ToString("F2", CultureInfo.InvariantCulture) + "×");
        }

        AnsiConsole.Write(table);
    }

    private static List<int> ParseList(string option, string text, List<string> problems)
    {
        var values = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= 1)
            {
                values.Add(value);
            }
            else
            {
                problems.Add($"{option}: '{part}' is not a whole number of at least 1 (write e.g. {option} 1,2,4)");
            }
        }

        if (values.Count == 0 && problems.Count == 0)
        {
            problems.Add($"{option} is empty: give at least one value, e.g. {option} 1,2,4");
        }

        return [.. values.Distinct()];
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private sealed record BenchRow(int ChunkSize, int Parallelism, double Seconds, int Entities)
    {
        public double EntitiesPerSecond => Seconds > 0 ? Entities / Seconds : 0;
    }
}
