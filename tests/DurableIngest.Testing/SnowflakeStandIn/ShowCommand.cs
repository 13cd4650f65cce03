using System.Text.RegularExpressions;

namespace DurableIngest.Testing.SnowflakeStandIn;

/// <summary>
/// A SHOW command the stand-in answers — <c>SHOW [TERSE] {PRIMARY KEYS | UNIQUE KEYS | IMPORTED KEYS} [IN {ACCOUNT |
/// DATABASE [db] | SCHEMA [[db.]schema] | [TABLE] [[db.]schema.]table}]</c> and <c>SHOW [TERSE] DATABASES [LIKE 'p']</c>,
/// as Snowflake's SQL reference writes them — turned into a DuckDB SELECT over the table holding that command's
/// output (same lower-case columns as Snowflake's), scoped as the IN clause says. Unquoted names are upper-cased.
/// </summary>
public sealed partial class ShowCommand
{
    private ShowCommand(string table, string where, IReadOnlyList<string> parameters, string orderBy)
    {
        Table = table;
        Where = where;
        Parameters = parameters;
        OrderBy = orderBy;
    }

    public string Table { get; }

    public string Where { get; }

    public IReadOnlyList<string> Parameters { get; }

    public string OrderBy { get; }

    public string Sql => $"SELECT * FROM {SnowflakeWarehouse.ShowSchema}.{Table}{(Where.Length == 0 ? string.Empty : " WHERE " + Where)} ORDER BY {OrderBy}";

    /// <summary>The command, or null when <paramref name="sql"/> is not a SHOW the stand-in knows (it then goes to DuckDB as it is).</summary>
    public static ShowCommand? Parse(string sql, string? currentDatabase, out string? error)
    {
        ArgumentNullException.ThrowIfNull(sql);
        error = null;
        var match = Grammar().Match(sql);
        if (!match.Success)
        {
            return null;
        }

        var what = Regex.Replace(match.Groups["what"].Value.ToUpperInvariant(), "\\s+", " ");
        if (what == "DATABASES")
        {
            if (match.Groups["scope"].Success)
            {
                error = "SHOW DATABASES takes no IN clause here";
                return null;
            }

            return match.Groups["like"].Success
                ? new ShowCommand("databases", "name ILIKE ?", [match.Groups["like"].Value.Replace("''", "'", StringComparison.Ordinal)], "name")
                : new ShowCommand("databases", string.Empty, [], "name");
        }

        var (table, prefix) = what switch
        {
            "PRIMARY KEYS" => ("primary_keys", string.Empty),
            "UNIQUE KEYS" => ("unique_keys", string.Empty),
            _ => ("imported_keys", "fk_"),
        };
        var order = $"{prefix}database_name, {prefix}schema_name, {prefix}table_name, {(prefix.Length == 0 ? "constraint_name" : "fk_name")}, key_sequence";
        var names = Names(match.Groups["name"].Value);
        var scope = match.Groups["scope"].Success ? match.Groups["scope"].Value.ToUpperInvariant() : names.Count > 0 ? "TABLE" : null;
        switch (scope)
        {
            case null or "ACCOUNT":
                return new ShowCommand(table, string.Empty, [], order);
            case "DATABASE":
                var database = names.Count == 1 ? names[0] : currentDatabase;
                return database is null ? Fail("SHOW ... IN DATABASE needs a database name or a current database", out error)
                    : new ShowCommand(table, $"{prefix}database_name = ?", [database], order);
            case "SCHEMA":
                var (db, schema) = names.Count switch
                {
                    2 => (names[0], names[1]),
                    1 => (currentDatabase, names[0]),
                    _ => (null, null),
                };
                return db is null || schema is null ? Fail("SHOW ... IN SCHEMA needs database.schema or a current database", out error)
                    : new ShowCommand(table, $"{prefix}database_name = ? AND {prefix}schema_name = ?", [db, schema], order);
            default:
                if (names.Count != 3)
                {
                    return Fail("SHOW ... IN TABLE needs database.schema.table", out error);
                }

                return new ShowCommand(table, $"{prefix}database_name = ? AND {prefix}schema_name = ? AND {prefix}table_name = ?", [.. names], order);
        }
    }

    private static ShowCommand? Fail(string message, out string? error)
    {
        error = message;
        return null;
    }

    private static List<string> Names(string dotted)
    {
        var names = new List<string>();
        foreach (Match part in NamePart().Matches(dotted))
        {
            names.Add(part.Groups["quoted"].Success ? part.Groups["quoted"].Value.Replace("\"\"", "\"", StringComparison.Ordinal) : part.Groups["plain"].Value.ToUpperInvariant());
        }

        return names;
    }

    private const string Identifier = "(?:\"(?:[^\"]|\"\")+\"|[A-Za-z_][A-Za-z0-9_$]*)";

    [GeneratedRegex(
        "^\\s*SHOW\\s+(?:TERSE\\s+)?(?<what>PRIMARY\\s+KEYS|UNIQUE\\s+KEYS|IMPORTED\\s+KEYS|DATABASES)" +
        "(?:\\s+LIKE\\s+'(?<like>(?:[^']|'')*)')?" +
        "(?:\\s+IN\\s+(?:(?<scope>ACCOUNT)|(?<scope>DATABASE|SCHEMA|TABLE)(?:\\s+(?<name>" + Identifier + "(?:\\." + Identifier + "){0,2}))?|(?<name>" + Identifier + "(?:\\." + Identifier + "){0,2})))?" +
        "\\s*;?\\s*$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Grammar();

    [GeneratedRegex("\"(?<quoted>(?:[^\"]|\"\")+)\"|(?<plain>[A-Za-z_][A-Za-z0-9_$]*)", RegexOptions.CultureInvariant)]
    private static partial Regex NamePart();
}
