namespace DurableIngest.Testing;

/// <summary>The size of a <see cref="PostgresDataset"/>: tables spread evenly over schemas, and views.</summary>
public sealed record DatasetShape(int Tables, int Schemas = 20, int Views = 500)
{
    public int Entities => Tables + Views;

    /// <summary>Views of one schema: the total spread evenly, the remainder on the first schemas.</summary>
    public int ViewsIn(int schema) => (Views / Schemas) + (schema < Views % Schemas ? 1 : 0);
}
