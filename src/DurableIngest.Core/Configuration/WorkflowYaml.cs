using System.Text;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace DurableIngest.Configuration;

/// <summary>
/// The one way a workflow or schedule file is turned into YAML nodes, for every front door: bytes are decoded strictly,
/// then the document is streamed once through YamlDotNet's (iterative) parser and checked against <see cref="YamlLimits"/>
/// before the node tree, whose construction recurses, is built. Every refusal names the limit, its value and the line.
/// </summary>
public static class WorkflowYaml
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly YamlScalarNode MergeKey = new("<<");

    /// <summary>A file's text through <see cref="Decode"/>; a file over the size limit is not read at all.</summary>
    public static string? ReadFile(string path, YamlLimits limits, ConfigProblems problems)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(problems);
        byte[] bytes;
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            if (file.Length > limits.MaxBytes)
            {
                problems.Add(string.Empty, $"the file is {file.Length:N0} bytes, over the limit of {limits.MaxBytes:N0}; a workflow file is a few kilobytes");
                return null;
            }

            bytes = new byte[file.Length];
            file.ReadExactly(bytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problems.Add(string.Empty, $"cannot read the file: {e.Message}");
            return null;
        }

        return Decode(bytes, limits, problems);
    }

    /// <summary>
    /// The document's text: UTF-8 (a leading byte-order mark is dropped), no NUL or other control characters but tab,
    /// line feed and carriage return, at most <see cref="YamlLimits.MaxBytes"/>; null with the problem otherwise.
    /// </summary>
    public static string? Decode(ReadOnlySpan<byte> bytes, YamlLimits limits, ConfigProblems problems)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(problems);
        if (bytes.Length > limits.MaxBytes)
        {
            problems.Add(string.Empty, $"the document is {bytes.Length:N0} bytes, over the limit of {limits.MaxBytes:N0}; a workflow file is a few kilobytes");
            return null;
        }

        if (bytes.StartsWith("\uFEFF"u8))
        {
            bytes = bytes[3..];
        }

        string text;
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            problems.Add(string.Empty, $"the document is not UTF-8 text (invalid byte at offset {e.Index}); save the workflow as UTF-8 YAML or JSON");
            return null;
        }

        return CheckCharacters(text, problems) ? text : null;
    }

    /// <summary>The document's root mapping, or null with every problem found (syntax, limits, shape).</summary>
    public static YamlMappingNode? Parse(string text, YamlLimits limits, ConfigProblems problems, string shape)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(problems);
        if (Encoding.UTF8.GetByteCount(text) > limits.MaxBytes)
        {
            problems.Add(string.Empty, $"the document is over the limit of {limits.MaxBytes:N0} bytes; a workflow file is a few kilobytes");
            return null;
        }

        if (!CheckCharacters(text, problems))
        {
            return null;
        }

        var stream = new YamlStream();
        try
        {
            if (!CheckLimits(text, limits, problems))
            {
                return null;
            }

            stream.Load(new Parser(new StringReader(text)));
        }
        catch (YamlException e)
        {
            var reason = e.InnerException is YamlException inner && !string.IsNullOrEmpty(inner.Message) ? inner.Message : e.Message;
            var (line, column) = ((int)e.Start.Line, (int)e.Start.Column);
            var hint = string.Empty;
            if (reason.Contains("tab", StringComparison.OrdinalIgnoreCase) && FindIndentingTab(text, line) is { } tab)
            {
                // The parser names the construct it was scanning; the user needs the line holding the tab.
                (line, column) = tab;
                hint = " (YAML does not allow tabs for indentation; use spaces)";
            }

            problems.Add(string.Empty, $"YAML syntax error: {reason}{hint}", line, column);
            return null;
        }

        if (stream.Documents.Count == 0)
        {
            problems.Add(string.Empty, $"the document is empty; it needs {shape}");
            return null;
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            var start = stream.Documents[0].RootNode.Start;
            problems.Add(string.Empty, $"the document must be a mapping with {shape}", (int)start.Line, (int)start.Column);
            return null;
        }

        ExpandMergeKeys(root, new HashSet<YamlNode>(ReferenceEqualityComparer.Instance));
        return root;
    }

    // YAML 1.1 merge keys (<<: *defaults, or a list of them): the merged mappings' entries join the mapping, the keys
    // written beside them win, and earlier merges win over later ones. (YamlDotNet's MergingParser refuses an overriding
    // key as a duplicate, which is the very use of a merge.) The recursion is as deep as the document, which CheckLimits
    // has bounded, plus the merge chains, which its alias limit bounds.
    private static void ExpandMergeKeys(YamlNode node, HashSet<YamlNode> expanded)
    {
        if (!expanded.Add(node))
        {
            return;
        }

        if (node is YamlSequenceNode sequence)
        {
            foreach (var item in sequence.Children)
            {
                ExpandMergeKeys(item, expanded);
            }
        }
        else if (node is YamlMappingNode mapping)
        {
            if (mapping.Children.TryGetValue(MergeKey, out var merged))
            {
                mapping.Children.Remove(MergeKey);
                foreach (var source in (merged is YamlSequenceNode list ? list.Children : [merged]).OfType<YamlMappingNode>())
                {
                    ExpandMergeKeys(source, expanded);
                    foreach (var (key, value) in source.Children)
                    {
                        mapping.Children.TryAdd(key, value);
                    }
                }
            }

            foreach (var value in mapping.Children.Values.ToList())
            {
                ExpandMergeKeys(value, expanded);
            }
        }
    }

    private static bool CheckCharacters(string text, ConfigProblems problems)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < ' ' && c is not ('\t' or '\n' or '\r'))
            {
                var line = 1 + text.AsSpan(0, i).Count('\n');
                var column = i - text.LastIndexOf('\n', Math.Max(0, i - 1));
                var name = c == '\0' ? "a NUL character" : $"control character U+{(int)c:X4}";
                problems.Add(string.Empty, $"the document contains {name}; a workflow file is text (remove it, or quote a value that needs it as an escape such as \"\\u{(int)c:X4}\")", line, Math.Max(column, 1));
                return false;
            }
        }

        return true;
    }

    // One pass over the parser's events: the parser keeps its own state stack, so even a hostile nesting costs no
    // recursion here; the tree is built only once the document is known to be small and shallow.
    private static bool CheckLimits(string text, YamlLimits limits, ConfigProblems problems)
    {
        var parser = new Parser(new StringReader(text));
        var anchored = new Dictionary<string, long>(StringComparer.Ordinal);
        var open = new Stack<(string? Anchor, long NodesBefore)>();
        long nodes = 0;
        var aliases = 0;
        var documents = 0;
        while (parser.MoveNext())
        {
            var current = parser.Current!;
            switch (current)
            {
                case DocumentStart when ++documents > 1:
                    return Refuse(problems, current, "the document holds more than one YAML document (a second '---'); a workflow file is one document");
                case MappingStart or SequenceStart:
                    nodes++;
                    open.Push((AnchorOf(current), nodes - 1));
                    if (open.Count > limits.MaxDepth)
                    {
                        return Refuse(problems, current, $"the document nests mappings and sequences deeper than the limit of {limits.MaxDepth} levels; a workflow is a few levels deep");
                    }

                    break;
                case MappingEnd or SequenceEnd:
                    var (anchor, before) = open.Pop();
                    if (anchor is not null)
                    {
                        anchored[anchor] = nodes - before;
                    }

                    break;
                case Scalar scalar:
                    nodes++;
                    if (scalar.Value.Length > limits.MaxScalarLength)
                    {
                        return Refuse(problems, current, $"the document has a value of {scalar.Value.Length:N0} characters, over the limit of {limits.MaxScalarLength:N0}");
                    }

                    if (!scalar.Anchor.IsEmpty)
                    {
                        anchored[scalar.Anchor.Value] = 1;
                    }

                    break;
                case AnchorAlias alias:
                    if (++aliases > limits.MaxAliases)
                    {
                        return Refuse(problems, current, $"the document uses more than {limits.MaxAliases} aliases (*name); a workflow needs few or none");
                    }

                    // An alias inside the node it names would make the tree a cycle, which nothing can walk to its end.
                    if (!anchored.TryGetValue(alias.Value.Value, out var repeated))
                    {
                        return Refuse(problems, current, open.Any(o => o.Anchor == alias.Value.Value)
                            ? $"the document's alias *{alias.Value.Value} is inside the node &{alias.Value.Value} it refers to, which would repeat it without end"
                            : $"the document's alias *{alias.Value.Value} refers to no anchor &{alias.Value.Value} defined before it");
                    }

                    // What the alias repeats counts as if written out: this is what stops a "billion laughs" document.
                    nodes += repeated;
                    break;
            }

            if (nodes > limits.MaxNodes)
            {
                return Refuse(problems, current, $"the document has more than {limits.MaxNodes:N0} nodes (keys, values and items, counting what aliases repeat); a workflow has some dozens");
            }
        }

        return true;
    }

    private static string? AnchorOf(ParsingEvent node) => node is NodeEvent { Anchor.IsEmpty: false } anchored ? anchored.Anchor.Value : null;

    private static bool Refuse(ConfigProblems problems, ParsingEvent at, string message)
    {
        problems.Add(string.Empty, message, (int)at.Start.Line, (int)at.Start.Column);
        return false;
    }

    private static (int Line, int Column)? FindIndentingTab(string text, int fromLine)
    {
        var lines = text.Split('\n');
        for (var i = Math.Max(0, fromLine - 1); i < lines.Length; i++)
        {
            var indent = lines[i].Length - lines[i].TrimStart(' ', '\t').Length;
            var tab = lines[i].IndexOf('\t', StringComparison.Ordinal);
            if (tab >= 0 && tab < Math.Max(indent, 1) + lines[i][..indent].Length)
            {
                return (i + 1, tab + 1);
            }
        }

        return null;
    }
}
