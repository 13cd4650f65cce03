using DurableIngest.Configuration;

namespace DurableIngest.Http;

/// <summary>The JSON body of a refused ingest request: what is wrong, and every problem with its YAML path and line.</summary>
public sealed record IngestErrorDocument(string Error, IReadOnlyList<ConfigProblem> Problems);
