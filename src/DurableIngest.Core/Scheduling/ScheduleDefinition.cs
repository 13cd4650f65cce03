using DurableIngest.Configuration;
using NCrontab;

namespace DurableIngest.Scheduling;

/// <summary>
/// One schedule file, validated: a name, a 6-field NCRONTAB expression (UTC) and the workflow to run, either a workflow
/// file (<see cref="ConfigPath"/>) or a workflow written inline (<see cref="InlineWorkflow"/>).
/// </summary>
public sealed class ScheduleDefinition
{
    // A day, a month and a year hold at most this many minutes of occurrences; windows grow until one holds an occurrence.
    private static readonly TimeSpan[] SearchWindows =
    [
        TimeSpan.FromHours(1), TimeSpan.FromDays(1), TimeSpan.FromDays(32), TimeSpan.FromDays(367),
        TimeSpan.FromDays(366 * 50), TimeSpan.FromDays(366 * 400),
    ];

    private readonly CrontabSchedule _schedule;

    internal ScheduleDefinition(string name, string expression, CrontabSchedule schedule, bool enabled, string sourceFile, string? configPath, string? inlineWorkflow)
    {
        Name = name;
        Expression = expression;
        _schedule = schedule;
        Enabled = enabled;
        SourceFile = sourceFile;
        ConfigPath = configPath;
        InlineWorkflow = inlineWorkflow;
    }

    /// <summary>Letters, digits, '-' and '_'; the prefix of every run id this schedule starts.</summary>
    public string Name { get; }

    /// <summary>The NCRONTAB expression as written, seconds first, evaluated in UTC.</summary>
    public string Expression { get; }

    public bool Enabled { get; }

    /// <summary>The schedule file's full path.</summary>
    public string SourceFile { get; }

    /// <summary>The workflow file's full path, when the schedule names one with <c>config</c>.</summary>
    public string? ConfigPath { get; }

    /// <summary>
    /// The <c>workflow</c> mapping's text, when the schedule holds its workflow inline. Blank lines stand in for the
    /// schedule file's lines above it, so problems found in it name the line of the schedule file.
    /// </summary>
    public string? InlineWorkflow { get; }

    /// <summary>Where the workflow comes from, for messages.</summary>
    public string WorkflowSource => ConfigPath ?? $"{SourceFile} (workflow)";

    /// <summary>The latest occurrence after <paramref name="afterExclusive"/> and at or before <paramref name="untilInclusive"/>.</summary>
    public DateTime? LatestOccurrence(DateTime afterExclusive, DateTime untilInclusive)
    {
        if (untilInclusive <= afterExclusive)
        {
            return null;
        }

        foreach (var window in SearchWindows)
        {
            var from = untilInclusive - afterExclusive <= window ? afterExclusive : untilInclusive - window;
            DateTime? latest = null;
            foreach (var occurrence in _schedule.GetNextOccurrences(from, untilInclusive.AddTicks(1)))
            {
                latest = occurrence;
            }

            if (latest is not null || from == afterExclusive)
            {
                return latest;
            }
        }

        return null;
    }

    /// <summary>Occurrences after <paramref name="afterExclusive"/> and before <paramref name="beforeExclusive"/>, counted up to <paramref name="limit"/>.</summary>
    public int CountOccurrences(DateTime afterExclusive, DateTime beforeExclusive, int limit) =>
        beforeExclusive <= afterExclusive ? 0 : _schedule.GetNextOccurrences(afterExclusive, beforeExclusive).Take(limit).Count();

    /// <summary>The next occurrence after <paramref name="afterExclusive"/>.</summary>
    public DateTime NextOccurrence(DateTime afterExclusive) => _schedule.GetNextOccurrence(afterExclusive);

    /// <summary>The workflow's text: the workflow file read now, or the inline workflow.</summary>
    public Task<string> ReadWorkflowTextAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (InlineWorkflow is { } inline)
        {
            return Task.FromResult(inline);
        }

        // A workflow file is a few kilobytes, read whole within the limits: nothing to gain from asynchronous reads.
        if (!File.Exists(ConfigPath))
        {
            throw new ConfigException(SourceFile, [new ConfigProblem("config", $"the workflow file '{ConfigPath}' no longer exists")]);
        }

        var problems = new ConfigProblems();
        var text = WorkflowYaml.ReadFile(ConfigPath!, YamlLimits.Default, problems);
        problems.ThrowIfAny(ConfigPath!);
        return Task.FromResult(text!);
    }
}
