using System.Globalization;
using Almanac.Tests;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using CellKind = Almanac.Domain.Tables.CellKind;
using RowRole = Almanac.Domain.Tables.RowRole;
using Word = DocumentFormat.OpenXml.Wordprocessing;

namespace Almanac.Cli.Tests;

/// <summary>
/// The Word and Excel files `almanac publish` wrote for the 2023 demo, read back with DocumentFormat.OpenXml, hold every
/// number of the annex builder's tables; and Debian's headless Chromium prints the HTML report and screenshots it.
/// </summary>
/// <remarks>ClosedXML, which the issue suggests for reading, is only available here as 0.95.4, which fails at run time against DocumentFormat.OpenXml 3.</remarks>
public sealed class PublishedFilesTests(PublishFixture fixture) : IClassFixture<PublishFixture>
{
    [Theory]
    [MemberData(nameof(PublishTests.TableIds), MemberType = typeof(PublishTests))]
    public void Every_number_in_the_word_tables_equals_the_annex_builders(string id)
    {
        using var document = WordprocessingDocument.Open(fixture.File("annual-report-2023-en.docx"), false);
        var expected = fixture.Annexes.Single(t => t.Id == id);
        var table = document.MainDocumentPart!.Document!.Body!.Descendants<Word.Table>()
            .Single(t => t.GetFirstChild<Word.TableProperties>()?.GetFirstChild<Word.TableCaption>()?.Val?.Value == expected.Title);
        var rows = table.Elements<Word.TableRow>().ToList();
        Assert.NotNull(rows[0].GetFirstChild<Word.TableRowProperties>()?.GetFirstChild<Word.TableHeader>());
        Assert.Equal(expected.Columns, rows[0].Elements<Word.TableCell>().Skip(1).Select(c => c.InnerText));
        var body = rows.Skip(1).ToList();
        Assert.Equal(expected.Rows.Select(r => r.Label), body.Select(r => r.Elements<Word.TableCell>().First().InnerText));
        var cells = body.Select(r => (IReadOnlyList<string>)[.. r.Elements<Word.TableCell>().Skip(1).Select(c => c.InnerText)]).ToList();
        Assert.Empty(PublishTests.Differences(expected, cells));
    }

    [Theory]
    [MemberData(nameof(PublishTests.TableIds), MemberType = typeof(PublishTests))]
    public void Every_number_in_the_excel_sheets_is_stored_as_a_number_and_equals_the_annex_builders(string id)
    {
        using var document = SpreadsheetDocument.Open(fixture.File("annual-report-2023-en.xlsx"), false);
        var expected = fixture.Annexes.Single(t => t.Id == id);
        var cells = SheetCells(document, id);
        Assert.Equal(expected.Title, cells[(1, 1)]);
        Assert.Equal(expected.Columns, expected.Columns.Select((_, c) => cells[(2, c + 2)]));
        var differences = new List<string>();
        for (var r = 0; r < expected.Rows.Count; r++)
        {
            var row = expected.Rows[r];
            Assert.Equal(row.Label, cells[(r + 3, 1)]);
            if (row.Role == RowRole.SectionHeading) continue;
            for (var c = 0; c < expected.Columns.Count; c++)
            {
                var want = row.Cells[c];
                cells.TryGetValue((r + 3, c + 2), out var got);
                var wanted = want.NotApplicable ? "N/A" : want.Value is { } v ? (want.Kind == CellKind.Percent ? v / 100 : v).ToString(CultureInfo.InvariantCulture) : null;
                if (wanted != got) differences.Add($"{row.Label} / {expected.Columns[c]}: builder {wanted ?? "(empty)"}, sheet {got ?? "(empty)"}");
            }
        }
        Assert.Empty(differences);
        var sheet = Sheet(document, id);
        var pane = sheet.Descendants<Pane>().Single();
        Assert.Equal(PaneStateValues.Frozen, pane.State!.Value);
        Assert.Equal(2, pane.VerticalSplit!.Value);
    }

    [Fact]
    public void The_findings_sheet_lists_the_2022_total_that_does_not_add_up()
    {
        using var document = SpreadsheetDocument.Open(fixture.File("annual-report-2023-en.xlsx"), false);
        var name = document.WorkbookPart!.Workbook!.Sheets!.Elements<Sheet>().Select(s => s.Name!.Value!).Single(n => n.StartsWith("Findings", StringComparison.Ordinal));
        var cells = SheetCells(document, name);
        var rows = cells.Keys.Select(k => k.Row).Distinct().Where(r => r > 1).ToList();
        Assert.Contains(rows, r => cells.GetValueOrDefault((r, 1)) == "table-1" && cells.GetValueOrDefault((r, 3)) == "632"
            && cells.GetValueOrDefault((r, 5)) == "2575" && cells.GetValueOrDefault((r, 6)) == "2574" && cells.GetValueOrDefault((r, 7)) == "error");
    }

    [Fact]
    public async Task Chromium_prints_the_report_to_pdf_and_a_screenshot_of_the_first_annex_is_kept()
    {
        var chromium = HeadlessChromium.Require();
        var cancellationToken = TestContext.Current.CancellationToken;
        var artifacts = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts"));
        var pdf = Path.Combine(artifacts.FullName, "annual-report-2023-en.pdf");
        await chromium.PrintToPdfAsync(fixture.File("annual-report-2023-en.html"), pdf, cancellationToken);
        var bytes = await File.ReadAllBytesAsync(pdf, cancellationToken);
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(bytes, 0, 4));
        // One page per part at least (the print stylesheet breaks before each annex), on A4 (595 × 842 points).
        var mediaBoxes = System.Text.RegularExpressions.Regex.Matches(System.Text.Encoding.Latin1.GetString(bytes), @"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]");
        Assert.True(mediaBoxes.Count >= 6, $"{mediaBoxes.Count} pages printed");
        Assert.All(mediaBoxes, box => Assert.Equal((595, 842), ((int)Math.Round(double.Parse(box.Groups[1].Value, CultureInfo.InvariantCulture)), (int)Math.Round(double.Parse(box.Groups[2].Value, CultureInfo.InvariantCulture)))));

        // The first annex (Annex I) opens the page, under the title and contents: a screenshot of it is kept.
        var png = Path.Combine(artifacts.FullName, "annex-i-2023-en.png");
        await chromium.ScreenshotAsync(fixture.File("annual-report-2023-en.html"), png, 1280, 2000, cancellationToken);
        var image = await File.ReadAllBytesAsync(png, cancellationToken);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], image[..4]);
        Assert.True(image.Length > 50_000, $"the screenshot is {image.Length} bytes: the page did not render");
        TestContext.Current.AddAttachment("annex-i-2023-en.png", image, "image/png");
        TestContext.Current.SendDiagnosticMessage($"Screenshot of Annex I kept at {png}; PDF at {pdf}.");
    }

    private static Worksheet Sheet(SpreadsheetDocument document, string name)
    {
        var workbook = document.WorkbookPart!;
        var sheet = workbook.Workbook!.Sheets!.Elements<Sheet>().Single(s => s.Name == name);
        return ((WorksheetPart)workbook.GetPartById(sheet.Id!.Value!)).Worksheet!;
    }

    /// <summary>(row, column) → the cell's text: shared and inline strings resolved, numbers as stored.</summary>
    private static Dictionary<(int Row, int Column), string> SheetCells(SpreadsheetDocument document, string name)
    {
        var shared = document.WorkbookPart!.SharedStringTablePart?.SharedStringTable!.Elements<SharedStringItem>().Select(i => i.InnerText).ToList() ?? [];
        var cells = new Dictionary<(int, int), string>();
        foreach (var cell in Sheet(document, name).Descendants<Cell>())
        {
            var reference = cell.CellReference!.Value!;
            var letters = new string([.. reference.TakeWhile(char.IsLetter)]);
            var column = letters.Aggregate(0, (n, ch) => (n * 26) + (ch - 'A' + 1));
            var row = int.Parse(reference[letters.Length..], CultureInfo.InvariantCulture);
            var value = cell.DataType?.Value == CellValues.SharedString ? shared[int.Parse(cell.CellValue!.Text, CultureInfo.InvariantCulture)]
                : cell.DataType?.Value == CellValues.InlineString ? cell.InlineString!.InnerText
                : cell.CellValue?.Text ?? "";
            if (cell.DataType is null || cell.DataType.Value == CellValues.Number)
            {
                Assert.True(decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number), $"{name}!{reference} holds '{value}' as a number");
                value = number.ToString(CultureInfo.InvariantCulture);
            }
            cells[(row, column)] = value;
        }
        return cells;
    }
}