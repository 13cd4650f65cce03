namespace DurableIngest.Testing;

/// <summary>Waiting for something another thread or process makes true, with a guard against hanging (never a timing assertion).</summary>
public static class Poll
{
    public static async Task UntilAsync(Func<bool> condition, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        using var guard = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(1));
        while (!condition())
        {
            await Task.Delay(10, guard.Token);
        }
    }
}
