namespace DurableIngest.RunStore;

/// <summary>
/// Appends records to one append-only document, one at a time in call order. A record is either all there or, when the
/// process died while appending it, a prefix at the very end of the document (a torn tail) that readers must ignore.
/// </summary>
public interface IRunStoreAppender : IAsyncDisposable
{
    ValueTask AppendAsync(ReadOnlyMemory<byte> record, CancellationToken cancellationToken);
}
