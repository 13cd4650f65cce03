using System.Text;
using DurableIngest.Connectors;
using DurableIngest.Functions.Tests.Support;
using DurableIngest.RunStore;
using DurableIngest.Sinks.File;
using DurableIngest.Testing;
using DurableIngest.Workflow;

namespace DurableIngest.Functions.Tests.Orchestration;

/// <summary>
/// A connector that quotes the run's password in its errors, on both runtimes: the password reaches no orchestration
/// input, output, custom status, activity failure (with inner failures and stack traces), run-store document or summary;
/// the failures are still recorded, masked.
/// </summary>
[Collection(UsesEngines.Name)]
public sealed class SecretContainmentTests : IDisposable
{
    private const string PasswordVariable = "DI_FUNCTIONS_SECRET_TEST_PASSWORD";
    private const string Password = "Funct10ns-pa55word";
    private readonly string _catalog = Directory.CreateTempSubdirectory("di-secrets-").FullName;

    public SecretContainmentTests() => Environment.SetEnvironmentVariable(PasswordVariable, Password);

    public void Dispose() => Directory.Delete(_catalog, recursive: true);

    public static TheoryData<string, string> Cases()
    {
        var cases = new TheoryData<string, string>();
        foreach (var runtime in new[] { Runtimes.Local, Runtimes.DurableFunctions })
        {
            foreach (var fault in new[] { "exhausted", "per-entity", "discovery" })
            {
                cases.Add(runtime, fault);
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Run_ConnectorErrorQuotesThePassword_PasswordIsInNoPayloadDocumentOrSummary(string runtimeName, string fault)
    {
        var source = new ScriptedSource(30) { ErrorDetail = $"password={Password}" };
        switch (fault)
        {
            case "exhausted": source.TransientFailures[ScriptedSource.NameOf(10)] = -1; break;
            case "per-entity": source.PermanentChunkFailures.Add(ScriptedSource.NameOf(20)); break;
            default: source.FailDiscovery = true; break;
        }

        await using var runtime = await Runtimes.StartAsync(runtimeName, new ConnectorRegistry([source], [new FileSinkProvider()]));
        var workflow = ScriptedSource.Workflow(_catalog, maxAttempts: 2, successThreshold: 50, connectionConfig: $"password: ${{{PasswordVariable}}}");

        var run = await runtime.RunAsync(workflow, "quoted-secret");

        Assert.True(run.Result is not null, $"{run.RuntimeStatus} {run.Error}");
        var summary = await runtime.Store.ReadRequiredAsync<RunSummary>(run.Result.SummaryKey, CancellationToken.None);
        var messages = summary.Failures.Select(f => f.Message).Append(summary.Error ?? string.Empty);
        Assert.Contains(messages, m => m.EndsWith("(password=***)", StringComparison.Ordinal));
        Assert.NotEmpty(run.StoredPayloads);
        Assert.Empty(run.StoredPayloads.SelectMany(p => SecretScan.FindInText("orchestration payload", p, [Password])));
        Assert.Empty(await FindInStoreAsync(runtime.Store));
        Assert.Empty(SecretScan.Find([_catalog], [Password]));
    }

    private static async Task<List<string>> FindInStoreAsync(IRunStore store)
    {
        var found = new List<string>();
        foreach (var key in await store.ListAsync(string.Empty, CancellationToken.None))
        {
            if (await store.GetAsync(key, CancellationToken.None) is { } document)
            {
                found.AddRange(SecretScan.FindInText(key, Encoding.UTF8.GetString(document.Content.Span), [Password]));
            }
        }

        return found;
    }
}
