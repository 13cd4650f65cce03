using System.Globalization;
using System.Net;
using System.Text;

namespace DurableIngest.Workflow.Report;

/// <summary>The small amount of SVG and HTML writing the report's charts share: invariant numbers, encoded text, axis ticks.</summary>
internal static class Svg
{
    private static readonly double[] StepMultiples = [1, 2, 5, 10];

    public static string N(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    public static string Text(string? value) => WebUtility.HtmlEncode(value ?? string.Empty);

    public static string Seconds(double seconds) => seconds switch
    {
        < 10 => seconds.ToString("0.00", CultureInfo.InvariantCulture) + " s",
        < 600 => seconds.ToString("0.0", CultureInfo.InvariantCulture) + " s",
        _ => TimeSpan.FromSeconds(seconds).ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture),
    };

    /// <summary>Round tick steps (1, 2 or 5 times a power of ten) giving at most <paramref name="maxTicks"/> ticks up to <paramref name="max"/>.</summary>
    public static IReadOnlyList<double> Ticks(double max, int maxTicks)
    {
        if (!(max > 0))
        {
            return [0];
        }

        var raw = max / maxTicks;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = StepMultiples.Select(m => m * magnitude).First(s => s >= raw);
        var ticks = new List<double>();
        for (var tick = 0.0; tick <= max * 1.000001; tick += step)
        {
            ticks.Add(Math.Round(tick, 6));
        }

        return ticks;
    }

    /// <summary>A horizontal time axis under a plot: a line, ticks and second labels.</summary>
    public static void TimeAxis(StringBuilder svg, double left, double width, double y, double totalSeconds)
    {
        svg.Append(CultureInfo.InvariantCulture, $"<line class=\"axis\" x1=\"{N(left)}\" y1=\"{N(y)}\" x2=\"{N(left + width)}\" y2=\"{N(y)}\"/>");
        foreach (var tick in Ticks(totalSeconds, 10))
        {
            var x = left + (totalSeconds > 0 ? tick / totalSeconds * width : 0);
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"tick\" x1=\"{N(x)}\" y1=\"{N(y)}\" x2=\"{N(x)}\" y2=\"{N(y + 4)}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"label\" x=\"{N(x)}\" y=\"{N(y + 16)}\" text-anchor=\"middle\">{N(tick)} s</text>");
        }
    }
}
