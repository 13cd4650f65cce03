using System.Collections.Concurrent;
using Azure.Core;
using Azure.Identity;

namespace DurableIngest.Storage.Blob;

/// <summary>
/// One token credential per identity for the whole process, as Azure.Identity advises: each credential caches its own
/// tokens, so a new one per run store, sink or run would ask Entra ID (or the managed identity endpoint) again.
/// </summary>
internal static class SharedCredentials
{
    private static readonly ConcurrentDictionary<(BlobAuthentication Kind, string? ClientId, string? TenantId), TokenCredential> Credentials = new();

    /// <summary><c>DefaultAzureCredential</c>, preferring the user-assigned identity <paramref name="managedIdentityClientId"/> when it tries a managed identity.</summary>
    public static TokenCredential Default(string? managedIdentityClientId = null, string? tenantId = null) =>
        Credentials.GetOrAdd(
            (BlobAuthentication.DefaultAzureCredential, Normalize(managedIdentityClientId), Normalize(tenantId)),
            key =>
            {
                var options = new DefaultAzureCredentialOptions { ManagedIdentityClientId = key.ClientId };
                if (key.TenantId is not null)
                {
                    options.TenantId = key.TenantId;
                }

                return new DefaultAzureCredential(options);
            });

    /// <summary>The app's managed identity only: user-assigned with <paramref name="clientId"/>, else system-assigned.</summary>
    public static TokenCredential ManagedIdentity(string? clientId) =>
        Credentials.GetOrAdd(
            (BlobAuthentication.ManagedIdentity, Normalize(clientId), null),
            key => new ManagedIdentityCredential(key.ClientId is null ? ManagedIdentityId.SystemAssigned : ManagedIdentityId.FromUserAssignedClientId(key.ClientId)));

    // Client and tenant ids are GUIDs (a tenant may also be a domain name): one identity however it is spelled.
    private static string? Normalize(string? id) => string.IsNullOrWhiteSpace(id) ? null : id.Trim().ToLowerInvariant();
}
