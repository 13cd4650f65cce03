using DurableIngest.Testing;
using DurableIngest.Testing.Browser;
using DurableIngest.Testing.Reports;
using DurableIngest.Workflow.Report;
using Xunit.Abstractions;

namespace DurableIngest.Cli.Tests.Commands;

/// <summary>
/// The run report in a real browser: headless Chromium renders it to a screenshot (kept in the test output folder,
/// <c>report-screenshots/</c>) and the test reads the pixels back to check the charts were drawn.
/// </summary>
public sealed class ReportInBrowserTests(ITestOutputHelper output) : IDisposable
{
    // The report's own colors (RunReportHtml's style): a chunk, the entities-per-second area, discovery, failures.
    private const string ChunkGreen = "#43a047";
    private const string RateArea = "#bbdefb";
    private const string DiscoveryPurple = "#7e57c2";
    private const string PartialAmber = "#f9a825";
    private const string FailureRed = "#c62828";

    // Every color also fills one 12×12 legend square; what is drawn beyond that is the charts.
    private const int Legend = 12 * 12;

    private readonly string _work = Directory.CreateTempSubdirectory("di-report-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task Ingest_Quickstart_WritesAReportThatChromiumRendersWithTheTimelineAndTheRateChart()
    {
        CopyExamples();
        var result = await CliProcess.RunAsync(_work, "ingest", "-c", "examples/quickstart.yaml", "--run-id", "in-browser", "--chunk-size", "6", "--parallelism", "2");
        var report = Path.Combine(_work, ".durable-ingest", "runs", "in-browser", "report.html");

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}\n{result.Output}\n{result.Error}");
        Assert.Contains($"Report:  {report}", result.Output, StringComparison.Ordinal);
        var dom = await HeadlessChromium.DumpDomAsync(report, CancellationToken.None);
        Assert.Contains("<svg id=\"timeline\"", dom, StringComparison.Ordinal);
        Assert.Contains("<svg id=\"throughput\"", dom, StringComparison.Ordinal);
        Assert.Equal(6, CountOf(dom, "<rect class=\"chunk ok"));

        var image = await ScreenshotAsync(report, "quickstart-report.png");
        // Bars are at least 1 px wide and 16 px tall; the rate area is at least half a bucket's full height wide.
        Assert.True(image.Count(ChunkGreen) > Legend + (6 * 16), $"{image.Count(ChunkGreen)} chunk-green pixels");
        Assert.True(image.Count(RateArea) > 1_000, $"{image.Count(RateArea)} rate-area pixels");
        Assert.True(image.Count(DiscoveryPurple) > Legend + 16, $"{image.Count(DiscoveryPurple)} discovery pixels");
    }

    [Fact]
    public async Task Render_RunWithAStragglerRetriesAndFailures_ChromiumDrawsEveryKindOfBar()
    {
        var report = Path.Combine(_work, "sample-report.html");
        await File.WriteAllTextAsync(report, RunReportHtml.Render(SampleRunReport.Build()));

        var image = await ScreenshotAsync(report, "sample-report.png");

        Assert.True(image.Count(ChunkGreen) > 5_000, $"{image.Count(ChunkGreen)} chunk-green pixels");
        Assert.True(image.Count(PartialAmber) > 300, $"{image.Count(PartialAmber)} partial-chunk pixels");
        Assert.True(image.Count(FailureRed) > 150, $"{image.Count(FailureRed)} failed-attempt pixels");
        Assert.True(image.Count(RateArea) > 5_000, $"{image.Count(RateArea)} rate-area pixels");
    }

    private async Task<PngImage> ScreenshotAsync(string page, string name)
    {
        var png = Path.Combine(AppContext.BaseDirectory, "report-screenshots", name);
        await HeadlessChromium.ScreenshotAsync(page, png, width: 1100, height: 2400, CancellationToken.None);
        output.WriteLine($"screenshot: {png}");
        var image = PngImage.Load(png);
        Assert.Equal((1100, 2400), (image.Width, image.Height));
        return image;
    }

    private void CopyExamples()
    {
        var examples = Path.Combine(CliProcess.RepositoryRoot, "examples");
        Directory.CreateDirectory(Path.Combine(_work, "examples"));
        foreach (var file in Directory.GetFiles(examples))
        {
            File.Copy(file, Path.Combine(_work, "examples", Path.GetFileName(file)));
        }
    }

    private static int CountOf(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
