using System.CommandLine;
using DurableIngest.Cli;
using DurableIngest.Cli.Commands;
using DurableIngest.Cli.Output;
using DurableIngest.Telemetry;
using Spectre.Console;

// Redirected output (CI logs, pipes, files) gets plain text: no colour codes, no hyperlinks.
if (Console.IsOutputRedirected)
{
    AnsiConsole.Console.Profile.Capabilities.Ansi = false;
    AnsiConsole.Console.Profile.Capabilities.Links = false;
    AnsiConsole.Console.Profile.Capabilities.ColorSystem = ColorSystem.NoColors;
}

var root = new RootCommand("durable-ingest: distributed metadata ingestion for data catalogs, from OpenMetadata workflow files.")
{
    IngestCommand.Create(),
    ResumeCommand.Create(),
    PlanCommand.Create(),
    ValidateCommand.Create(),
    SchemaCommand.Create(),
    TestConnectionCommand.Create(),
    BenchCommand.Create(),
    StatusCommand.Create(),
    TerminateCommand.Create(),
    TerminateCommand.CreatePurge(),
    RunsCommand.Create(),
    ServeCommand.Create(),
    WorkerCommand.Create(),
};

var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    foreach (var error in parse.Errors)
    {
        Console.Error.WriteLine(error.Message);
    }

    Console.Error.WriteLine("Run 'durable-ingest --help' for usage.");
    return ExitCodes.InvalidInput;
}

// serve and worker stop gracefully on Ctrl+C / SIGTERM (its runs are marked resumable): give it the time that takes.
var invocation = new InvocationConfiguration();
if (parse.CommandResult.Command.Name == "serve")
{
    invocation.ProcessTerminationTimeout = ServeCommand.TerminationGrace;
}
else if (parse.CommandResult.Command.Name == "worker")
{
    invocation.ProcessTerminationTimeout = WorkerCommand.TerminationGrace;
}

// Traces and metrics go to an OTLP endpoint when OTEL_EXPORTER_OTLP_ENDPOINT names one; disposing flushes them.
int exitCode;
using (TelemetryExport.StartOtlp(Environment.GetEnvironmentVariable, "durable-ingest"))
{
    exitCode = await parse.InvokeAsync(invocation);
}

if (RuntimeDiagnostics.Enabled)
{
    RuntimeDiagnostics.Print(Console.Error);
}

return exitCode;
