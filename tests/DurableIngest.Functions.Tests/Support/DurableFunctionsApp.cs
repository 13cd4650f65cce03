using System.Collections.Concurrent;
using DurableIngest.Functions;
using DurableIngest.Functions.Activities;
using DurableIngest.Functions.Orchestration;
using DurableIngest.RunStore;
using DurableIngest.Testing;
using DurableIngest.Workflow;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace DurableIngest.Functions.Tests.Support;

/// <summary>
/// The Functions app's own orchestrator function and activity classes, composed by its own composition root, on the
/// Durable Task engine (<see cref="DurableTaskTestHost"/>: the durabletask-dotnet worker and client over gRPC to an
/// in-memory backend). Every activity call's input, output and failure is recorded as the engine sees it, because the
/// in-memory backend keeps no history to read back.
/// </summary>
internal sealed class DurableFunctionsApp : IAsyncDisposable
{
    private readonly DurableTaskTestHost _host;
    private readonly ServiceProvider _services;

    private DurableFunctionsApp(DurableTaskTestHost host, ServiceProvider services, ConcurrentQueue<RecordedActivity> activities)
    {
        _host = host;
        _services = services;
        Activities = activities;
    }

    public DurableTaskClient Client => _host.Client;

    public IServiceProvider Services => _services;

    public IRunStore Store => _services.GetRequiredService<IRunStore>();

    /// <summary>Every activity invocation, in completion order.</summary>
    public ConcurrentQueue<RecordedActivity> Activities { get; }

    /// <summary>
    /// Starts the app with <paramref name="settings"/>; <paramref name="configure"/> may replace services (a run store,
    /// a connector registry with a fault-injecting source) the way a test host would. <paramref name="orchestrator"/>
    /// stands in for the app's orchestrator function only where a test simulates a changed deployment.
    /// </summary>
    public static async Task<DurableFunctionsApp> StartAsync(
        FunctionsSettings settings,
        Action<IServiceCollection>? configure = null,
        Func<TaskOrchestrationContext, Task<RunResult>>? orchestrator = null)
    {
        orchestrator ??= IngestionOrchestrator.RunAsync;
        var collection = new ServiceCollection().AddLogging();
        collection.AddDurableIngestFunctions(settings);
        configure?.Invoke(collection);
        var services = collection.BuildServiceProvider();
        var functions = ActivatorUtilities.CreateInstance<IngestionActivityFunctions>(services);
        var recorded = new ConcurrentQueue<RecordedActivity>();
        var host = await StartEngineAsync(registry =>
        {
            registry.AddOrchestratorFunc<IngestionRequest, RunResult>(ActivityNames.Orchestration, (context, _) => orchestrator(context));
            registry.AddActivityFunc<DiscoverInput, DiscoveryOutcome>(
                ActivityNames.Discover, (context, input) => Record(recorded, context, input, () => functions.DiscoverEntitiesAsync(input, CancellationToken.None)));
            registry.AddActivityFunc<ChunkInput, ChunkOutcome>(
                ActivityNames.ProcessChunk, (context, input) => Record(recorded, context, input, () => functions.ProcessChunkAsync(input, CancellationToken.None)));
            registry.AddActivityFunc<CompleteInput, RunResult>(
                ActivityNames.Complete, (context, input) => Record(recorded, context, input, () => functions.CompleteRunAsync(input, CancellationToken.None)));
        });
        return new DurableFunctionsApp(host, services, recorded);
    }

    // The test host picks a random port between 30000 and 40000 unless given one, and test servers beside it take
    // ports from the same range: it failed with "address already in use". Given a port the OS reports free, and given
    // another in the rare case something takes it between the check and the bind.
    private static async Task<DurableTaskTestHost> StartEngineAsync(Action<DurableTaskRegistry> register)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await DurableTaskTestHost.StartAsync(register, new DurableTaskTestHostOptions { Port = LoopbackPort.Free() });
            }
            catch (IOException e) when (attempt < 5 && e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
            {
                // Taken in between: another port.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        await _services.GetRequiredService<IngestionActivities>().DisposeAsync();
        await _services.DisposeAsync();
    }

    private static async Task<TOutput> Record<TInput, TOutput>(
        ConcurrentQueue<RecordedActivity> recorded, TaskActivityContext context, TInput input, Func<Task<TOutput>> activity)
    {
        try
        {
            var output = await activity();
            recorded.Enqueue(new RecordedActivity(context.Name, context.InstanceId, input, output, null));
            return output;
        }
        catch (Exception e)
        {
            recorded.Enqueue(new RecordedActivity(context.Name, context.InstanceId, input, null, e));
            throw;
        }
    }
}
