namespace DurableIngest.Storage.Blob;

/// <summary>How a <see cref="BlobAccount"/> proves who it is to the Blob service.</summary>
public enum BlobAuthentication
{
    /// <summary>A connection string: an account key (Shared Key), a shared access signature, or <c>UseDevelopmentStorage=true</c>.</summary>
    ConnectionString,

    /// <summary>An Entra ID token from <c>DefaultAzureCredential</c>: a managed identity in Azure, <c>az login</c> on a laptop.</summary>
    DefaultAzureCredential,

    /// <summary>An Entra ID token from the app's managed identity only (<c>&lt;NAME&gt;__credential=managedidentity</c>).</summary>
    ManagedIdentity,
}
