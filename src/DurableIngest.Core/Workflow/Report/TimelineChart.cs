using System.Globalization;
using System.Text;

namespace DurableIngest.Workflow.Report;

/// <summary>
/// The chunk timeline: every chunk's successful attempt and every failed attempt as a bar from its start to its end,
/// packed into as many rows as were busy at once (so the rows show the parallelism the run achieved). A chunk that took
/// more than three times the median is outlined: the straggler is visible at a glance.
/// </summary>
internal static class TimelineChart
{
    public const double StragglerFactor = 3;

    /// <summary>With fewer timed chunks the median says little (the first chunks also pay for warming up), so nothing is marked.</summary>
    public const int MinChunksForStragglers = 8;

    private const double Left = 56;
    private const double Width = 900;
    private const double Top = 8;

    public static string Render(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var origin = report.Summary.StartedAt;
        var bars = Bars(report);
        var end = bars.Select(b => b.End).Append(report.Summary.FinishedAt).Max();
        var total = Math.Max((end - origin).TotalSeconds, 0.001);
        var rows = Pack(bars);
        var rowCount = Math.Max(1, rows.Count == 0 ? 1 : rows.Max() + 1);
        var rowHeight = rowCount <= 16 ? 18.0 : Math.Max(3, 320.0 / rowCount);
        var plotHeight = rowCount * rowHeight;
        var durations = report.Chunks.Select(c => c.Seconds).OfType<double>().ToList();
        var median = durations.Count >= MinChunksForStragglers ? Median(durations) : 0;

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture,
            $"<svg id=\"timeline\" class=\"chart\" role=\"img\" aria-label=\"Chunk timeline\" viewBox=\"0 0 {Svg.N(Left + Width + 16)} {Svg.N(Top + plotHeight + 28)}\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append("<defs><pattern id=\"hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">")
            .Append("<rect width=\"6\" height=\"6\" fill=\"#f3c2c2\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#c62828\" stroke-width=\"3\"/></pattern></defs>");
        if (rowCount <= 16)
        {
            for (var row = 0; row < rowCount; row++)
            {
                svg.Append(CultureInfo.InvariantCulture,
                    $"<text class=\"label\" x=\"{Svg.N(Left - 6)}\" y=\"{Svg.N(Top + (row * rowHeight) + (rowHeight * 0.7))}\" text-anchor=\"end\">slot {row + 1}</text>");
            }
        }

        for (var i = 0; i < bars.Count; i++)
        {
            var bar = bars[i];
            var x = Left + ((bar.Start - origin).TotalSeconds / total * Width);
            var width = Math.Max(1, (bar.End - bar.Start).TotalSeconds / total * Width);
            var y = Top + (rows[i] * rowHeight) + 1;
            var seconds = (bar.End - bar.Start).TotalSeconds;
            var straggler = bar.Kind.StartsWith("chunk", StringComparison.Ordinal) && median > 0 && seconds > StragglerFactor * median ? " straggler" : string.Empty;
            svg.Append(CultureInfo.InvariantCulture,
                $"<rect class=\"{bar.Kind}{straggler}\"{(bar.ChunkIndex is { } chunk ? $" data-chunk=\"{chunk}\"" : string.Empty)} x=\"{Svg.N(x)}\" y=\"{Svg.N(y)}\" width=\"{Svg.N(width)}\" height=\"{Svg.N(Math.Max(1, rowHeight - 2))}\">");
            svg.Append("<title>").Append(Svg.Text(bar.Title)).Append(CultureInfo.InvariantCulture, $" ({Svg.Seconds(seconds)}, from {Svg.N((bar.Start - origin).TotalSeconds)} s)").Append("</title></rect>");
        }

        Svg.TimeAxis(svg, Left, Width, Top + plotHeight + 2, total);
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static List<Bar> Bars(RunReport report)
    {
        var bars = new List<Bar>();
        if (report.Discovery is { } discovery)
        {
            bars.Add(new Bar(null, discovery.StartedAt, discovery.FinishedAt, "discovery", $"{discovery.Name}: {discovery.Detail}"));
        }

        foreach (var chunk in report.Chunks)
        {
            if (chunk.StartedAt is { } start && chunk.FinishedAt is { } end)
            {
                var kind = chunk.Failed == 0 ? "chunk ok" : chunk.Failed == chunk.Entities ? "chunk failed" : "chunk partial";
                var failed = chunk.Failed == 0 ? string.Empty : $", {chunk.Failed} failed";
                bars.Add(new Bar(chunk.ChunkIndex, start, end, kind, $"chunk {chunk.ChunkIndex}: {chunk.Entities} entities{failed}"));
            }
        }

        foreach (var attempt in report.FailedAttempts)
        {
            var kind = attempt.IsTransient ? "transient" : "permanent";
            var what = attempt.ChunkIndex is { } index ? $"chunk {index}" : attempt.Activity;
            bars.Add(new Bar(attempt.ChunkIndex, attempt.StartedAt, attempt.FailedAt, "attempt", $"{what}: failed attempt ({kind} {attempt.ErrorType})"));
        }

        bars.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : (a.ChunkIndex ?? -1).CompareTo(b.ChunkIndex ?? -1));
        return bars;
    }

    // Greedy interval packing: each bar goes to the first row free at its start.
    private static List<int> Pack(List<Bar> bars)
    {
        var rowEnds = new List<DateTime>();
        var rows = new List<int>(bars.Count);
        foreach (var bar in bars)
        {
            var row = rowEnds.FindIndex(end => end <= bar.Start);
            if (row < 0)
            {
                rowEnds.Add(bar.End);
                rows.Add(rowEnds.Count - 1);
            }
            else
            {
                rowEnds[row] = bar.End;
                rows.Add(row);
            }
        }

        return rows;
    }

    private static double Median(List<double> values)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        values.Sort();
        return values.Count % 2 == 1 ? values[values.Count / 2] : (values[(values.Count / 2) - 1] + values[values.Count / 2]) / 2;
    }

    private sealed record Bar(int? ChunkIndex, DateTime Start, DateTime End, string Kind, string Title);
}
