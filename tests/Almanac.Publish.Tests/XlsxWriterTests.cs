using System.Globalization;
using Almanac.Domain.Publishing;
using Almanac.Domain.Tables;
using Almanac.Publish.Publications.Xlsx;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;
using Cell = DocumentFormat.OpenXml.Spreadsheet.Cell;

namespace Almanac.Publish.Tests;

/// <summary>
/// Reads the workbook back with DocumentFormat.OpenXml. ClosedXML is not used: the only version the package source
/// holds, 0.95.4, is built against DocumentFormat.OpenXml 2.x, and with the 3.3.0 the repository pins its XLWorkbook
/// type initializer throws InvalidProgramException (3.x turned the SDK's enumerations into structs).
/// </summary>
public sealed class XlsxWriterTests
{
    private static async Task<string> WriteAsync(Publication publication, TempDirectory directory)
    {
        var files = await new XlsxWriter().WriteAsync(publication, directory.Path, TestContext.Current.CancellationToken);
        return Assert.Single(files);
    }

    /// <summary>A workbook opened for reading, with the cells of a sheet by reference.</summary>
    private sealed class Workbook : IDisposable
    {
        private static readonly Dictionary<uint, string> BuiltIn = new() { [0] = "General", [3] = "#,##0", [4] = "#,##0.00", [9] = "0%", [10] = "0.00%" };

        private readonly SpreadsheetDocument document;

        public Workbook(string path)
        {
            document = SpreadsheetDocument.Open(path, false);
            Part = document.WorkbookPart!;
        }

        public WorkbookPart Part { get; }

        public IReadOnlyList<string> SheetNames => [.. Part.Workbook!.Sheets!.Elements<Sheet>().Select(s => s.Name!.Value!)];

        public Worksheet Sheet(string name) =>
            ((WorksheetPart)Part.GetPartById(Part.Workbook!.Sheets!.Elements<Sheet>().Single(s => s.Name == name).Id!.Value!)).Worksheet!;

        public Dictionary<string, Cell> Cells(string sheet) =>
            Sheet(sheet).Descendants<Cell>().ToDictionary(c => c.CellReference!.Value!, StringComparer.Ordinal);

        public string Text(Cell cell)
        {
            Assert.Equal(CellValues.SharedString, cell.DataType?.Value);
            return Part.SharedStringTablePart!.SharedStringTable!.Elements<SharedStringItem>().ElementAt(int.Parse(cell.CellValue!.Text, CultureInfo.InvariantCulture)).InnerText;
        }

        public static decimal Number(Cell cell)
        {
            Assert.True(cell.DataType is null || cell.DataType.Value == CellValues.Number, $"{cell.CellReference} is not a number");
            return decimal.Parse(cell.CellValue!.Text, NumberStyles.Float, CultureInfo.InvariantCulture);
        }

        public CellFormat Format(Cell cell) =>
            Part.WorkbookStylesPart!.Stylesheet!.CellFormats!.Elements<CellFormat>().ElementAt((int)(cell.StyleIndex?.Value ?? 0));

        public string NumberFormat(Cell cell)
        {
            var id = Format(cell).NumberFormatId!.Value;
            return BuiltIn.TryGetValue(id, out var code)
                ? code
                : Part.WorkbookStylesPart!.Stylesheet!.NumberingFormats!.Elements<NumberingFormat>().Single(f => f.NumberFormatId! == id).FormatCode!.Value!;
        }

        public bool Bold(Cell cell) =>
            Part.WorkbookStylesPart!.Stylesheet!.Fonts!.Elements<Font>().ElementAt((int)Format(cell).FontId!.Value).Bold is not null;

        public void Dispose() => document.Dispose();
    }

    [Fact]
    public async Task A_formula_like_label_is_a_text_cell_that_no_spreadsheet_runs_and_a_negative_change_a_number()
    {
        var sample = SamplePublication.Create();
        var table = sample.Tables.First();
        var injected = table with
        {
            Rows = [table.Rows[0] with { Label = "=HYPERLINK(\"http://evil.example\",\"Men\")", Cells = [table.Rows[0].Cells[0] with { Value = -3 }, table.Rows[0].Cells[1]] }, .. table.Rows.Skip(1)],
        };
        var publication = sample with { Sections = [new("s", "S", [new TableBlock(injected)])] };
        using var directory = ReadBack.TempDirectory();
        using var workbook = new Workbook(await WriteAsync(publication, directory));

        // A shared string is text to every spreadsheet (the XLSX counterpart of CSV's leading quote); only a formula
        // element is run, and the writer writes none.
        var cells = workbook.Cells(table.Id);
        Assert.Equal("=HYPERLINK(\"http://evil.example\",\"Men\")", workbook.Text(cells["A3"]));
        Assert.Equal(-3m, Workbook.Number(cells["B3"]));
        Assert.Empty(workbook.Part.WorksheetParts.SelectMany(p => p.Worksheet!.Descendants<CellFormula>()));
    }

    [Theory]
    [InlineData("en")]
    [InlineData("fr")]
    public async Task Every_number_of_every_table_is_stored_as_a_number_and_empty_cells_are_empty(string language)
    {
        var publication = SamplePublication.Create(language);
        using var directory = ReadBack.TempDirectory();
        var path = await WriteAsync(publication, directory);
        Assert.Equal($"sample-2023-{language}.xlsx", Path.GetFileName(path));
        using var workbook = new Workbook(path);

        var compared = 0;
        foreach (var table in publication.Tables)
        {
            var cells = workbook.Cells(table.Id);
            Assert.Equal(table.Title, workbook.Text(cells["A1"]));
            var header = new[] { table.StubHeader }.Concat(table.Columns).ToList();
            for (var c = 0; c < header.Count; c++) Assert.Equal(header[c], workbook.Text(cells[$"{(char)('A' + c)}2"]));
            for (var r = 0; r < table.Rows.Count; r++)
            {
                var row = table.Rows[r];
                var line = r + 3;
                Assert.Equal(row.Label, workbook.Text(cells[$"A{line}"]));
                for (var c = 0; c < table.Columns.Count; c++)
                {
                    var reference = $"{(char)('B' + c)}{line}";
                    var expected = row.Role == RowRole.SectionHeading ? PublishedCell.Empty() : row.Cells[c];
                    if (expected.NotApplicable)
                    {
                        Assert.Equal(language == "en" ? "N/A" : "s.o.", workbook.Text(cells[reference]));
                        continue;
                    }
                    if (expected.Value is not { } value)
                    {
                        Assert.False(cells.ContainsKey(reference), $"{table.Id} {reference} should be empty");
                        continue;
                    }
                    var cell = cells[reference];
                    var format = workbook.NumberFormat(cell);
                    switch (expected.Kind)
                    {
                        case CellKind.Percent:
                            Assert.Equal(value, Workbook.Number(cell) * 100);
                            Assert.EndsWith("%", format, StringComparison.Ordinal);
                            break;
                        case CellKind.PercentagePointChange:
                            Assert.Equal(value, Workbook.Number(cell));
                            Assert.StartsWith("+", format, StringComparison.Ordinal);
                            Assert.EndsWith(";\"-\"", format, StringComparison.Ordinal);
                            break;
                        default:
                            Assert.Equal(value, Workbook.Number(cell));
                            Assert.Equal("#,##0", format);
                            break;
                    }
                    compared++;
                }
            }
        }
        Assert.Equal(18, compared); // every figure of the sample: 20 cells less one empty and one not applicable
    }

    [Fact]
    public async Task Decimals_keep_a_format_that_shows_them()
    {
        var publication = SamplePublication.Create();
        var table = publication.Tables.First();
        var shares = table.Rows[^1];
        var edited = table with { Rows = [.. table.Rows.SkipLast(1), shares with { Cells = [shares.Cells[0] with { Value = 47.5m }, shares.Cells[1] with { Value = 12.25m }] }] };
        var sections = publication.Sections.Select(s => s with { Blocks = [.. s.Blocks.Select(b => b is TableBlock t && t.Table.Id == table.Id ? new TableBlock(edited) : b)] }).ToList();
        using var directory = ReadBack.TempDirectory();
        using var workbook = new Workbook(await WriteAsync(publication with { Sections = sections }, directory));

        var cells = workbook.Cells(table.Id);
        Assert.Equal(0.475m, Workbook.Number(cells["B6"]));
        Assert.Equal("0.0%", workbook.NumberFormat(cells["B6"]));
        Assert.Equal(0.1225m, Workbook.Number(cells["C6"]));
        Assert.Equal("0.00%", workbook.NumberFormat(cells["C6"]));
    }

    [Fact]
    public async Task Totals_and_section_headings_are_bold_and_a_figure_with_a_finding_is_filled()
    {
        var publication = SamplePublication.Create();
        using var directory = ReadBack.TempDirectory();
        using var workbook = new Workbook(await WriteAsync(publication, directory));

        foreach (var table in publication.Tables)
        {
            var cells = workbook.Cells(table.Id);
            for (var r = 0; r < table.Rows.Count; r++)
            {
                var row = table.Rows[r];
                var line = r + 3;
                var bold = row.Role is RowRole.Total or RowRole.SectionHeading;
                Assert.True(bold == workbook.Bold(cells[$"A{line}"]), $"{table.Id} A{line}");
                for (var c = 0; c < row.Cells.Count; c++)
                {
                    if (!cells.TryGetValue($"{(char)('B' + c)}{line}", out var cell)) continue;
                    Assert.Equal(bold, workbook.Bold(cell));
                    Assert.Equal(row.Cells[c].Trace.HasFindings, workbook.Format(cell).FillId!.Value != 0);
                }
            }
        }
    }

    [Fact]
    public async Task Header_rows_and_the_stub_column_are_frozen()
    {
        var publication = SamplePublication.Create();
        using var directory = ReadBack.TempDirectory();
        using var workbook = new Workbook(await WriteAsync(publication, directory));

        Assert.Equal(["table-1", "annex-ii", "Sources", "Findings"], workbook.SheetNames);
        foreach (var name in workbook.SheetNames)
        {
            var view = workbook.Sheet(name).SheetViews!.Elements<SheetView>().Single();
            var pane = view.Pane!;
            Assert.Equal(PaneStateValues.Frozen, pane.State!.Value);
            var table = name is not ("Sources" or "Findings");
            Assert.Equal(table ? 2 : 1, pane.VerticalSplit!.Value);
            Assert.Equal(table ? 1 : 0, pane.HorizontalSplit?.Value ?? 0);
            Assert.Equal(table ? "B3" : "A2", pane.TopLeftCell!.Value);
            Assert.Equal(name == "table-1", view.TabSelected?.Value ?? false);
        }
        var printTitles = workbook.Part.Workbook!.DefinedNames!.Elements<DefinedName>().Select(d => (d.LocalSheetId!.Value, d.Text)).ToList();
        Assert.Equal([(0u, "'table-1'!$A:$A,'table-1'!$1:$2"), (1u, "'annex-ii'!$A:$A,'annex-ii'!$1:$2")], printTitles);
    }

    [Fact]
    public void Sheet_names_are_legal_short_and_unique_whatever_the_table_ids()
    {
        var publication = SamplePublication.Create();
        var table = publication.Tables.First();
        string[] ids = ["table-1", "TABLE-1", "annex: staff [by grade]?", "a-table-id-that-is-far-longer-than-thirty-one", "a-table-id-that-is-far-longer-than-thirty-two", "sources", "history"];
        var sections = new List<PublicationSection> { new("s", "S", [.. ids.Select(id => new TableBlock(table with { Id = id }))]) };

        var names = XlsxWriter.SheetNames(publication with { Sections = sections });

        Assert.Equal(ids.Length + 2, names.Count);
        Assert.All(names, n => Assert.InRange(n.Length, 1, XlsxWriter.MaxSheetName));
        Assert.All(names, n => Assert.DoesNotContain(n, c => "[]:*?/\\".Contains(c)));
        Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.DoesNotContain("history", names, StringComparer.OrdinalIgnoreCase);
        Assert.Equal("table-1", names[0]);
        Assert.Equal("Sources", names[^2]);
        Assert.Equal("Findings", names[^1]);
        Assert.Equal("annex- staff -by grade--", names[2]);
    }

    [Fact]
    public async Task The_findings_sheet_lists_every_finding_and_links_it_to_its_table()
    {
        var publication = SamplePublication.Create();
        using var directory = ReadBack.TempDirectory();
        using var workbook = new Workbook(await WriteAsync(publication, directory));

        var cells = workbook.Cells("Findings");
        Assert.Equal(XlsxWriter.FindingColumns, Enumerable.Range(0, 8).Select(c => workbook.Text(cells[$"{(char)('A' + c)}1"])));
        var finding = Assert.Single(publication.Findings).Finding;
        Assert.Equal("table-1", workbook.Text(cells["A2"]));
        Assert.Equal(finding.Source, workbook.Text(cells["B2"]));
        Assert.Equal(632, Workbook.Number(cells["C2"]));
        Assert.Equal(finding.Rule, workbook.Text(cells["D2"]));
        Assert.Equal(2575, Workbook.Number(cells["E2"]));
        Assert.Equal(2574, Workbook.Number(cells["F2"]));
        Assert.Equal("error", workbook.Text(cells["G2"]));
        Assert.Equal(finding.Message, workbook.Text(cells["H2"]));
        Assert.DoesNotContain(cells.Keys, k => k.EndsWith('3'));
        var link = Assert.Single(workbook.Sheet("Findings").Descendants<Hyperlink>());
        Assert.Equal(("A2", "'table-1'!A1"), (link.Reference!.Value, link.Location!.Value));
    }

    [Fact]
    public async Task The_sources_sheet_lists_every_source_with_its_lines_or_import_date()
    {
        var publication = SamplePublication.Create();
        using var directory = ReadBack.TempDirectory();
        using var workbook = new Workbook(await WriteAsync(publication, directory));

        var cells = workbook.Cells("Sources");
        Assert.Equal(XlsxWriter.SourceColumns, Enumerable.Range(0, 5).Select(c => workbook.Text(cells[$"{(char)('A' + c)}1"])));
        Assert.Equal(2, Workbook.Number(cells["A2"]));
        Assert.Equal("annual-report-2023.txt", workbook.Text(cells["B2"]));
        Assert.Equal("published-report", workbook.Text(cells["C2"]));
        Assert.Equal("632, 640", workbook.Text(cells["D2"]));
        Assert.False(cells.ContainsKey("E2"));
        Assert.Equal(5, Workbook.Number(cells["A3"]));
        Assert.False(cells.ContainsKey("D3"));
        Assert.Equal(new DateTime(2026, 11, 23, 9, 0, 0), DateTime.FromOADate((double)Workbook.Number(cells["E3"])));
        Assert.StartsWith("yyyy-mm-dd", workbook.NumberFormat(cells["E3"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_workbook_is_valid_against_the_office_schemas()
    {
        using var directory = ReadBack.TempDirectory();
        using var document = SpreadsheetDocument.Open(await WriteAsync(SamplePublication.Create(), directory), false);
        var errors = new OpenXmlValidator(FileFormatVersions.Office2019).Validate(document, TestContext.Current.CancellationToken)
            .Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Two_writes_of_the_same_publication_are_byte_identical()
    {
        using var first = ReadBack.TempDirectory();
        using var second = ReadBack.TempDirectory();
        await ReadBack.AssertTwoWritesAreIdenticalAsync(WriteAsync, first, second);
    }
}
