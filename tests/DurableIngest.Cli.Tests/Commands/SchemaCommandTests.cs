using DurableIngest.Cli.Commands;
using DurableIngest.Configuration.Schema;
using DurableIngest.Testing;

namespace DurableIngest.Cli.Tests.Commands;

/// <summary><c>durable-ingest schema</c>: printed through the real CLI, written to a file in process.</summary>
public sealed class SchemaCommandTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("di-schema-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task Schema_WithoutOutput_PrintsThePublishedSchemaAndNothingElse()
    {
        var result = await CliProcess.RunAsync(_work, "schema");

        Assert.True(result.ExitCode == ExitCodes.Success, $"exit {result.ExitCode}\n{result.Error}");
        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(CliProcess.RepositoryRoot, WorkflowSchema.PublishedPath)), result.Output);
        Assert.Empty(result.Error);
    }

    [Fact]
    public async Task Schema_Output_ReplacesTheFileWholeAndLeavesNoTemporaryFile()
    {
        var path = Path.Combine(_work, "workflow.schema.json");
        await File.WriteAllTextAsync(path, "stale");

        var result = await CliProcess.RunAsync(_work, "schema", "--output", "workflow.schema.json");

        Assert.True(result.ExitCode == ExitCodes.Success, $"exit {result.ExitCode}\n{result.Error}");
        Assert.Equal(WorkflowSchema.CreateText(CliServices.CreateConnectors()), await File.ReadAllTextAsync(path));
        Assert.Equal(["workflow.schema.json"], Directory.GetFiles(_work).Select(Path.GetFileName));
        Assert.Empty(result.Output);
    }

    [Fact]
    public void Run_OutputInAFolderThatDoesNotExist_ExitsInvalidInputWritingNothing()
    {
        var exitCode = SchemaCommand.Run(new FileInfo(Path.Combine(_work, "no-such-folder", "workflow.schema.json")));

        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        Assert.Empty(Directory.GetFileSystemEntries(_work));
    }
}
