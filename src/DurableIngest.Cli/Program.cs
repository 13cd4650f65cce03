using System.CommandLine;
using DurableIngest.Cli;
using DurableIngest.Cli.Commands;

var root = new RootCommand("durable-ingest: distributed metadata ingestion for data catalogs, from OpenMetadata workflow files.")
{
    IngestCommand.Create(),
    ResumeCommand.Create(),
    PlanCommand.Create(),
    ValidateCommand.Create(),
    StatusCommand.Create(),
    RunsCommand.Create(),
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

return await parse.InvokeAsync();
