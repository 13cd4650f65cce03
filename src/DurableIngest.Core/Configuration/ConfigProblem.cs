namespace DurableIngest.Configuration;

/// <summary>One thing wrong with a configuration: where (YAML path, line, column) and what.</summary>
public sealed record ConfigProblem(string Path, string Message, int Line = 0, int Column = 0)
{
    public override string ToString()
    {
        var where = Line > 0 ? $" (line {Line}, column {Column})" : string.Empty;
        return string.IsNullOrEmpty(Path) ? $"{Message}{where}" : $"{Path}: {Message}{where}";
    }
}
