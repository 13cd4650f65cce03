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
    private readonly bool _ownsLoggerFactory;

    private CliServices(IRunStore store, ILoggerFactory loggerFactory, bool ownsLoggerFactory, TimeProvider time, ConnectorRegistry connectors, string? hostId)
    {
        // Everything below, activities and the runtime's own journal, status and lease writes alike, waits out an outage of the store.
        store = ResilientRunStore.Wrap(
            store, RunStoreResilienceOptions.FromSettings(Environment.GetEnvironmentVariable), time, loggerFactory.CreateLogger<ResilientRunStore>());
        Store = store;
        LoggerFactory = loggerFactory;
        _ownsLoggerFactory = ownsLoggerFactory;
        Time = time;
        Vault = new SecretVault();
        Connectors = connectors;
        Starter = new RunStarter(store, Vault, time) { HostId = hostId };
        Activities = new IngestionActivities(store, new RunConfigProvider(store, Connectors, Vault), Connectors, time, loggerFactory);
        Runtime = new LocalRuntime(store, new LocalActivityDispatcher(Activities), time, loggerFactory);
    }

    /// <summary>The run store behind <see cref="ResilientRunStore"/> (<see cref="RunStoreResilienceOptions.OutageBudgetSetting"/> sets its budget).</summary>
    public IRunStore Store { get; }

    public ILoggerFactory LoggerFactory { get; }

    public TimeProvider Time { get; }

    public SecretVault Vault { get; }

    public ConnectorRegistry Connectors { get; }

    public RunStarter Starter { get; }

    public IngestionActivities Activities { get; }

    public LocalRuntime Runtime { get; }

    /// <summary>
    /// The connectors of a command: relative paths in a workflow resolve against the current directory, as
    /// OpenMetadata's <c>metadata ingest -c FILE</c> resolves them.
    /// </summary>
    public static ConnectorRegistry CreateConnectors() => BuiltInConnectors.Create(RelativePathBase.CurrentDirectory());

    public static WorkflowConfigLoader CreateLoader() => new(CreateConnectors());

    /// <summary>A command's services; a bad <see cref="RunStoreResilienceOptions.OutageBudgetSetting"/> throws <see cref="ConfigException"/>.</summary>
    public static CliServices Create(IRunStore store, LogLevel level, TimeProvider? time = null) =>
        new(store, CreateLoggerFactory(level), ownsLoggerFactory: true, time ?? TimeProvider.System, CreateConnectors(), hostId: null);

    /// <summary>For a long-running host: its logger factory (not disposed here), and its id recorded on every run it starts.</summary>
    public static CliServices CreateForHost(IRunStore store, ILoggerFactory loggerFactory, TimeProvider time, ConnectorRegistry connectors, string hostId) =>
        new(store, loggerFactory, ownsLoggerFactory: false, time, connectors, hostId);

    public static ILoggerFactory CreateLoggerFactory(LogLevel level) =>
        Microsoft.Extensions.Logging.LoggerFactory.Create(builder => ConfigureLogging(builder, level));

    /// <summary>
    /// One line per message on standard error. Framework categories only from Warning: ASP.NET Core's request logs
    /// would print request URLs, and a <c>code</c> query parameter is an API key.
    /// </summary>
    public static void ConfigureLogging(ILoggingBuilder builder, LogLevel level)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder
            .SetMinimumLevel(level)
            .AddFilter("Microsoft", LogLevel.Warning)
            .AddFilter("System", LogLevel.Warning)
            .AddSimpleConsole(options =>
            {
                options.SingleLine = true;
                options.TimestampFormat = "HH:mm:ss ";
            })
            .AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
    }

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
        if (_ownsLoggerFactory)
        {
            LoggerFactory.Dispose();
        }
    }
}
