using System.Globalization;
using DurableIngest.Configuration;
using DurableIngest.Secrets;
using DurableIngest.Sinks;
using DurableIngest.Sources;
using DurableIngest.Workflow;
using Microsoft.Extensions.Logging;

namespace DurableIngest.Connectors;

/// <summary>
/// <c>test-connection</c>, the same for the CLI and both HTTP hosts: connects to the source (its version), runs its
/// discovery (names only: exactly the permissions a run needs), and checks that the sink answers; each step passes or
/// fails with the server's reason, secrets masked. A step after a failed one is skipped. Nothing is written.
/// </summary>
public sealed class ConnectionTester(ConnectorRegistry connectors, ILoggerFactory loggerFactory, TimeProvider time)
{
    public const string SourceConnect = "source: connect";
    public const string SourceDiscover = "source: discover (names only)";
    public const string SinkReachable = "sink: reachable";

    public async Task<IReadOnlyList<ConnectionStep>> TestAsync(WorkflowConfig config, SecretRedactor redactor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(redactor);
        var context = new ConnectorContext
        {
            RunId = "test-connection",
            Service = IngestionActivities.DescribeService(config.Source),
            LoggerFactory = loggerFactory,
            Time = time,
        };
        var steps = new List<ConnectionStep>();
        await using (var source = connectors.GetSource(config.Source.Type).Create(config.Source, context))
        {
            // A source without a cheaper step than discovery (ConnectAsync answers null) gets no connect step.
            string? server = null;
            var connected = await StepAsync(steps, SourceConnect, redactor, async () => server = await source.ConnectAsync(cancellationToken) ?? string.Empty, skip: false);
            if (connected && server == string.Empty)
            {
                steps.RemoveAt(steps.Count - 1);
            }

            await StepAsync(steps, SourceDiscover, redactor, async () => Describe(await source.DiscoverAsync(cancellationToken)), skip: !connected);
        }

        // Only a sink that is a server has something to reach before a run (a folder is written at run time).
        await using (var sink = connectors.GetSink(config.Sink.Type).Create(config.Sink, config.Workflow, context))
        {
            if (!sink.ChecksReachability)
            {
                return steps;
            }

            await StepAsync(
                steps,
                SinkReachable,
                redactor,
                async () =>
                {
                    await sink.CheckReachableAsync(cancellationToken);
                    return $"{config.Sink.Type} answered";
                },
                skip: false);
        }

        return steps;
    }

    private static async Task<bool> StepAsync(List<ConnectionStep> steps, string name, SecretRedactor redactor, Func<Task<string>> step, bool skip)
    {
        if (skip)
        {
            steps.Add(new ConnectionStep(name, ConnectionStepOutcome.Skipped, "not tried: an earlier step failed"));
            return false;
        }

        try
        {
            steps.Add(new ConnectionStep(name, ConnectionStepOutcome.Passed, redactor.Redact(await step())));
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            steps.Add(new ConnectionStep(name, ConnectionStepOutcome.Failed, redactor.Redact($"{e.GetType().Name}: {e.Message}")));
            return false;
        }
    }

    private static string Describe(DiscoveryResult discovery)
    {
        var text = string.Create(
            CultureInfo.InvariantCulture,
            $"{discovery.Entities.Count:N0} tables and views in {discovery.Schemas.Count:N0} schemas, {discovery.Filtered.Count:N0} left out by filters");
        return discovery.Warnings.Count == 0 ? text : $"{text}; warnings: {string.Join("; ", discovery.Warnings)}";
    }
}
