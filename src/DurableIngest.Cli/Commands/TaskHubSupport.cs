namespace DurableIngest.Cli.Commands;

/// <summary>
/// Whether this build can work on task hubs. The JIT build can; the Native AOT build (the default install) leaves out
/// the Durable Task Framework, which is built on reflection and Newtonsoft.Json and cannot be AOT-compiled, so
/// <c>worker</c>, <c>terminate</c>, <c>purge</c> and every <c>--task-hub</c> option refuse with the JIT build's command.
/// </summary>
internal static class TaskHubSupport
{
#if TASK_HUB
    public const bool Available = true;
#else
    public const bool Available = false;
#endif

    /// <summary>The one command that installs the JIT build beside the default (Native AOT) one (README, "Install").</summary>
    public const string JitBuildCommand = "dotnet publish src/DurableIngest.Cli -p:PublishProfile=Precompiled -r linux-x64 -o ~/.local/durable-ingest-jit";

    /// <summary>Says that <paramref name="what"/> needs the JIT build; exit code 2 for the caller.</summary>
    public static int ReportUnavailable(string what)
    {
        Console.Error.WriteLine(
            $"{what}: task hubs are not in this Native AOT build of durable-ingest (the Durable Task Framework cannot be AOT-compiled). " +
            $"Use the JIT build, installed with: {JitBuildCommand}");
        return ExitCodes.InvalidInput;
    }
}
