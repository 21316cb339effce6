using Almanac.Domain;
using Almanac.Ingest.Hxl;
using Almanac.Ingest.Staff;
using Almanac.Store;

namespace Almanac.Ingest.Observations;

/// <summary>
/// Imports a long observation file (<c>measure,year,office,&lt;dimension…&gt;,value</c>, see
/// <see cref="Store.Facts.ObservationFile"/>) into the store's fact table: <c>new ObservationImporter(store, clock).ImportAsync(path, ct)</c>.
/// One transaction; the same file again (by SHA-256) changes nothing. An HXL-tagged file (<see cref="HxlImporter.IsHxl"/>)
/// goes through <see cref="HxlImporter"/> and its mapping instead.
/// </summary>
public sealed class ObservationImporter(IAlmanacStore store, TimeProvider clock)
{
    /// <summary>The HXL mapping an HXL-tagged file is read through; null: the shipped <c>data/hxl/mapping.yaml</c>.</summary>
    public HxlMapping? HxlMapping { get; init; }

    public async Task<ImportResult> ImportAsync(string path, CancellationToken cancellationToken) => (await ImportFileAsync(path, cancellationToken)).Import;

    /// <summary>Imports an observation file or an HXL-tagged one; <see cref="ObservationImport.Hxl"/> says which.</summary>
    public async Task<ObservationImport> ImportFileAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path)) throw new InputException(path, null, null, null, "no such file");
        if (HxlImporter.IsHxl(path))
        {
            var hxl = await new HxlImporter(store, clock) { Mapping = HxlMapping }.ImportAsync(path, cancellationToken);
            return new ObservationImport(hxl.Import, hxl);
        }
        if (HxlMapping is not null)
        {
            throw new InputException(Path.GetFileName(path), 1, null, null, $"an HXL mapping ({HxlMapping.Name}) was given, but the file has no hashtag row in its first {HxlCsvReader.MaxHashtagRow} lines");
        }
        var checksum = await StaffListReader.ChecksumAsync(path, cancellationToken);
        var source = new SourceInfo(SourceKinds.Observations, Path.GetFileName(path), checksum, clock.GetUtcNow());
        return new ObservationImport(await store.ImportObservationsAsync(source, path, cancellationToken), null);
    }
}

/// <summary>What an observation import did; <paramref name="Hxl"/> is what an HXL-tagged file held, null for an observation file.</summary>
public sealed record ObservationImport(ImportResult Import, HxlImportResult? Hxl);
