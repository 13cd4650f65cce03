using System.Diagnostics.CodeAnalysis;
using System.Text.Encodings.Web;
using System.Text.Json;
using DurableIngest.Configuration;

namespace DurableIngest.Secrets;

/// <summary>
/// Replaces a run's secret values with <see cref="Mask"/> in text about to leave an activity (failure messages,
/// warnings, log lines). Each secret is matched as written, as JSON would escape it and as a URL would encode it, and
/// so are the secret parts of connection-string-like values (<see cref="ConnectionStringSecrets"/>).
/// </summary>
public sealed class SecretRedactor
{
    public const string Mask = "***";

    /// <summary>
    /// Shorter values are not masked: two or three characters occur by chance in ordinary words and numbers, so
    /// masking them would garble every message while hiding nothing a guess could not find.
    /// </summary>
    public const int MinimumLength = 4;

    private static readonly JavaScriptEncoder[] JsonEncoders = [JavaScriptEncoder.Default, JavaScriptEncoder.UnsafeRelaxedJsonEscaping];

    // Longest first, so a whole connection string is masked before one of its parts could split it.
    private readonly (string Text, StringComparison Comparison)[] _patterns;

    public SecretRedactor(IEnumerable<string> secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        var patterns = new Dictionary<string, StringComparison>(StringComparer.Ordinal);
        foreach (var secret in secrets.Where(s => !string.IsNullOrEmpty(s)))
        {
            foreach (var value in ConnectionStringSecrets.Find(secret).Prepend(secret).Where(v => v.Length >= MinimumLength))
            {
                patterns.TryAdd(value, StringComparison.Ordinal);
                // Escapes are written in either case by different writers (\u002B or \u002b, %2F or %2f).
                foreach (var escaped in Escapes(value).Where(e => e != value))
                {
                    patterns.TryAdd(escaped, StringComparison.OrdinalIgnoreCase);
                }
            }
        }

        _patterns = [.. patterns.Select(p => (p.Key, p.Value)).OrderByDescending(p => p.Key.Length).ThenBy(p => p.Key, StringComparer.Ordinal)];
    }

    /// <summary>A redactor that knows no secrets (it returns text unchanged).</summary>
    public static SecretRedactor None { get; } = new([]);

    /// <summary>
    /// The secrets of a stored workflow text: every secret-bearing value (<see cref="SecretScrubber.IsSecretKey"/>)
    /// with its <c>${VAR}</c> references resolved through <paramref name="lookup"/>; a reference that does not resolve
    /// holds no secret to mask and is skipped.
    /// </summary>
    public static SecretRedactor FromConfigText(string configText, Func<string, string?> lookup)
    {
        ArgumentNullException.ThrowIfNull(configText);
        ArgumentNullException.ThrowIfNull(lookup);
        var secrets = new List<string>();
        foreach (var written in SecretScrubber.FindSecretValues(configText))
        {
            if (EnvironmentSubstitution.Substitute(written, lookup, out _) is { } resolved)
            {
                secrets.Add(resolved);
            }
        }

        return new SecretRedactor(secrets);
    }

    /// <summary>The text with every known secret replaced by <see cref="Mask"/>.</summary>
    [return: NotNullIfNotNull(nameof(text))]
    public string? Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        foreach (var (pattern, comparison) in _patterns)
        {
            text = text.Replace(pattern, Mask, comparison);
        }

        return text;
    }

    private static IEnumerable<string> Escapes(string value) =>
        JsonEncoders.Select(encoder => JsonEncodedText.Encode(value, encoder).ToString()).Append(Uri.EscapeDataString(value));
}
