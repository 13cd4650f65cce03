namespace DurableIngest.Entities;

/// <summary>A database schema's place in the catalog: service, database, schema.</summary>
public sealed record SchemaRef(string Service, string Database, string Schema)
{
    public string DatabaseFqn => Fqn.Join(Service, Database);

    public string FullyQualifiedName => Fqn.Join(Service, Database, Schema);
}
