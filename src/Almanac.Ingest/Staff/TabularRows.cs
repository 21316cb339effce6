using System.Globalization;
using System.Text;
using System.Text.Unicode;
using Almanac.Domain;
using CsvHelper;
using CsvHelper.Configuration;

namespace Almanac.Ingest.Staff;

/// <summary>
/// The rows of a tabular input file as text cells with their line (CSV) or row (XLSX) numbers, within the bounds of
/// <see cref="InputLimits"/>: what every reader of a spreadsheet-like file (staff lists, projects) starts from.
/// </summary>
internal static class TabularRows
{
    /// <summary>
    /// The rows, lazily: of an XLSX workbook's sheet named <paramref name="sheet"/> (its first sheet when null), else of a
    /// CSV file in UTF-8.
    /// </summary>
    public static IEnumerable<(long Line, string[] Cells)> Read(string path, string name, string? sheet) =>
        IsWorkbook(path) ? XlsxRows.Read(path, name, sheet) : Csv(path, name);

    /// <summary>Whether the file is read as an XLSX workbook (by its extension).</summary>
    public static bool IsWorkbook(string path) => Path.GetExtension(path).Equals(".xlsx", StringComparison.OrdinalIgnoreCase);

    private static IEnumerable<(long Line, string[] Cells)> Csv(string path, string name)
    {
        CheckUtf8(path, name);
        using var reader = new StreamReader(path, new UTF8Encoding(false, true), detectEncodingFromByteOrderMarks: false);
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            DetectDelimiter = true,
            DetectDelimiterValues = [",", ";", "\t"],
            BadDataFound = args => throw new InputException(name, args.Context.Parser?.RawRow, null, args.Field, "malformed CSV (a stray quote?)"),
            // A cell is held to the bound as it is read: a stray quote would otherwise make the rest of the file one cell.
            MaxFieldSize = InputLimits.MaxCellLength,
        };
        using var parser = new CsvParser(reader, config);
        while (true)
        {
            // The record starts on the line after the previous one ended; a quoted cell may run over several lines.
            var start = parser.RawRow + 1;
            try
            {
                if (!parser.Read()) yield break;
            }
            catch (MaxFieldSizeException)
            {
                throw new InputException(name, start, null, null,
                    $"a cell of the row starting on this line is longer than the {InputLimits.Number(InputLimits.MaxCellLength)} characters a cell may have (a stray quote?)");
            }
            yield return (parser.RawRow, parser.Record ?? []);
        }
    }

    /// <summary>Fails with the line of the first byte sequence that is not UTF-8 (a Latin-1 export, say).</summary>
    private static void CheckUtf8(string path, string name)
    {
        using var stream = File.OpenRead(path);
        var buffer = new byte[1 << 16];
        var chars = new char[buffer.Length];
        long line = 1;
        var carried = 0;
        int read;
        var first = true;
        ReadOnlySpan<byte> utf16Le = [0xFF, 0xFE];
        ReadOnlySpan<byte> utf16Be = [0xFE, 0xFF];
        while ((read = stream.Read(buffer, carried, buffer.Length - carried)) > 0 || carried > 0)
        {
            var length = carried + read;
            var data = buffer.AsSpan(0, length);
            if (first)
            {
                first = false;
                if (!data.StartsWith("\uFEFF"u8) && (data.StartsWith(utf16Le) || data.StartsWith(utf16Be)))
                {
                    throw new InputException(name, 1, null, null, "the file is UTF-16: save it as CSV UTF-8");
                }
            }
            var status = Utf8.ToUtf16(data, chars, out var consumed, out _, replaceInvalidSequences: false, isFinalBlock: read == 0);
            line += data[..consumed].Count((byte)'\n');
            if (status == System.Buffers.OperationStatus.InvalidData)
            {
                throw new InputException(name, line, null, $"0x{data[consumed]:X2}", "the file is not UTF-8 (is it Latin-1 or Windows-1252?): save it as CSV UTF-8");
            }
            carried = length - consumed;
            data[consumed..].CopyTo(buffer);
            if (read == 0) break;
        }
    }
}
