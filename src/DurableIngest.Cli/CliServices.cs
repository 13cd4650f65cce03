using DurableIngest.Cli.Runtime;
using DurableIngest.Configuration;
using DurableIngest.Connectors;
using DurableIngest.Hosting;
using DurableIngest.Http;
using DurableIngest.RunStore;
using DurableIngest.Secrets;
using DurableIngest.Workflow;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DurableIngest.Cli;

/// <summary>Composes what a command needs around one run store: the loader, the activities and the local runtime.</summary>
internal sealed class CliServices : IAsyncDisposable
{
    private readonly bool _ownsLoggerFactory;
    private readonly ServiceProvider? _provider;

    private CliServices(IServiceProvider provider, ILoggerFactory loggerFactory, bool ownsLoggerFactory, ServiceProvider? ownedProvider)
    {
        LoggerFactory = loggerFactory;
        _ownsLoggerFactory = ownsLoggerFactory;
        _provider = ownedProvider;
        Store = provider.GetRequiredService<IRunStore>();
        Time = provider.GetRequiredService<TimeProvider>();
        Vault = provider.GetRequiredService<SecretVault>();
        Connectors = provider.GetRequiredService<ConnectorRegistry>();
        Starter = provider.GetRequiredService<RunStarter>();
        Activities = provider.GetRequiredService<IngestionActivities>();
        Runtime = new LocalRuntime(Store, new LocalActivityDispatcher(Activities), Time, loggerFactory);
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
        Compose(HostOptions(store, RelativePathBase.CurrentDirectory(), hostId: null), CreateLoggerFactory(level), ownsLoggerFactory: true, time);

    /// <summary>Composes <paramref name="options"/> in a provider of its own, disposed with the services.</summary>
    public static CliServices Compose(DurableIngestHostOptions options, ILoggerFactory loggerFactory, bool ownsLoggerFactory = false, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var services = new ServiceCollection();
        services.AddSingleton(loggerFactory);
        services.AddSingleton(time ?? TimeProvider.System);
        services.AddDurableIngest(options);
        var provider = services.BuildServiceProvider();
        return new CliServices(provider, loggerFactory, ownsLoggerFactory, provider);
    }

    /// <summary>
    /// The composition a command and <c>serve</c> share: the run store waits out an outage of its backend (everything
    /// above it, activities and the runtime's journal, status and lease writes alike), for
    /// <see cref="RunStoreResilienceOptions.OutageBudgetSetting"/>.
    /// </summary>
    public static DurableIngestHostOptions HostOptions(IRunStore store, RelativePathBase paths, string? hostId, ConnectorRegistry? connectors = null, IngestRequestOptions? requests = null, string? schedulesPath = null) => new()
    {
        RunStore = _ => store,
        RunStoreResilience = RunStoreResilienceOptions.FromSettings(Environment.GetEnvironmentVariable),
        RelativePaths = paths,
        Connectors = connectors,
        HostId = hostId,
        Requests = requests,
        SchedulesPath = schedulesPath,
    };

    /// <summary>For a long-running host that composed itself with <see cref="HostOptions"/>: its provider's services (not disposed here).</summary>
    public static CliServices FromHost(IServiceProvider provider) =>
        new(provider, provider.GetRequiredService<ILoggerFactory>(), ownsLoggerFactory: false, ownedProvider: null);

    public static ILoggerFactory CreateLoggerFactory(LogLevel level) =>
        Microsoft.Extensions.Logging.LoggerFactory.Create(builder => ConfigureLogging(builder, level));

    /// <summary>
    /// One line per message on standard error. Framework and Durable Task engine categories only from Warning: ASP.NET Core's request logs
    /// would print request URLs, and a <c>code</c> query parameter is an API key.
    /// </summary>
    public static void ConfigureLogging(ILoggingBuilder builder, LogLevel level)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder
            .SetMinimumLevel(level)
            .AddFilter("Microsoft", LogLevel.Warning)
            .AddFilter("System", LogLevel.Warning)
            // The Durable Task engine logs every poll, lease and status read at Information.
            .AddFilter("DurableTask", LogLevel.Warning)
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
        if (_provider is not null)
        {
            // Disposes the activities it created.
            await _provider.DisposeAsync();
        }

        if (_ownsLoggerFactory)
        {
            LoggerFactory.Dispose();
        }
    }
}
