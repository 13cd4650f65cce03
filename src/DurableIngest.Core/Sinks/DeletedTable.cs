using DurableIngest.Entities;

namespace DurableIngest.Sinks;

/// <summary>A table seen by an earlier run and gone now.</summary>
public sealed record DeletedTable(SchemaRef Schema, string Name)
{
    public string FullyQualifiedName => Fqn.Join(Schema.Service, Schema.Database, Schema.Schema, Name);
}
