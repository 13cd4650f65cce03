using DurableIngest.Core.Tests.Support;
using DurableIngest.RunStore;
using DurableIngest.RunStore.InMemory;
using DurableIngest.Secrets;
using DurableIngest.Workflow;

namespace DurableIngest.Core.Tests.Workflow;

public sealed class RunConfigProviderTests
{
    private readonly InMemoryRunStore _store = new();
    private readonly SecretVault _vault = new();

    [Fact]
    public async Task GetRedactorAsync_PasswordIsAnEnvironmentReference_MasksTheResolvedValue()
    {
        var provider = await StartAsync(TestWorkflows.WithReference);

        var redactor = await provider.GetRedactorAsync("run-1", CancellationToken.None);

        Assert.Equal("password authentication failed: ***", redactor.Redact("password authentication failed: from-the-environment"));
    }

    [Fact]
    public async Task GetRedactorAsync_PasswordIsALiteralHeldInTheVault_MasksIt()
    {
        var provider = await StartAsync(TestWorkflows.WithLiteralPassword);

        var redactor = await provider.GetRedactorAsync("run-1", CancellationToken.None);

        Assert.Equal("password authentication failed: ***", redactor.Redact("password authentication failed: hunter2-literal"));
    }

    [Fact]
    public async Task GetRedactorAsync_AfterTheConfigurationWasLoaded_NeedsNoStoreRead()
    {
        var provider = await StartAsync(TestWorkflows.WithReference);
        await provider.GetAsync("run-1", CancellationToken.None);
        await _store.DeleteAsync(RunKeys.Config("run-1"), CancellationToken.None);

        var redactor = await provider.GetRedactorAsync("run-1", CancellationToken.None);

        Assert.Equal("***", redactor.Redact("from-the-environment"));
    }

    [Fact]
    public async Task GetRedactorAsync_NoStoredConfiguration_MasksTheLiteralsThisProcessHolds()
    {
        var provider = await StartAsync(TestWorkflows.WithLiteralPassword);
        await _store.DeleteAsync(RunKeys.Config("run-1"), CancellationToken.None);

        var redactor = await provider.GetRedactorAsync("run-1", CancellationToken.None);

        Assert.Equal("***", redactor.Redact("hunter2-literal"));
    }

    private async Task<RunConfigProvider> StartAsync(string workflow)
    {
        var config = TestWorkflows.Loader().Load(workflow, "test.yaml");
        await new RunStarter(_store, _vault, TimeProvider.System).CreateAsync("run-1", config, null, null, CancellationToken.None);
        return new RunConfigProvider(_store, TestWorkflows.Connectors(), _vault, name => name == TestWorkflows.PasswordVariable ? "from-the-environment" : null);
    }
}
