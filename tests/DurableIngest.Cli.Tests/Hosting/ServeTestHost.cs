using System.Net.Http.Json;
using DurableIngest.Cli.Hosting;
using DurableIngest.Http;
using DurableIngest.RunStore;
using DurableIngest.Workflow;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace DurableIngest.Cli.Tests.Hosting;

/// <summary>
/// A real <c>durable-ingest serve</c> host in this process: Kestrel on 127.0.0.1 with a free port, a run store and a
/// schedules folder under <paramref name="root"/> (so a second host can share them), and HTTP clients with and without the key.
/// </summary>
internal sealed class ServeTestHost : IAsyncDisposable
{
    public const string Key = "serve-test-key-5f2a9c";

    private bool _started;

    private ServeTestHost(WebApplication app, string root, string? apiKey)
    {
        App = app;
        Root = root;
        ApiKey = apiKey;
    }

    public WebApplication App { get; }

    public string Root { get; }

    public string? ApiKey { get; }

    public string StorePath => Path.Combine(Root, "store");

    public string SchedulesPath => Path.Combine(Root, "schedules");

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    /// <summary>Sends the key with every request.</summary>
    public HttpClient Client { get; private set; } = new();

    /// <summary>Sends no key.</summary>
    public HttpClient Anonymous { get; private set; } = new();

    public RunHost Runs => App.Services.GetRequiredService<RunHost>();

    public ScheduleTimerService Timer => App.Services.GetRequiredService<ScheduleTimerService>();

    public IRunStore Store => App.Services.GetRequiredService<IRunStore>();

    /// <summary>Builds the host without starting it (to observe what happens at start).</summary>
    /// <param name="workflowRoot">
    /// What posted workflows may read and write below; default the machine's temp folder, which holds every test's folders.
    /// </param>
    public static ServeTestHost Create(
        string root, string? apiKey = Key, string hostId = "host-a", ServeOverrides? overrides = null, string? workflowRoot = null, TimeSpan? requestTimeout = null)
    {
        Directory.CreateDirectory(Path.Combine(root, "schedules"));
        var options = new ServeOptions
        {
            Urls = "http://127.0.0.1:0",
            RunStorePath = Path.Combine(root, "store"),
            SchedulesPath = Path.Combine(root, "schedules"),
            ApiKey = apiKey,
            HostId = hostId,
            WorkflowRoot = workflowRoot ?? Path.GetTempPath(),
            RequestTimeout = requestTimeout ?? new ServeOptions().RequestTimeout,
        };
        return new ServeTestHost(ServeHost.Build(options, overrides), root, apiKey);
    }

    public static async Task<ServeTestHost> StartAsync(
        string root, string? apiKey = Key, string hostId = "host-a", ServeOverrides? overrides = null, string? workflowRoot = null, TimeSpan? requestTimeout = null)
    {
        var host = Create(root, apiKey, hostId, overrides, workflowRoot, requestTimeout);
        await host.StartAsync();
        return host;
    }

    public async Task StartAsync()
    {
        await App.StartAsync();
        _started = true;
        BaseAddress = new Uri(App.Urls.Single());
        Client = new HttpClient { BaseAddress = BaseAddress };
        if (ApiKey is not null)
        {
            Client.DefaultRequestHeaders.Add(ApiKeyFilter.HeaderName, ApiKey);
        }

        Anonymous = new HttpClient { BaseAddress = BaseAddress };
    }

    /// <summary>A graceful stop, as Ctrl+C or SIGTERM does it.</summary>
    public async Task StopAsync()
    {
        await App.StopAsync();
        _started = false;
    }

    public static StringContent Yaml(string text) => new(text, System.Text.Encoding.UTF8, "application/yaml");

    public async Task<RunStatusView> GetStatusAsync(string statusUri)
    {
        using var response = await Client.GetAsync(new Uri(statusUri));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<RunStatusView>(RunStoreJson.Options))!;
    }

    /// <summary>Follows the status URL until the run leaves Pending and Running (a guard against hanging, not a timing assertion).</summary>
    public async Task<RunStatusView> WaitUntilFinishedAsync(string statusUri)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (true)
        {
            var status = await GetStatusAsync(statusUri);
            if (status.RuntimeStatus is not (RunStatus.Pending or RunStatus.Running))
            {
                return status;
            }

            await Task.Delay(50, guard.Token);
        }
    }

    public string StatusUri(string runId) => new Uri(BaseAddress, $"{IngestApi.Route}/{runId}").ToString();

    public async ValueTask DisposeAsync()
    {
        if (_started)
        {
            await StopAsync(); // a stopped host has finished with its runs and writes nothing more
        }

        Client.Dispose();
        Anonymous.Dispose();
        await App.DisposeAsync();
    }
}
