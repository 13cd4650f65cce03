using Microsoft.Win32.SafeHandles;

namespace DurableIngest.RunStore.Local;

/// <summary>
/// Appends to one file of a <see cref="LocalDirectoryRunStore"/>: each record is a single positioned write into the
/// operating system's file cache, so it is in the file (for any reader, and after this process dies) once the call
/// returns. No fsync: like every write of the local store, a record survives the process, not a power loss.
/// </summary>
internal sealed class LocalFileAppender : IRunStoreAppender
{
    private readonly SafeFileHandle _handle;
    private readonly Lock _lock = new();
    private long _length;

    public LocalFileAppender(SafeFileHandle handle) => _handle = handle;

    // Synchronous on purpose: a record is a few hundred bytes, and on Unix the async file API would run the same
    // blocking call on another pool thread.
    public ValueTask AppendAsync(ReadOnlyMemory<byte> record, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
            RandomAccess.Write(_handle, record.Span, _length);
            _length += record.Length;
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        lock (_lock)
        {
            _handle.Dispose();
        }

        return ValueTask.CompletedTask;
    }
}
