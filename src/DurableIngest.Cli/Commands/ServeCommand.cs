using System.CommandLine;
using DurableIngest.Cli.Hosting;
using DurableIngest.Configuration;
using DurableIngest.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DurableIngest.Cli.Commands;

/// <summary>
/// <c>durable-ingest serve</c>: the local HTTP and timer host. Runs are started over HTTP (the Azure Functions app's
/// routes and payloads) and by schedule files, driven on the local runtime, and resumed after a restart.
/// </summary>
internal static class ServeCommand
{
    /// <summary>
    /// How long System.CommandLine waits for the host after Ctrl+C or SIGTERM before it gives up on it: longer than the
    /// host's own shutdown timeout (30 s), so a graceful stop always finishes marking its runs resumable.
    /// </summary>
    public static readonly TimeSpan TerminationGrace = TimeSpan.FromSeconds(45);

    public static Command Create()
    {
        var defaults = new ServeOptions();
        var urls = new Option<string>("--urls")
        {
            Description = $"Addresses to listen on, ';'-separated. Anything beyond loopback requires an API key ({ServeOptions.ApiKeySetting}).",
            DefaultValueFactory = _ => defaults.Urls,
        };
        var store = CommonOptions.RunStore();
        store.Description = "Run store folder: every run this host starts, whatever a workflow's runStore says.";
        var schedules = new Option<string>("--schedules")
        {
            Description = "Folder of schedule files (name, 6-field NCRONTAB schedule in UTC, config or workflow, enabled).",
            DefaultValueFactory = _ => defaults.SchedulesPath,
        };
        var hostId = new Option<string>("--host-id")
        {
            Description = "This host's name, recorded on the runs it starts; on start it resumes its own interrupted runs. Default: the machine name.",
            DefaultValueFactory = _ => defaults.HostId,
        };
        var maxBytes = new Option<int>("--max-request-bytes")
        {
            Description = "Largest accepted workflow body (413 above it).",
            DefaultValueFactory = _ => IngestRequestOptions.DefaultMaxBytes,
        };
        var requestTimeout = new Option<int>("--request-timeout")
        {
            Description = "Seconds a request body may take to arrive (408 after it).",
            DefaultValueFactory = _ => (int)defaults.RequestTimeout.TotalSeconds,
        };
        var workflowRoot = new Option<string>("--workflow-root")
        {
            Description = "Folder that relative paths in posted and scheduled workflows resolve against, and that they may not leave. Default: the current folder.",
            DefaultValueFactory = _ => defaults.WorkflowRoot,
        };
        var hub = new TaskHubArguments(required: false);
        hub.Hub.Description = "Hand runs to this task hub's workers (durable-ingest worker --task-hub NAME) instead of running them in this process; runs are kept in the hub's blob run store.";
        var command = new Command("serve", "Serve the HTTP API (POST /api/ingest, status, list, terminate, purge) and run schedules, locally.")
        {
            urls, store, schedules, hostId, maxBytes, requestTimeout, workflowRoot,
        };
        hub.AddTo(command, tuning: true);
        command.SetAction((parse, cancellationToken) => RunAsync(
            parse,
            parse.GetValue(hub.Hub) is null ? null : hub,
            new ServeOptions
            {
                Urls = parse.GetValue(urls)!,
                RunStorePath = parse.GetValue(store)!,
                SchedulesPath = parse.GetValue(schedules)!,
                HostId = parse.GetValue(hostId)!,
                MaxRequestBytes = parse.GetValue(maxBytes),
                RequestTimeout = TimeSpan.FromSeconds(parse.GetValue(requestTimeout)),
                WorkflowRoot = Path.GetFullPath(parse.GetValue(workflowRoot)!),
            },
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, TaskHubArguments? hubArguments, ServeOptions options, CancellationToken cancellationToken)
    {
        using var hub = hubArguments?.Open(parse);
        if (hubArguments is not null && hub is null)
        {
            return ExitCodes.InvalidInput;
        }

        WebApplication app;
        try
        {
            app = ServeHost.Build(options, hub: hub);
        }
        catch (ConfigException e)
        {
            return ConfigErrors.Report(e, "serve");
        }

        await using (app)
        {
            try
            {
                await app.StartAsync(cancellationToken);
            }
            catch (IOException e)
            {
                Console.Error.WriteLine($"serve: cannot listen on {options.Urls}: {e.Message}");
                return ExitCodes.RunFailed;
            }

            var resolved = app.Services.GetRequiredService<ServeOptions>();
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("DurableIngest.Serve");
            logger.LogInformation(
                "Listening on {Addresses}; runs in {Store} (host id {HostId}); schedules in {Schedules}",
                string.Join(", ", app.Urls),
                hub is null ? Path.GetFullPath(resolved.RunStorePath) : $"{hub.Description}, run store container '{hub.RunStoreContainer}'",
                resolved.HostId,
                Path.GetFullPath(resolved.SchedulesPath));
            if (resolved.ApiKey is null)
            {
                logger.LogWarning("No API key ({Setting} is not set): any process on this machine can start runs", ServeOptions.ApiKeySetting);
            }
            else
            {
                logger.LogInformation("Requests need the API key, as the {Header} header or the {Query} query parameter", ApiKeyFilter.HeaderName, ApiKeyFilter.QueryName);
            }

            await app.WaitForShutdownAsync(cancellationToken);
        }

        return ExitCodes.Success;
    }
}
