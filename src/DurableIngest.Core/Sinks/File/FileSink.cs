using System.Collections.Concurrent;
using DurableIngest.Entities;
using DurableIngest.Failures;

namespace DurableIngest.Sinks.File;

/// <summary>
/// Writes one CreateTable-shaped JSON document per table under <c>&lt;path&gt;/&lt;service&gt;/&lt;database&gt;/&lt;schema&gt;/&lt;table&gt;.json</c>
/// (names made file-safe by <see cref="CatalogPath"/>), atomically (temporary file + rename) and deterministically:
/// the same metadata gives the same bytes, and an unchanged document is not rewritten.
/// Temporary files live in a staging folder of the run (<c>&lt;path&gt;/.durable-ingest-staging/&lt;runId&gt;</c>), removed
/// when the run's sink is released: a process killed mid-write leaves nothing half-written among the documents, and
/// the resumed run's completion clears what it left. Several processes may write one run (a task hub's workers); one
/// releasing its sink early removes the folder under the others, who make it again.
/// A full disk (ENOSPC, or EDQUOT for a quota) fails the tables it hits, each with that reason, and the run goes on: it
/// is permanent for the run, not retried, because freeing space takes a person, not the seconds of a chunk retry, and
/// retrying would re-read every chunk from the source only to fail again. The temporary file is removed, so the
/// catalog keeps the previous version of the document or none; the next run writes exactly the tables that failed.
/// </summary>
public sealed class FileSink : ICatalogSink
{
    /// <summary>The folder under the catalog root that holds the runs' staging folders.</summary>
    public const string StagingFolderName = ".durable-ingest-staging";

    private const int DiskFullErrno = 28;
    private const int QuotaExceededErrno = 122;

    private readonly string _root;
    private readonly string _staging;

    // Temporary names: unique per sink (several processes may stage one run) without a random number per document.
    private readonly string _temporaryPrefix = $"{Environment.ProcessId}-{Guid.NewGuid():N}-";
    private long _temporaryCount;

    // The folders this sink has made sure exist (one look per schema, not per table), each with whether this sink made
    // it. A document in a folder this sink made is new unless this sink wrote it, so it needs no look at the disk: in a
    // fresh catalog that saves a failed lstat per document (one of about ten file-system calls each).
    private readonly ConcurrentDictionary<string, bool> _directories = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _writtenInMadeDirectories = new(StringComparer.Ordinal);

    public FileSink(FileSinkOptions options, string runId)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(runId);
        _root = options.FullPath ?? System.IO.Path.GetFullPath(options.Path);
        _staging = System.IO.Path.Combine(_root, StagingFolderName, runId);
    }

    public async Task<IReadOnlyList<SinkWriteResult>> WriteAsync(IReadOnlyList<TableMetadata> tables, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tables);
        var results = new SinkWriteResult[tables.Count];
        for (var i = 0; i < tables.Count; i++)
        {
            var table = tables[i];
            try
            {
                var outcome = await WriteDocumentAsync(PathOf(table.Schema, table.Name), EntityJson.TableDocumentParts(table), cancellationToken);
                results[i] = new SinkWriteResult(table.FullyQualifiedName, outcome);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                results[i] = SinkWriteResult.Failed(table.FullyQualifiedName, Failure(table.FullyQualifiedName, FailureDetail.WriteStage, PathOf(table.Schema, table.Name), e));
            }
        }

        return results;
    }

    public async Task<IReadOnlyList<SinkWriteResult>> MarkDeletedAsync(IReadOnlyList<DeletedTable> tables, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tables);
        var results = new List<SinkWriteResult>(tables.Count);
        foreach (var table in tables)
        {
            try
            {
                await WriteDocumentAsync(PathOf(table.Schema, table.Name), [EntityJson.SerializeTombstone(table.Schema, table.Name)], cancellationToken);
                results.Add(new SinkWriteResult(table.FullyQualifiedName, SinkOutcome.Deleted));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                results.Add(SinkWriteResult.Failed(table.FullyQualifiedName, Failure(table.FullyQualifiedName, FailureDetail.DeleteStage, PathOf(table.Schema, table.Name), e)));
            }
        }

        return results;
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            if (Directory.Exists(_staging))
            {
                Directory.Delete(_staging, recursive: true);
            }

            var parent = System.IO.Path.GetDirectoryName(_staging)!;
            if (Directory.Exists(parent) && !Directory.EnumerateFileSystemEntries(parent).Any())
            {
                Directory.Delete(parent);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: another run may be staging beside this one; leftovers never mix with the documents.
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>True for "no space left on device" (ENOSPC) and "disk quota exceeded" (EDQUOT), on Linux and Windows.</summary>
    private static bool IsDiskFull(Exception exception) =>
        exception is IOException { HResult: DiskFullErrno or QuotaExceededErrno or unchecked((int)0x80070070) or unchecked((int)0x80070027) };

    // The document's path rather than the temporary file's, which the IOException names and which no longer exists.
    private FailureDetail Failure(string fqn, string stage, string path, Exception exception)
    {
        if (!IsDiskFull(exception))
        {
            return FailureDetail.From(fqn, stage, exception);
        }

        var reason = exception.HResult == QuotaExceededErrno ? "disk quota exceeded (EDQUOT)" : "no space left on device (ENOSPC)";
        return new FailureDetail(
            fqn,
            stage,
            $"{reason} writing {System.IO.Path.GetRelativePath(_root, path)} under {_root}: the document was not written and nothing partial was left. "
            + "Free space there, then run the workflow again: it writes the tables that failed.",
            exception.GetType().Name);
    }

    private string PathOf(SchemaRef schema, string table) =>
        System.IO.Path.Combine(_root, CatalogPath.ForTable(schema, table).Replace('/', System.IO.Path.DirectorySeparatorChar));

    // Synchronous file calls on purpose: a catalog document is a few kilobytes, and on Unix the async file API runs the
    // same blocking calls on another pool thread. One handle per write (no FileStream) keeps it to open, write, close
    // and rename — measured as the bulk of a fresh 10,000-table catalog's system time. The document's pieces are
    // written with one gathered write (pwritev), never copied into one array.
    private Task<SinkOutcome> WriteDocumentAsync(string path, ReadOnlyMemory<byte>[] content, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var directory = System.IO.Path.GetDirectoryName(path)!;
        var madeHere = _directories.GetOrAdd(directory, static folder =>
        {
            if (Directory.Exists(folder))
            {
                return false;
            }

            Directory.CreateDirectory(folder);
            return true;
        });
        var exists = (!madeHere || _writtenInMadeDirectories.ContainsKey(path)) && System.IO.File.Exists(path);
        if (exists && SameBytes(System.IO.File.ReadAllBytes(path), content))
        {
            return Task.FromResult(SinkOutcome.Unchanged);
        }

        if (!_directories.ContainsKey(_staging))
        {
            Directory.CreateDirectory(_staging);
            _directories.TryAdd(_staging, true);
        }

        try
        {
            WriteThroughStaging(path, content);
        }
        catch (IOException e) when (e is DirectoryNotFoundException or FileNotFoundException)
        {
            // Worker processes of a task hub write one run into one catalog folder: one that stops releases its sink and
            // removes the run's staging folder while others still stage there. Make it again and write once more.
            Directory.CreateDirectory(_staging);
            WriteThroughStaging(path, content);
        }

        if (madeHere)
        {
            _writtenInMadeDirectories.TryAdd(path, 0);
        }

        return Task.FromResult(exists ? SinkOutcome.Updated : SinkOutcome.Created);
    }

    private static bool SameBytes(ReadOnlySpan<byte> existing, ReadOnlyMemory<byte>[] content)
    {
        foreach (var part in content)
        {
            if (!existing.StartsWith(part.Span))
            {
                return false;
            }

            existing = existing[part.Length..];
        }

        return existing.IsEmpty;
    }

    private void WriteThroughStaging(string path, ReadOnlyMemory<byte>[] content)
    {
        var number = Interlocked.Increment(ref _temporaryCount).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var temp = System.IO.Path.Combine(_staging, string.Concat(_temporaryPrefix, number, ".tmp"));
        try
        {
            using (var handle = System.IO.File.OpenHandle(temp, FileMode.CreateNew, FileAccess.Write))
            {
                RandomAccess.Write(handle, content, fileOffset: 0);
            }

            System.IO.File.Move(temp, path, overwrite: true);
        }
        catch
        {
            System.IO.File.Delete(temp);
            throw;
        }
    }
}
