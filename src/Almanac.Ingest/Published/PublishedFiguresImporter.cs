using System.Security.Cryptography;
using Almanac.Store;

namespace Almanac.Ingest.Published;

/// <summary>Imports the figures a report printed (from the project's data files) as one source.</summary>
public sealed class PublishedFiguresImporter(IAlmanacStore store, TimeProvider clock)
{
    /// <summary>Imports data/published/annual-report-YYYY-staff.csv as kept in the project.</summary>
    public async Task<ImportResult> ImportEmbeddedAsync(int reportYear, CancellationToken cancellationToken)
    {
        var path = EmbeddedData.PublishedStaffFigures(reportYear);
        using var stream = EmbeddedData.Open(path);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, cancellationToken);
        var checksum = Convert.ToHexStringLower(SHA256.HashData(copy.ToArray()));
        copy.Position = 0;
        var name = "data/" + path;
        var observations = PublishedFigures.ToObservations(PublishedFigures.Read(copy, name), name);
        return await store.ImportPublishedFiguresAsync(new SourceInfo(SourceKinds.PublishedFigures, name, checksum, clock.GetUtcNow()), observations, cancellationToken);
    }
}
