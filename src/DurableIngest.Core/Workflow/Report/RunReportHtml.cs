using System.Globalization;
using System.Text;

namespace DurableIngest.Workflow.Report;

/// <summary>
/// <c>report.html</c>: one self-contained page (inline styles and SVG, no script, no request to anywhere) that opens from
/// disk or from an e-mail attachment: the summary, the chunk timeline, entities per second over time, the slowest
/// chunks, the failures with their stage and message, the failed attempts and the warnings. Everything it shows comes
/// from documents that are already redacted.
/// </summary>
public static class RunReportHtml
{
    /// <summary>How many of the slowest chunks the report lists.</summary>
    public const int SlowestListed = 10;

    private const string Style = """
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2433;margin:24px auto;max-width:1000px;padding:0 16px}
        h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}
        .sub{color:#5b6475}.status{display:inline-block;padding:2px 10px;border-radius:12px;color:#fff;font-weight:600}
        .Completed{background:#2e7d32}.CompletedWithErrors{background:#ef6c00}.Failed{background:#c62828}.other{background:#5b6475}
        .cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(140px,1fr));gap:8px;margin-top:16px}
        .card{border:1px solid #dde1e8;border-radius:8px;padding:8px 12px}.card b{display:block;font-size:20px}
        table{border-collapse:collapse;width:100%;font-size:13px}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #e6e9ef;vertical-align:top}
        th{background:#f5f7fa}td.num,th.num{text-align:right;white-space:nowrap}
        .chart{width:100%;height:auto;border:1px solid #e6e9ef;border-radius:8px;background:#fff}
        .chart .label{font-size:11px;fill:#5b6475}.chart .axis,.chart .tick{stroke:#8a93a5}.chart .grid{stroke:#eef0f4}
        .chart .ok{fill:#43a047}.chart .partial{fill:#f9a825}.chart .failed{fill:#c62828}.chart .attempt{fill:url(#hatch);stroke:#c62828}
        .chart .discovery{fill:#7e57c2}.chart .straggler{stroke:#1d2433;stroke-width:2}
        .chart .rate{fill:none;stroke:#1565c0;stroke-width:2}.chart .rate-area{fill:#bbdefb}.chart .bucket{fill:transparent}
        .legend span{display:inline-block;margin-right:16px}.legend i{display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:-1px;border-radius:2px}
        .note{color:#5b6475;font-size:12px}code{font-size:12px}
        """;

    public static string Render(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var summary = report.Summary;
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
            .Append(CultureInfo.InvariantCulture, $"<title>DurableIngest run {Svg.Text(summary.RunId)}: {summary.Status}</title>")
            .Append("<style>").Append(Style).Append("</style></head><body>");
        Header(html, report);
        Cards(html, report);

        html.Append("<h2>Chunk timeline</h2>");
        if (report.Discovery is not null || report.Chunks.Any(c => c.StartedAt is not null) || report.FailedAttempts.Count > 0)
        {
            html.Append("<p class=\"legend\"><span><i style=\"background:#7e57c2\"></i>discovery</span><span><i style=\"background:#43a047\"></i>chunk</span><span><i style=\"background:#f9a825\"></i>chunk with failed entities</span>")
                .Append("<span><i style=\"background:#c62828\"></i>every entity failed</span><span><i style=\"background:#f3c2c2;border:1px solid #c62828\"></i>failed attempt (retried)</span>")
                .Append(CultureInfo.InvariantCulture, $"<span><i style=\"border:2px solid #1d2433\"></i>straggler (over {TimelineChart.StragglerFactor:0}× the median chunk)</span></p>")
                .Append(TimelineChart.Render(report));
            html.Append("<h2>Entities per second</h2>").Append(ThroughputChart.Render(report));
        }
        else
        {
            html.Append("<p class=\"note\">No chunk of this run recorded its start and end.</p>");
        }

        Slowest(html, report);
        Failures(html, summary);
        Attempts(html, report);
        Warnings(html, summary);
        html.Append("<p class=\"note\">Written by DurableIngest from <code>summary.json</code> and the run's chunk results. Times are UTC.</p>");
        html.Append("</body></html>\n");
        return html.ToString();
    }

    private static void Header(StringBuilder html, RunReport report)
    {
        var s = report.Summary;
        var status = s.Status is RunStatus.Completed or RunStatus.CompletedWithErrors or RunStatus.Failed ? s.Status.ToString() : "other";
        html.Append(CultureInfo.InvariantCulture, $"<h1>{Svg.Text(s.Service)} <span class=\"status {status}\">{s.Status}</span></h1>")
            .Append(CultureInfo.InvariantCulture,
                $"<div class=\"sub\">Run <code>{Svg.Text(s.RunId)}</code> · {Svg.Text(s.SourceType)} → {Svg.Text(s.SinkType)} · {s.StartedAt:yyyy-MM-dd HH:mm:ss} → {s.FinishedAt:HH:mm:ss} UTC · {Svg.Seconds(s.DurationSeconds)}</div>");
        if (s.Error is { } error)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p><b>Error:</b> {Svg.Text(error)}</p>");
        }
    }

    private static void Cards(StringBuilder html, RunReport report)
    {
        var s = report.Summary;
        html.Append("<div class=\"cards\">");
        Card(html, "discovered", N(s.Total));
        Card(html, "succeeded", $"{N(s.Succeeded)}", $"{N(s.Created)} created · {N(s.Updated)} updated · {N(s.Unchanged)} unchanged");
        Card(html, "failed", N(s.Failed));
        Card(html, "filtered", N(s.Filtered));
        Card(html, "deleted", N(s.Deleted));
        Card(html, "warnings", N(s.Warnings));
        Card(html, "success", $"{s.SuccessPercent.ToString("0.##", CultureInfo.InvariantCulture)} %", $"threshold {s.SuccessThreshold.ToString("0.##", CultureInfo.InvariantCulture)} %");
        Card(html, "entities/s", s.EntitiesPerSecond.ToString("0.#", CultureInfo.InvariantCulture));
        Card(html, "chunks", N(s.Chunks), s.ChunksExhausted > 0 ? $"{N(s.ChunksExhausted)} exhausted their retries" : null);
        Card(html, "failed attempts", N(report.FailedAttempts.Count));
        html.Append("</div>");
    }

    private static void Card(StringBuilder html, string label, string value, string? detail = null)
    {
        html.Append(CultureInfo.InvariantCulture, $"<div class=\"card\"><b>{Svg.Text(value)}</b>{Svg.Text(label)}");
        if (detail is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $"<div class=\"note\">{Svg.Text(detail)}</div>");
        }

        html.Append("</div>");
    }

    private static void Slowest(StringBuilder html, RunReport report)
    {
        var slowest = report.Chunks.Where(c => c.Seconds is not null).OrderByDescending(c => c.Seconds).ThenBy(c => c.ChunkIndex).Take(SlowestListed).ToList();
        if (slowest.Count == 0)
        {
            return;
        }

        // Tables are read and written a chunk at a time (a handful of queries per chunk), so a table's time is its chunk's.
        html.Append("<h2>Slowest chunks and their tables</h2><table id=\"slowest\"><tr><th class=\"num\">chunk</th><th class=\"num\">time</th><th class=\"num\">per table</th><th class=\"num\">failed</th><th>tables</th></tr>");
        foreach (var chunk in slowest)
        {
            var seconds = chunk.Seconds!.Value;
            var names = string.Join(", ", chunk.EntityNames.Take(6)) + (chunk.EntityNames.Count > 6 ? $", … (+{chunk.EntityNames.Count - 6})" : string.Empty);
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td class=\"num\">{chunk.ChunkIndex}</td><td class=\"num\">{Svg.Seconds(seconds)}</td><td class=\"num\">{Svg.Seconds(chunk.Entities == 0 ? 0 : seconds / chunk.Entities)}</td><td class=\"num\">{N(chunk.Failed)}</td><td>{Svg.Text(names)}</td></tr>");
        }

        html.Append("</table>");
    }

    private static void Failures(StringBuilder html, RunSummary summary)
    {
        html.Append(CultureInfo.InvariantCulture, $"<h2>Failures ({N(summary.Failed)})</h2>");
        if (summary.Failures.Count == 0)
        {
            html.Append("<p class=\"note\">None.</p>");
            return;
        }

        html.Append("<table id=\"failures\"><tr><th>entity</th><th>stage</th><th>error</th><th>message</th></tr>");
        foreach (var failure in summary.Failures)
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td>{Svg.Text(failure.Entity)}</td><td>{Svg.Text(failure.Stage)}</td><td>{Svg.Text(failure.ErrorType)}{(failure.IsTransient ? " (transient)" : string.Empty)}</td><td>{Svg.Text(failure.Message)}</td></tr>");
        }

        html.Append("</table>");
        if (summary.Failed > summary.Failures.Count)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"note\">The first {N(summary.Failures.Count)} of {N(summary.Failed)}; every one is in the run's <code>results/</code>.</p>");
        }
    }

    private static void Attempts(StringBuilder html, RunReport report)
    {
        if (report.FailedAttempts.Count == 0)
        {
            return;
        }

        var origin = report.Summary.StartedAt;
        html.Append(CultureInfo.InvariantCulture, $"<h2>Failed attempts ({N(report.FailedAttempts.Count)})</h2>")
            .Append("<table id=\"attempts\"><tr><th>activity</th><th class=\"num\">chunk</th><th class=\"num\">at</th><th class=\"num\">lasted</th><th>error</th><th>message</th></tr>");
        foreach (var attempt in report.FailedAttempts.OrderBy(a => a.StartedAt))
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td>{Svg.Text(attempt.Activity)}</td><td class=\"num\">{attempt.ChunkIndex?.ToString(CultureInfo.InvariantCulture) ?? "–"}</td>" +
                $"<td class=\"num\">{Svg.Seconds(Math.Max(0, (attempt.StartedAt - origin).TotalSeconds))}</td><td class=\"num\">{Svg.Seconds(Math.Max(0, (attempt.FailedAt - attempt.StartedAt).TotalSeconds))}</td>" +
                $"<td>{Svg.Text(attempt.ErrorType)} ({(attempt.IsTransient ? "transient" : "permanent")})</td><td>{Svg.Text(attempt.Message)}</td></tr>");
        }

        html.Append("</table>");
    }

    private static void Warnings(StringBuilder html, RunSummary summary)
    {
        if (summary.WarningMessages.Count == 0)
        {
            return;
        }

        html.Append(CultureInfo.InvariantCulture, $"<h2>Warnings ({N(summary.Warnings)})</h2><ul id=\"warnings\">");
        foreach (var warning in summary.WarningMessages)
        {
            html.Append("<li>").Append(Svg.Text(warning)).Append("</li>");
        }

        html.Append("</ul>");
    }

    private static string N(int value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
