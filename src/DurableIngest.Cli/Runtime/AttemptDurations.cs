namespace DurableIngest.Cli.Runtime;

/// <summary>
/// How long one activity's completed attempts took in this process, for hedging: the median is what "usual" means.
/// Kept sorted; a run has at most a few thousand chunks, so an insertion is a short array move.
/// </summary>
internal sealed class AttemptDurations
{
    private readonly List<TimeSpan> _sorted = [];
    private readonly Lock _lock = new();

    public void Add(TimeSpan duration)
    {
        lock (_lock)
        {
            var at = _sorted.BinarySearch(duration);
            _sorted.Insert(at < 0 ? ~at : at, duration);
        }
    }

    /// <summary>The median attempt, or null before <paramref name="minimumSamples"/> attempts completed.</summary>
    public TimeSpan? Median(int minimumSamples)
    {
        lock (_lock)
        {
            if (_sorted.Count == 0 || _sorted.Count < minimumSamples)
            {
                return null;
            }

            var middle = _sorted.Count / 2;
            return _sorted.Count % 2 == 1 ? _sorted[middle] : (_sorted[middle - 1] + _sorted[middle]) / 2;
        }
    }
}
