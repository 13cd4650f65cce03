using System.Text.RegularExpressions;

namespace DurableIngest.Sources.Snowflake;

/// <summary>
/// A Snowflake account identifier in either documented form: <c>orgname-account_name</c> (preferred) or the legacy
/// account locator, alone or with its region and cloud (<c>xy12345.us-east-2.aws</c>, <c>xy12345.privatelink</c>).
/// It gives the SQL API host (<c>&lt;identifier&gt;.snowflakecomputing.com</c>, underscores as hyphens, which every
/// account's URL accepts) and the account part of a key-pair JWT: the identifier up to its first dot (for a
/// <c>.global</c> identifier, up to its first hyphen), in upper case — as Snowflake's own connectors build it.
/// </summary>
public sealed partial class SnowflakeAccount
{
    public const string DomainSuffix = ".snowflakecomputing.com";

    private SnowflakeAccount(string identifier)
    {
        Identifier = identifier;
        var lower = identifier.ToLowerInvariant();
        Host = lower.Replace('_', '-') + DomainSuffix;
        var end = lower.Contains(".global", StringComparison.Ordinal) ? identifier.IndexOf('-', StringComparison.Ordinal) : identifier.IndexOf('.', StringComparison.Ordinal);
        JwtAccount = (end > 0 ? identifier[..end] : identifier).ToUpperInvariant();
        IsLegacyLocator = identifier.Contains('.', StringComparison.Ordinal) || !identifier.Contains('-', StringComparison.Ordinal);
    }

    /// <summary>The identifier as configured (trimmed).</summary>
    public string Identifier { get; }

    /// <summary>The account's host name, e.g. <c>myorg-myaccount.snowflakecomputing.com</c>.</summary>
    public string Host { get; }

    /// <summary>The account as a key-pair JWT names it in <c>iss</c> and <c>sub</c>, e.g. <c>MYORG-MYACCOUNT</c> or <c>XY12345</c>.</summary>
    public string JwtAccount { get; }

    /// <summary>True for an account locator (with or without region), false for <c>orgname-account_name</c>.</summary>
    public bool IsLegacyLocator { get; }

    public Uri DefaultApiBase => new("https://" + Host + "/");

    /// <summary>Parses <paramref name="text"/>; on failure returns null and says what is wrong and what to write instead.</summary>
    public static SnowflakeAccount? Parse(string text, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(text);
        var value = text.Trim();
        problem = null;
        var withoutScheme = value.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? value[8..]
            : value.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ? value[7..]
            : value;
        withoutScheme = withoutScheme.TrimEnd('/');
        if (withoutScheme.EndsWith(DomainSuffix, StringComparison.OrdinalIgnoreCase))
        {
            var suggestion = withoutScheme[..^DomainSuffix.Length];
            problem = $"'{value}' is a URL; give the account identifier only, '{suggestion}' (the part before {DomainSuffix})";
            return null;
        }

        if (!Shape().IsMatch(value))
        {
            problem = $"'{value}' is not a Snowflake account identifier; write orgname-account_name (e.g. myorg-myaccount) " +
                "or the account locator with its region and cloud (e.g. xy12345.us-east-2.aws): letters, digits, '_', '-' and '.' only";
            return null;
        }

        return new SnowflakeAccount(value);
    }

    public override string ToString() => Identifier;

    [GeneratedRegex("^[A-Za-z0-9](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9_-]*[A-Za-z0-9])?)*$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
