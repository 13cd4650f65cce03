namespace DurableIngest.Storage.Blob;

/// <summary>A blob's content and the ETag to make a later write conditional on.</summary>
public sealed record BlobDownload(ReadOnlyMemory<byte> Content, string ETag);
