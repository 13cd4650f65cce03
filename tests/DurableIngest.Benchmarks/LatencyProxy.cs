using System.Diagnostics;
using System.Net.Sockets;
using System.Threading.Channels;

namespace DurableIngest.Benchmarks;

/// <summary>
/// A TCP proxy on 127.0.0.1 that delays every byte by half the round-trip latency in each direction, keeping order,
/// so a request/response pair costs one full round trip more than on plain loopback. Delays are whole milliseconds,
/// rounded up: ask for an even number of milliseconds, and read the round trip the benchmark measures through it.
/// </summary>
internal sealed class LatencyProxy(int targetPort, int roundTripMs) : LoopbackProxy(targetPort)
{
    private readonly TimeSpan _oneWay = TimeSpan.FromMilliseconds(roundTripMs / 2.0);

    protected override Task ClientToServerAsync(Socket client, Socket server) => PumpAsync(client, server);

    protected override Task ServerToClientAsync(Socket server, Socket client) => PumpAsync(server, client);

    private async Task PumpAsync(Socket from, Socket to)
    {
        var queue = Channel.CreateUnbounded<(byte[] Data, long Due)>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var writer = Task.Run(async () =>
        {
            await foreach (var (data, due) in queue.Reader.ReadAllAsync(Stop.Token))
            {
                var remaining = due - Stopwatch.GetTimestamp();
                if (remaining > 0)
                {
                    // Task.Delay counts whole milliseconds and truncates: 0.99 ms would be no delay at all, so a
                    // 1 or 2 ms round trip added nothing. Rounded up, the delay is at least the one asked for.
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(remaining * 1000.0 / Stopwatch.Frequency)), Stop.Token);
                }

                await to.SendAsync(data, SocketFlags.None, Stop.Token);
            }
        });
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, Stop.Token);
                if (read == 0)
                {
                    break;
                }

                var due = Stopwatch.GetTimestamp() + (long)(_oneWay.TotalSeconds * Stopwatch.Frequency);
                await queue.Writer.WriteAsync((buffer[..read], due), Stop.Token);
            }
        }
        finally
        {
            queue.Writer.TryComplete();
            try
            {
                await writer;
                to.Shutdown(SocketShutdown.Send);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // The other side is gone already.
            }
        }
    }
}
