using System.Diagnostics;
using System.Globalization;
using System.Text;
using DurableIngest.Testing;

namespace DurableIngest.DurableTask.Tests.Hosting;

/// <summary>A real <c>durable-ingest worker</c> process on a task hub, its output captured; ended however a test chooses.</summary>
internal sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int? _exitCode;

    private WorkerProcess(Process process, string name)
    {
        _process = process;
        Name = name;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Name { get; }

    public int Id => _process.Id;

    public bool HasExited => _exitCode is not null || _process.HasExited;

    public int ExitCode => _exitCode ?? _process.ExitCode;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts a worker and waits until it has joined the hub (its start-up line), or fails with its output.</summary>
    public static async Task<WorkerProcess> StartAsync(string name, string work, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var worker = new WorkerProcess(CliProcess.Start(work, environment, ["worker", .. arguments]), name);
        // A test host that ends without disposing (a crash, a hang stopped by the blame timeout) takes its workers with it.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => worker.KillIfRunning();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await worker._started.Task.WaitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new InvalidOperationException($"worker {name} did not join the hub within 2 minutes:\n{worker.Output}");
        }

        return worker;
    }

    private void KillIfRunning()
    {
        try
        {
            if (_exitCode is null && !_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Disposed or gone already.
        }
    }

    /// <summary>kill -9: no chance to finish or hand anything back.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, as a service manager or Kubernetes stops a pod, then waits for the process to end.</summary>
    public async Task TerminateAsync(TimeSpan timeout)
    {
        using (var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", Id.ToString(CultureInfo.InvariantCulture) }, UseShellExecute = false }))
        {
            await kill!.WaitForExitAsync();
        }

        using var guard = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(guard.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (_exitCode is not null)
        {
            return;
        }

        if (!_process.HasExited)
        {
            try
            {
                await TerminateAsync(TimeSpan.FromSeconds(30));
            }
            catch (OperationCanceledException)
            {
                await KillAsync();
            }
        }

        _exitCode = _process.ExitCode;
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (line.Contains("on task hub", StringComparison.Ordinal))
        {
            _started.TrySetResult();
        }
    }
}
