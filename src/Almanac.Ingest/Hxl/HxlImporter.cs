using System.Security.Cryptography;
using System.Text;
using Almanac.Domain;
using Almanac.Ingest.Staff;
using Almanac.Store;
using Almanac.Store.Facts;

namespace Almanac.Ingest.Hxl;

/// <summary>What an HXL import did: the observation import's result, what the file held and the mapping read through.</summary>
public sealed record HxlImportResult(ImportResult Import, HxlCsvContent Content, string Mapping);

/// <summary>
/// Imports an HXL-tagged CSV file into the fact table: <see cref="HxlCsvReader"/> checks it through the mapping and turns
/// it into an observation file, which the observation import loads (one transaction, the same rules; the same file
/// through the same mapping again changes nothing), so the ordinary observation import stays as it is.
/// </summary>
public sealed class HxlImporter(IAlmanacStore store, TimeProvider clock)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The mapping to read through; null: the shipped <c>data/hxl/mapping.yaml</c>.</summary>
    public HxlMapping? Mapping { get; init; }

    /// <summary>Whether a file is HXL-tagged: its first line is not an observation file's header, and one of its first 25 lines is a hashtag row.</summary>
    public static bool IsHxl(string path)
    {
        using var reader = new StreamReader(path, StrictUtf8, detectEncodingFromByteOrderMarks: true);
        var lines = new CsvLines(reader, Path.GetFileName(path), "a CSV file");
        try
        {
            if (lines.Next(1) is not { } first || first.Split(',')[0].Trim(' ') == "measure") return false;
        }
        catch (InputException)
        {
            return false; // Not UTF-8, or a first line past the bound: the observation import says so in its own words.
        }
        using var again = new StreamReader(path, StrictUtf8, detectEncodingFromByteOrderMarks: true);
        try
        {
            return HxlCsvReader.FindHashtagRow(new CsvLines(again, Path.GetFileName(path), "an HXL file"), Path.GetFileName(path)) is not null;
        }
        catch (InputException)
        {
            return false; // A line that is not CSV before any hashtag row: not HXL-tagged.
        }
    }

    public async Task<HxlImportResult> ImportAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path)) throw new InputException(path, null, null, null, "no such file");
        var name = Path.GetFileName(path);
        var mapping = Mapping ?? HxlMapping.Default();
        // The same file read through another mapping gives other facts: the checksum that makes a second import a no-op covers both.
        var checksum = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(await StaffListReader.ChecksumAsync(path, cancellationToken) + "\n" + mapping.Text)));
        var countries = (await store.LoadReferenceDataAsync(cancellationToken)).Countries.Select(c => c.Iso3).ToHashSet(StringComparer.Ordinal);

        var observations = Path.Combine(Path.GetTempPath(), $"almanac-hxl-{Guid.NewGuid():N}.csv");
        try
        {
            HxlCsvContent content;
            using (var input = new StreamReader(path, StrictUtf8, detectEncodingFromByteOrderMarks: true))
            await using (var output = new StreamWriter(observations, append: false, StrictUtf8))
            {
                content = HxlCsvReader.Convert(name, input, mapping, countries, output);
            }
            try
            {
                var result = await store.ImportObservationsAsync(new SourceInfo(SourceKinds.Hxl, name, checksum, clock.GetUtcNow()), observations, cancellationToken);
                return new HxlImportResult(result, content, mapping.Name);
            }
            catch (InputException e) when (e.Line is >= 2 && e.Line - 2 < content.SourceLines.Count)
            {
                // The observation file's line is one figure of a line of the HXL file: name that line.
                throw new InputException(name, content.SourceLines[(int)(e.Line.Value - 2)], e.Column, e.Value, e.Problem);
            }
        }
        finally
        {
            File.Delete(observations);
        }
    }
}
