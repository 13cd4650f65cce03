using System.Text.Json;
using DurableIngest.Configuration;
using DurableIngest.Connectors;
using DurableIngest.Http;
using DurableIngest.RunStore;
using DurableIngest.Storage.Blob;
using DurableIngest.Testing;
using DurableIngest.Workflow;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace DurableIngest.Functions.Tests.Support;

/// <summary>
/// The Functions app on the Durable Task engine, its run store a fresh container on the shared Azurite server, as
/// the app is configured in Azure (blob run store, <c>${VAR}</c> secrets).
/// </summary>
internal sealed class DurableRuntimeUnderTest : IRuntimeUnderTest
{
    private DurableRuntimeUnderTest(DurableFunctionsApp app) => App = app;

    public string Name => Runtimes.DurableFunctions;

    public DurableFunctionsApp App { get; }

    public IRunStore Store => App.Store;

    /// <param name="connectors">Replaces the app's own connectors (built from its settings) when given.</param>
    public static async Task<DurableRuntimeUnderTest> StartAsync(
        ConnectorRegistry? connectors,
        Func<TaskOrchestrationContext, Task<RunResult>>? orchestrator = null,
        string? schedulesPath = null,
        TimeProvider? time = null,
        TimeSpan? requestTimeout = null)
    {
        var settings = new FunctionsSettings
        {
            RunStoreAccount = BlobAccount.FromConnectionString(AzuriteServer.Shared.ConnectionString),
            RunStoreContainer = AzuriteServer.NewContainerName("fn"),
            SchedulesPath = schedulesPath ?? Path.Combine(Path.GetTempPath(), "di-no-schedules"),
            // The tests' catalogs and databases live in temp folders.
            RequestTimeout = requestTimeout ?? new IngestRequestOptions().ReadTimeout,
            RelativePaths = new RelativePathBase(Path.GetTempPath(), "the tests' temp folder", "write under the temp folder") { Confined = true },
        };
        var app = await DurableFunctionsApp.StartAsync(
            settings,
            services =>
            {
                if (connectors is not null)
                {
                    services.AddSingleton(connectors);
                }

                if (time is not null)
                {
                    services.AddSingleton(time);
                }
            },
            orchestrator);
        return new DurableRuntimeUnderTest(app);
    }

    public async Task<FinishedRun> RunAsync(string workflowYaml, string runId, CancellationToken cancellationToken = default)
    {
        await StartAsync(workflowYaml, runId, cancellationToken);
        return await WaitAsync(runId, cancellationToken);
    }

    /// <summary>Stores the run and schedules its orchestration, as the app's front doors do; returns the orchestration's input.</summary>
    public async Task<IngestionRequest> StartAsync(string workflowYaml, string runId, CancellationToken cancellationToken = default)
    {
        var config = App.Services.GetRequiredService<WorkflowConfigLoader>().Load(workflowYaml, "workflow.yaml");
        var manifest = await App.Services.GetRequiredService<RunStarter>().CreateAsync(runId, config, null, null, cancellationToken);
        await App.Client.ScheduleNewOrchestrationInstanceAsync(
            ActivityNames.Orchestration, manifest.Request, new StartOrchestrationOptions { InstanceId = runId }, cancellationToken);
        return manifest.Request;
    }

    public async Task<FinishedRun> WaitAsync(string runId, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(5));
        var instance = await App.Client.WaitForInstanceCompletionAsync(runId, getInputsAndOutputs: true, timeout.Token);
        var result = instance.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? instance.ReadOutputAs<RunResult>() : null;
        var error = instance.FailureDetails is { } failure ? $"{failure.ErrorType}: {failure.ErrorMessage}" : null;
        return new FinishedRun(runId, instance.RuntimeStatus.ToString(), result, error, Payloads(instance, runId));
    }

    public ValueTask DisposeAsync() => App.DisposeAsync();

    // What a Durable backend keeps about the run: the instance's input, output, custom status and failure, and every
    // activity's input, output and failure (with inner failures and stack traces) as history events hold them.
    private List<string> Payloads(OrchestrationMetadata instance, string runId)
    {
        var payloads = new List<string> { instance.SerializedInput ?? string.Empty, instance.SerializedOutput ?? string.Empty, instance.SerializedCustomStatus ?? string.Empty };
        for (var failure = instance.FailureDetails; failure is not null; failure = failure.InnerFailure)
        {
            payloads.Add($"{failure.ErrorType}: {failure.ErrorMessage}\n{failure.StackTrace}");
        }

        foreach (var activity in App.Activities.Where(a => a.InstanceId == runId))
        {
            payloads.Add(JsonSerializer.Serialize(activity.Input));
            payloads.Add(activity.Output is null ? string.Empty : JsonSerializer.Serialize(activity.Output));
            for (var failure = activity.Failure is null ? null : TaskFailureDetails.FromException(activity.Failure); failure is not null; failure = failure.InnerFailure)
            {
                payloads.Add($"{failure.ErrorType}: {failure.ErrorMessage}\n{failure.StackTrace}");
            }
        }

        return payloads;
    }
}
