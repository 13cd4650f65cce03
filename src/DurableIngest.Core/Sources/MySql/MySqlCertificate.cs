namespace DurableIngest.Sources.MySql;

/// <summary>
/// One of <c>sslConfig</c>'s certificates: OpenMetadata's UI stores the PEM text itself (<c>caCertificate</c>,
/// <c>sslCertificate</c>, <c>sslKey</c>), a hand-written file often gives a path. Text starting <c>-----BEGIN</c> is
/// PEM; anything else is a file path, already made absolute. A class, not a record: a key's PEM never shows in a ToString.
/// </summary>
public sealed class MySqlCertificate
{
    private MySqlCertificate(string? path, string? pem)
    {
        Path = path;
        Pem = pem;
    }

    /// <summary>The absolute file path, when the setting named a file.</summary>
    public string? Path { get; }

    /// <summary>The PEM text, when the setting held it.</summary>
    public string? Pem { get; }

    public static MySqlCertificate FromPath(string absolutePath) => new(absolutePath, null);

    public static MySqlCertificate FromPem(string pem) => new(null, pem);

    /// <summary>True when <paramref name="value"/> is PEM text rather than a path.</summary>
    public static bool LooksLikePem(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.TrimStart().StartsWith("-----BEGIN", StringComparison.Ordinal);
    }

    public override string ToString() => Path ?? "(PEM text)";
}
