using System.Text;
using DurableIngest.Configuration;
using YamlDotNet.RepresentationModel;

namespace DurableIngest.Secrets;

/// <summary>
/// Takes literal secrets out of a workflow file's text before it is stored. A secret-bearing value that is a
/// <c>${VAR}</c> reference stays as it is (activities resolve it from the environment); a literal one is replaced by
/// <c>${DURABLE_INGEST_SECRET:&lt;yaml path&gt;}</c> and handed back, to be held in memory only (<see cref="SecretVault"/>).
/// </summary>
public static class SecretScrubber
{
    public const string Prefix = "DURABLE_INGEST_SECRET:";

    private static readonly HashSet<string> SecretKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "password", "jwtToken", "token", "accessToken", "refreshToken", "privateKey", "privateKeyPassphrase", "passphrase",
        "clientSecret", "secretKey", "awsSecretAccessKey", "accountKey", "apiKey", "sasToken", "connectionString", "secret",
    };

    /// <summary>True when a key holds a secret by name (password, token, key, connection string...).</summary>
    public static bool IsSecretKey(string key) =>
        SecretKeys.Contains(key)
        || key.EndsWith("password", StringComparison.OrdinalIgnoreCase)
        || key.EndsWith("passphrase", StringComparison.OrdinalIgnoreCase)
        || key.EndsWith("secret", StringComparison.OrdinalIgnoreCase)
        || key.EndsWith("token", StringComparison.OrdinalIgnoreCase);

    /// <summary>Returns the text with literal secrets replaced, and those secrets by placeholder name.</summary>
    public static ScrubbedConfig Scrub(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var found = FindLiteralNodes(text);
        var secrets = new Dictionary<string, string>(StringComparer.Ordinal);
        var builder = new StringBuilder(text);
        // An anchored value repeated by an alias or a merge key is one place in the text: replace it once.
        foreach (var (node, path) in found.DistinctBy(f => f.Node.Start.Index).OrderByDescending(f => f.Node.Start.Index))
        {
            var name = Prefix + path;
            secrets[name] = node.Value ?? string.Empty;
            var start = (int)node.Start.Index;
            builder.Remove(start, (int)node.End.Index - start).Insert(start, "\"${" + name + "}\"");
        }

        return new ScrubbedConfig(builder.ToString(), secrets);
    }

    /// <summary>
    /// One problem per literal secret (its YAML path, line and column with <paramref name="message"/>; never the value),
    /// for hosts that cannot keep literal secrets.
    /// </summary>
    public static IReadOnlyList<ConfigProblem> FindLiterals(string text, string message)
    {
        ArgumentNullException.ThrowIfNull(text);
        return [.. FindLiteralNodes(text)
            .OrderBy(f => f.Node.Start.Index)
            .Select(f => new ConfigProblem(f.Path, message, (int)f.Node.Start.Line, (int)f.Node.Start.Column))];
    }

    /// <summary>
    /// Every secret-bearing value as written in <paramref name="text"/> — literals and <c>${VAR}</c> references alike —
    /// for whoever must resolve them to know what to keep out of error messages.
    /// </summary>
    public static IReadOnlyList<string> FindSecretValues(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return [.. FindNodes(text, IsSecretValue).Select(f => f.Node.Value!)];
    }

    private static List<(YamlScalarNode Node, string Path)> FindLiteralNodes(string text) => FindNodes(text, IsLiteralSecret);

    private static List<(YamlScalarNode Node, string Path)> FindNodes(string text, Func<string, string?, bool> isWanted)
    {
        var found = new List<(YamlScalarNode Node, string Path)>();
        // The same bounded parse as every front door: a document it refuses is refused there too, with its reason.
        if (WorkflowYaml.Parse(text, YamlLimits.Default, new ConfigProblems(), "source, sink and workflowConfig") is { } root)
        {
            Walk(root, string.Empty, isWanted, found);
        }

        return found;
    }

    private static void Walk(YamlNode node, string path, Func<string, string?, bool> isWanted, List<(YamlScalarNode, string)> found)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                foreach (var (key, value) in mapping.Children)
                {
                    var name = (key as YamlScalarNode)?.Value ?? string.Empty;
                    var childPath = path.Length == 0 ? name : $"{path}.{name}";
                    if (value is YamlScalarNode scalar && IsSecretKey(name) && isWanted(name, scalar.Value))
                    {
                        found.Add((scalar, childPath));
                    }
                    else
                    {
                        Walk(value, childPath, isWanted, found);
                    }
                }

                break;
            case YamlSequenceNode sequence:
                var index = 0;
                foreach (var item in sequence.Children)
                {
                    Walk(item, $"{path}[{index++}]", isWanted, found);
                }

                break;
        }
    }

    private static bool IsLiteralSecret(string key, string? value) =>
        IsSecretValue(key, value) && !EnvironmentSubstitution.IsReference(value!);

    private static bool IsSecretValue(string key, string? value) =>
        !string.IsNullOrEmpty(value)
        && !(key.Equals("connectionString", StringComparison.OrdinalIgnoreCase)
             && value.Trim().Equals("UseDevelopmentStorage=true", StringComparison.OrdinalIgnoreCase));
}
