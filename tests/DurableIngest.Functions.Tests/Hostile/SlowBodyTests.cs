using System.Net;
using System.Net.Sockets;
using System.Text;
using DurableIngest.Cli.Tests.Hosting;
using DurableIngest.Functions.Tests.Http;
using DurableIngest.Functions.Tests.Support;
using DurableIngest.Http;

namespace DurableIngest.Functions.Tests.Hostile;

/// <summary>
/// A client that sends its body a byte at a time (slowloris) cannot hold a worker: both hosts answer 408 once the
/// request timeout (2 s here) has passed, store nothing, and go on answering.
/// </summary>
[Collection(UsesEngines.Name)]
public sealed class SlowBodyTests(FrontDoors doors) : IClassFixture<FrontDoors>
{
    [Fact]
    public async Task Post_BodyTricklingOverAConnection_Serve_Is408AndTheHostAnswersTheNextRequest()
    {
        var serve = (ServeApiHost)doors.Serve;
        using var client = new TcpClient();
        await client.ConnectAsync(serve.BaseAddress.Host, serve.BaseAddress.Port);
        var stream = client.GetStream();
        var head = $"POST {IngestApi.Route} HTTP/1.1\r\nHost: {serve.BaseAddress.Authority}\r\n{ApiKeyHeader}: {ServeTestHost.Key}\r\n" +
                   "Content-Type: application/yaml\r\nContent-Length: 4000\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));

        var answer = await TrickleUntilAnsweredAsync(stream);

        Assert.StartsWith("HTTP/1.1 408", answer, StringComparison.Ordinal);
        Assert.Contains("did not arrive within this host's limit of 2 s", answer, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await serve.SendAsync(HttpMethod.Get, IngestApi.Route)).Status);
    }

    [Fact]
    public async Task Post_BodyTricklingIn_Functions_Is408AndTheHostAnswersTheNextRequest()
    {
        var functions = (FunctionsApiHost)doors.Functions;
        var body = new TricklingStream(TimeSpan.FromMilliseconds(250));

        var reply = await functions.StartWithBodyAsync(body, declaredLength: 4000);

        Assert.Equal(HttpStatusCode.RequestTimeout, reply.Status);
        Assert.Contains("did not arrive within this host's limit of 2 s", reply.Body, StringComparison.Ordinal);
        Assert.InRange(body.Delivered, 1, 3_999);
        Assert.Equal(HttpStatusCode.OK, (await functions.SendAsync(HttpMethod.Get, IngestApi.Route)).Status);
    }

    private const string ApiKeyHeader = "x-functions-key";

    // Sends one byte every 250 ms until the server answers; gives up (failing the test) after 30 s.
    private static async Task<string> TrickleUntilAnsweredAsync(NetworkStream stream)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var buffer = new byte[4096];
        var read = stream.ReadAsync(buffer, guard.Token).AsTask();
        while (!read.IsCompleted)
        {
            try
            {
                await stream.WriteAsync("#"u8.ToArray(), guard.Token);
            }
            catch (IOException)
            {
                break; // the server closed the connection after answering
            }

            await Task.WhenAny(read, Task.Delay(250, guard.Token));
        }

        var count = await read;
        return Encoding.UTF8.GetString(buffer, 0, count);
    }
}
