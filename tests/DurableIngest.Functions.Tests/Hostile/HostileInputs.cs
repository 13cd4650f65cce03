using System.Net;
using System.Text;

namespace DurableIngest.Functions.Tests.Hostile;

/// <summary>
/// The hostile-input catalogue: nesting, aliases and merge keys, huge scalars and key counts, multi-document streams,
/// binary and broken encodings, duplicate keys, wrong types at every level, absurd numbers, bad patterns, path traversal
/// and request-level abuse. Each builds on one valid workflow (a SQLite copy and a catalog under <paramref name="root"/>).
/// </summary>
internal static class HostileInputs
{
    public static IReadOnlyList<HostileInput> For(string root)
    {
        var database = Path.Combine(root, "warehouse.db");
        var catalog = Path.Combine(root, "catalog");
        var valid = Valid(database, catalog);
        var cases = new List<HostileInput>();

        void Refused(string name, string body, string fragment, HttpStatusCode status = HttpStatusCode.BadRequest, int? fileExit = 2) =>
            cases.Add(new HostileInput(name, Encoding.UTF8.GetBytes(body), status, fileExit, fragment));
        void RefusedBytes(string name, byte[] body, string fragment) =>
            cases.Add(new HostileInput(name, body, HttpStatusCode.BadRequest, 2, fragment));
        string With(string from, string to) => valid.Contains(from, StringComparison.Ordinal)
            ? valid.Replace(from, to, StringComparison.Ordinal)
            : throw new InvalidOperationException($"the valid workflow has no '{from}' to replace");

        // Nesting: the node tree is built recursively, so depth is checked first, on the parser's events.
        Refused("deep flow sequences (100,000 levels)", "source: " + new string('[', 100_000) + new string(']', 100_000) + "\n", "deeper than the limit of 32 levels");
        Refused("deep flow mappings", "source: " + string.Concat(Enumerable.Repeat("{a: ", 5_000)) + "1" + new string('}', 5_000) + "\n", "deeper than the limit of 32 levels");
        Refused("deep block mappings", string.Concat(Enumerable.Range(0, 40).Select(i => new string(' ', i * 2) + "k:\n")) + new string(' ', 80) + "v\n", "deeper than the limit of 32 levels");
        Refused("deep nesting inside a valid workflow", With("  loggerLevel: INFO", "  loggerLevel: INFO\n  extra: " + new string('[', 40) + new string(']', 40)), "deeper than the limit of 32 levels");
        Refused("deep block sequences", string.Concat(Enumerable.Range(0, 40).Select(i => new string(' ', i * 2) + "-\n")) + new string(' ', 80) + "- x\n", "deeper than the limit of 32 levels");

        // Aliases and merge keys: what an alias repeats counts as written out.
        Refused("billion laughs", Laughs(), "more than 10,000 nodes");
        Refused("billion laughs under a valid workflow", valid + Laughs().Replace("a", "z", StringComparison.Ordinal), "more than 10,000 nodes");
        Refused("too many aliases", "base: &b x\nitems: [" + string.Join(", ", Enumerable.Repeat("*b", 150)) + "]\n", "more than 100 aliases");
        Refused("merge-key bomb", MergeBomb(), "more than 10,000 nodes");
        Refused("alias to an undefined anchor", With("serviceName: quickstart", "serviceName: *nowhere"), "refers to no anchor &nowhere");
        Refused("alias to itself (a cycle)", "a: &a [*a]\n", "inside the node &a it refers to");

        // Size: values and key counts.
        Refused("huge scalar (100 KB value)", With("serviceName: quickstart", "serviceName: " + new string('q', 100_000)), "over the limit of 65,536");
        Refused("huge quoted scalar", With("serviceName: quickstart", "serviceName: \"" + new string('q', 70_000) + "\""), "over the limit of 65,536");
        Refused("20,000 keys", valid + string.Concat(Enumerable.Range(0, 20_000).Select(i => $"k{i}: v\n")), "more than 10,000 nodes");
        Refused("20,000 list items", With("excludes:", "excludes: [" + string.Join(",", Enumerable.Range(0, 20_000).Select(i => $"p{i}")) + "]\n        ignored:"), "more than 10,000 nodes");
        Refused("key longer than YAML allows (100 KB)", valid + new string('k', 100_000) + ": v\n", "YAML syntax error");

        // Documents and encodings.
        Refused("two documents", valid + "---\n" + valid, "more than one YAML document");
        Refused("a document then a stray one", valid + "---\nsource: x\n", "more than one YAML document");
        RefusedBytes("binary (a PNG header and noise)", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0xFF, 0xFE, 0x80, 0x81], "not UTF-8 text");
        RefusedBytes("invalid UTF-8 in a value", [.. Encoding.UTF8.GetBytes(valid.Replace("quickstart", "quick", StringComparison.Ordinal)), 0xC3, 0x28, 0x0A], "not UTF-8 text");
        RefusedBytes("overlong UTF-8 encoding", [.. Encoding.UTF8.GetBytes("source: "), 0xC0, 0xAF, 0x0A], "not UTF-8 text");
        Refused("NUL byte in a value", With("serviceName: quickstart", "serviceName: quick\0start"), "NUL character");
        Refused("bell character", With("serviceName: quickstart", "serviceName: quick\astart"), "control character U+0007");
        Refused("escape character", With("serviceName: quickstart", "serviceName: quick\u001bstart"), "control character U+001B");
        Refused("empty body", string.Empty, "empty");
        Refused("only whitespace and comments", "# nothing\n   \n", "empty");
        cases.Add(new HostileInput("UTF-8 byte-order mark (accepted)", [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(valid)], HttpStatusCode.Accepted, 0, string.Empty));
        cases.Add(new HostileInput("CRLF line ends (accepted)", Encoding.UTF8.GetBytes(valid.ReplaceLineEndings("\r\n")), HttpStatusCode.Accepted, 0, string.Empty));
        Refused("tab indentation", With("  serviceName: quickstart", "\tserviceName: quickstart"), "tabs");

        // Duplicate keys.
        Refused("duplicate top-level key", valid + "source:\n  type: sqlite\n", "Duplicate key source");
        Refused("duplicate nested key", With("  serviceName: quickstart", "  serviceName: quickstart\n  serviceName: again"), "Duplicate key serviceName");

        // Wrong types at every level.
        Refused("root is a list", "- source\n- sink\n", "must be a mapping with source, sink and workflowConfig");
        Refused("root is a scalar", "just text\n", "must be a mapping with source, sink and workflowConfig");
        Refused("source is a number", With("source:\n  type: sqlite", "source: 5\nignored:\n  type: sqlite"), "source");
        Refused("source.type is a list", With("type: sqlite", "type: [sqlite]"), "source.type");
        Refused("serviceConnection is text", With("  serviceConnection:\n    config:", "  serviceConnection: text\n  ignoredConnection:\n    config:"), "serviceConnection");
        Refused("sink is text", With("sink:\n  type: file", "sink: file\nignoredSink:\n  type: file"), "sink");
        Refused("sink.config is a number", With("  config:\n    path:", "  config: 1\n  ignored:\n    path:"), "sink.config");
        Refused("workflowConfig is a list", With("workflowConfig:\n", "workflowConfig: []\nignoredWorkflow:\n"), "workflowConfig");
        Refused("retryPolicy is a number", With("    retryPolicy:\n", "    retryPolicy: 3\n    ignoredPolicy:\n"), "retryPolicy");
        Refused("filter pattern is text", With("      tableFilterPattern:\n        excludes:", "      tableFilterPattern: everything\n      ignoredPattern:\n        excludes:"), "tableFilterPattern");
        Refused("filter includes is a mapping", With("excludes:\n          - ^tmp_", "includes: {a: b}\n        excludes:\n          - ^tmp_"), "includes");
        Refused("enabled is a number", With("enabled: true", "enabled: 7"), "true or false");

        // Absurd numbers.
        Refused("parallelism beyond a long", With("parallelism: 4", "parallelism: 99999999999999999999"), "parallelism");
        Refused("parallelism 1e309", With("parallelism: 4", "parallelism: 1e309"), "parallelism");
        Refused("parallelism NaN", With("parallelism: 4", "parallelism: .nan"), "parallelism");
        Refused("parallelism negative", With("parallelism: 4", "parallelism: -1"), "parallelism");
        Refused("chunkSize zero", With("parallelism: 4", "parallelism: 4\n    chunkSize: 0"), "chunkSize");
        Refused("successThreshold infinite", With("successThreshold: 90", "successThreshold: .inf"), "successThreshold");
        Refused("successThreshold over 100", With("successThreshold: 90", "successThreshold: 1e10"), "successThreshold");
        Refused("maxAttempts over int", With("maxAttempts: 3", "maxAttempts: 2147483648"), "maxAttempts");
        Refused("backoffSeconds NaN", With("backoffSeconds: 2", "backoffSeconds: .nan"), "backoffSeconds");
        Refused("timeoutSeconds negative", With("parallelism: 4", "parallelism: 4\n    timeoutSeconds: -1"), "timeoutSeconds");

        // Patterns, and paths that try to leave where a host lets workflows read and write.
        Refused("invalid regular expression", With("- ^tmp_", "- ^tmp_(["), "not a valid regular expression");
        Refused("unknown orchestrator (argo)", With("parallelism: 4", "parallelism: 4\n    orchestrator: argo"), "Function App");
        Refused("blob prefix climbing out", BlobSink(valid, "../other-container/x"), "'..' segments");
        Refused("blob prefix with a backslash", BlobSink(valid, "a\\\\..\\\\b"), "sink.config.prefix");
        cases.Add(new HostileInput(
            "file sink path climbing out of the root", Encoding.UTF8.GetBytes(With($"path: {catalog}", $"path: ../../../../../../{Escape}")), HttpStatusCode.BadRequest, null, "outside"));
        cases.Add(new HostileInput(
            "SQLite path outside the root", Encoding.UTF8.GetBytes(With($"databaseMode: {database}", "databaseMode: /etc/passwd")), HttpStatusCode.BadRequest, 2, "/etc/passwd"));
        cases.Add(new HostileInput(
            "SQLite path climbing out of the root", Encoding.UTF8.GetBytes(With($"databaseMode: {database}", "databaseMode: ../../../../../../etc/hostname")), HttpStatusCode.BadRequest, 2, "hostname"));

        // Request-level abuse (no file form).
        cases.Add(new HostileInput("instanceId climbing out", Encoding.UTF8.GetBytes(valid), HttpStatusCode.BadRequest, null, "not a valid run id", Query: "?instanceId=..%2F..%2Fescape"));
        cases.Add(new HostileInput("instanceId with a NUL", Encoding.UTF8.GetBytes(valid), HttpStatusCode.BadRequest, null, "not a valid run id", Query: "?instanceId=a%00b"));
        cases.Add(new HostileInput("instanceId of 200 characters", Encoding.UTF8.GetBytes(valid), HttpStatusCode.BadRequest, null, "not a valid run id", Query: "?instanceId=" + new string('i', 200)));
        cases.Add(new HostileInput("body over 1 MiB", Encoding.UTF8.GetBytes("# " + new string('x', 1_100_000) + "\n" + valid), HttpStatusCode.RequestEntityTooLarge, 2, "limit"));
        cases.Add(new HostileInput("XML body", Encoding.UTF8.GetBytes("<workflow/>"), HttpStatusCode.UnsupportedMediaType, null, "not supported", ContentType: "application/xml"));
        cases.Add(new HostileInput("JSON nested 100 deep", Encoding.UTF8.GetBytes(new string('[', 100) + new string(']', 100)), HttpStatusCode.BadRequest, null, "JSON", ContentType: "application/json"));
        cases.Add(new HostileInput("JSON nested 40 deep", Encoding.UTF8.GetBytes("{\"source\": " + new string('[', 40) + new string(']', 40) + "}"), HttpStatusCode.BadRequest, null, "deeper than the limit of 32 levels", ContentType: "application/json"));
        return cases;
    }

    /// <summary>
    /// Where a path climbing out of the root would land (from the filesystem root; the hosts' roots in these tests are
    /// under /tmp): nothing may ever be written there.
    /// </summary>
    public const string Escape = "var/tmp/durable-ingest-escape";

    /// <summary>The valid workflow every case starts from: examples/quickstart.yaml's shape, its paths under the root.</summary>
    public static string Valid(string database, string catalog) => $"""
        source:
          type: sqlite
          serviceName: quickstart
          serviceConnection:
            config:
              type: SQLite
              databaseMode: {database}
              database: warehouse
          sourceConfig:
            config:
              type: DatabaseMetadata
              tableFilterPattern:
                excludes:
                  - ^tmp_
        sink:
          type: file
          config:
            path: {catalog}
        workflowConfig:
          loggerLevel: INFO
          distributedExecution:
            enabled: true
            parallelism: 4
            retryPolicy:
              maxAttempts: 3
              backoffSeconds: 2
            successThreshold: 90

        """;

    private static string Laughs()
    {
        var lines = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var i = 1; i < 10; i++)
        {
            lines.Append($"a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 9))}]\n");
        }

        return lines.ToString();
    }

    private static string MergeBomb()
    {
        var lines = new StringBuilder("m0: &m0 {a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8}\n");
        for (var i = 1; i < 8; i++)
        {
            lines.Append($"m{i}: &m{i}\n  <<: [{string.Join(", ", Enumerable.Range(0, 8).Select(_ => $"*m{i - 1}"))}]\n  k{i}: v\n");
        }

        return lines.ToString();
    }

    private static string BlobSink(string valid, string prefix)
    {
        var start = valid.IndexOf("sink:", StringComparison.Ordinal);
        var end = valid.IndexOf("workflowConfig:", StringComparison.Ordinal);
        return valid[..start] + $"sink:\n  type: blob\n  config:\n    connectionString: UseDevelopmentStorage=true\n    container: catalog\n    prefix: \"{prefix}\"\n" + valid[end..];
    }
}
