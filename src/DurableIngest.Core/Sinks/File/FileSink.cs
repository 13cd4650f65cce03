using DurableIngest.Catalog;
using DurableIngest.Workflow;

namespace DurableIngest.Sinks.File;

/// <summary>
/// Writes one CreateTable-shaped JSON document per table under <c>&lt;path&gt;/&lt;service&gt;/&lt;database&gt;/&lt;schema&gt;/&lt;table&gt;.json</c>
/// (names made file-safe by <see cref="CatalogPath"/>), atomically (temporary file + rename) and deterministically:
/// the same metadata gives the same bytes, and an unchanged document is not rewritten.
/// </summary>
public sealed class FileSink : ICatalogSink
{
    private readonly string _root;

    public FileSink(FileSinkOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _root = System.IO.Path.GetFullPath(options.Path);
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
                var outcome = await WriteDocumentAsync(PathOf(table.Schema, table.Name), CatalogJson.SerializeTableDocument(table), cancellationToken);
                results[i] = new SinkWriteResult(table.FullyQualifiedName, outcome);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                results[i] = SinkWriteResult.Failed(table.FullyQualifiedName, FailureDetail.From(table.FullyQualifiedName, FailureDetail.WriteStage, e));
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
                await WriteDocumentAsync(PathOf(table.Schema, table.Name), CatalogJson.SerializeTombstone(table.Schema, table.Name), cancellationToken);
                results.Add(new SinkWriteResult(table.FullyQualifiedName, SinkOutcome.Deleted));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                results.Add(SinkWriteResult.Failed(table.FullyQualifiedName, FailureDetail.From(table.FullyQualifiedName, FailureDetail.DeleteStage, e)));
            }
        }

        return results;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private string PathOf(SchemaRef schema, string table) =>
        System.IO.Path.Combine(_root, CatalogPath.ForTable(schema, table).Replace('/', System.IO.Path.DirectorySeparatorChar));

    private static async Task<SinkOutcome> WriteDocumentAsync(string path, byte[] content, CancellationToken cancellationToken)
    {
        var exists = System.IO.File.Exists(path);
        if (exists && (await System.IO.File.ReadAllBytesAsync(path, cancellationToken)).AsSpan().SequenceEqual(content))
        {
            return SinkOutcome.Unchanged;
        }

        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            await System.IO.File.WriteAllBytesAsync(temp, content, cancellationToken);
            System.IO.File.Move(temp, path, overwrite: true);
        }
        finally
        {
            System.IO.File.Delete(temp);
        }

        return exists ? SinkOutcome.Updated : SinkOutcome.Created;
    }
}
