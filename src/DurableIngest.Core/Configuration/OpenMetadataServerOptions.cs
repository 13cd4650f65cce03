namespace DurableIngest.Configuration;

/// <summary><c>workflowConfig.openMetadataServerConfig</c>: where the OpenMetadata API is and how to authenticate.</summary>
public sealed record OpenMetadataServerOptions
{
    /// <summary>Base URL, already ending in <c>/api</c> (e.g. <c>http://localhost:8585/api</c>).</summary>
    public string? HostPort { get; init; }

    public string AuthProvider { get; init; } = "openmetadata";

    /// <summary><c>securityConfig.jwtToken</c>, sent as a Bearer token. A secret: never logged or stored.</summary>
    public string? JwtToken { get; init; }

    internal static OpenMetadataServerOptions Read(ConfigSection section)
    {
        var hostPort = section.GetString("hostPort");
        if (hostPort is not null && !Uri.TryCreate(hostPort, UriKind.Absolute, out _))
        {
            section.Error("hostPort", $"must be an absolute URL such as http://localhost:8585/api, not '{hostPort}'");
        }

        return new OpenMetadataServerOptions
        {
            HostPort = hostPort,
            AuthProvider = section.GetString("authProvider") ?? "openmetadata",
            JwtToken = section.GetSection("securityConfig").GetString("jwtToken"),
        };
    }
}
