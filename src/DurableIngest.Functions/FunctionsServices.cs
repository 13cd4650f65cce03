using DurableIngest.Hosting;
using DurableIngest.Http;
using Microsoft.Extensions.DependencyInjection;

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
        // A Function App restarts and scales out: literal secrets would live in one instance's memory only, so both front
        // doors (HTTP and schedules) refuse them and accept ${VAR} references (app settings, Key Vault references) instead.
        services.AddDurableIngest(new DurableIngestHostOptions
        {
            RunStore = _ => RunStoreConnection.Create(settings),
            RunStoreResilience = settings.RunStoreResilience,
            RelativePaths = settings.RelativePaths,
            DefaultParallelism = settings.DefaultParallelism,
            Requests = new IngestRequestOptions { MaxBytes = settings.MaxRequestBytes, ReadTimeout = settings.RequestTimeout, RefuseLiteralSecrets = true },
            SchedulesPath = settings.SchedulesPath,
        });
        return services;
    }
}
