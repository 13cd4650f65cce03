using System.Collections.Concurrent;
using System.Text;
using DurableIngest.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DurableIngest.Cli.Tests.Telemetry;

/// <summary>The real CLI with OTEL_EXPORTER_OTLP_ENDPOINT set: its traces and metrics reach a small OTLP/HTTP receiver.</summary>
public sealed class OtlpExportTests : IAsyncLifetime
{
    private readonly string _work = Directory.CreateTempSubdirectory("di-otlp-").FullName;
    private readonly ConcurrentQueue<(string Path, byte[] Body)> _received = new();
    private WebApplication? _receiver;
    private string _endpoint = string.Empty;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.Combine(_work, "examples"));
        foreach (var file in Directory.GetFiles(Path.Combine(CliProcess.RepositoryRoot, "examples")))
        {
            File.Copy(file, Path.Combine(_work, "examples", Path.GetFileName(file)));
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _receiver = builder.Build();
        _receiver.MapPost("/v1/{signal}", async (HttpContext context, string signal) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            _received.Enqueue((signal, body.ToArray()));
            context.Response.ContentType = "application/x-protobuf";
            return Results.Ok();
        });
        await _receiver.StartAsync();
        _endpoint = _receiver.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
    }

    public async Task DisposeAsync()
    {
        if (_receiver is not null)
        {
            await _receiver.DisposeAsync();
        }

        Directory.Delete(_work, recursive: true);
    }

    [Fact]
    public async Task Ingest_OtlpEndpointSet_SendsTheRunsSpansAndMetrics()
    {
        var environment = new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = _endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        };

        var result = await CliProcess.RunAsync(_work, environment, "ingest", "-c", "examples/quickstart.yaml", "--run-id", "otlp-run");

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}\n{result.Output}\n{result.Error}");
        var traces = Text("traces");
        foreach (var expected in new[] { "DiscoverEntities", "ProcessChunk", "source.read", "sink.write", "CompleteRun", "ingest.run", "otlp-run", "durable-ingest" })
        {
            Assert.Contains(expected, traces, StringComparison.Ordinal);
        }

        Assert.Contains("durable_ingest.entities.processed", Text("metrics"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_NoOtlpEndpoint_SendsNothing()
    {
        var result = await CliProcess.RunAsync(_work, "ingest", "-c", "examples/quickstart.yaml", "--run-id", "quiet-run");

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(_received);
    }

    // Protobuf carries strings as UTF-8 bytes: span names, attribute values and metric names can be found in the bodies.
    private string Text(string signal) =>
        string.Join('\n', _received.Where(r => r.Path == signal).Select(r => Encoding.UTF8.GetString(r.Body)));
}
