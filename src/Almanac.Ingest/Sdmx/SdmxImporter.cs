using System.Text;
using Almanac.Domain;
using Almanac.Ingest.Staff;
using Almanac.Store;

namespace Almanac.Ingest.Sdmx;

/// <summary>What <c>import sdmx</c> did: the observation import's result, the dataflow and the figures left out as derived.</summary>
public sealed record SdmxImportResult(ImportResult Import, SdmxCsvContent Content);

/// <summary>
/// Imports an SDMX-CSV file of a dataflow Almanac publishes (<c>publish --format sdmx</c>) into the fact table:
/// <see cref="SdmxCsvReader"/> checks it against the store's structures and turns it into an observation file, which
/// the observation import loads (one transaction, the same rules; the same file again changes nothing).
/// </summary>
public sealed class SdmxImporter(IAlmanacStore store, TimeProvider clock)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public async Task<SdmxImportResult> ImportAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path)) throw new InputException(path, null, null, null, "no such file");
        var name = Path.GetFileName(path);
        var checksum = await StaffListReader.ChecksumAsync(path, cancellationToken);
        var countries = (await store.LoadReferenceDataAsync(cancellationToken)).Countries.Select(c => c.Iso3).ToHashSet(StringComparer.Ordinal);
        var structures = SdmxStructures.From(await store.FactCatalogAsync(cancellationToken), countries);

        var observations = Path.Combine(Path.GetTempPath(), $"almanac-sdmx-{Guid.NewGuid():N}.csv");
        try
        {
            SdmxCsvContent content;
            using (var input = new StreamReader(path, StrictUtf8, detectEncodingFromByteOrderMarks: true))
            await using (var output = new StreamWriter(observations, append: false, StrictUtf8))
            {
                content = SdmxCsvReader.Convert(name, input, structures, output);
            }
            // The observation file keeps the SDMX file's lines, so its errors (file, line, value) are the SDMX file's.
            var result = await store.ImportObservationsAsync(new SourceInfo(SourceKinds.Sdmx, name, checksum, clock.GetUtcNow()), observations, cancellationToken);
            return new SdmxImportResult(result, content);
        }
        finally
        {
            File.Delete(observations);
        }
    }
}
