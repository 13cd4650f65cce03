using DurableIngest.Configuration;
using Spectre.Console;

namespace DurableIngest.Cli.Commands;

/// <summary>Prints configuration problems, one line each, naming the file, the YAML path and the line.</summary>
internal static class ConfigErrors
{
    public static int Report(ConfigException error, string? file = null)
    {
        ArgumentNullException.ThrowIfNull(error);
        var where = file ?? error.Source ?? "configuration";
        Console.Error.WriteLine($"{where}: {error.Problems.Count} problem{(error.Problems.Count == 1 ? string.Empty : "s")}:");
        foreach (var problem in error.Problems)
        {
            Console.Error.WriteLine(problem.Line > 0 ? $"  {where}:{problem.Line}:{problem.Column}: {Describe(problem)}" : $"  {where}: {Describe(problem)}");
        }

        return ExitCodes.InvalidInput;
    }

    private static string Describe(ConfigProblem problem) =>
        string.IsNullOrEmpty(problem.Path) ? problem.Message : $"{problem.Path}: {problem.Message}";

    public static string Escape(string text) => Markup.Escape(text);
}
