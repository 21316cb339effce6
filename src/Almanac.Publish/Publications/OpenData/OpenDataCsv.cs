using System.Globalization;
using System.Text;
using Almanac.Domain;
using Almanac.Domain.Publishing;
using Almanac.Domain.Tables;
using CsvHelper;
using CsvHelper.Configuration;

namespace Almanac.Publish.Publications.OpenData;

/// <summary>
/// What the open-data writers share: RFC 4180 files in UTF-8, invariant numbers, checks on the tables they export, and
/// text cells kept from running as spreadsheet formulas (<see cref="SpreadsheetText"/>; numbers are written as they are).
/// </summary>
internal static class OpenDataCsv
{
    // CRLF whatever the machine: RFC 4180 asks for it, and the files must be byte-identical wherever they are written.
    private static readonly CsvConfiguration Configuration = new(CultureInfo.InvariantCulture) { NewLine = "\r\n" };

    // No byte order mark: RFC 4180 consumers (and HXL and SDMX tools) read it as part of the first header.
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Writes the records, each a list of fields, as one CSV file.</summary>
    public static async Task WriteAsync(string path, IEnumerable<IReadOnlyList<string>> records, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true);
        await using var writer = new StreamWriter(stream, Utf8);
        await WriteAsync(writer, records, cancellationToken);
    }

    /// <summary>The records as CSV text, exactly as <see cref="WriteAsync(string, IEnumerable{IReadOnlyList{string}}, CancellationToken)"/> writes them.</summary>
    public static string ToText(IEnumerable<IReadOnlyList<string>> records)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        WriteAsync(writer, records, CancellationToken.None).GetAwaiter().GetResult();
        return writer.ToString();
    }

    private static async Task WriteAsync(TextWriter writer, IEnumerable<IReadOnlyList<string>> records, CancellationToken cancellationToken)
    {
        await using var csv = new CsvWriter(writer, Configuration, leaveOpen: true);
        foreach (var record in records)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var field in record) csv.WriteField(SpreadsheetText.Cell(field));
            await csv.NextRecordAsync();
        }
        await csv.FlushAsync();
    }

    /// <summary>"2994", "47", "50.5", "-3": no grouping, a point for decimals, no trailing zeros from the store's DECIMAL(18,4).</summary>
    public static string Number(decimal value) =>
        value == 0 ? "0" : value.ToString("0.############################", CultureInfo.InvariantCulture);

    /// <summary>The unit a figure of this kind is expressed in, as the open-data files name it.</summary>
    public static string Unit(CellKind kind) => kind switch
    {
        CellKind.Count => "count",
        CellKind.Percent => "percent",
        CellKind.PercentagePointChange => "percentage points",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown cell kind."),
    };

    /// <summary>The figures of a table that answer coordinates (changes computed between cells have none and are left out).</summary>
    public static IEnumerable<(PublishedRow Row, string Column, PublishedCell Cell, FigureCoordinates Coordinates)> CoordinatedFigures(PublishedTable table)
    {
        foreach (var row in table.Rows.Where(r => r.Role != RowRole.SectionHeading && r.Cells.Count != table.Columns.Count))
        {
            throw new AlmanacException($"Table '{table.Id}': row '{row.Label}' has {row.Cells.Count} cells for {table.Columns.Count} columns.");
        }
        return table.Figures.Where(f => f.Cell.Coordinates is not null).Select(f => (f.Row, f.Column, f.Cell, f.Cell.Coordinates!));
    }

    /// <summary>Where a figure comes from: each source of its trace with the figure's lines, described in the publication's language; empty without one.</summary>
    public static string SourceOf(Publication publication, PublishedTable table, PublishedRow row, string column, PublishedCell cell)
    {
        foreach (var index in cell.Trace.Sources.Where(i => i < 0 || i >= publication.Sources.Count))
        {
            throw new AlmanacException(
                $"Table '{table.Id}', row '{row.Label}', column '{column}': the figure's trace names source {index}, but the publication lists {publication.Sources.Count} sources.");
        }
        return string.Join("; ", cell.Trace.Sources.Select(i => publication.Sources[i].Describe(publication.Labels.Lines, publication.Labels.Imported, cell.Trace.LinesOf(i))));
    }

    /// <summary>
    /// Checks that a file name the publication gives (a table's data file) is a plain name inside the output directory: a
    /// definition must not be able to write elsewhere, nor two tables into one file.
    /// </summary>
    public static void CheckFileNames(IEnumerable<(string Owner, string FileName)> files)
    {
        var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (owner, fileName) in files)
        {
            if (string.IsNullOrWhiteSpace(fileName) || fileName != Path.GetFileName(fileName) || fileName is "." or ".."
                || fileName.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || fileName.Contains('\\', StringComparison.Ordinal))
            {
                throw new AlmanacException($"{owner}: '{fileName}' is not a plain file name (no folders): open-data files are written side by side.");
            }
            if (seen.TryGetValue(fileName, out var other))
            {
                throw new AlmanacException($"{owner} and {other} would both be written to '{fileName}'.");
            }
            seen[fileName] = owner;
        }
    }
}
