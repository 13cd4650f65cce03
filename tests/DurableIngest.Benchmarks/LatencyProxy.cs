using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace DurableIngest.Benchmarks;

/// <summary>
/// A TCP proxy on 127.0.0.1 that delays every byte by half the round-trip latency in each direction, keeping order,
/// so a request/response pair costs one full round trip more than on plain loopback. Delays are whole milliseconds,
/// rounded up: ask for an even number of milliseconds, and read the round trip the benchmark measures through it.
/// </summary>
internal sealed class LatencyProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _target;
    private readonly TimeSpan _oneWay;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public LatencyProxy(int targetPort, int roundTripMs)
    {
        _target = new IPEndPoint(IPAddress.Loopback, targetPort);
        _oneWay = TimeSpan.FromMilliseconds(roundTripMs / 2.0);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(Socket client)
    {
        using var server = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var _ = client;
        client.NoDelay = true;
        try
        {
            await server.ConnectAsync(_target, _stop.Token);
            await Task.WhenAny(PumpAsync(client, server), PumpAsync(server, client));
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // One side closed.
        }
    }

    private async Task PumpAsync(Socket from, Socket to)
    {
        var queue = Channel.CreateUnbounded<(byte[] Data, long Due)>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var writer = Task.Run(async () =>
        {
            await foreach (var (data, due) in queue.Reader.ReadAllAsync(_stop.Token))
            {
                var remaining = due - Stopwatch.GetTimestamp();
                if (remaining > 0)
                {
                    // Task.Delay counts whole milliseconds and truncates: 0.99 ms would be no delay at all, so a
                    // 1 or 2 ms round trip added nothing. Rounded up, the delay is at least the one asked for.
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(remaining * 1000.0 / Stopwatch.Frequency)), _stop.Token);
                }

                await to.SendAsync(data, SocketFlags.None, _stop.Token);
            }
        });
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                if (read == 0)
                {
                    break;
                }

                var due = Stopwatch.GetTimestamp() + (long)(_oneWay.TotalSeconds * Stopwatch.Frequency);
                await queue.Writer.WriteAsync((buffer[..read], due), _stop.Token);
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
