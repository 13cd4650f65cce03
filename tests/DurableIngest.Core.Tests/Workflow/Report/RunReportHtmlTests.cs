using System.Text.RegularExpressions;
using DurableIngest.Testing.Reports;
using DurableIngest.Workflow;
using DurableIngest.Workflow.Report;
using Xunit;

namespace DurableIngest.Core.Tests.Workflow.Report;

/// <summary>The report page drawn from a run with every feature (<see cref="SampleRunReport"/>): what it shows and what it must never do.</summary>
public sealed class RunReportHtmlTests
{
    private static readonly RunReport Sample = SampleRunReport.Build();
    private static readonly string Html = RunReportHtml.Render(Sample);

    [Fact]
    public void Render_SampleRun_DrawsDiscoveryEveryTimedChunkAndEveryFailedAttemptOnTheTimeline()
    {
        var timeline = Section("timeline");

        Assert.Equal(SampleRunReport.ChunkCount - 1, Regex.Count(timeline, "<rect class=\"chunk "));
        Assert.Equal(5, Regex.Count(timeline, "<rect class=\"attempt\""));
        Assert.Equal(2, Regex.Count(timeline, $"<rect class=\"attempt\" data-chunk=\"{SampleRunReport.RetriedChunk}\""));
        Assert.Equal(3, Regex.Count(timeline, $"<rect class=\"attempt\" data-chunk=\"{SampleRunReport.ExhaustedChunk}\""));
        Assert.Single(Regex.Matches(timeline, "<rect class=\"discovery\""));
        Assert.DoesNotContain($"<rect class=\"chunk ok\" data-chunk=\"{SampleRunReport.ExhaustedChunk}\"", timeline, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_OneChunkTenTimesTheOthers_OutlinesThatChunkAloneAsTheStraggler()
    {
        var stragglers = Regex.Matches(Section("timeline"), "<rect class=\"chunk [a-z]+ straggler\" data-chunk=\"(\\d+)\"");

        Assert.Equal(SampleRunReport.StragglerChunk.ToString(System.Globalization.CultureInfo.InvariantCulture), Assert.Single(stragglers).Groups[1].Value);
    }

    [Fact]
    public void Render_FourChunksAtATime_PacksTheTimelineIntoFourSlots()
    {
        var timeline = Section("timeline");

        Assert.Contains(">slot 4</text>", timeline, StringComparison.Ordinal);
        Assert.DoesNotContain(">slot 5</text>", timeline, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ChunksWithFailedEntities_AreDrawnAsPartial()
    {
        var partial = Regex.Matches(Section("timeline"), "<rect class=\"chunk partial( straggler)?\" data-chunk=\"(\\d+)\"").Select(m => int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(Sample.Chunks.Where(c => c.Failed > 0 && !c.Exhausted).Select(c => c.ChunkIndex).Order(), partial.Order());
    }

    [Fact]
    public void Rates_ChunksSpreadOverTheirSpans_AddUpToEveryProcessedEntity()
    {
        var (bucketSeconds, rates) = ThroughputChart.Rates(Sample);

        Assert.Equal(ThroughputChart.Buckets, rates.Length);
        Assert.Equal(Sample.Chunks.Where(c => !c.Exhausted).Sum(c => c.Entities), rates.Sum() * bucketSeconds, precision: 6);
        Assert.Equal(0, rates[0]);
    }

    [Fact]
    public void Render_SlowestChunks_ListsTheStragglerFirstWithItsTables()
    {
        var slowest = Section("slowest", "</table>");
        var rows = Regex.Matches(slowest, "<tr><td class=\"num\">(\\d+)</td>");

        Assert.Equal(RunReportHtml.SlowestListed, rows.Count);
        Assert.Equal("17", rows[0].Groups[1].Value);
        Assert.Contains("db.public.t0850, db.public.t0851", slowest, StringComparison.Ordinal);
        Assert.Contains("(+44)", slowest, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_FailuresAndAttempts_ListsEachWithStageTypeAndMessage()
    {
        var failures = Section("failures", "</table>");
        var attempts = Section("attempts", "</table>");

        Assert.Contains("<td>db.public.t0200</td><td>read</td><td>PostgresException</td>", failures, StringComparison.Ordinal);
        Assert.Contains("chunk 30 exhausted its retries", failures, StringComparison.Ordinal);
        Assert.Equal(5, Regex.Count(attempts, "<tr><td>ProcessChunk</td>"));
        Assert.Contains("TimeoutException (transient)", attempts, StringComparison.Ordinal);
        Assert.Contains("foreign key orders_fk refused by the catalog", Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_MessageThatLooksLikeMarkup_IsShownAsText()
    {
        Assert.Contains("relation &quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot; does not exist", Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", Html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Render_AnyRun_IsSelfContainedWithNoScriptAndNothingFetched()
    {
        Assert.DoesNotContain("<script", Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch("(?i)\\s(src|href)\\s*=", Html);
        Assert.DoesNotContain("@import", Html, StringComparison.Ordinal);
        Assert.DoesNotMatch("url\\((?!#)", Html);
        Assert.Equal(["http://www.w3.org/2000/svg"], Regex.Matches(Html, "https?://[^\"]+").Select(m => m.Value).Distinct());
    }

    [Fact]
    public void Render_NoChunkRecordedItsTimes_SaysSoInsteadOfDrawingCharts()
    {
        var untimed = Sample with
        {
            Chunks = [.. Sample.Chunks.Select(c => c with { StartedAt = null, FinishedAt = null })],
            FailedAttempts = [],
            Discovery = null,
        };

        var html = RunReportHtml.Render(untimed);

        Assert.Contains("No chunk of this run recorded its start and end.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<svg", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_FailedRunWithNothingProcessed_ShowsTheErrorAndStatus()
    {
        var failed = new RunReport(
            Sample.Summary with { Status = RunStatus.Failed, Error = "discovery failed: permission denied for schema public", Failures = [], Failed = 0 },
            [],
            []);

        var html = RunReportHtml.Render(failed);

        Assert.Contains("<span class=\"status Failed\">Failed</span>", html, StringComparison.Ordinal);
        Assert.Contains("discovery failed: permission denied for schema public", html, StringComparison.Ordinal);
        Assert.Contains("<h2>Failures (0)</h2><p class=\"note\">None.</p>", html, StringComparison.Ordinal);
    }

    private static string Section(string id, string end = "</svg>")
    {
        var start = Html.IndexOf($"id=\"{id}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no element with id '{id}'");
        return Html[start..Html.IndexOf(end, start, StringComparison.Ordinal)];
    }
}
