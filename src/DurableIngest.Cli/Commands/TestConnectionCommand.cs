using System.CommandLine;
using DurableIngest.Configuration;
using DurableIngest.Connectors;
using DurableIngest.Secrets;
using Microsoft.Extensions.Logging;

namespace DurableIngest.Cli.Commands;

/// <summary>
/// <c>durable-ingest test-connection -c FILE</c>: connects to the source and the sink and runs the cheapest checks that
/// prove what a run needs (<see cref="ConnectionTester"/>); one line per step. Exit 0 when every step passed, 1 when one
/// failed, 2 for a bad workflow file. Writes nothing.
/// </summary>
internal static class TestConnectionCommand
{
    public static Command Create()
    {
        var config = CommonOptions.Config();
        var command = new Command("test-connection", "Connect to the source and the sink and check the permissions a run needs; writes nothing.") { config };
        command.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(config)!, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(FileInfo file, CancellationToken cancellationToken)
    {
        var connectors = CliServices.CreateConnectors();
        WorkflowConfig workflow;
        try
        {
            workflow = new WorkflowConfigLoader(connectors).LoadFile(file.FullName);
        }
        catch (ConfigException e)
        {
            return ConfigErrors.Report(e, file.ToString());
        }

        using var loggerFactory = CliServices.CreateLoggerFactory(LogLevel.Warning);
        var redactor = SecretRedactor.FromConfigText(workflow.RawText, Environment.GetEnvironmentVariable);
        var steps = await new ConnectionTester(connectors, loggerFactory, TimeProvider.System).TestAsync(workflow, redactor, cancellationToken);
        foreach (var step in steps)
        {
            var mark = step.Outcome switch
            {
                ConnectionStepOutcome.Passed => "✓",
                ConnectionStepOutcome.Failed => "✗",
                _ => "-",
            };
            Console.WriteLine($"{mark} {step.Name}: {step.Detail}");
        }

        var failed = steps.Count(s => s.Outcome == ConnectionStepOutcome.Failed);
        Console.WriteLine(failed == 0 ? "All steps passed." : $"{failed} of {steps.Count} steps failed.");
        return failed == 0 ? ExitCodes.Success : ExitCodes.RunFailed;
    }
}
