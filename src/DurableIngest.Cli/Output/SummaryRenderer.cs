using System.Globalization;
using DurableIngest.Workflow;
using Spectre.Console;

namespace DurableIngest.Cli.Output;

/// <summary>Prints a run's summary and its failures, as OpenMetadata's workflow summary does.</summary>
internal static class SummaryRenderer
{
    private const int MaxWarningsShown = 10;

    /// <param name="reportLocation">Where the run's <c>report.html</c> is, or null when it has none.</param>
    public static void Render(IAnsiConsole console, RunSummary summary, string summaryLocation, string? reportLocation = null)
    {
        var color = summary.Status switch
        {
            RunStatus.Completed => "green",
            RunStatus.CompletedWithErrors => "yellow",
            _ => "red",
        };
        var table = new Table().Border(TableBorder.Rounded).Title($"[bold]Run {Markup.Escape(summary.RunId)}[/]")
            .AddColumn("Metric").AddColumn(new TableColumn("Value").RightAligned());
        table.AddRow("Status", $"[{color}]{summary.Status}[/]");
        table.AddRow("Service", Markup.Escape($"{summary.Service} ({summary.SourceType} → {summary.SinkType})"));
        table.AddRow("Total entities", N(summary.Total));
        table.AddRow("Succeeded", N(summary.Succeeded));
        table.AddRow("  created / updated / unchanged", $"{N(summary.Created)} / {N(summary.Updated)} / {N(summary.Unchanged)}");
        table.AddRow("Deleted", N(summary.Deleted));
        table.AddRow("Failed", summary.Failed == 0 ? "0" : $"[red]{N(summary.Failed)}[/]");
        table.AddRow("Filtered", N(summary.Filtered));
        table.AddRow("Warnings", N(summary.Warnings));
        table.AddRow("Chunks (exhausted)", $"{N(summary.Chunks)} ({N(summary.ChunksExhausted)})");
        table.AddRow("Duration", $"{summary.DurationSeconds.ToString("F2", CultureInfo.InvariantCulture)} s");
        table.AddRow("Throughput", $"{summary.EntitiesPerSecond.ToString("F1", CultureInfo.InvariantCulture)} entities/s");
        table.AddRow("Success", $"{summary.SuccessPercent.ToString("F2", CultureInfo.InvariantCulture)} % (threshold {summary.SuccessThreshold.ToString(CultureInfo.InvariantCulture)} %)");
        console.Write(table);
        if (summary.Error is { } error)
        {
            console.MarkupLine($"[red]{Markup.Escape(error)}[/]");
        }

        if (summary.Failures.Count > 0)
        {
            var failures = new Table().Border(TableBorder.Simple).Title($"Failures (first {summary.Failures.Count} of {summary.Failed})")
                .AddColumn("From").AddColumn("Entity").AddColumn("Error").AddColumn("Message");
            foreach (var failure in summary.Failures)
            {
                failures.AddRow(Markup.Escape(failure.Stage), Markup.Escape(failure.Entity), Markup.Escape(failure.ErrorType), Markup.Escape(failure.Message));
            }

            console.Write(failures);
        }

        foreach (var warning in summary.WarningMessages.Take(MaxWarningsShown))
        {
            console.MarkupLine($"[yellow]Warning:[/] {Markup.Escape(warning)}");
        }

        if (summary.Warnings > MaxWarningsShown)
        {
            console.MarkupLine($"[yellow]... {N(summary.Warnings - MaxWarningsShown)} more warnings in the summary file[/]");
        }

        // Plain text so the path is never wrapped and stays copyable.
        Console.WriteLine($"Summary: {summaryLocation}");
        if (reportLocation is not null)
        {
            Console.WriteLine($"Report:  {reportLocation}");
        }
    }

    private static string N(int value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
