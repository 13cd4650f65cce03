using DurableIngest.Entities;
using DurableIngest.Sinks.OpenMetadata.Requests;

namespace DurableIngest.Sinks.OpenMetadata;

/// <summary>A table on its way to the server: its place in the batch, its request and body, and the tables its foreign keys wait for.</summary>
internal sealed record PendingTable(int Index, TableMetadata Table, CreateTableRequest Request, byte[] Body, IReadOnlyList<string> MissingTables)
{
    public string FullyQualifiedName => Table.FullyQualifiedName;
}
