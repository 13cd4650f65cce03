using System.Text.Json.Nodes;
using DurableIngest.Connectors;
using DurableIngest.Entities;
using DurableIngest.Sinks.OpenMetadata.Requests;

namespace DurableIngest.Sinks.OpenMetadata;

/// <summary>
/// The database service, database and schema a table lives in, created (by PUT) once per run on this server before
/// their first table, however many chunks ask at once.
/// </summary>
internal sealed class OpenMetadataParents(OpenMetadataClient client, ServiceDescriptor service, OpenMetadataRunState run)
{
    /// <summary>Ensures the schema and its parents exist; a refused parent is the reason its tables fail.</summary>
    public async Task<ParentOutcome> EnsureSchemaAsync(SchemaRef schema, CancellationToken cancellationToken)
    {
        var serviceFqn = Fqn.Join(schema.Service);
        var serviceOutcome = await run.EnsureParentAsync(
            "service " + serviceFqn,
            () => PutAsync("v1/services/databaseServices", BuildServiceRequest(schema.Service), "database service", serviceFqn),
            cancellationToken);
        if (!serviceOutcome.Succeeded)
        {
            return serviceOutcome;
        }

        var database = await run.EnsureParentAsync(
            "database " + schema.DatabaseFqn,
            () => PutAsync("v1/databases", OpenMetadataJson.Serialize(new CreateDatabaseRequest { Name = schema.Database, Service = serviceFqn }), "database", schema.DatabaseFqn),
            cancellationToken);
        if (!database.Succeeded)
        {
            return database;
        }

        return await run.EnsureParentAsync(
            "schema " + schema.FullyQualifiedName,
            () => PutAsync("v1/databaseSchemas", OpenMetadataJson.Serialize(new CreateDatabaseSchemaRequest { Name = schema.Schema, Database = schema.DatabaseFqn }), "database schema", schema.FullyQualifiedName),
            cancellationToken);
    }

    private byte[] BuildServiceRequest(string name)
    {
        var config = new JsonObject { ["type"] = service.ServiceType };
        foreach (var (key, value) in service.Connection.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (key == "type")
            {
                continue;
            }

            config[key] = bool.TryParse(value, out var flag) ? JsonValue.Create(flag) : JsonValue.Create(value);
        }

        return OpenMetadataJson.Serialize(new CreateDatabaseServiceRequest
        {
            Name = name,
            ServiceType = service.ServiceType,
            Connection = new JsonObject { ["config"] = config },
        });
    }

    // Shared by every chunk of the run that needs this parent, so one caller's cancellation must not cancel it.
    private async Task<ParentOutcome> PutAsync(string path, byte[] body, string kind, string fqn)
    {
        var response = await client.PutAsync(path, body, CancellationToken.None);
        client.ThrowIfUnauthorized(response, "PUT /" + path);
        return response.IsSuccess
            ? ParentOutcome.Success
            : ParentOutcome.Failed($"OpenMetadata refused the {kind} '{fqn}' ({response.StatusCode}): {response.Message}");
    }
}
