using System.Xml.Linq;

namespace DurableIngest.Storage.Blob;

/// <summary>One page of a List Blobs answer (<c>EnumerationResults</c>): the blob names and the marker for the next page.</summary>
internal sealed record BlobListingPage(IReadOnlyList<string> Names, string? NextMarker)
{
    public static BlobListingPage Parse(byte[] xml)
    {
        using var stream = new MemoryStream(xml);
        var root = XDocument.Load(stream).Root ?? throw new FormatException("the List Blobs answer has no EnumerationResults element");
        var names = root.Element("Blobs")?.Elements("Blob")
            .Select(blob => blob.Element("Name"))
            .OfType<XElement>()
            .Select(name => (string?)name.Attribute("Encoded") == "true" ? Uri.UnescapeDataString(name.Value) : name.Value)
            .ToList() ?? [];
        var marker = root.Element("NextMarker")?.Value;
        return new BlobListingPage(names, string.IsNullOrEmpty(marker) ? null : marker);
    }
}
