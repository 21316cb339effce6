using Almanac.Domain;
using Almanac.Ingest.Staff;
using Almanac.Store;

namespace Almanac.Ingest.Observations;

/// <summary>
/// Imports a long observation file (<c>measure,year,office,&lt;dimension…&gt;,value</c>, see
/// <see cref="Store.Facts.ObservationFile"/>) into the store's fact table: <c>new ObservationImporter(store, clock).ImportAsync(path, ct)</c>.
/// One transaction; the same file again (by SHA-256) changes nothing.
/// </summary>
public sealed class ObservationImporter(IAlmanacStore store, TimeProvider clock)
{
    public async Task<ImportResult> ImportAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path)) throw new InputException(path, null, null, null, "no such file");
        var checksum = await StaffListReader.ChecksumAsync(path, cancellationToken);
        var source = new SourceInfo(SourceKinds.Observations, Path.GetFileName(path), checksum, clock.GetUtcNow());
        return await store.ImportObservationsAsync(source, path, cancellationToken);
    }
}
