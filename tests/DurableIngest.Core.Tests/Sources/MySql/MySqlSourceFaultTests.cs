using DurableIngest.Core.Tests.Support;
using DurableIngest.Failures;
using DurableIngest.Sources.MySql;
using DurableIngest.Testing;
using DurableIngest.Workflow;
using Xunit;

namespace DurableIngest.Core.Tests.Sources.MySql;

[Collection(MariaDbServerFixture.Collection)]
public sealed class MySqlSourceFaultTests
{
    private readonly MariaDbServerFixture _server;

    public MySqlSourceFaultTests(MariaDbServerFixture server) => _server = server;

    [Fact]
    public async Task Discover_WrongPassword_FailsPermanentlyNamingTheHostAndUserButNotThePassword()
    {
        await using var source = SourceHarness.CreateSource(MySqlHarness.Workflow(_server.Server, null, password: "not-the-password-xyz"));

        var exception = await Assert.ThrowsAsync<MySqlConnectException>(() => source.DiscoverAsync(CancellationToken.None));

        Assert.False(ErrorClassifier.IsTransient(exception));
        Assert.StartsWith($"cannot connect to MySQL at {_server.Server.HostPort} as user '{MariaDbServer.User}': Access denied", exception.Message, StringComparison.Ordinal);
        Assert.Contains("check username and the password", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password-xyz", exception.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Discover_NothingListeningOnThePort_IsATransientFailureNamingTheHost()
    {
        var yaml = MySqlHarness.Workflow(_server.Server, null).Replace(_server.Server.HostPort, "127.0.0.1:1", StringComparison.Ordinal);
        await using var source = SourceHarness.CreateSource(yaml);

        var exception = await Assert.ThrowsAsync<MySqlConnectException>(() => source.DiscoverAsync(CancellationToken.None));

        Assert.True(ErrorClassifier.IsTransient(exception), exception.ToString());
        Assert.StartsWith("cannot connect to MySQL at 127.0.0.1:1 as user", exception.Message, StringComparison.Ordinal);
        Assert.Contains("check hostPort", exception.Message, StringComparison.Ordinal);
    }
}
