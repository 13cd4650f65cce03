using DurableIngest.Cli.Commands;
using DurableIngest.Configuration;
using DurableIngest.Hosting;
using DurableIngest.Http;
using DurableIngest.RunStore;
using DurableIngest.RunStore.Local;
using DurableIngest.Scheduling;
using DurableIngest.Workflow;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DurableIngest.Cli.Hosting;

/// <summary>
/// Composes <c>durable-ingest serve</c>: Kestrel with the ingest endpoints, the run host that drives runs on the local
/// runtime, and the schedule timer, around one local run store; or, with a task hub, the same endpoints and timer
/// handing runs to the hub's workers (<see cref="ITaskHub"/>, the JIT build only) around the run store they share.
/// </summary>
internal static class ServeHost
{
    /// <summary>Builds the host (not started). Throws <see cref="ConfigException"/> when the options cannot work.</summary>
    public static WebApplication Build(ServeOptions options, ServeOverrides? overrides = null, ITaskHub? hub = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var folder = Directory.GetCurrentDirectory();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = folder });
        options = options.WithApiKey(options.ApiKey ?? builder.Configuration[ServeOptions.ApiKeySetting]);
        options.Validate();

        builder.WebHost.UseUrls(options.Urls);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // Kestrel's own guards, stated: headers within 10 s, and a body slower than 240 bytes/s (after a 5 s grace)
            // is cut off, so a trickling client cannot hold a connection; the API's read timeout bounds the rest. The
            // body size is the API's to refuse (413 with a message), so Kestrel's own limit is left above it.
            kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(10);
            kestrel.Limits.MinRequestBodyDataRate = new MinDataRate(240, TimeSpan.FromSeconds(5));
        });
        builder.Logging.ClearProviders();
        CliServices.ConfigureLogging(builder.Logging, LogLevel.Information);

        var time = overrides?.Time ?? TimeProvider.System;
        // Workflows come from callers: their relative paths resolve against the workflow root, and no path may leave it.
        var paths = new RelativePathBase(
            options.WorkflowRoot, "the workflow root of durable-ingest serve (--workflow-root, default the folder it runs in)", "start serve with another --workflow-root")
        {
            Confined = true,
        };
        var store = hub?.Store ?? new LocalDirectoryRunStore(options.RunStorePath);
        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(time);
        // The host restarts and resumes its runs, so a literal secret held in memory would not outlive it: ${VAR} only.
        // The host options read the run store's outage budget now, so a bad value stops serve at start.
        services.AddDurableIngest(CliServices.HostOptions(
            store,
            paths,
            options.HostId,
            overrides?.Connectors,
            new IngestRequestOptions { MaxBytes = options.MaxRequestBytes, ReadTimeout = options.RequestTimeout, RefuseLiteralSecrets = true },
            options.SchedulesPath));
        services.AddSingleton<ApiKeyFilter>();
        if (hub is null)
        {
            services.AddSingleton(CliServices.FromHost);
            services.AddSingleton<RunHost>();
            services.AddSingleton<IRunControl>(provider => provider.GetRequiredService<RunHost>());
            services.AddHostedService(provider => provider.GetRequiredService<RunHost>());
        }
        else
        {
            // The hub's workers drive the runs; this host only stores, starts and reports them.
            services.AddSingleton<IRunControl>(provider => hub.CreateControl(time, provider.GetRequiredService<ILoggerFactory>()));
        }

        services.AddSingleton(provider => new IngestApi(
            provider.GetRequiredService<IngestRequestReader>(),
            provider.GetRequiredService<RunStarter>(),
            provider.GetRequiredService<IRunControl>(),
            provider.GetRequiredService<IRunStore>(),
            time,
            provider.GetRequiredService<ILogger<IngestApi>>()));
        services.AddSingleton<IScheduleRunPort>(provider => new ScheduledRunLauncher(
            provider.GetRequiredService<IRunControl>(), provider.GetRequiredService<ScheduledRunStarter>()));
        services.AddSingleton<ScheduleTimerService>();
        services.AddHostedService(provider => provider.GetRequiredService<ScheduleTimerService>());

        var app = builder.Build();
        IngestEndpoints.Map(app);
        return app;
    }
}
