using System.Globalization;
using System.Text;
using DurableIngest.Entities;

namespace DurableIngest.Sinks;

/// <summary>
/// Where a table's document lives in a file tree or blob container: <c>&lt;service&gt;/&lt;database&gt;/&lt;schema&gt;/&lt;table&gt;.json</c>.
/// Each name is made file-safe reversibly: characters outside <c>[A-Za-z0-9 _-]</c> and non-ASCII letters and
/// digits are written as <c>%XX</c> (UTF-8 bytes), so <c>a.b</c> becomes <c>a%2Eb</c> and <see cref="Decode"/> restores it.
/// A leading dot or space, and names reserved on Windows, are escaped too, so every platform can hold the tree.
/// </summary>
public static class CatalogPath
{
    public static string ForTable(SchemaRef schema, string table)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return $"{Encode(schema.Service)}/{Encode(schema.Database)}/{Encode(schema.Schema)}/{Encode(table)}.json";
    }

    public static string Encode(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var builder = new StringBuilder(name.Length);
        var bytes = new byte[4];
        for (var i = 0; i < name.Length; i++)
        {
            var rune = Rune.GetRuneAt(name, i);
            if (rune.IsBmp == false)
            {
                i++;
            }

            var keep = rune.Value < 128
                ? char.IsAsciiLetterOrDigit((char)rune.Value) || rune.Value is '_' or '-' || (rune.Value == ' ' && i > 0 && i < name.Length - 1)
                : Rune.IsLetterOrDigit(rune);
            if (keep)
            {
                builder.Append(rune.ToString());
            }
            else
            {
                var count = rune.EncodeToUtf8(bytes);
                for (var b = 0; b < count; b++)
                {
                    builder.Append('%').Append(bytes[b].ToString("X2", CultureInfo.InvariantCulture));
                }
            }
        }

        var encoded = builder.ToString();
        return encoded.Length == 0 || IsReservedOnWindows(encoded) ? "%" + encoded.Length.ToString("X2", CultureInfo.InvariantCulture) + encoded : encoded;
    }

    public static string Decode(string encoded)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        if (encoded.Length >= 3 && encoded[0] == '%' && int.TryParse(encoded.AsSpan(1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var length)
            && length == encoded.Length - 3 && (length == 0 || IsReservedOnWindows(encoded[3..])))
        {
            encoded = encoded[3..];
        }

        var result = new StringBuilder(encoded.Length);
        var pending = new List<byte>();
        for (var i = 0; i < encoded.Length; i++)
        {
            if (encoded[i] == '%' && i + 2 < encoded.Length)
            {
                pending.Add(byte.Parse(encoded.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                i += 2;
                continue;
            }

            result.Append(Encoding.UTF8.GetString([.. pending]));
            pending.Clear();
            result.Append(encoded[i]);
        }

        result.Append(Encoding.UTF8.GetString([.. pending]));
        return result.ToString();
    }

    private static bool IsReservedOnWindows(string name)
    {
        var stem = name.Split('.')[0].ToUpperInvariant();
        return stem is "CON" or "PRN" or "AUX" or "NUL"
            || (stem.Length == 4 && (stem.StartsWith("COM", StringComparison.Ordinal) || stem.StartsWith("LPT", StringComparison.Ordinal)) && char.IsAsciiDigit(stem[3]));
    }
}
