using System.Globalization;

namespace DurableIngest.Sources.MySql;

/// <summary>
/// Which server answers, from its version string (<c>8.0.36</c>, <c>10.11.19-MariaDB-0+deb12u1</c>): the few
/// information_schema differences the chunk statements care about follow from it.
/// </summary>
public sealed record MySqlServerFlavor(bool IsMariaDb, Version Version)
{
    /// <summary>
    /// MariaDB 10.2 and MySQL 8.0.16 added <c>CHECK_CONSTRAINTS</c>; MariaDB's has <c>TABLE_NAME</c> (its check names are
    /// per table), MySQL's does not (its names are per schema), so it is joined through <c>TABLE_CONSTRAINTS</c>.
    /// </summary>
    public bool HasCheckConstraints => IsMariaDb ? Version >= new Version(10, 2) : Version >= new Version(8, 0, 16);

    public static MySqlServerFlavor Parse(string serverVersion)
    {
        ArgumentNullException.ThrowIfNull(serverVersion);
        var isMariaDb = serverVersion.Contains("MariaDB", StringComparison.OrdinalIgnoreCase);

        // MariaDB 10 behind some proxies reports itself as "5.5.5-10.11.19-MariaDB": the real version follows the prefix.
        var text = isMariaDb && serverVersion.StartsWith("5.5.5-", StringComparison.Ordinal) ? serverVersion[6..] : serverVersion;
        var numbers = new string([.. text.TakeWhile(c => char.IsAsciiDigit(c) || c == '.')]).Split('.', StringSplitOptions.RemoveEmptyEntries);
        var parts = numbers.Take(3).Select(n => int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0).ToList();
        while (parts.Count < 2)
        {
            parts.Add(0);
        }

        return new MySqlServerFlavor(isMariaDb, parts.Count == 2 ? new Version(parts[0], parts[1]) : new Version(parts[0], parts[1], parts[2]));
    }
}
