using Azure.Core;
using Azure.Storage.Blobs;

namespace DurableIngest.Storage.Blob;

/// <summary>
/// Where a blob client connects and as whom, in one of the three ways Azure users expect: a connection string
/// (<c>UseDevelopmentStorage=true</c> for Azurite, or an account key or SAS), or an account URL with an Entra ID token
/// credential (<c>DefaultAzureCredential</c>, or the managed identity only). The run store, the blob sink and the
/// Functions app all build their <see cref="BlobServiceClient"/> here. Nothing here shows a key or a signature:
/// <see cref="ServiceUri"/> carries no query and <see cref="ToString"/> names only the endpoint and the method.
/// </summary>
public sealed class BlobAccount
{
    private const string ConnectionStringExample =
        "UseDevelopmentStorage=true (Azurite), or DefaultEndpointsProtocol=https;AccountName=<name>;AccountKey=<key>;EndpointSuffix=core.windows.net";

    private readonly string? _connectionString;
    private readonly string _method;

    private BlobAccount(Uri serviceUri, string accountName, BlobAuthentication authentication, TokenCredential? credential, string? connectionString, string method)
    {
        ServiceUri = serviceUri;
        AccountName = accountName;
        Authentication = authentication;
        Credential = credential;
        _connectionString = connectionString;
        _method = method;
    }

    /// <summary>The Blob service root without any query (a SAS is never shown), e.g. <c>https://acct.blob.core.windows.net/</c>.</summary>
    public Uri ServiceUri { get; }

    public string AccountName { get; }

    public BlobAuthentication Authentication { get; }

    /// <summary>The Entra ID credential; null when a connection string authorizes instead.</summary>
    public TokenCredential? Credential { get; }

    /// <summary>
    /// Parses <paramref name="connectionString"/> as the Azure SDK does (nothing is sent). Throws <see cref="FormatException"/>
    /// saying what is wrong and what a good one looks like, never echoing the string.
    /// </summary>
    public static BlobAccount FromConnectionString(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new FormatException($"the storage connection string is empty; give {ConnectionStringExample}");
        }

        BlobServiceClient parsed;
        try
        {
            parsed = new BlobServiceClient(connectionString);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or UriFormatException)
        {
            // The SDK's messages name what is missing (never a value); the string itself may hold a key.
            throw new FormatException($"{e.Message.TrimEnd('.')}; give {ConnectionStringExample}, or use an account URL with an Entra ID identity", e);
        }

        var method = connectionString.Contains("UseDevelopmentStorage", StringComparison.OrdinalIgnoreCase) ? "development storage (Azurite)" : "connection string";
        return new BlobAccount(WithoutQuery(parsed.Uri), parsed.AccountName, BlobAuthentication.ConnectionString, null, connectionString, method);
    }

    /// <summary>An account URL (https, no query) signed in with <c>DefaultAzureCredential</c>: a managed identity in Azure, <c>az login</c> on a laptop.</summary>
    public static BlobAccount FromAccountUrl(Uri accountUrl) =>
        FromServiceUri(accountUrl, SharedCredentials.Default(), BlobAuthentication.DefaultAzureCredential, "DefaultAzureCredential");

    /// <summary>An account reached at <paramref name="serviceUri"/> (https, no query) with an Entra ID token credential.</summary>
    public static BlobAccount FromServiceUri(Uri serviceUri, TokenCredential credential, BlobAuthentication authentication, string method)
    {
        ArgumentNullException.ThrowIfNull(serviceUri);
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentException.ThrowIfNullOrEmpty(method);
        if (authentication == BlobAuthentication.ConnectionString)
        {
            throw new ArgumentException("a token credential is not a connection string", nameof(authentication));
        }

        var client = new BlobServiceClient(serviceUri, credential);
        return new BlobAccount(WithoutQuery(serviceUri), client.AccountName, authentication, credential, null, method);
    }

    /// <summary>
    /// The connection string, for the one other SDK that must reach the same account itself (the Durable Task worker's
    /// queues and tables); null for an identity-based account. Never shown.
    /// </summary>
    internal string? ConnectionString => _connectionString;

    /// <summary>A client for this account whose retries and timeouts are <paramref name="settings"/>' (the defaults when null).</summary>
    public BlobServiceClient CreateClient(BlobClientSettings? settings = null)
    {
        var options = (settings ?? new BlobClientSettings()).ToClientOptions();
        return Credential is null ? new BlobServiceClient(_connectionString, options) : new BlobServiceClient(ServiceUri, Credential, options);
    }

    /// <summary>The endpoint and how it is reached, for messages: never a key.</summary>
    public override string ToString() => $"{ServiceUri} ({_method})";

    private static Uri WithoutQuery(Uri uri) => new UriBuilder(uri) { Query = string.Empty, Fragment = string.Empty }.Uri;
}
