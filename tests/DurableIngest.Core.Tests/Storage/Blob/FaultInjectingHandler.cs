using System.Net;
using Azure.Core.Pipeline;

namespace DurableIngest.Core.Tests.Storage.Blob;

/// <summary>
/// Sits in front of the real Azurite as the Azure SDK's HTTP transport (<see cref="AsTransport"/>, so the SDK's retry
/// policy sees its faults) and, for the first requests, answers with a fault (a status such as 503, or a network
/// error) instead of forwarding. Counts every request it sees. Used only to inject faults.
/// </summary>
internal sealed class FaultInjectingHandler : DelegatingHandler
{
    private readonly Func<int, HttpResponseMessage?> _faultFor;
    private readonly List<DateTimeOffset> _attemptTimes = [];
    private int _requests;

    /// <param name="faultFor">Given the 1-based request number, a response to return instead of forwarding, or null to forward.</param>
    public FaultInjectingHandler(Func<int, HttpResponseMessage?> faultFor)
        : base(new SocketsHttpHandler())
    {
        _faultFor = faultFor;
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

    /// <summary>This handler as the SDK's transport (<c>BlobClientSettings.Transport</c>); the handler stays owned by the test.</summary>
    public HttpPipelineTransport AsTransport() => new HttpClientTransport(new HttpClient(this, disposeHandler: false));

    /// <summary>The first <paramref name="count"/> requests get <paramref name="status"/>.</summary>
    public static FaultInjectingHandler FailFirst(int count, HttpStatusCode status, TimeSpan? retryAfter = null) =>
        new(
            n =>
            {
                if (n > count)
                {
                    return null;
                }

                // Shaped as the Blob service answers: an XML error body and the x-ms-error-code header.
                var body = "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>ServerBusy</Code><Message>Injected fault.\nRequestId:x</Message></Error>";
                var response = new HttpResponseMessage(status) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/xml") };
                response.Headers.TryAddWithoutValidation("x-ms-error-code", "ServerBusy");
                if (retryAfter is { } delay)
                {
                    response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(delay);
                }

                return response;
            });

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var number = Interlocked.Increment(ref _requests);
        lock (_attemptTimes)
        {
            _attemptTimes.Add(DateTimeOffset.UtcNow);
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
