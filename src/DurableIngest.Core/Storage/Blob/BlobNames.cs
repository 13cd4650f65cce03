namespace DurableIngest.Storage.Blob;

/// <summary>The Blob service's naming rules, checked before a request so a bad name gets a clear message.</summary>
public static class BlobNames
{
    public const int MaxBlobNameLength = 1024;

    /// <summary>3-63 characters: lower-case letters, digits and single hyphens, starting and ending with a letter or digit.</summary>
    public static bool IsValidContainerName(string? name) =>
        name is { Length: >= 3 and <= 63 }
        && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
        && name[0] != '-' && name[^1] != '-'
        && !name.Contains("--", StringComparison.Ordinal);

    public const string ContainerNameRule = "3-63 lower-case letters, digits and single hyphens, starting and ending with a letter or digit";

    /// <summary>Null when <paramref name="name"/> can be a blob name, else why not.</summary>
    public static string? ProblemWithBlobName(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "a blob name cannot be empty";
        }

        if (name.Length > MaxBlobNameLength)
        {
            return $"a blob name has at most {MaxBlobNameLength} characters, not {name.Length}";
        }

        // Dot segments would be collapsed by URI normalisation and address a different blob; some clients read '\' as '/'.
        if (name.StartsWith('/') || name.EndsWith('/') || name.Contains('\\', StringComparison.Ordinal) || name.Split('/').Any(s => s is "" or "." or ".."))
        {
            return $"blob name '{name}' must not start or end with '/', contain '\\', nor empty, '.' or '..' segments";
        }

        return null;
    }
}
