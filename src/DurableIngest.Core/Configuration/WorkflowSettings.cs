namespace DurableIngest.Configuration;

/// <summary>The <c>workflowConfig</c> block.</summary>
public sealed record WorkflowSettings
{
    private static readonly string[] LoggerLevels = ["DEBUG", "INFO", "WARN", "WARNING", "ERROR", "CRITICAL"];

    /// <summary>OpenMetadata's <c>loggerLevel</c>: DEBUG, INFO (default), WARN, ERROR.</summary>
    public string LoggerLevel { get; init; } = "INFO";

    /// <summary>
    /// <c>logEntities</c>: print one line per entity when a run ends (<c>✓ Processed table: ...</c> /
    /// <c>✗ Failed table: ... — reason</c>), like <c>ingest --log-entities</c>. Default false.
    /// </summary>
    public bool LogEntities { get; init; }

    public OpenMetadataServerOptions OpenMetadataServer { get; init; } = new();

    public DistributedExecutionOptions Distributed { get; init; } = new();

    internal static WorkflowSettings Read(ConfigSection section, Func<string, string?> environment)
    {
        return new WorkflowSettings
        {
            LoggerLevel = section.GetChoice("loggerLevel", LoggerLevels) ?? "INFO",
            LogEntities = section.GetBool("logEntities") ?? false,
            OpenMetadataServer = OpenMetadataServerOptions.Read(section.GetSection("openMetadataServerConfig")),
            Distributed = DistributedExecutionOptions.Read(section.GetSection("distributedExecution"), environment),
        };
    }
}
