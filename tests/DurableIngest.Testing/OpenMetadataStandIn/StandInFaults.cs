namespace DurableIngest.Testing.OpenMetadataStandIn;

/// <summary>
/// Faults the stand-in injects before it looks at a request: a share of calls answered 500/429 (with Retry-After),
/// deterministic for a seed, queued faults for the next calls, and slow answers.
/// </summary>
public sealed class StandInFaults
{
    private readonly Lock _lock = new();
    private readonly Queue<int> _next = new();
    private Random? _random;
    private int _slowNext;

    /// <summary>Share of calls (0–1) answered with one of <see cref="Statuses"/>.</summary>
    public double Rate { get; set; }

    /// <summary>Statuses drawn for <see cref="Rate"/>. Default 500 and 429.</summary>
    public IReadOnlyList<int> Statuses { get; set; } = [500, 429];

    /// <summary>Retry-After sent with 429 and 503 answers. Default 1 s.</summary>
    public int RetryAfterSeconds { get; set; } = 1;

    /// <summary>Send Retry-After as an HTTP date instead of delta seconds.</summary>
    public bool RetryAfterAsDate { get; set; }

    /// <summary>Seed of the draws. Default 42.</summary>
    public int Seed { get; set; } = 42;

    /// <summary>Share of calls (0–1) answered only after <see cref="SlowDelay"/>.</summary>
    public double SlowRate { get; set; }

    public TimeSpan SlowDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Which calls may be faulted (method, path). Default: every call.</summary>
    public Func<string, string, bool> AppliesTo { get; set; } = (_, _) => true;

    /// <summary>Answers the next <paramref name="count"/> eligible calls with <paramref name="status"/>, before any drawn fault.</summary>
    public void FailNext(int count, int status)
    {
        lock (_lock)
        {
            for (var i = 0; i < count; i++)
            {
                _next.Enqueue(status);
            }
        }
    }

    /// <summary>Answers the next <paramref name="count"/> eligible calls only after <see cref="SlowDelay"/>.</summary>
    public void SlowNext(int count)
    {
        lock (_lock)
        {
            _slowNext += count;
        }
    }

    internal (int? Status, bool Slow) Draw(string method, string path)
    {
        if (!AppliesTo(method, path))
        {
            return (null, false);
        }

        lock (_lock)
        {
            if (_next.TryDequeue(out var queued))
            {
                return (queued, false);
            }

            if (_slowNext > 0)
            {
                _slowNext--;
                return (null, true);
            }

            _random ??= new Random(Seed);
            var slow = SlowRate > 0 && _random.NextDouble() < SlowRate;
            if (Rate > 0 && Statuses.Count > 0 && _random.NextDouble() < Rate)
            {
                return (Statuses[_random.Next(Statuses.Count)], slow);
            }

            return (null, slow);
        }
    }
}
