using System.IO.Compression;
using System.Text;
using System.Xml;
using Almanac.Domain;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Almanac.Ingest.Staff;

/// <summary>
/// Streams the rows of a worksheet (the first, or one named) of an XLSX workbook as text cells, with their row numbers, within the bounds of
/// <see cref="InputLimits"/>: the zip's directory is checked before any part is opened (a small file may unzip to
/// gigabytes), and the sheet and its shared strings are read by an XML reader that refuses a DTD and counts rows, columns
/// and the characters of each cell as it goes, so that no cell or row is held in memory past its bound.
/// </summary>
internal static class XlsxRows
{
    private const string Ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    /// <summary>
    /// The rows of the sheet named <paramref name="sheet"/> (compared without case; the first sheet when null), lazily; the
    /// package's sizes are checked at once, before anything is unzipped.
    /// </summary>
    public static IEnumerable<(long Line, string[] Cells)> Read(string path, string name, string? sheet = null, bool refuseFormulas = false)
    {
        CheckPackage(path, name);
        return Rows(path, name, sheet, refuseFormulas);
    }

    /// <summary>The names of the workbook's sheets, in order, with whether each is hidden; the package's sizes checked first.</summary>
    public static IReadOnlyList<(string Name, bool Hidden)> Sheets(string path, string name)
    {
        CheckPackage(path, name);
        try
        {
            using var document = SpreadsheetDocument.Open(path, false);
            var workbook = document.WorkbookPart?.Workbook ?? throw new InputException(name, null, null, null, "the workbook has no sheets");
            return [.. (workbook.Sheets?.Elements<Sheet>() ?? []).Select(s => (s.Name?.Value ?? "", s.State?.Value is { } state && state != SheetStateValues.Visible))];
        }
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or FileFormatException or XmlException or InvalidOperationException)
        {
            throw new InputException(name, null, null, null, $"not a readable XLSX workbook ({Describe(e)})");
        }
    }

    private static IEnumerable<(long Line, string[] Cells)> Rows(string path, string name, string? wanted, bool refuseFormulas)
    {
        SpreadsheetDocument document;
        try
        {
            document = SpreadsheetDocument.Open(path, false);
        }
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or FileFormatException or XmlException)
        {
            throw new InputException(name, null, null, null, $"not a readable XLSX workbook ({Describe(e)})");
        }
        using (document)
        {
            var (sheetName, sheetPart, shared) = Open(document, name, wanted);
            // A part's deflated data may be damaged where its zip entry says it is fine: inflating it fails as it is read,
            // when the reader starts or at any row (InvalidDataException; found by bench/Almanac.Fuzz).
            using var sheet = Inflating(name, () => new SheetReader(sheetPart.GetStream(FileMode.Open, FileAccess.Read), name, sheetName, shared) { RefuseFormulas = refuseFormulas });
            while (Inflating(name, sheet.Next) is { } row) yield return row;
        }
    }

    private static T Inflating<T>(string name, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (InvalidDataException e)
        {
            throw new InputException(name, null, null, null, $"the workbook's zip is damaged: a part cannot be unzipped ({e.Message})");
        }
    }

    /// <summary>The sheet wanted (the first when null), its name and part, and the workbook's shared strings.</summary>
    private static (string Sheet, WorksheetPart Part, List<string> Shared) Open(SpreadsheetDocument document, string name, string? wanted)
    {
        try
        {
            var workbook = document.WorkbookPart ?? throw new InputException(name, null, null, null, "the workbook has no sheets");
            // An empty workbook part has no Workbook at all (a NullReferenceException; found by bench/Almanac.Fuzz).
            var sheets = (workbook.Workbook ?? throw new InputException(name, null, null, null, $"the workbook part {workbook.Uri} is empty"))
                .Sheets?.Elements<Sheet>().ToList() ?? [];
            var firstSheet = (wanted is null
                    ? sheets.FirstOrDefault()
                    : sheets.FirstOrDefault(s => string.Equals(s.Name?.Value?.Trim(), wanted, StringComparison.OrdinalIgnoreCase))
                        ?? throw new InputException(name, null, null, null,
                            $"the workbook has no sheet {InputLimits.Quote(wanted)} (it has: {InputLimits.Quote(string.Join(", ", sheets.Select(s => s.Name?.Value)))})"))
                ?? throw new InputException(name, null, null, null, "the workbook has no sheets");
            var sheetName = firstSheet.Name?.Value ?? "1";
            // A sheet without its part, or with a relationship id the workbook does not have, is said as such (OpenXml's
            // NullReferenceException and ArgumentOutOfRangeException; found by bench/Almanac.Fuzz).
            if (firstSheet.Id?.Value is not { Length: > 0 } id || !workbook.TryGetPartById(id, out var found))
            {
                throw new InputException(name, null, null, firstSheet.Id?.Value, $"sheet {InputLimits.Quote(sheetName)} refers to a part the workbook does not have");
            }
            var part = found as WorksheetPart
                ?? throw new InputException(name, null, null, null, $"sheet {InputLimits.Quote(sheetName)} is not a worksheet");
            var shared = new List<string>();
            if (workbook.SharedStringTablePart is { } strings)
            {
                using var reader = new SheetReader(strings.GetStream(FileMode.Open, FileAccess.Read), name, "shared strings", []);
                reader.ReadSharedStrings(shared);
            }
            return (sheetName, part, shared);
        }
        catch (XmlException e)
        {
            throw new InputException(name, null, null, null, $"the workbook's XML cannot be read ({Describe(e)})");
        }
        catch (Exception e) when (e is InvalidOperationException or InvalidDataException or OpenXmlPackageException or FileFormatException)
        {
            // OpenXml loads the parts the workbook's relationships name as it reads the workbook: one missing from the zip
            // is an InvalidOperationException ("Specified part does not exist in the package"), a workbook part whose root
            // is not a workbook an InvalidDataException (both found by bench/Almanac.Fuzz).
            throw new InputException(name, null, null, null, $"the workbook's parts do not fit together ({e.Message})");
        }
    }

    /// <summary>Refuses a package whose parts, as its zip directory states them, unzip past the bounds.</summary>
    private static void CheckPackage(string path, string name)
    {
        long total = 0;
        try
        {
            using var zip = ZipFile.OpenRead(path);
            foreach (var entry in zip.Entries)
            {
                if (entry.Length > InputLimits.MaxXlsxPartBytes)
                {
                    throw new InputException(name, null, null, null,
                        $"the part {entry.FullName} unzips to {InputLimits.Number(entry.Length)} bytes, more than the {InputLimits.Number(InputLimits.MaxXlsxPartBytes)} (256 MiB) a part of a workbook may have");
                }
                total += entry.Length;
                if (total > InputLimits.MaxXlsxUncompressedBytes)
                {
                    throw new InputException(name, null, null, null,
                        $"the workbook unzips to more than the {InputLimits.Number(InputLimits.MaxXlsxUncompressedBytes)} bytes (512 MiB) a workbook may have");
                }
            }
        }
        catch (InvalidDataException e)
        {
            throw new InputException(name, null, null, null, $"not a readable XLSX workbook ({e.Message})");
        }
    }

    private static string Describe(Exception e) =>
        e is XmlException && e.Message.Contains("DTD", StringComparison.Ordinal)
            ? "its XML declares a DTD (<!DOCTYPE …>), which a workbook never has"
            : e.Message;

    /// <summary>A sheet's or the shared strings' XML, read one row or string at a time.</summary>
    private sealed class SheetReader : IDisposable
    {
        private readonly XmlReader _xml;
        private readonly string _file;
        private readonly string _sheet;
        private readonly List<string> _shared;
        private long _rows;
        private long _lastRow;

        public SheetReader(Stream stream, string file, string sheet, List<string> shared)
        {
            _file = file;
            _sheet = sheet;
            _shared = shared;
            _xml = XmlReader.Create(stream, new XmlReaderSettings
            {
                DtdProcessing = DtdProcessing.Prohibit,
                XmlResolver = null,
                // Whatever the zip's directory claimed, no part is read past the bound.
                MaxCharactersInDocument = InputLimits.MaxXlsxPartBytes,
                CloseInput = true,
            });
        }

        public void Dispose() => _xml.Dispose();

        /// <summary>Whether a cell holding a formula is refused (rather than read as the value its writer cached).</summary>
        public bool RefuseFormulas { get; init; }

        /// <summary>The next row of the sheet, or null at its end.</summary>
        public (long Line, string[] Cells)? Next()
        {
            try
            {
                while (_xml.Read())
                {
                    if (_xml.NodeType == XmlNodeType.Element && _xml.LocalName == "row" && _xml.NamespaceURI == Ns) return Row();
                }
                return null;
            }
            catch (XmlException e)
            {
                throw new InputException(_file, e.LineNumber, null, null, $"sheet {InputLimits.Quote(_sheet)}: the XML cannot be read ({Describe(e)})");
            }
        }

        /// <summary>Every string of the shared strings part, in order.</summary>
        public void ReadSharedStrings(List<string> strings)
        {
            try
            {
                while (_xml.Read())
                {
                    if (_xml.NodeType == XmlNodeType.Element && _xml.LocalName == "si" && _xml.NamespaceURI == Ns) strings.Add(RichText($"shared string {strings.Count}"));
                }
            }
            catch (XmlException e)
            {
                throw new InputException(_file, null, null, null, $"the shared strings cannot be read ({Describe(e)})");
            }
        }

        private (long Line, string[] Cells) Row()
        {
            if (++_rows > InputLimits.MaxSheetRows) throw Bad(_lastRow + 1, null, $"more than {InputLimits.Number(InputLimits.MaxSheetRows)} rows, the most a sheet may have");
            var number = _lastRow + 1;
            if (_xml.GetAttribute("r") is { } r)
            {
                if (!long.TryParse(r, out number) || number < 1 || number > InputLimits.MaxSheetRows)
                {
                    throw Bad(_lastRow + 1, null, $"row number {InputLimits.Quote(r)} is not one from 1 to {InputLimits.Number(InputLimits.MaxSheetRows)}");
                }
            }
            _lastRow = number;
            var cells = new List<string>();
            if (_xml.IsEmptyElement) return (number, []);
            var depth = _xml.Depth;
            while (_xml.Read() && !(_xml.NodeType == XmlNodeType.EndElement && _xml.Depth == depth))
            {
                if (_xml.NodeType != XmlNodeType.Element || _xml.LocalName != "c" || _xml.NamespaceURI != Ns) continue;
                var reference = _xml.GetAttribute("r");
                var column = reference is null ? cells.Count : Column(reference, number);
                if (column < cells.Count) throw Bad(number, reference, "the cell comes after a cell to its right");
                while (cells.Count < column) cells.Add("");
                cells.Add(Cell(reference ?? $"#{column + 1}", number));
            }
            return (number, [.. cells]);
        }

        /// <summary>"C12" → 2 (zero-based column), refused past <see cref="InputLimits.MaxSheetColumns"/> before it is computed further.</summary>
        private int Column(string reference, long row)
        {
            var index = 0;
            foreach (var ch in reference)
            {
                if (!char.IsAsciiLetter(ch)) break;
                index = index * 26 + (char.ToUpperInvariant(ch) - 'A' + 1);
                if (index > InputLimits.MaxSheetColumns)
                {
                    throw Bad(row, reference, $"the column is beyond AMJ, the {InputLimits.Number(InputLimits.MaxSheetColumns)}th, the last a row may reach");
                }
            }
            return index == 0 ? throw Bad(row, reference, "not a cell reference") : index - 1;
        }

        /// <summary>A cell's text: its value, the shared string it points to, or its inline string.</summary>
        private string Cell(string reference, long row)
        {
            var type = _xml.GetAttribute("t");
            if (_xml.IsEmptyElement) return "";
            var depth = _xml.Depth;
            var text = "";
            while (_xml.Read() && !(_xml.NodeType == XmlNodeType.EndElement && _xml.Depth == depth))
            {
                if (_xml.NodeType != XmlNodeType.Element || _xml.NamespaceURI != Ns) continue;
                if (_xml.LocalName == "f" && RefuseFormulas) throw Bad(row, reference, "the cell holds a formula: type the value itself");
                if (_xml.LocalName == "v") text = Text(reference, row);
                else if (_xml.LocalName == "is") text = RichText(reference, row);
            }
            if (type == "s")
            {
                return int.TryParse(text, out var i) && i >= 0 && i < _shared.Count ? _shared[i] : throw Bad(row, reference, $"no shared string {InputLimits.Quote(text)}");
            }
            return text;
        }

        /// <summary>The text of a string item (<c>si</c>, <c>is</c>): its <c>t</c> elements, runs included, not phonetic guides.</summary>
        private string RichText(string where, long? row = null)
        {
            if (_xml.IsEmptyElement) return "";
            var depth = _xml.Depth;
            var text = new StringBuilder();
            // Skip leaves the reader on the node after the guide, which must be looked at before reading on.
            var skipped = false;
            while ((skipped || _xml.Read()) && !(_xml.NodeType == XmlNodeType.EndElement && _xml.Depth == depth))
            {
                skipped = false;
                if (_xml.NodeType != XmlNodeType.Element || _xml.NamespaceURI != Ns) continue;
                if (_xml.LocalName == "rPh")
                {
                    _xml.Skip();
                    skipped = true;
                }
                else if (_xml.LocalName == "t") text.Append(Text(where, row, text.Length));
            }
            return text.ToString();
        }

        /// <summary>The text of the current element, read in chunks and refused once past <see cref="InputLimits.MaxCellLength"/>.</summary>
        private string Text(string where, long? row, int before = 0)
        {
            if (_xml.IsEmptyElement) return "";
            var text = new StringBuilder();
            var chunk = new char[4096];
            while (_xml.Read() && _xml.NodeType is XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace)
            {
                int read;
                while ((read = _xml.ReadValueChunk(chunk, 0, chunk.Length)) > 0)
                {
                    if (before + text.Length + read > InputLimits.MaxCellLength)
                    {
                        throw Bad(row, where, $"the cell's text is longer than the {InputLimits.Number(InputLimits.MaxCellLength)} characters a cell may have");
                    }
                    text.Append(chunk, 0, read);
                }
            }
            return text.ToString();
        }

        private InputException Bad(long? row, string? cell, string problem) =>
            new(_file, row, null, null, cell is null ? $"sheet {InputLimits.Quote(_sheet)}: {problem}" : $"sheet {InputLimits.Quote(_sheet)}, cell {InputLimits.Quote(cell)}: {problem}");
    }
}
