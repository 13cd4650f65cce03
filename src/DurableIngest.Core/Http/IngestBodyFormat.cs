namespace DurableIngest.Http;

/// <summary>How an ingest request's body was written.</summary>
public enum IngestBodyFormat
{
    Yaml,
    Json,
}
