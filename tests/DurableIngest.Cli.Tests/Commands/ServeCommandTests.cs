using System.Diagnostics;
using DurableIngest.Cli.Hosting;
using DurableIngest.Testing;

namespace DurableIngest.Cli.Tests.Commands;

/// <summary><c>durable-ingest serve</c> as a real process: what it refuses before listening, and how it stops.</summary>
public sealed class ServeCommandTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("di-serve-cli-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Theory]
    [InlineData("http://0.0.0.0:0")]
    [InlineData("http://*:0")]
    [InlineData("http://127.0.0.1:0;http://[::]:0")]
    public async Task Serve_AddressBeyondLoopbackWithoutAKey_RefusesToStartWithExitCode2(string urls)
    {
        var result = await CliProcess.RunAsync(_work, NoKey, "serve", "--urls", urls);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--urls", result.Error, StringComparison.Ordinal);
        Assert.Contains(ServeOptions.ApiKeySetting, result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_work, ".durable-ingest", "runs")));
    }

    [Fact]
    public async Task Serve_Sigterm_StopsGracefullyWithExitCode0()
    {
        using var process = CliProcess.Start(_work, NoKey, "serve", "--urls", "http://127.0.0.1:0");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = new System.Text.StringBuilder();
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.ErrorDataReceived += (_, e) =>
        {
            lock (error)
            {
                error.AppendLine(e.Data);
            }

            if (e.Data?.Contains("Listening on http://127.0.0.1:", StringComparison.Ordinal) == true)
            {
                listening.TrySetResult();
            }
        };
        process.BeginErrorReadLine();
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await listening.Task.WaitAsync(guard.Token);

        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(guard.Token);
        }

        await process.WaitForExitAsync(guard.Token);
        await output;
        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {error}");
    }

    private static Dictionary<string, string> NoKey => new() { [ServeOptions.ApiKeySetting] = string.Empty };
}
