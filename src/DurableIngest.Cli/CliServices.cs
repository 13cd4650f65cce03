using DurableIngest.Cli.Runtime;
using DurableIngest.Configuration;
using DurableIngest.Connectors;
using DurableIngest.RunStore;
using DurableIngest.Secrets;
using DurableIngest.Workflow;
using Microsoft.Extensions.Logging;

namespace DurableIngest.Cli;

/// <summary>Composes what a command needs around one run store: the loader, the activities and the local runtime.</summary>
internal sealed class CliServices : IAsyncDisposable
{
    private CliServices(IRunStore store, ILoggerFactory loggerFactory, TimeProvider time)
    {
        Store = store;
        LoggerFactory = loggerFactory;
        Time = time;
        Vault = new SecretVault();
        Connectors = BuiltInConnectors.Create();
        Starter = new RunStarter(store, Vault, time);
        Activities = new IngestionActivities(store, new RunConfigProvider(store, Connectors, Vault), Connectors, time, loggerFactory);
        Runtime = new LocalRuntime(store, new LocalActivityDispatcher(Activities), time, loggerFactory);
    }

    public IRunStore Store { get; }

    public ILoggerFactory LoggerFactory { get; }

    public TimeProvider Time { get; }

    public SecretVault Vault { get; }

    public ConnectorRegistry Connectors { get; }

    public RunStarter Starter { get; }

    public IngestionActivities Activities { get; }

    public LocalRuntime Runtime { get; }

    public static WorkflowConfigLoader CreateLoader() => new(BuiltInConnectors.Create());

    public static CliServices Create(IRunStore store, LogLevel level, TimeProvider? time = null) =>
        new(store, CreateLoggerFactory(level), time ?? TimeProvider.System);

    public static ILoggerFactory CreateLoggerFactory(LogLevel level) =>
        Microsoft.Extensions.Logging.LoggerFactory.Create(builder => builder
            .SetMinimumLevel(level)
            .AddFilter("Microsoft", LogLevel.Warning)
            .AddFilter("System", LogLevel.Warning)
            .AddSimpleConsole(options =>
            {
                options.SingleLine = true;
                options.TimestampFormat = "HH:mm:ss ";
            })
            .AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace));

    public static LogLevel ToLogLevel(string loggerLevel) => loggerLevel switch
    {
        "DEBUG" => LogLevel.Debug,
        "WARN" or "WARNING" => LogLevel.Warning,
        "ERROR" => LogLevel.Error,
        "CRITICAL" => LogLevel.Critical,
        _ => LogLevel.Information,
    };

    public async ValueTask DisposeAsync()
    {
        await Activities.DisposeAsync();
        LoggerFactory.Dispose();
    }
}
