using System.Text.Json.Serialization;

namespace DurableIngest.Sources.Snowflake;

/// <summary>Compile-time JSON metadata for the key-pair token's claims.</summary>
[JsonSerializable(typeof(JwtClaims))]
internal sealed partial class SnowflakeJsonContext : JsonSerializerContext;
