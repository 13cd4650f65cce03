using DurableIngest.Connectors;

namespace DurableIngest.Http;

/// <summary>The answer of <c>POST /api/test-connection</c>: whether every step passed, and each step.</summary>
public sealed record ConnectionTestDocument(bool Passed, IReadOnlyList<ConnectionStep> Steps);
