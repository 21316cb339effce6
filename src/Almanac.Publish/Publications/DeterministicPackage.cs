using System.IO.Compression;

namespace Almanac.Publish.Publications;

/// <summary>
/// Makes an Open XML package byte-identical for the same content. System.IO.Packaging stamps every zip entry with the
/// time it was written; the entries are copied, in the order written, into a new archive with one fixed time.
/// </summary>
internal static class DeterministicPackage
{
    /// <summary>The earliest time a zip entry can hold, as reproducible-build tools use.</summary>
    public static readonly DateTimeOffset EntryTime = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static byte[] Repack(byte[] package)
    {
        using var input = new ZipArchive(new MemoryStream(package), ZipArchiveMode.Read);
        using var output = new MemoryStream();
        using (var archive = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            // Readers that sniff the type of a package look at the first entry: the content types go first.
            var entries = input.Entries.OrderBy(e => e.FullName == "[Content_Types].xml" ? 0 : 1);
            foreach (var entry in entries)
            {
                var copy = archive.CreateEntry(entry.FullName, CompressionLevel.Optimal);
                copy.LastWriteTime = EntryTime;
                using var from = entry.Open();
                using var to = copy.Open();
                from.CopyTo(to);
            }
        }
        return output.ToArray();
    }
}
