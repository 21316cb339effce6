using System.Globalization;
using Almanac.Domain.Publishing;
using Almanac.Domain.Tables;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Cell = DocumentFormat.OpenXml.Spreadsheet.Cell;
using Column = DocumentFormat.OpenXml.Spreadsheet.Column;

namespace Almanac.Publish.Publications.Xlsx;

/// <summary>
/// Writes the publication as one workbook: a sheet per table (named by the table's id; title in A1, header row 2, rows
/// and stub column frozen, numbers stored as numbers, empty cells left empty), then a sheet of the sources and a sheet
/// of the findings, each finding linked to its table's sheet. A percentage is stored as a fraction (47% as 0.47) with
/// a per-cent format, as Excel itself stores one, so that formulas and charts built on the sheet read it right.
/// </summary>
public sealed class XlsxWriter : SingleFileWriter
{
    /// <summary>Excel refuses longer sheet names.</summary>
    public const int MaxSheetName = 31;

    /// <summary>The columns of the sources sheet: identifiers a script can rely on in every language.</summary>
    public static IReadOnlyList<string> SourceColumns { get; } = ["id", "name", "kind", "lines", "imported"];

    /// <summary>The columns of the findings sheet, named as the findings JSON names its fields.</summary>
    public static IReadOnlyList<string> FindingColumns { get; } = ["table", "source", "line", "rule", "printed", "computed", "severity", "message"];

    public override string Format => "xlsx";

    protected override byte[] Bytes(Publication publication) => Write(publication);

    /// <summary>
    /// Sheet names for the tables, then the sources and findings sheets: characters Excel forbids replaced, cut to 31
    /// characters, and made unique the way Excel compares them (ignoring case) with a "~2" suffix.
    /// </summary>
    public static IReadOnlyList<string> SheetNames(Publication publication)
    {
        ArgumentNullException.ThrowIfNull(publication);
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "History" };
        var sources = Unique(SheetName(publication.Labels.Sources), taken);
        var findings = Unique(SheetName(publication.Labels.Findings), taken);
        return [.. publication.Tables.Select(t => Unique(SheetName(t.Id), taken)), sources, findings];
    }

    /// <summary>The workbook's bytes: the same publication gives the same bytes.</summary>
    public static byte[] Write(Publication publication)
    {
        ArgumentNullException.ThrowIfNull(publication);
        var names = SheetNames(publication);
        var tables = publication.Tables.ToList();
        return Package(publication.Title, publication.Language, names, (styles, strings) =>
        {
            var book = new Book(publication, styles, strings);
            var sheetOf = tables.Select((t, n) => (t.Id, Name: names[n])).ToDictionary(x => x.Id, x => x.Name, StringComparer.Ordinal);
            // Printed, every page of a table repeats the title, the header row and the row labels.
            return [.. names.Select((name, i) => i < tables.Count ? (book.TableSheet(tables[i], first: i == 0), $"{Quote(name)}!$A:$A,{Quote(name)}!$1:$2")
                : i == tables.Count ? (book.SourcesSheet(first: i == 0), (string?)null)
                : (book.FindingsSheet(sheetOf, first: i == 0), null))];
        });
    }

    /// <summary>
    /// Flat tables (<see cref="DataSheet"/>: a results table, a pivot) as one workbook, a sheet each: title in A1, the
    /// column names in row 2, numbers stored as numbers (a percentage as a fraction with a per-cent format), text as
    /// shared strings, which a spreadsheet never runs as a formula. The same sheets give the same bytes.
    /// </summary>
    public static byte[] Write(IReadOnlyList<DataSheet> sheets, string title, string language = "en")
    {
        ArgumentNullException.ThrowIfNull(sheets);
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var names = sheets.Select(s => Unique(SheetName(s.Id), taken)).ToList();
        return Package(title, language, names, (styles, strings) =>
        {
            var builder = new SheetBuilder(styles, strings);
            return [.. sheets.Select((sheet, i) => (builder.DataSheet(sheet, first: i == 0), (string?)$"{Quote(names[i])}!$1:$2"))];
        });
    }

    /// <summary>The package around the sheets: workbook, styles and strings parts with given relationship ids, repacked to fixed bytes.</summary>
    private static byte[] Package(string title, string language, IReadOnlyList<string> names,
        Func<XlsxStyles, SharedStrings, IReadOnlyList<(Worksheet Sheet, string? PrintTitles)>> build)
    {
        using var memory = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(memory, SpreadsheetDocumentType.Workbook))
        {
            CoreProperties.Add(document, title, language);
            // Relationship ids are given, never generated: generated ones are random.
            var workbookPart = document.AddNewPart<WorkbookPart>("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", "rIdWorkbook");
            var stylesPart = workbookPart.AddNewPart<WorkbookStylesPart>("rIdStyles");
            var stringsPart = workbookPart.AddNewPart<SharedStringTablePart>("rIdStrings");
            var styles = new XlsxStyles();
            var strings = new SharedStrings();
            var built = build(styles, strings);

            var sheets = new Sheets();
            var definedNames = new DefinedNames();
            for (var i = 0; i < names.Count; i++)
            {
                var part = workbookPart.AddNewPart<WorksheetPart>($"rIdSheet{i + 1}");
                part.Worksheet = built[i].Sheet;
                if (built[i].PrintTitles is { } titles) definedNames.Append(new DefinedName(titles) { Name = "_xlnm.Print_Titles", LocalSheetId = (uint)i });
                sheets.Append(new Sheet { Name = names[i], SheetId = (uint)(i + 1), Id = $"rIdSheet{i + 1}" });
            }

            var workbook = new Workbook(new BookViews(new WorkbookView { ActiveTab = 0 }), sheets);
            workbook.AddNamespaceDeclaration("r", "http://schemas.openxmlformats.org/officeDocument/2006/relationships");
            if (definedNames.HasChildren) workbook.Append(definedNames);
            workbookPart.Workbook = workbook;
            stylesPart.Stylesheet = styles.Stylesheet();
            stringsPart.SharedStringTable = strings.Table();
        }
        return DeterministicPackage.Repack(memory.ToArray());
    }

    internal static string SheetName(string name)
    {
        var cleaned = new string([.. name.Select(c => c is '[' or ']' or ':' or '*' or '?' or '/' or '\\' || char.IsControl(c) ? '-' : c)]).Trim().Trim('\'');
        if (cleaned.Length == 0) cleaned = "Sheet";
        return cleaned.Length > MaxSheetName ? cleaned[..MaxSheetName] : cleaned;
    }

    internal static string Unique(string name, HashSet<string> taken)
    {
        var candidate = name;
        for (var n = 2; !taken.Add(candidate); n++)
        {
            var suffix = "~" + n.ToString(CultureInfo.InvariantCulture);
            candidate = (name.Length + suffix.Length > MaxSheetName ? name[..(MaxSheetName - suffix.Length)] : name) + suffix;
        }
        return candidate;
    }

    private static string Quote(string sheet) => "'" + sheet.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>"A", "Z", "AA": the letters of a 1-based column.</summary>
    private static string ColumnLetters(int column)
    {
        var letters = "";
        for (; column > 0; column = (column - 1) / 26) letters = (char)('A' + ((column - 1) % 26)) + letters;
        return letters;
    }

    private static string Reference(int column, int row) => ColumnLetters(column) + row.ToString(CultureInfo.InvariantCulture);

    /// <summary>The shared strings of the workbook, in the order first used.</summary>
    private sealed class SharedStrings
    {
        private readonly Dictionary<string, int> index = new(StringComparer.Ordinal);
        private readonly List<string> strings = [];

        public int Add(string text)
        {
            if (index.TryGetValue(text, out var i)) return i;
            strings.Add(text);
            index[text] = strings.Count - 1;
            return strings.Count - 1;
        }

        public SharedStringTable Table() =>
            new(strings.Select(s => new SharedStringItem(new Text(s) { Space = s.Trim() == s ? null : SpaceProcessingModeValues.Preserve })))
            {
                Count = (uint)strings.Count,
                UniqueCount = (uint)strings.Count,
            };
    }

    /// <summary>Builds the sheets of a publication's workbook, sharing its styles and strings.</summary>
    private sealed class Book(Publication publication, XlsxStyles styles, SharedStrings strings) : SheetBuilder(styles, strings)
    {
        public Worksheet TableSheet(PublishedTable table, bool first)
        {
            var data = new SheetData();
            var columns = table.Columns.Count + 1;
            data.Append(new Row(TextCell(1, 1, table.Title, Styles.Text(XlsxStyles.TitleFont))) { RowIndex = 1 });
            var header = new Row { RowIndex = 2 };
            header.Append(TextCell(1, 2, table.StubHeader, Styles.Text(XlsxStyles.BoldFont, XlsxStyles.BottomBorder, XlsxStyles.Align.Wrap)));
            for (var c = 0; c < table.Columns.Count; c++)
            {
                header.Append(TextCell(c + 2, 2, table.Columns[c], Styles.Text(XlsxStyles.BoldFont, XlsxStyles.BottomBorder, XlsxStyles.Align.RightWrap)));
            }
            data.Append(header);

            var rowIndex = 3;
            foreach (var row in table.Rows)
            {
                var bold = row.Role is RowRole.Total or RowRole.SectionHeading;
                var font = bold ? XlsxStyles.BoldFont : XlsxStyles.RegularFont;
                var sheetRow = new Row { RowIndex = (uint)rowIndex };
                sheetRow.Append(TextCell(1, rowIndex, row.Label, Styles.Text(font)));
                if (row.Role != RowRole.SectionHeading)
                {
                    for (var c = 0; c < table.Columns.Count && c < row.Cells.Count; c++)
                    {
                        if (FigureCell(c + 2, rowIndex, row.Cells[c], font) is { } cell) sheetRow.Append(cell);
                    }
                }
                data.Append(sheetRow);
                rowIndex++;
            }

            // Notes follow a blank row, as beneath a printed table.
            rowIndex++;
            foreach (var note in table.Notes)
            {
                data.Append(new Row(TextCell(1, rowIndex, note, Styles.Text(XlsxStyles.ItalicFont))) { RowIndex = (uint)rowIndex });
                rowIndex++;
            }

            var stubWidth = Math.Clamp(table.Rows.Select(r => r.Label.Length).Append(table.StubHeader.Length).Max() + 2, 12, 60);
            var cols = new Columns(new Column { Min = 1, Max = 1, Width = stubWidth, CustomWidth = true });
            for (var c = 0; c < table.Columns.Count; c++)
            {
                var width = Math.Clamp(table.Columns[c].Length + 2, 10, 20);
                cols.Append(new Column { Min = (uint)(c + 2), Max = (uint)(c + 2), Width = width, CustomWidth = true });
            }
            return new Worksheet(
                Views(first, rows: 2, stub: columns > 1),
                new SheetFormatProperties { DefaultRowHeight = 15 },
                cols,
                data,
                Margins());
        }

        public Worksheet SourcesSheet(bool first)
        {
            var data = new SheetData(HeaderRow(SourceColumns));
            var rowIndex = 2;
            foreach (var source in publication.Sources)
            {
                var row = new Row { RowIndex = (uint)rowIndex };
                row.Append(
                    NumberCell(1, rowIndex, source.SourceId.ToString(CultureInfo.InvariantCulture), Styles.Text()),
                    TextCell(2, rowIndex, source.Name, Styles.Text()),
                    TextCell(3, rowIndex, source.Kind, Styles.Text()));
                if (source.Lines.Count > 0)
                {
                    row.Append(TextCell(4, rowIndex, string.Join(", ", source.Lines.Select(l => l.ToString(CultureInfo.InvariantCulture))), Styles.Text()));
                }
                if (source.ImportedAt is { } imported)
                {
                    // A date is a number in a workbook: days since 1899-12-30, in UTC as the store keeps it.
                    var serial = imported.UtcDateTime.ToOADate().ToString("R", CultureInfo.InvariantCulture);
                    row.Append(NumberCell(5, rowIndex, serial, Styles.DateTime()));
                }
                data.Append(row);
                rowIndex++;
            }
            return new Worksheet(
                Views(first, rows: 1, stub: false),
                new SheetFormatProperties { DefaultRowHeight = 15 },
                Widths([8, 40, 20, 24, 18]),
                data,
                Margins());
        }

        public Worksheet FindingsSheet(Dictionary<string, string> sheetOf, bool first)
        {
            var data = new SheetData(HeaderRow(FindingColumns));
            var links = new Hyperlinks();
            var rowIndex = 2;
            foreach (var published in publication.Findings)
            {
                var finding = published.Finding;
                var row = new Row { RowIndex = (uint)rowIndex };
                var table = published.TableId ?? finding.Table;
                row.Append(TextCell(1, rowIndex, table, Styles.Text()));
                if (published.TableId is { } id && sheetOf.TryGetValue(id, out var sheet))
                {
                    links.Append(new Hyperlink { Reference = Reference(1, rowIndex), Location = $"{Quote(sheet)}!A1", Display = table });
                }
                if (finding.Source is { } source) row.Append(TextCell(2, rowIndex, source, Styles.Text()));
                if (finding.Line is { } line) row.Append(NumberCell(3, rowIndex, line.ToString(CultureInfo.InvariantCulture), Styles.Text()));
                row.Append(TextCell(4, rowIndex, finding.Rule, Styles.Text()));
                if (finding.Printed is { } printed) row.Append(NumberCell(5, rowIndex, Invariant(printed), Styles.Number(CellKind.Count, printed)));
                if (finding.Computed is { } computed) row.Append(NumberCell(6, rowIndex, Invariant(computed), Styles.Number(CellKind.Count, computed)));
                row.Append(
                    TextCell(7, rowIndex, finding.Severity.ToString().ToLowerInvariant(), Styles.Text()),
                    TextCell(8, rowIndex, finding.Message, Styles.Text()));
                data.Append(row);
                rowIndex++;
            }
            var worksheet = new Worksheet(
                Views(first, rows: 1, stub: false),
                new SheetFormatProperties { DefaultRowHeight = 15 },
                Widths([14, 28, 8, 24, 12, 12, 10, 80]),
                data);
            if (links.HasChildren) worksheet.Append(links);
            worksheet.Append(Margins());
            return worksheet;
        }

        /// <summary>A figure: a number, the not-applicable mark as text, or nothing for an empty cell.</summary>
        private Cell? FigureCell(int column, int row, PublishedCell cell, uint font)
        {
            var fill = cell.Trace.HasFindings ? XlsxStyles.FindingFill : XlsxStyles.NoFill;
            if (cell.NotApplicable) return TextCell(column, row, NumberFormat.Format(cell.AsCell, publication.Language), Styles.Text(font, align: XlsxStyles.Align.Right, fill: fill));
            if (cell.Value is not { } value) return null;
            var stored = cell.Kind == CellKind.Percent ? value / 100 : value;
            return NumberCell(column, row, Invariant(stored), Styles.Number(cell.Kind, value, font, fill));
        }
    }

    /// <summary>Cells, views and flat sheets of one workbook, sharing its styles and strings.</summary>
    private class SheetBuilder(XlsxStyles styles, SharedStrings strings)
    {
        protected XlsxStyles Styles => styles;

        /// <summary>A flat table: its title, the column names, then a row per row; frozen below the names.</summary>
        public Worksheet DataSheet(DataSheet sheet, bool first)
        {
            var data = new SheetData(new Row(TextCell(1, 1, sheet.Title, styles.Text(XlsxStyles.TitleFont))) { RowIndex = 1 });
            var header = new Row { RowIndex = 2 };
            for (var c = 0; c < sheet.Columns.Count; c++)
            {
                var align = sheet.Columns[c].IsText ? XlsxStyles.Align.Wrap : XlsxStyles.Align.RightWrap;
                header.Append(TextCell(c + 1, 2, sheet.Columns[c].Name, styles.Text(XlsxStyles.BoldFont, XlsxStyles.BottomBorder, align)));
            }
            data.Append(header);
            var rowIndex = 3;
            foreach (var row in sheet.Rows)
            {
                var sheetRow = new Row { RowIndex = (uint)rowIndex };
                for (var c = 0; c < sheet.Columns.Count && c < row.Count; c++)
                {
                    var column = sheet.Columns[c];
                    if (column.Kind is not { } kind)
                    {
                        if (!string.IsNullOrEmpty(row[c].Text)) sheetRow.Append(TextCell(c + 1, rowIndex, row[c].Text!, styles.Text()));
                    }
                    else if (row[c].Number is { } value)
                    {
                        var stored = kind == CellKind.Percent ? value / 100 : value;
                        sheetRow.Append(NumberCell(c + 1, rowIndex, Invariant(stored), styles.Number(kind, value)));
                    }
                }
                data.Append(sheetRow);
                rowIndex++;
            }
            var widths = sheet.Columns.Select((column, c) => (double)Math.Clamp(
                sheet.Rows.Select(r => c < r.Count ? (r[c].Text?.Length ?? 10) : 0).Append(column.Name.Length).Max() + 2, column.IsText ? 12 : 10, column.IsText ? 60 : 20)).ToList();
            return new Worksheet(
                Views(first, rows: 2, stub: false),
                new SheetFormatProperties { DefaultRowHeight = 15 },
                Widths(widths),
                data,
                Margins());
        }

        protected Row HeaderRow(IReadOnlyList<string> names)
        {
            var row = new Row { RowIndex = 1 };
            for (var c = 0; c < names.Count; c++) row.Append(TextCell(c + 1, 1, names[c], styles.Text(XlsxStyles.BoldFont, XlsxStyles.BottomBorder)));
            return row;
        }

        protected Cell TextCell(int column, int row, string text, uint style) =>
            new()
            {
                CellReference = Reference(column, row),
                StyleIndex = style == 0 ? null : style,
                DataType = CellValues.SharedString,
                CellValue = new CellValue(strings.Add(text).ToString(CultureInfo.InvariantCulture)),
            };

        protected static Cell NumberCell(int column, int row, string number, uint style) =>
            new()
            {
                CellReference = Reference(column, row),
                StyleIndex = style == 0 ? null : style,
                CellValue = new CellValue(number),
            };

        protected static string Invariant(decimal value) => value.ToString(CultureInfo.InvariantCulture);

        /// <summary>Frozen panes below the header row(s) and, for tables, right of the row labels.</summary>
        protected static SheetViews Views(bool first, int rows, bool stub)
        {
            var topLeft = Reference(stub ? 2 : 1, rows + 1);
            var active = stub ? PaneValues.BottomRight : PaneValues.BottomLeft;
            return new SheetViews(new SheetView(
                new Pane
                {
                    HorizontalSplit = stub ? 1D : null,
                    VerticalSplit = rows,
                    TopLeftCell = topLeft,
                    ActivePane = active,
                    State = PaneStateValues.Frozen,
                },
                new DocumentFormat.OpenXml.Spreadsheet.Selection { Pane = active, ActiveCell = topLeft, SequenceOfReferences = new ListValue<StringValue> { InnerText = topLeft } })
            {
                TabSelected = first ? true : null,
                WorkbookViewId = 0,
            });
        }

        protected static Columns Widths(IReadOnlyList<double> widths) =>
            new(widths.Select((w, i) => new Column { Min = (uint)(i + 1), Max = (uint)(i + 1), Width = w, CustomWidth = true }));

        protected static PageMargins Margins() => new() { Left = 0.7, Right = 0.7, Top = 0.75, Bottom = 0.75, Header = 0.3, Footer = 0.3 };
    }
}
