using System.Diagnostics;
using System.Globalization;

namespace DurableIngest.Cli.Output;

/// <summary>
/// With <c>DURABLE_INGEST_DIAGNOSTICS=1</c>, prints where the process spent its time on exit — JIT, GC pauses,
/// allocations, CPU — so a slow run can be attributed without a profiler.
/// </summary>
internal static class RuntimeDiagnostics
{
    public const string EnvironmentVariable = "DURABLE_INGEST_DIAGNOSTICS";

    public static bool Enabled => Environment.GetEnvironmentVariable(EnvironmentVariable) is "1" or "true";

    public static void Print(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        using var process = Process.GetCurrentProcess();
        var wall = DateTime.UtcNow - process.StartTime.ToUniversalTime();
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"diagnostics: wall {wall.TotalSeconds:F2} s, cpu {process.UserProcessorTime.TotalSeconds:F2} s user + {process.PrivilegedProcessorTime.TotalSeconds:F2} s sys, " +
            $"jit {System.Runtime.JitInfo.GetCompilationTime().TotalSeconds:F2} s ({System.Runtime.JitInfo.GetCompiledMethodCount():N0} methods), " +
            $"gc pauses {GC.GetTotalPauseDuration().TotalSeconds:F2} s (gen0 {GC.CollectionCount(0)}, gen1 {GC.CollectionCount(1)}, gen2 {GC.CollectionCount(2)}), " +
            $"allocated {GC.GetTotalAllocatedBytes() / 1048576.0:F0} MB, peak working set {process.PeakWorkingSet64 / 1048576.0:F0} MB, " +
            $"thread pool {ThreadPool.ThreadCount} threads / {ThreadPool.CompletedWorkItemCount:N0} work items"));
    }
}
