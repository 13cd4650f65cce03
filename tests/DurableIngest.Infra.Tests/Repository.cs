namespace DurableIngest.Infra;

/// <summary>The checkout under test: the folder holding DurableIngest.sln, found by walking up from the test assembly.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string Infra => System.IO.Path.Combine(Root, "infra");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "DurableIngest.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"DurableIngest.sln not found above {AppContext.BaseDirectory}.");
    }
}
