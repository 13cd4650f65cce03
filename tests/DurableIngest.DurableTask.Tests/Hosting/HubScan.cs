using System.IO.Compression;
using System.Text;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using DurableIngest.Testing;

namespace DurableIngest.DurableTask.Tests.Hosting;

/// <summary>
/// Everything a task hub keeps in the storage account, as text: every message of every queue (peeked, so it stays for
/// the workers), every property of every entity of every table, and every blob of every container. Queues drain as a
/// run goes, so a test samples them while it runs.
/// </summary>
internal sealed class HubScan
{
    private readonly QueueServiceClient _queues;
    private readonly TableServiceClient _tables;
    private readonly AzuriteServer _azurite;
    private readonly List<(string Where, string Text)> _seen = [];

    public HubScan(AzuriteServer azurite)
    {
        _azurite = azurite;
        _queues = new QueueServiceClient(azurite.ConnectionString);
        _tables = new TableServiceClient(azurite.ConnectionString);
    }

    public int QueueMessagesSeen { get; private set; }

    public int TableEntitiesSeen { get; private set; }

    public int BlobsSeen { get; private set; }

    /// <summary>Peeks at the messages waiting in every queue now.</summary>
    public async Task SampleQueuesAsync(CancellationToken cancellationToken)
    {
        await foreach (var queue in _queues.GetQueuesAsync(cancellationToken: cancellationToken))
        {
            var messages = await _queues.GetQueueClient(queue.Name).PeekMessagesAsync(32, cancellationToken);
            foreach (var message in messages.Value)
            {
                QueueMessagesSeen++;
                _seen.Add(($"queue {queue.Name}", message.Body.ToString()));
            }
        }
    }

    /// <summary>Reads every table entity and every blob.</summary>
    public async Task ReadTablesAndBlobsAsync(CancellationToken cancellationToken)
    {
        await foreach (var table in _tables.QueryAsync(cancellationToken: cancellationToken))
        {
            await foreach (var entity in _tables.GetTableClient(table.Name).QueryAsync<TableEntity>(cancellationToken: cancellationToken))
            {
                TableEntitiesSeen++;
                var text = new StringBuilder();
                foreach (var (key, value) in entity)
                {
                    text.Append(key).Append('=').Append(value is byte[] bytes ? Encoding.UTF8.GetString(bytes) : value?.ToString()).Append('\n');
                }

                _seen.Add(($"table {table.Name}", text.ToString()));
            }
        }

        var blobs = _azurite.Client();
        await foreach (var container in blobs.GetBlobContainersAsync(cancellationToken: cancellationToken))
        {
            var client = blobs.GetBlobContainerClient(container.Name);
            await foreach (var blob in client.GetBlobsAsync(cancellationToken: cancellationToken))
            {
                BlobsSeen++;
                var content = (await client.GetBlobClient(blob.Name).DownloadContentAsync(cancellationToken)).Value.Content.ToArray();
                _seen.Add(($"blob {container.Name}/{blob.Name}", blob.Name + "\n" + Encoding.UTF8.GetString(Unzipped(blob.Name, content))));
            }
        }
    }

    // The engine keeps large messages gzipped ("*.json.gz"): read what they say, not their compressed bytes.
    private static byte[] Unzipped(string name, byte[] content)
    {
        if (!name.EndsWith(".gz", StringComparison.Ordinal))
        {
            return content;
        }

        using var zipped = new GZipStream(new MemoryStream(content), CompressionMode.Decompress);
        using var plain = new MemoryStream();
        zipped.CopyTo(plain);
        return plain.ToArray();
    }

    /// <summary>Places holding any of <paramref name="secrets"/> (as written or JSON-escaped); names the place, never the secret.</summary>
    public IReadOnlyList<string> Find(IReadOnlyList<string> secrets) =>
        [.. _seen.SelectMany(s => SecretScan.FindInText(s.Where, s.Text, secrets)).Distinct()];

    /// <summary>Whether any scanned text contains <paramref name="text"/>: the scan's own check that it reads what the hub holds.</summary>
    public bool Contains(string where, string text) =>
        _seen.Any(s => s.Where.StartsWith(where, StringComparison.Ordinal) && s.Text.Contains(text, StringComparison.Ordinal));
}
