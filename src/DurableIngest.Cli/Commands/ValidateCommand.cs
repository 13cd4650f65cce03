using System.CommandLine;
using System.Globalization;
using DurableIngest.Configuration;

namespace DurableIngest.Cli.Commands;

/// <summary><c>durable-ingest validate -c FILE</c>: configuration checks only; connects to nothing, writes nothing.</summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var config = CommonOptions.Config();
        var command = new Command("validate", "Check a workflow file without connecting to anything.") { config };
        command.SetAction(parse => Run(parse.GetValue(config)!));
        return command;
    }

    private static int Run(FileInfo file)
    {
        WorkflowConfig workflow;
        try
        {
            workflow = CliServices.CreateLoader().LoadFile(file.FullName);
        }
        catch (ConfigException e)
        {
            return ConfigErrors.Report(e, file.ToString());
        }

        var distributed = workflow.Workflow.Distributed;
        var retry = distributed.RetryPolicy;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{file}: valid"));
        Console.WriteLine($"  source:   {workflow.Source.Type} (service '{workflow.Source.ServiceName}')");
        Console.WriteLine($"  sink:     {workflow.Sink.Type}");
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"  workflow: parallelism {distributed.EffectiveParallelism(DistributedExecutionOptions.LocalDefaultParallelism)}{(distributed.Enabled ? string.Empty : " (distributedExecution disabled)")}, chunk size {distributed.ChunkSize}, success threshold {distributed.SuccessThreshold} %"));
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"  retries:  {retry.MaxAttempts} attempts, {retry.BackoffSeconds} s × {retry.BackoffFactor} up to {retry.MaxBackoffSeconds} s, within {distributed.TimeoutSeconds} s"));
        Console.WriteLine($"  runs:     {distributed.RunStore.Type} run store{(distributed.RunStore.Type == RunStoreOptions.LocalType ? " at " + distributed.RunStore.Path : string.Empty)}");
        return ExitCodes.Success;
    }
}
