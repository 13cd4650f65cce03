using System.Net;
using System.Net.Sockets;

namespace DurableIngest.Testing;

/// <summary>Ports on 127.0.0.1 for the test servers and hosts.</summary>
public static class LoopbackPort
{
    /// <summary>A port the operating system reports free on loopback now (another process may still take it first).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
