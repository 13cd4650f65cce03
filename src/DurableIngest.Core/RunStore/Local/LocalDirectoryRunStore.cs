using System.Security.Cryptography;

namespace DurableIngest.RunStore.Local;

/// <summary>
/// The default run store: one file per document under a directory. Writes go to a temporary file renamed into place,
/// so a reader (or a process killed mid-write) never sees half a document. ETags are content hashes; creates and
/// conditional replaces hold the key's exclusive lock file, so two processes (or two threads) cannot both win.
/// Append-only documents (the local runtime's journal) are written in place, one write per record.
/// </summary>
public sealed class LocalDirectoryRunStore : IAppendOnlyRunStore
{
    private const string TempSuffix = ".tmp";
    private const string LockSuffix = ".lock";
    private readonly string _root;

    public LocalDirectoryRunStore(string root)
    {
        _root = Path.GetFullPath(root);
        Directory.CreateDirectory(_root);
    }

    public string Root => _root;

    public async Task<string> PutAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        var temp = await WriteTempAsync(path, content, cancellationToken);
        File.Move(temp, path, overwrite: true);
        return ETagOf(content.Span);
    }

    public async Task<StoredDocument?> GetAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            var content = await File.ReadAllBytesAsync(PathOf(key), cancellationToken);
            return new StoredDocument(content, ETagOf(content));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var slash = prefix.LastIndexOf('/');
        var directory = slash < 0 ? _root : Path.Combine(_root, prefix[..slash]);
        if (!Directory.Exists(directory))
        {
            return Task.FromResult<IReadOnlyList<string>>([]);
        }

        var keys = Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(TempSuffix, StringComparison.Ordinal) && !f.EndsWith(LockSuffix, StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(_root, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(k => k.StartsWith(prefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        return Task.FromResult<IReadOnlyList<string>>(keys);
    }

    public async Task<string?> TryCreateAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        var temp = await WriteTempAsync(path, content, cancellationToken);
        try
        {
            // File.Move without overwrite is not create-if-absent on Unix: it checks that the target is absent, then
            // renames, and two writers can both pass the check. The key's lock (the one conditional replaces hold)
            // makes check-and-rename one step for every process using this folder.
            await using var held = await AcquireLockAsync(path + LockSuffix, cancellationToken);
            if (File.Exists(path))
            {
                return null;
            }

            File.Move(temp, path, overwrite: true);
            return ETagOf(content.Span);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    public async Task<string?> TryReplaceAsync(string key, ReadOnlyMemory<byte> content, string etag, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        await using var held = await AcquireLockAsync(path + LockSuffix, cancellationToken);
        var current = await GetAsync(key, cancellationToken);
        if (current is null || current.ETag != etag)
        {
            return null;
        }

        return await PutAsync(key, content, cancellationToken);
    }

    public Task<IRunStoreAppender> CreateAppendOnlyAsync(string key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return Task.FromResult<IRunStoreAppender>(new LocalFileAppender(File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read)));
    }

    /// <summary>Lock files and empty folders are not documents, so deleting the documents leaves them; the run's folder goes now.</summary>
    public Task RemoveRunLeftoversAsync(string runId, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(_root, RunKeys.Run(runId));
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        return Task.CompletedTask;
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        File.Delete(PathOf(key));
        return Task.CompletedTask;
    }

    private static string ETagOf(ReadOnlySpan<byte> content) => "\"" + Convert.ToHexStringLower(SHA256.HashData(content)[..12]) + "\"";

    // Synchronous on purpose: run store documents are small, and on Unix the async file API runs the same blocking calls
    // on another pool thread. One handle (no FileStream) keeps a write to open, write and close.
    private static Task<string> WriteTempAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = $"{path}.{Environment.ProcessId}.{Environment.CurrentManagedThreadId}.{Guid.NewGuid():N}{TempSuffix}";
        using (var handle = File.OpenHandle(temp, FileMode.CreateNew, FileAccess.Write))
        {
            RandomAccess.Write(handle, content.Span, fileOffset: 0);
        }

        return Task.FromResult(temp);
    }

    private static async Task<FileStream> AcquireLockAsync(string lockPath, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(lockPath)!);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (attempt < 2000)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(2), cancellationToken);
            }
        }
    }

    private string PathOf(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (key.StartsWith('/') || key.Split('/').Any(part => part is "" or "." or ".."))
        {
            throw new ArgumentException($"Run store key '{key}' is not a relative path of plain names.", nameof(key));
        }

        return Path.Combine(_root, key.Replace('/', Path.DirectorySeparatorChar));
    }
}
