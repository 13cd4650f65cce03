using Azure.Monitor.OpenTelemetry.Exporter;
using DurableIngest.Functions;
using DurableIngest.Telemetry;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();

// Invalid app settings stop the host at start-up with every problem listed, not at the first request.
builder.Services.AddDurableIngestFunctions(FunctionsSettings.Read(Environment.GetEnvironmentVariable));

// Ingestion's spans and metrics: to Application Insights when the app has its connection string (Azure's own
// OpenTelemetry path), and over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set; both read their standard settings.
var telemetry = builder.Services.AddOpenTelemetry()
    .UseFunctionsWorkerDefaults()
    .WithTracing(tracing => tracing.AddSource(IngestTelemetry.Name))
    .WithMetrics(metrics => metrics.AddMeter(IngestTelemetry.Name));
if (!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("APPLICATIONINSIGHTS_CONNECTION_STRING")))
{
    telemetry.UseAzureMonitorExporter();
}

if (!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(TelemetryExport.EndpointVariable)))
{
    telemetry.UseOtlpExporter();
}

builder.Build().Run();
