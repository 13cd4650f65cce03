using System.Text.Json.Serialization;
using DurableIngest.Sinks.OpenMetadata.Requests;

namespace DurableIngest.Sinks.OpenMetadata;

/// <summary>
/// Compile-time JSON metadata for the requests the sink sends and the bulk answers it reads. Both partition shapes are
/// listed: <see cref="CreateTableRequest.TablePartition"/> is an <see cref="object"/>, written as its runtime type.
/// </summary>
[JsonSerializable(typeof(CreateTableRequest))]
[JsonSerializable(typeof(TablePartitionRequest))]
[JsonSerializable(typeof(LegacyTablePartitionRequest))]
[JsonSerializable(typeof(CreateDatabaseRequest))]
[JsonSerializable(typeof(CreateDatabaseSchemaRequest))]
[JsonSerializable(typeof(CreateDatabaseServiceRequest))]
[JsonSerializable(typeof(BulkOperationResult))]
internal sealed partial class OpenMetadataJsonContext : JsonSerializerContext;
