using DurableIngest.Configuration;
using DurableIngest.Connectors;
using Microsoft.Extensions.Logging;

namespace DurableIngest.Sinks.Blob;

/// <summary>The <c>blob</c> sink: catalog documents in an Azure Blob container (or Azurite).</summary>
public sealed class BlobSinkProvider : ISinkProvider
{
    private readonly Func<string, string?> _environment;

    public BlobSinkProvider()
        : this(Environment.GetEnvironmentVariable)
    {
    }

    /// <param name="environment">Where the <c>AzureWebJobsStorage</c> connection (the default account) is looked up.</param>
    public BlobSinkProvider(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        _environment = environment;
    }

    public string Type => "blob";

    public void Validate(SinkSettings settings, WorkflowSettings workflow, ConfigProblems problems)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(problems);
        var reported = settings.Config.Problems;
        var before = reported.Count;
        BlobSinkOptions.Read(settings.Config, _environment);
        if (!ReferenceEquals(reported, problems))
        {
            foreach (var problem in reported.Skip(before))
            {
                problems.Add(problem);
            }
        }
    }

    public ICatalogSink Create(SinkSettings settings, WorkflowSettings workflow, ConnectorContext context)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(context);
        var before = settings.Config.Problems.Count;
        var options = BlobSinkOptions.Read(settings.Config, _environment)
            ?? throw new ConfigException("sink", [.. settings.Config.Problems.Skip(before)]);
        return new BlobSink(options, context.LoggerFactory.CreateLogger<BlobSink>());
    }
}
