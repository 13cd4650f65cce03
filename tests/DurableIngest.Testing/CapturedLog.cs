using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace DurableIngest.Testing;

/// <summary>
/// A logger factory keeping every line at every level — formatted message, structured values and exception in full —
/// for tests that check what was logged.
/// </summary>
public sealed class CapturedLog : ILoggerFactory
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => [.. _lines];

    public string Text => string.Join('\n', _lines);

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void AddProvider(ILoggerProvider provider) =>
        throw new NotSupportedException("CapturedLog keeps lines itself; it takes no providers.");

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(", ", pairs.Select(p => $"{p.Key}={p.Value}")) : string.Empty;
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} [{values}]{(exception is null ? string.Empty : Environment.NewLine + exception)}");
        }
    }
}
