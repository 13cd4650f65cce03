using DurableIngest.Configuration;
using DurableIngest.Connectors;
using DurableIngest.Http;
using DurableIngest.RunStore;
using DurableIngest.Scheduling;
using DurableIngest.Secrets;
using DurableIngest.Workflow;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace DurableIngest.Hosting;

/// <summary>
/// The one composition root: every host (the CLI commands, <c>serve</c>, the Functions app, the Durable Task worker)
/// and the test harnesses call it, then add only what is their own (a runtime, endpoints, triggers).
/// </summary>
public static class DurableIngestServiceCollectionExtensions
{
    /// <summary>
    /// Registers the run store, the connectors, the workflow loader, the activities and the run starter; with
    /// <see cref="DurableIngestHostOptions.Requests"/>, the HTTP request reader and the scheduled-run starter; with
    /// <see cref="DurableIngestHostOptions.SchedulesPath"/>, the schedule folder, evaluator and state. Needs logging
    /// registered; registers <see cref="TimeProvider.System"/> unless the host registered a clock.
    /// </summary>
    public static IServiceCollection AddDurableIngest(this IServiceCollection services, DurableIngestHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.AddSingleton(provider =>
        {
            var store = options.RunStore(provider);
            return options.RunStoreResilience is { } resilience
                ? ResilientRunStore.Wrap(
                    store, resilience, provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILoggerFactory>().CreateLogger<ResilientRunStore>())
                : store;
        });
        services.AddSingleton<SecretVault>();
        services.AddSingleton(_ => options.Connectors ?? BuiltInConnectors.Create(options.RelativePaths));
        services.AddSingleton(provider => new WorkflowConfigLoader(provider.GetRequiredService<ConnectorRegistry>()));
        services.AddSingleton(provider => new RunConfigProvider(
            provider.GetRequiredService<IRunStore>(), provider.GetRequiredService<ConnectorRegistry>(), provider.GetRequiredService<SecretVault>(), options.Environment));
        services.AddSingleton(provider => new IngestionActivities(
            provider.GetRequiredService<IRunStore>(),
            provider.GetRequiredService<RunConfigProvider>(),
            provider.GetRequiredService<ConnectorRegistry>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton(provider => new RunStarter(
            provider.GetRequiredService<IRunStore>(), provider.GetRequiredService<SecretVault>(), provider.GetRequiredService<TimeProvider>())
        {
            DefaultParallelism = options.DefaultParallelism,
            HostId = options.HostId,
        });

        services.AddSingleton(provider => new ConnectionTester(
            provider.GetRequiredService<ConnectorRegistry>(), provider.GetRequiredService<ILoggerFactory>(), provider.GetRequiredService<TimeProvider>()));
        if (options.Requests is { } requests)
        {
            services.AddSingleton(provider => new ConnectionTestApi(
                provider.GetRequiredService<IngestRequestReader>(), provider.GetRequiredService<ConnectionTester>(), options.Environment ?? Environment.GetEnvironmentVariable));
            // Hosts with a front door restart and resume (or scale out): a literal secret held in one process's memory
            // would not outlive it, so workflows that reach them carry ${VAR} references only.
            services.AddSingleton(provider => new IngestRequestReader(provider.GetRequiredService<WorkflowConfigLoader>(), requests));
            services.AddSingleton(provider => new ScheduledRunStarter(
                provider.GetRequiredService<RunStarter>(), provider.GetRequiredService<WorkflowConfigLoader>(), refuseLiteralSecrets: requests.RefuseLiteralSecrets));
        }

        if (options.SchedulesPath is { } schedules)
        {
            services.AddSingleton(provider => new ScheduleFolder(
                Path.GetFullPath(schedules), new ScheduleLoader(), provider.GetRequiredService<ILoggerFactory>().CreateLogger<ScheduleFolder>()));
            services.AddSingleton(provider => new ScheduleEvaluator(
                provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILoggerFactory>().CreateLogger<ScheduleEvaluator>()));
            services.AddSingleton(provider => new ScheduleStateStore(provider.GetRequiredService<IRunStore>()));
        }

        return services;
    }
}
