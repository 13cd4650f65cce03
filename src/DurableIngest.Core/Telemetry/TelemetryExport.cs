using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace DurableIngest.Telemetry;

/// <summary>
/// Exports <see cref="IngestTelemetry"/> over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, configured by the
/// standard OpenTelemetry environment variables (<c>OTEL_EXPORTER_OTLP_PROTOCOL</c>, <c>_HEADERS</c>,
/// <c>OTEL_SERVICE_NAME</c>, ...). Hosts without a generic host (the CLI commands) hold the returned handle for the
/// process's life; disposing it flushes what is buffered.
/// </summary>
public static class TelemetryExport
{
    public const string EndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>The exporters, or null when no OTLP endpoint is configured.</summary>
    public static IDisposable? StartOtlp(Func<string, string?> environment, string serviceName)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (string.IsNullOrWhiteSpace(environment(EndpointVariable)))
        {
            return null;
        }

        var tracing = Sdk.CreateTracerProviderBuilder()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .AddSource(IngestTelemetry.Name)
            .AddOtlpExporter()
            .Build();
        var metrics = Sdk.CreateMeterProviderBuilder()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .AddMeter(IngestTelemetry.Name)
            .AddOtlpExporter()
            .Build();
        return new Exporters(tracing, metrics);
    }

    private sealed class Exporters(TracerProvider tracing, MeterProvider metrics) : IDisposable
    {
        public void Dispose()
        {
            tracing.ForceFlush();
            metrics.ForceFlush();
            tracing.Dispose();
            metrics.Dispose();
        }
    }
}
