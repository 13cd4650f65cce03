using System.Globalization;
using System.Text;

namespace DurableIngest.Workflow.Report;

/// <summary>
/// Entities per second over the run: the run is cut into equal buckets and each chunk's entities are spread evenly over
/// the time its successful attempt ran, so the curve shows when the run was busy, slowed down or waited on retries.
/// </summary>
internal static class ThroughputChart
{
    public const int Buckets = 60;

    private const double Left = 56;
    private const double Width = 900;
    private const double Top = 12;
    private const double Height = 180;

    /// <summary>Entities per second in each of <see cref="Buckets"/> equal buckets from the run's start.</summary>
    public static (double BucketSeconds, double[] Rates) Rates(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var origin = report.Summary.StartedAt;
        var timed = report.Chunks.Where(c => c.StartedAt is not null && c.FinishedAt is not null).ToList();
        var end = timed.Select(c => c.FinishedAt!.Value).Append(report.Summary.FinishedAt).Max();
        var total = Math.Max((end - origin).TotalSeconds, 0.001);
        const int buckets = Buckets;
        var width = total / buckets;
        var entities = new double[buckets];
        foreach (var chunk in timed)
        {
            var start = Math.Max(0, (chunk.StartedAt!.Value - origin).TotalSeconds);
            var finish = Math.Max(start, (chunk.FinishedAt!.Value - origin).TotalSeconds);
            if (finish - start < 1e-9)
            {
                entities[Math.Min(buckets - 1, (int)(start / width))] += chunk.Entities;
                continue;
            }

            var perSecond = chunk.Entities / (finish - start);
            for (var b = Math.Min(buckets - 1, (int)(start / width)); b < buckets && b * width < finish; b++)
            {
                var overlap = Math.Min(finish, (b + 1) * width) - Math.Max(start, b * width);
                if (overlap > 0)
                {
                    entities[b] += overlap * perSecond;
                }
            }
        }

        return (width, [.. entities.Select(e => e / width)]);
    }

    public static string Render(RunReport report)
    {
        var (bucketSeconds, rates) = Rates(report);
        var total = bucketSeconds * rates.Length;
        var peak = rates.Length == 0 ? 0 : rates.Max();
        var yTicks = Svg.Ticks(peak, 4);
        var yMax = Math.Max(peak, yTicks[^1]);
        double X(double seconds) => Left + (seconds / total * Width);
        double Y(double rate) => Top + Height - (yMax > 0 ? rate / yMax * Height : 0);

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture,
            $"<svg id=\"throughput\" class=\"chart\" role=\"img\" aria-label=\"Entities per second\" viewBox=\"0 0 {Svg.N(Left + Width + 16)} {Svg.N(Top + Height + 28)}\" xmlns=\"http://www.w3.org/2000/svg\">");
        foreach (var tick in yTicks)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"grid\" x1=\"{Svg.N(Left)}\" y1=\"{Svg.N(Y(tick))}\" x2=\"{Svg.N(Left + Width)}\" y2=\"{Svg.N(Y(tick))}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"label\" x=\"{Svg.N(Left - 6)}\" y=\"{Svg.N(Y(tick) + 4)}\" text-anchor=\"end\">{Svg.N(tick)}</text>");
        }

        // A step line: each bucket's rate held across the bucket, closed to the axis for the filled area.
        var points = new StringBuilder();
        for (var b = 0; b < rates.Length; b++)
        {
            points.Append(CultureInfo.InvariantCulture, $"{Svg.N(X(b * bucketSeconds))},{Svg.N(Y(rates[b]))} {Svg.N(X((b + 1) * bucketSeconds))},{Svg.N(Y(rates[b]))} ");
        }

        var line = points.ToString().TrimEnd();
        svg.Append(CultureInfo.InvariantCulture, $"<polygon class=\"rate-area\" points=\"{Svg.N(Left)},{Svg.N(Y(0))} {line} {Svg.N(Left + Width)},{Svg.N(Y(0))}\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<polyline class=\"rate\" points=\"{line}\"/>");
        for (var b = 0; b < rates.Length; b++)
        {
            svg.Append(CultureInfo.InvariantCulture,
                $"<rect class=\"bucket\" x=\"{Svg.N(X(b * bucketSeconds))}\" y=\"{Svg.N(Top)}\" width=\"{Svg.N(Width / rates.Length)}\" height=\"{Svg.N(Height)}\">")
                .Append(CultureInfo.InvariantCulture, $"<title>{Svg.N(b * bucketSeconds)}–{Svg.N((b + 1) * bucketSeconds)} s: {rates[b]:0.#} entities/s</title></rect>");
        }

        Svg.TimeAxis(svg, Left, Width, Top + Height, total);
        svg.Append("</svg>");
        return svg.ToString();
    }
}
