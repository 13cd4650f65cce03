using DurableIngest.Configuration;
using DurableIngest.Connectors;
using DurableIngest.Http;
using DurableIngest.RunStore;
using DurableIngest.Scheduling;
using DurableIngest.Secrets;
using DurableIngest.Workflow;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DurableIngest.Functions;

/// <summary>
/// The Functions app's composition root: what its functions need, built from validated app settings. Program.cs calls
/// it, and so do the tests that run the app's own functions on the Durable Task engine.
/// </summary>
public static class FunctionsServices
{
    public static IServiceCollection AddDurableIngestFunctions(this IServiceCollection services, FunctionsSettings settings)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(settings);
        services.AddSingleton(settings);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => ResilientRunStore.Wrap(
            RunStoreConnection.Create(settings),
            settings.RunStoreResilience,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger<ResilientRunStore>()));
        services.AddSingleton<SecretVault>();
        services.AddSingleton(_ => BuiltInConnectors.Create(settings.RelativePaths));
        services.AddSingleton(sp => new WorkflowConfigLoader(sp.GetRequiredService<ConnectorRegistry>()));
        services.AddSingleton(sp => new RunConfigProvider(
            sp.GetRequiredService<IRunStore>(), sp.GetRequiredService<ConnectorRegistry>(), sp.GetRequiredService<SecretVault>()));
        services.AddSingleton(sp => new IngestionActivities(
            sp.GetRequiredService<IRunStore>(),
            sp.GetRequiredService<RunConfigProvider>(),
            sp.GetRequiredService<ConnectorRegistry>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton(sp => new RunStarter(sp.GetRequiredService<IRunStore>(), sp.GetRequiredService<SecretVault>(), sp.GetRequiredService<TimeProvider>())
        {
            DefaultParallelism = settings.DefaultParallelism,
        });

        // A Function App restarts and scales out: literal secrets would live in one instance's memory only, so both front
        // doors refuse them and accept ${VAR} references (app settings, Key Vault references) instead.
        services.AddSingleton(sp => new IngestRequestReader(
            sp.GetRequiredService<WorkflowConfigLoader>(), new IngestRequestOptions { MaxBytes = settings.MaxRequestBytes, ReadTimeout = settings.RequestTimeout, RefuseLiteralSecrets = true }));
        services.AddSingleton(sp => new ScheduledRunStarter(sp.GetRequiredService<RunStarter>(), sp.GetRequiredService<WorkflowConfigLoader>(), refuseLiteralSecrets: true));
        services.AddSingleton(sp => new ScheduleFolder(
            settings.SchedulesPath, new ScheduleLoader(), sp.GetRequiredService<ILoggerFactory>().CreateLogger<ScheduleFolder>()));
        services.AddSingleton(sp => new ScheduleEvaluator(
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>().CreateLogger<ScheduleEvaluator>()));
        services.AddSingleton(sp => new ScheduleStateStore(sp.GetRequiredService<IRunStore>()));
        return services;
    }
}
