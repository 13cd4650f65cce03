using System.Net;

namespace DurableIngest.Core.Tests.Storage.Blob;

/// <summary>
/// Sits in front of the real Azurite and, for the first requests, answers with a fault (a status such as 503,
/// or a network error) instead of forwarding. Counts every request it sees. Used only to inject faults.
/// </summary>
internal sealed class FaultInjectingHandler : DelegatingHandler
{
    private readonly Func<int, HttpResponseMessage?> _faultFor;
    private readonly TimeProvider _time;
    private readonly List<DateTimeOffset> _attemptTimes = [];
    private int _requests;

    /// <param name="faultFor">Given the 1-based request number, a response to return instead of forwarding, or null to forward.</param>
    public FaultInjectingHandler(Func<int, HttpResponseMessage?> faultFor, TimeProvider? time = null)
        : base(new SocketsHttpHandler())
    {
        _faultFor = faultFor;
        _time = time ?? TimeProvider.System;
    }

    public int Requests => Volatile.Read(ref _requests);

    public IReadOnlyList<DateTimeOffset> AttemptTimes
    {
        get
        {
            lock (_attemptTimes)
            {
                return [.. _attemptTimes];
            }
        }
    }

    public static FaultInjectingHandler PassThrough() => new(_ => null);

    /// <summary>The first <paramref name="count"/> requests get <paramref name="status"/>.</summary>
    public static FaultInjectingHandler FailFirst(int count, HttpStatusCode status, TimeSpan? retryAfter = null, TimeProvider? time = null) =>
        new(
            n =>
            {
                if (n > count)
                {
                    return null;
                }

                var response = new HttpResponseMessage(status) { Content = new StringContent("<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>ServerBusy</Code><Message>Injected fault.\nRequestId:x</Message></Error>") };
                response.Headers.TryAddWithoutValidation("x-ms-error-code", "ServerBusy");
                if (retryAfter is { } delay)
                {
                    response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(delay);
                }

                return response;
            },
            time);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var number = Interlocked.Increment(ref _requests);
        lock (_attemptTimes)
        {
            _attemptTimes.Add(_time.GetUtcNow());
        }

        var fault = _faultFor(number);
        if (fault is not null)
        {
            fault.RequestMessage = request;
            return Task.FromResult(fault);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
