using Almanac.Domain;
using Almanac.Store;

namespace Almanac.Ingest.Staff;

/// <summary>Imports a staff list file into a store as one transaction; the same file again changes nothing.</summary>
public sealed class StaffImporter(IAlmanacStore store, TimeProvider clock)
{
    /// <summary>Whether the list may replace a year's list even with far fewer staff (<see cref="SourceInfo.Replace"/>).</summary>
    public bool Replace { get; init; }

    public async Task<ImportResult> ImportAsync(string path, int year, CancellationToken cancellationToken)
    {
        if (year is < 1945 or > 2100) throw new AlmanacException($"--year {year}: not a reporting year.");
        var reference = await store.LoadReferenceDataAsync(cancellationToken);
        if (reference.Countries.Count == 0) throw new AlmanacException($"{store.Description} has no reference data: run 'almanac init' first.");
        var rows = StaffListReader.Read(path, reference);
        var checksum = await StaffListReader.ChecksumAsync(path, cancellationToken);
        var source = new SourceInfo(SourceKinds.StaffList, Path.GetFileName(path), checksum, clock.GetUtcNow()) { Replace = Replace };
        return await store.ImportStaffListAsync(source, year, rows, cancellationToken);
    }
}
