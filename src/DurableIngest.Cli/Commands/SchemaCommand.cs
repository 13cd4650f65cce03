using System.CommandLine;
using DurableIngest.Configuration.Schema;

namespace DurableIngest.Cli.Commands;

/// <summary>
/// <c>durable-ingest schema [--output FILE]</c>: the JSON Schema of the workflow files <c>validate</c> accepts, made
/// from the option readers, for editors (the repository publishes it as <see cref="WorkflowSchema.PublishedPath"/>).
/// </summary>
internal static class SchemaCommand
{
    public static Command Create()
    {
        var output = new Option<FileInfo>("--output", "-o")
        {
            Description = "Write the schema to this file (replaced whole) instead of printing it.",
        };
        var command = new Command("schema", "Print the JSON Schema of workflow files, for editors.") { output };
        command.SetAction(parse => Run(parse.GetValue(output)));
        return command;
    }

    internal static int Run(FileInfo? output)
    {
        var text = WorkflowSchema.CreateText(CliServices.CreateConnectors());
        if (output is null)
        {
            Console.Out.Write(text);
            return ExitCodes.Success;
        }

        // Written beside the target then moved over it, so that an editor never reads half a schema.
        var temporary = Path.Combine(output.DirectoryName ?? ".", $".{output.Name}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllText(temporary, text);
            File.Move(temporary, output.FullName, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }

            Console.Error.WriteLine($"cannot write {output}: {e.Message}; check that its folder exists and is writable");
            return ExitCodes.InvalidInput;
        }

        Console.Error.WriteLine($"wrote {output}");
        return ExitCodes.Success;
    }
}
