using System.Text;
using System.Text.RegularExpressions;
using DurableIngest.Core.Tests.Support;
using DurableIngest.RunStore;
using DurableIngest.Testing;
using DurableIngest.Workflow;
using Xunit;

namespace DurableIngest.Core.Tests.Workflow.Report;

/// <summary>The report a real run writes: the workflow and activities on the in-memory orchestration context.</summary>
public sealed class RunReportWriterTests
{
    [Fact]
    public async Task Run_ChunkRetriedTwiceAndATableFailing_WritesTheReportBesideTheSummaryShowingBoth()
    {
        var source = new ScriptedSource(30);
        source.TransientFailures[ScriptedSource.NameOf(10)] = 2;
        source.BadTables.Add(ScriptedSource.NameOf(25));
        await using var harness = new InProcessWorkflow(source);

        var (summary, _) = await harness.RunAsync(harness.Yaml(), "reported");

        var stored = await harness.Store.GetAsync(RunKeys.Report("reported"), CancellationToken.None);
        Assert.NotNull(stored);
        var html = Encoding.UTF8.GetString(stored.Content.Span);
        Assert.Equal((RunStatus.Completed, 29, 1), (summary.Status, summary.Succeeded, summary.Failed));
        Assert.Equal(2, Regex.Count(html, "<rect class=\"chunk ok\""));
        Assert.Single(Regex.Matches(html, "<rect class=\"chunk partial\" data-chunk=\"2\""));
        Assert.Equal(2, Regex.Count(html, "<rect class=\"attempt\" data-chunk=\"1\""));
        Assert.Single(Regex.Matches(html, "<rect class=\"discovery\""));
        Assert.Contains("<td>db.public.t0025</td><td>read</td><td>PermissionDenied</td>", html, StringComparison.Ordinal);
        Assert.Contains("<h2>Failed attempts (2)</h2>", html, StringComparison.Ordinal);
        Assert.Equal(2, (await harness.Store.ListAsync(RunKeys.AttemptsPrefix("reported"), CancellationToken.None)).Count);
    }

    [Fact]
    public async Task Run_DiscoveryFails_WritesAReportWithTheErrorAndTheFailedAttempts()
    {
        var source = new ScriptedSource(10) { FailDiscovery = true, DiscoveryFailureIsTransient = true };
        await using var harness = new InProcessWorkflow(source);

        var (summary, _) = await harness.RunAsync(harness.Yaml(), "undiscovered");

        var html = Encoding.UTF8.GetString((await harness.Store.GetAsync(RunKeys.Report("undiscovered"), CancellationToken.None))!.Content.Span);
        Assert.Equal(RunStatus.Failed, summary.Status);
        Assert.Contains("<span class=\"status Failed\">Failed</span>", html, StringComparison.Ordinal);
        Assert.Contains("<b>Error:</b> discovery failed:", html, StringComparison.Ordinal);
        Assert.Equal(3, Regex.Count(html, "<tr><td>DiscoverEntities</td>"));
    }
}
