using System.Net;
using DurableIngest.Functions.Tests.Http;
using DurableIngest.Functions.Tests.Support;
using DurableIngest.Http;
using DurableIngest.RunStore;
using DurableIngest.Testing;

namespace DurableIngest.Functions.Tests.Hostile;

/// <summary>
/// Every case of <see cref="HostileInputs"/> at every front door it applies to: a file given to
/// <c>durable-ingest ingest</c>, a body posted to <c>serve</c>, and the same body through the Functions app's HTTP
/// function. Each gets the right answer naming what is wrong, writes nothing, and the host answers the next request.
/// </summary>
[Collection(UsesEngines.Name)]
public sealed class HostileInputTests(FrontDoors doors) : IClassFixture<FrontDoors>
{
    public static TheoryData<string> FileCases() =>
        new(HostileInputs.For("/root").Where(c => c.FileExitCode is not null).Select(c => c.Name));

    public static TheoryData<string, string> HttpCases()
    {
        var cases = new TheoryData<string, string>();
        foreach (var input in HostileInputs.For("/root"))
        {
            cases.Add(ApiHosts.Serve, input.Name);
            cases.Add(ApiHosts.Functions, input.Name);
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(FileCases))]
    public async Task Ingest_HostileWorkflowFile_ExitsAsExpectedNamingTheProblemAndWritesNothingWhenRefused(string name)
    {
        var input = doors.Case(name);
        var work = Directory.CreateTempSubdirectory("di-hostile-file-").FullName;
        try
        {
            var file = Path.Combine(work, "workflow.yaml");
            await File.WriteAllBytesAsync(file, input.Body);

            var result = await CliProcess.RunAsync(work, "ingest", "-c", file, "--run-id", "hostile");

            Assert.True(result.ExitCode == input.FileExitCode, $"exit {result.ExitCode}\n{result.Output}\n{result.Error}");
            if (input.FileExitCode == 2)
            {
                Assert.True(result.Error.Contains(input.Fragment, StringComparison.Ordinal), $"'{input.Fragment}' not in:\n{result.Error}");
                Assert.Equal([file], Directory.GetFileSystemEntries(work));
            }
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [Theory]
    [MemberData(nameof(HttpCases))]
    public async Task Post_HostileWorkflow_IsAnsweredAsExpectedStoresNothingWhenRefusedAndTheHostAnswersTheNextRequest(string hostName, string name)
    {
        var input = doors.Case(name);
        var host = doors.Host(hostName);
        var before = await RunIdsAsync(host);

        var reply = await host.SendAsync(HttpMethod.Post, IngestApi.Route + input.Query, input.Body, input.ContentType);

        Assert.True(reply.Status == input.HttpStatus, reply.ToString());
        if (input.HttpStatus != HttpStatusCode.Accepted)
        {
            Assert.True(reply.Body.Contains(input.Fragment, StringComparison.Ordinal), $"'{input.Fragment}' not in:\n{reply.Body}");
            Assert.Equal(before, await RunIdsAsync(host));
            Assert.False(Directory.Exists("/" + HostileInputs.Escape), "nothing is written outside the root");
        }

        var next = await host.SendAsync(HttpMethod.Get, IngestApi.Route);
        Assert.Equal(HttpStatusCode.OK, next.Status);
    }

    // Runs accepted by earlier cases keep writing their documents; what must not change is which runs exist.
    private static async Task<string[]> RunIdsAsync(IIngestApiHost host) =>
        [.. (await host.Store.ListAsync(RunKeys.RunsPrefix, CancellationToken.None)).Select(key => key.Split('/')[1]).Distinct().Order(StringComparer.Ordinal)];
}
