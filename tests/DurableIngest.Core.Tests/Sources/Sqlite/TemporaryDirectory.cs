namespace DurableIngest.Sources.Sqlite;

/// <summary>A directory of its own for one test, deleted afterwards.</summary>
internal sealed class TemporaryDirectory : IDisposable
{
    public TemporaryDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "durable-ingest-sqlite-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>A copy of the shipped warehouse that the test may change.</summary>
    public string CopyOfWarehouse()
    {
        var copy = File("warehouse.db");
        System.IO.File.Copy(Warehouse.ShippedDatabase, copy);
        return copy;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
