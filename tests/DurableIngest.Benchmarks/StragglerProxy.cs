using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net.Sockets;

namespace DurableIngest.Benchmarks;

/// <summary>
/// A PostgreSQL proxy on 127.0.0.1 that turns one chunk in <see cref="OneIn"/> into a straggler: it reads the client's
/// protocol messages and counts the distinct long parameters queries bind (a chunk's array of table OIDs: every query of
/// a chunk binds the same one, and no two chunks share one); the first query of every <see cref="OneIn"/>th chunk to
/// start is held for <see cref="Delay"/> before it is passed on. So exactly one chunk in 20 straggles, spread over the
/// run from start to end, each once. Bytes are forwarded unchanged: the server does the same work, the chunk just waits,
/// as behind a slow link or a lock.
/// </summary>
internal sealed class StragglerProxy(int targetPort, TimeSpan delay) : LoopbackProxy(targetPort)
{
    public const int OneIn = 20;

    /// <summary>Parameters shorter than this are not a chunk's OID array (discovery binds none, or short names).</summary>
    private const int MinParameterBytes = 64;

    private readonly ConcurrentDictionary<uint, bool> _seen = new();
    private int _stragglers;

    public TimeSpan Delay { get; } = delay;

    /// <summary>How many distinct chunks were held so far.</summary>
    public int Stragglers => _stragglers;

    /// <summary>How many distinct chunks were seen so far.</summary>
    public int Chunks => _seen.Count;

    protected override async Task ServerToClientAsync(Socket server, Socket client)
    {
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var read = await server.ReceiveAsync(buffer, SocketFlags.None, Stop.Token);
            if (read == 0)
            {
                client.Shutdown(SocketShutdown.Send);
                return;
            }

            await client.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, Stop.Token);
        }
    }

    protected override async Task ClientToServerAsync(Socket client, Socket server)
    {
        var buffer = new byte[64 * 1024];
        var pending = new List<byte>();
        var startup = true;
        while (true)
        {
            var read = await client.ReceiveAsync(buffer, SocketFlags.None, Stop.Token);
            if (read == 0)
            {
                server.Shutdown(SocketShutdown.Send);
                return;
            }

            pending.AddRange(buffer.AsSpan(0, read));
            if (TakeStragglers(pending, ref startup))
            {
                await Task.Delay(Delay, Stop.Token);
            }

            await server.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, Stop.Token);
        }
    }

    // Consumes every complete message in pending; true when one of them is the first query of a straggler chunk.
    private bool TakeStragglers(List<byte> pending, ref bool startup)
    {
        var straggles = false;
        var bytes = pending.ToArray();
        var offset = 0;
        while (true)
        {
            // The first message (startup, or an SSL request) has no type byte; every later one does.
            var header = startup ? 4 : 5;
            if (bytes.Length - offset < header)
            {
                break;
            }

            var length = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(offset + header - 4));
            var total = length + header - 4;
            if (bytes.Length - offset < total)
            {
                break;
            }

            if (!startup && bytes[offset] == (byte)'B')
            {
                straggles |= IsFirstStragglerBind(bytes.AsSpan(offset + 5, length - 4));
            }

            // An SSL request (code 80877103) is followed by the real startup message, also untyped.
            startup = startup && total == 8 && BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(offset + 4)) == 80877103;
            offset += total;
        }

        pending.RemoveRange(0, offset);
        return straggles;
    }

    private bool IsFirstStragglerBind(ReadOnlySpan<byte> bind)
    {
        var at = bind.IndexOf((byte)0) + 1;
        at += bind[at..].IndexOf((byte)0) + 1;
        var formats = BinaryPrimitives.ReadInt16BigEndian(bind[at..]);
        at += 2 + (2 * formats);
        var parameters = BinaryPrimitives.ReadInt16BigEndian(bind[at..]);
        at += 2;
        for (var i = 0; i < parameters; i++)
        {
            var size = BinaryPrimitives.ReadInt32BigEndian(bind[at..]);
            at += 4;
            if (size >= MinParameterBytes)
            {
                if (!_seen.TryAdd(Fnv1a(bind.Slice(at, size)), true))
                {
                    return false;
                }

                if (_seen.Count % OneIn == 0)
                {
                    Interlocked.Increment(ref _stragglers);
                    return true;
                }

                return false;
            }

            at += Math.Max(0, size);
        }

        return false;
    }

    private static uint Fnv1a(ReadOnlySpan<byte> data)
    {
        var hash = 2166136261u;
        foreach (var b in data)
        {
            hash = (hash ^ b) * 16777619u;
        }

        return hash;
    }
}
