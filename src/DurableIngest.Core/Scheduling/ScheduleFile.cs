using DurableIngest.Configuration;

namespace DurableIngest.Scheduling;

/// <summary>One file of a schedules folder: its schedule when valid, otherwise every problem found in it.</summary>
public sealed record ScheduleFile(string Path, ScheduleDefinition? Definition, IReadOnlyList<ConfigProblem> Problems)
{
    public bool IsValid => Definition is not null;

    /// <summary>One line per problem, <c>file:line:column: path: message</c>, for logs.</summary>
    public IEnumerable<string> DescribeProblems() =>
        Problems.Select(p =>
        {
            var where = p.Line > 0 ? $"{Path}:{p.Line}:{p.Column}" : Path;
            return string.IsNullOrEmpty(p.Path) ? $"{where}: {p.Message}" : $"{where}: {p.Path}: {p.Message}";
        });
}
