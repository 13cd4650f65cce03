using DurableIngest.Configuration;
using DurableIngest.Connectors;
using DurableIngest.Functions;
using DurableIngest.Http;
using DurableIngest.RunStore;
using DurableIngest.Scheduling;
using DurableIngest.Secrets;
using DurableIngest.Workflow;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();

// Invalid app settings stop the host at start-up with every problem listed, not at the first request.
var settings = FunctionsSettings.Read(Environment.GetEnvironmentVariable);
var services = builder.Services;
services.AddSingleton(settings);
services.AddSingleton(TimeProvider.System);
services.AddSingleton(_ => RunStoreConnection.Create(settings));
services.AddSingleton<SecretVault>();
services.AddSingleton(_ => BuiltInConnectors.Create());
services.AddSingleton(sp => new WorkflowConfigLoader(sp.GetRequiredService<ConnectorRegistry>()));
services.AddSingleton(sp => new RunConfigProvider(
    sp.GetRequiredService<IRunStore>(), sp.GetRequiredService<ConnectorRegistry>(), sp.GetRequiredService<SecretVault>()));
services.AddSingleton(sp => new IngestionActivities(
    sp.GetRequiredService<IRunStore>(),
    sp.GetRequiredService<RunConfigProvider>(),
    sp.GetRequiredService<ConnectorRegistry>(),
    sp.GetRequiredService<TimeProvider>(),
    sp.GetRequiredService<ILoggerFactory>()));
services.AddSingleton(sp => new RunStarter(sp.GetRequiredService<IRunStore>(), sp.GetRequiredService<SecretVault>(), sp.GetRequiredService<TimeProvider>()));

// A Function App restarts and scales out: literal secrets would live in one instance's memory only, so both front
// doors refuse them and accept ${VAR} references (app settings, Key Vault references) instead.
services.AddSingleton(sp => new IngestRequestReader(
    sp.GetRequiredService<WorkflowConfigLoader>(), new IngestRequestOptions { MaxBytes = settings.MaxRequestBytes, RefuseLiteralSecrets = true }));
services.AddSingleton(sp => new ScheduledRunStarter(sp.GetRequiredService<RunStarter>(), sp.GetRequiredService<WorkflowConfigLoader>(), refuseLiteralSecrets: true));
services.AddSingleton(sp => new ScheduleFolder(
    settings.SchedulesPath, new ScheduleLoader(), sp.GetRequiredService<ILoggerFactory>().CreateLogger<ScheduleFolder>()));
services.AddSingleton(sp => new ScheduleEvaluator(
    sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>().CreateLogger<ScheduleEvaluator>()));
services.AddSingleton(sp => new ScheduleStateStore(sp.GetRequiredService<IRunStore>()));

builder.Build().Run();
