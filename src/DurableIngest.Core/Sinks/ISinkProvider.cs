using DurableIngest.Configuration;
using DurableIngest.Connectors;

namespace DurableIngest.Sinks;

/// <summary>Registers one sink: validates its options at start-up and creates it inside activities.</summary>
public interface ISinkProvider
{
    /// <summary>The <c>sink.type</c> this provider answers to (lower case).</summary>
    string Type { get; }

    void Validate(SinkSettings settings, WorkflowSettings workflow, ConfigProblems problems);

    ICatalogSink Create(SinkSettings settings, WorkflowSettings workflow, ConnectorContext context);

    /// <summary>
    /// What, beyond the sink's own settings, tells its destination apart (incremental state is trusted only for the
    /// same destination); never a secret. Default: nothing.
    /// </summary>
    string? DescribeTarget(WorkflowSettings workflow) => null;
}
