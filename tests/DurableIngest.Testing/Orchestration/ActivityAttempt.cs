using DurableIngest.Workflow.Orchestration;

namespace DurableIngest.Testing.Orchestration;

/// <summary>One attempt of an activity call, as the in-memory context ran it.</summary>
/// <param name="Name">The activity's name.</param>
/// <param name="Input">The input the orchestration passed.</param>
/// <param name="Attempt">1 for the first attempt, 2 for the first retry, and so on.</param>
/// <param name="StartedAt">The orchestration clock when the attempt began.</param>
/// <param name="DelayBefore">How long the retry policy waited before this attempt (zero for the first).</param>
/// <param name="Hedging">The hedging the orchestration asked for on this call (this context runs attempts one at a time).</param>
public sealed record ActivityAttempt(string Name, object Input, int Attempt, DateTime StartedAt, TimeSpan DelayBefore, ActivityHedging? Hedging = null);
