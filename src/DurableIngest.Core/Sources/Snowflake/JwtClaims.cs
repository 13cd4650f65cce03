using System.Text.Json.Serialization;

namespace DurableIngest.Sources.Snowflake;

/// <summary>The claims of a <see cref="KeyPairJwt"/>, in the order they are written.</summary>
internal sealed record JwtClaims(
    [property: JsonPropertyName("iss")] string Issuer,
    [property: JsonPropertyName("sub")] string Subject,
    [property: JsonPropertyName("iat")] long IssuedAt,
    [property: JsonPropertyName("exp")] long Expires);
