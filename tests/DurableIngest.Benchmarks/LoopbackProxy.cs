using System.Net;
using System.Net.Sockets;

namespace DurableIngest.Benchmarks;

/// <summary>
/// A TCP proxy on 127.0.0.1 in front of a local server: accepts connections, opens one to the server for each, and
/// hands both directions to the subclass, which decides what happens to the bytes on the way (delays, inspection).
/// </summary>
internal abstract class LoopbackProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _target;
    private readonly Task _accepting;

    protected LoopbackProxy(int targetPort)
    {
        _target = new IPEndPoint(IPAddress.Loopback, targetPort);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Cancelled when the proxy stops; every pump stops with it.</summary>
    protected CancellationTokenSource Stop { get; } = new();

    public async ValueTask DisposeAsync()
    {
        await Stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }

        Stop.Dispose();
    }

    /// <summary>Carries what the client sends to the server until the client closes its side.</summary>
    protected abstract Task ClientToServerAsync(Socket client, Socket server);

    /// <summary>Carries what the server answers to the client until the server closes its side.</summary>
    protected abstract Task ServerToClientAsync(Socket server, Socket client);

    private async Task AcceptAsync()
    {
        while (!Stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(Stop.Token);
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
            await server.ConnectAsync(_target, Stop.Token);
            await Task.WhenAny(ClientToServerAsync(client, server), ServerToClientAsync(server, client));
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // One side closed.
        }
    }
}
