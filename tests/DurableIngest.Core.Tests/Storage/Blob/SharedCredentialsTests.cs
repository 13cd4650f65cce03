using Azure.Identity;
using DurableIngest.Storage.Blob;

namespace DurableIngest.Core.Tests.Storage.Blob;

/// <summary>One token credential per identity per process, so its token cache is shared. No network: a credential asks for nothing until used.</summary>
public sealed class SharedCredentialsTests
{
    [Fact]
    public void ManagedIdentity_SameClientIdInAnyCase_IsTheSameCredential()
    {
        var first = SharedCredentials.ManagedIdentity("1b2c3d4e-0000-4000-8000-000000000011");

        Assert.Same(first, SharedCredentials.ManagedIdentity("1b2c3d4e-0000-4000-8000-000000000011"));
        Assert.Same(first, SharedCredentials.ManagedIdentity(" 1B2C3D4E-0000-4000-8000-000000000011 "));
        Assert.IsType<ManagedIdentityCredential>(first);
    }

    [Fact]
    public void ManagedIdentity_SystemAssignedAndUserAssigned_AreDifferentCredentials()
    {
        var system = SharedCredentials.ManagedIdentity(null);

        Assert.Same(system, SharedCredentials.ManagedIdentity(null));
        Assert.Same(system, SharedCredentials.ManagedIdentity(string.Empty));
        Assert.NotSame(system, SharedCredentials.ManagedIdentity("1b2c3d4e-0000-4000-8000-000000000012"));
    }

    [Fact]
    public void Default_SameOptions_IsTheSameCredentialAndDiffersFromTheManagedIdentityOnly()
    {
        var first = SharedCredentials.Default("1b2c3d4e-0000-4000-8000-000000000013");

        Assert.Same(first, SharedCredentials.Default("1b2c3d4e-0000-4000-8000-000000000013"));
        Assert.IsType<DefaultAzureCredential>(first);
        Assert.NotSame(first, SharedCredentials.ManagedIdentity("1b2c3d4e-0000-4000-8000-000000000013"));
        Assert.NotSame(first, SharedCredentials.Default("1b2c3d4e-0000-4000-8000-000000000013", "72f988bf-0000-4000-8000-000000000014"));
        Assert.NotSame(first, SharedCredentials.Default());
    }

    [Fact]
    public async Task ManagedIdentity_SixteenConcurrentCallers_AllGetOneCredential()
    {
        using var start = new ManualResetEventSlim();
        var callers = Enumerable.Range(0, 16)
            .Select(_ => Task.Run(() =>
            {
                start.Wait();
                return SharedCredentials.ManagedIdentity("1b2c3d4e-0000-4000-8000-000000000015");
            }))
            .ToArray();

        start.Set();
        var credentials = await Task.WhenAll(callers);

        Assert.Single(credentials.Distinct());
    }

    [Fact]
    public void FromAccountUrl_TwoAccounts_ShareTheOneDefaultAzureCredential()
    {
        var lake = BlobAccount.FromAccountUrl(new Uri("https://lake.blob.core.windows.net"));
        var runs = BlobAccount.FromAccountUrl(new Uri("https://runs.blob.core.windows.net"));

        Assert.Same(lake.Credential, runs.Credential);
        Assert.Same(SharedCredentials.Default(), lake.Credential);
    }
}
