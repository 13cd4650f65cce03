namespace DurableIngest.Configuration;

/// <summary>The <c>workflowConfig</c> block.</summary>
public sealed record WorkflowSettings
{
    private static readonly string[] LoggerLevels = ["DEBUG", "INFO", "WARN", "WARNING", "ERROR", "CRITICAL"];

    /// <summary>OpenMetadata's <c>loggerLevel</c>: DEBUG, INFO (default), WARN, ERROR.</summary>
    public string LoggerLevel { get; init; } = "INFO";

    public OpenMetadataServerOptions OpenMetadataServer { get; init; } = new();

    public DistributedExecutionOptions Distributed { get; init; } = new();

    internal static WorkflowSettings Read(ConfigSection section, Func<string, string?> environment)
    {
        var level = section.GetString("loggerLevel")?.Trim().ToUpperInvariant() ?? "INFO";
        if (!LoggerLevels.Contains(level))
        {
            section.Error("loggerLevel", $"must be one of {string.Join(", ", LoggerLevels)}, not '{level}'");
        }

        return new WorkflowSettings
        {
            LoggerLevel = level,
            OpenMetadataServer = OpenMetadataServerOptions.Read(section.GetSection("openMetadataServerConfig")),
            Distributed = DistributedExecutionOptions.Read(section.GetSection("distributedExecution"), environment),
        };
    }
}
