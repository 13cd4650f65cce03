using System.Text;
using DurableIngest.Configuration;
using YamlDotNet.RepresentationModel;

namespace DurableIngest.Scheduling;

/// <summary>
/// Loads a folder of schedule files (<c>*.yaml</c>, <c>*.yml</c>, one schedule each):
/// <code>
/// name: nightly-postgres          # letters, digits, '-', '_'
/// schedule: "0 0 2 * * *"         # 6-field NCRONTAB, seconds first, UTC (as Azure Functions timers)
/// config: ../postgres-local.yaml  # a workflow file, relative to this file ... or
/// workflow: { source: ..., sink: ..., workflowConfig: ... }   # ... the workflow inline
/// enabled: true                   # default true
/// </code>
/// A bad file is reported (every problem, with file, YAML path and line) and skipped; it never stops the others.
/// </summary>
public sealed class ScheduleLoader
{
    /// <summary>Run ids are <c>&lt;name&gt;-yyyyMMddTHHmm</c> and at most 80 characters.</summary>
    public const int MaxNameLength = 80 - 14;

    private static readonly string[] KnownKeys = ["name", "schedule", "config", "workflow", "enabled"];

    private readonly Func<string, string?> _environment;

    public ScheduleLoader(Func<string, string?>? environment = null) => _environment = environment ?? Environment.GetEnvironmentVariable;

    /// <summary>Every schedule file of <paramref name="folder"/> in name order; none when the folder does not exist.</summary>
    public IReadOnlyList<ScheduleFile> LoadFolder(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (!Directory.Exists(folder))
        {
            return [];
        }

        var files = Directory.EnumerateFiles(folder)
            .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal);
        var owners = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var loaded = new List<ScheduleFile>();
        foreach (var path in files)
        {
            var file = LoadFile(path);
            if (file.Definition is { } schedule)
            {
                if (owners.TryGetValue(schedule.Name, out var owner))
                {
                    file = file with
                    {
                        Definition = null,
                        Problems = [new ConfigProblem("name", $"'{schedule.Name}' is already the name of {owner}; schedule names must be unique (they prefix run ids)")],
                    };
                }
                else
                {
                    owners[schedule.Name] = path;
                }
            }

            loaded.Add(file);
        }

        return loaded;
    }

    public ScheduleFile LoadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var fullPath = Path.GetFullPath(path);
        var problems = new ConfigProblems();
        return WorkflowYaml.ReadFile(fullPath, YamlLimits.Default, problems) is { } text
            ? Load(fullPath, text)
            : new ScheduleFile(fullPath, null, [.. problems]);
    }

    /// <summary>Validates one schedule file's text; <paramref name="path"/> anchors a relative <c>config</c>.</summary>
    public ScheduleFile Load(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(text);
        var problems = new ConfigProblems();
        var root = Parse(text, problems);
        if (root is null)
        {
            return new ScheduleFile(path, null, [.. problems]);
        }

        var top = new ConfigSection(string.Empty, root, problems, _environment);
        if (top.Has("source") && top.Has("sink") && !top.Has("schedule"))
        {
            problems.Add(string.Empty, "this is a workflow file, not a schedule; keep workflow files outside the schedules folder and point a schedule's 'config' at them", top.Line);
            return new ScheduleFile(path, null, [.. problems]);
        }

        foreach (var key in top.Keys.Where(k => !KnownKeys.Contains(k, StringComparer.Ordinal)))
        {
            top.Error(key, $"unknown key; a schedule has {string.Join(", ", KnownKeys)}");
        }

        var name = ReadName(top);
        var expression = top.GetString("schedule", required: true)?.Trim();
        var schedule = expression is null ? null : ParseExpression(top, expression);
        var enabled = top.GetBool("enabled") ?? true;
        var (configPath, inline) = ReadWorkflow(top, root, text, path);

        if (problems.HasAny || name is null || expression is null || schedule is null)
        {
            return new ScheduleFile(path, null, [.. problems]);
        }

        return new ScheduleFile(path, new ScheduleDefinition(name, expression, schedule, enabled, path, configPath, inline), []);
    }

    private static string? ReadName(ConfigSection top)
    {
        var name = top.GetString("name", required: true)?.Trim();
        if (name is null)
        {
            return null;
        }

        if (name.Length > MaxNameLength || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            top.Error("name", $"'{name}' is not a valid schedule name: use 1-{MaxNameLength} letters, digits, '-' or '_' (it prefixes run ids), e.g. nightly-postgres");
            return null;
        }

        return name;
    }

    private static (string? ConfigPath, string? Inline) ReadWorkflow(ConfigSection top, YamlMappingNode root, string text, string path)
    {
        var hasConfig = top.Has("config");
        var hasWorkflow = top.Has("workflow");
        if (hasConfig == hasWorkflow)
        {
            top.Error(
                hasConfig ? "workflow" : "config",
                hasConfig
                    ? "give either 'config' (a workflow file) or 'workflow' (the workflow inline), not both"
                    : "required: give 'config' (a workflow file, relative to this schedule file) or 'workflow' (the workflow inline)");
            return (null, null);
        }

        if (hasConfig)
        {
            var config = top.GetString("config", required: true);
            if (config is null)
            {
                return (null, null);
            }

            var full = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path) ?? ".", config));
            if (!File.Exists(full))
            {
                top.Error("config", $"the workflow file '{config}' does not exist (looked for {full}); paths are relative to the schedule file");
                return (null, null);
            }

            return (full, null);
        }

        if (root.Children[new YamlScalarNode("workflow")] is not YamlMappingNode workflow)
        {
            top.Error("workflow", "must be a mapping holding the workflow (source, sink, workflowConfig)");
            return (null, null);
        }

        return (null, WorkflowText(workflow, text));
    }

    // The block's own lines, dedented, below blank lines standing in for the lines above it: problems found in the
    // workflow then name lines of the schedule file.
    private static string WorkflowText(YamlMappingNode workflow, string text)
    {
        if (workflow.Style == YamlDotNet.Core.Events.MappingStyle.Flow)
        {
            var writer = new StringWriter();
            new YamlStream(new YamlDocument(workflow)).Save(writer, assignAnchors: false);
            return writer.ToString();
        }

        var lines = text.Split('\n');
        var first = (int)workflow.Start.Line;
        // A block mapping's own end mark is its start; its last line is where its last scalar ends.
        var last = Math.Min(lines.Length, workflow.AllNodes.Max(node => node.End.Column <= 1 ? (int)node.End.Line - 1 : (int)node.End.Line));
        var indent = (int)workflow.Start.Column - 1;
        var builder = new StringBuilder();
        builder.Append('\n', first - 1);
        for (var number = first; number <= last; number++)
        {
            var line = lines[number - 1].TrimEnd('\r');
            builder.Append(line.Length >= indent && string.IsNullOrWhiteSpace(line[..indent]) ? line[indent..] : line.TrimStart()).Append('\n');
        }

        return builder.ToString();
    }

    private static NCrontab.CrontabSchedule? ParseExpression(ConfigSection top, string expression)
    {
        var schedule = ScheduleExpression.TryParse(expression, out var error);
        if (schedule is null)
        {
            top.Error("schedule", error!);
        }

        return schedule;
    }

    private static YamlMappingNode? Parse(string text, ConfigProblems problems) =>
        WorkflowYaml.Parse(text, YamlLimits.Default, problems, "name, schedule and config (or workflow)");
}
