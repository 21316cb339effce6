using System.Xml.Linq;
using Almanac.Domain.Publishing;
using Almanac.Domain.Tables;
using Almanac.Publish.Publications.Docx;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Wordprocessing;
using A = DocumentFormat.OpenXml.Drawing;
using DW = DocumentFormat.OpenXml.Drawing.Wordprocessing;
using SVG = DocumentFormat.OpenXml.Office2019.Drawing.SVG;

namespace Almanac.Publish.Tests;

public sealed class DocxWriterTests
{
    private static async Task<string> WriteAsync(Publication publication, TempDirectory directory)
    {
        var files = await new DocxWriter().WriteAsync(publication, directory.Path, TestContext.Current.CancellationToken);
        return Assert.Single(files);
    }

    private static Table WordTable(Body body, PublishedTable table) =>
        body.Elements<Table>().Single(t => t.GetFirstChild<TableProperties>()?.TableCaption?.Val?.Value == table.Title);

    private static string? StyleOf(Paragraph paragraph) => paragraph.ParagraphProperties?.ParagraphStyleId?.Val?.Value;

    [Theory]
    [InlineData("en")]
    [InlineData("fr")]
    public async Task Every_number_of_every_table_reads_back_as_the_publications(string language)
    {
        var publication = SamplePublication.Create(language);
        using var directory = ReadBack.TempDirectory();
        var path = await WriteAsync(publication, directory);
        Assert.Equal($"sample-2023-{language}.docx", Path.GetFileName(path));

        using var document = WordprocessingDocument.Open(path, false);
        var body = document.MainDocumentPart!.Document!.Body!;
        var compared = 0;
        foreach (var table in publication.Tables)
        {
            var rows = WordTable(body, table).Elements<TableRow>().ToList();
            Assert.Equal([table.StubHeader, .. table.Columns], rows[0].Elements<TableCell>().Select(c => c.InnerText));
            Assert.Equal(table.Rows.Count + 1, rows.Count);
            for (var r = 0; r < table.Rows.Count; r++)
            {
                var row = table.Rows[r];
                var cells = rows[r + 1].Elements<TableCell>().ToList();
                Assert.Equal(row.Label, cells[0].InnerText);
                if (row.Role == RowRole.SectionHeading)
                {
                    Assert.Single(cells);
                    Assert.Equal(table.Columns.Count + 1, cells[0].TableCellProperties!.GridSpan!.Val!.Value);
                    continue;
                }
                Assert.Equal(table.Columns.Count + 1, cells.Count);
                for (var c = 0; c < table.Columns.Count; c++)
                {
                    var (value, notApplicable) = ReadBack.Printed(cells[c + 1].InnerText, language);
                    Assert.True(row.Cells[c].Value == value, $"{table.Id}, {row.Label}, {table.Columns[c]}: wrote {cells[c + 1].InnerText}, expected {row.Cells[c].Value}");
                    Assert.Equal(row.Cells[c].NotApplicable, notApplicable);
                    compared++;
                }
            }
        }
        Assert.Equal(20, compared); // 4 rows × 2 columns in Table 1, 4 rows × 3 columns in the annex
    }

    [Fact]
    public async Task Tables_repeat_their_header_row_bold_their_totals_and_right_align_their_numbers()
    {
        var publication = SamplePublication.Create();
        using var directory = ReadBack.TempDirectory();
        using var document = WordprocessingDocument.Open(await WriteAsync(publication, directory), false);
        var body = document.MainDocumentPart!.Document!.Body!;

        foreach (var table in publication.Tables)
        {
            var rows = WordTable(body, table).Elements<TableRow>().ToList();
            Assert.NotNull(rows[0].TableRowProperties?.GetFirstChild<TableHeader>());
            Assert.All(rows.Skip(1), r => Assert.Null(r.TableRowProperties?.GetFirstChild<TableHeader>()));
            for (var r = 0; r < table.Rows.Count; r++)
            {
                var row = table.Rows[r];
                var cells = rows[r + 1].Elements<TableCell>().ToList();
                var runs = cells.SelectMany(c => c.Descendants<Run>()).ToList();
                Assert.All(runs, run => Assert.Equal(row.Role is RowRole.Total or RowRole.SectionHeading, run.RunProperties?.Bold is not null));
                if (row.Role == RowRole.SectionHeading) continue;
                Assert.Null(cells[0].GetFirstChild<Paragraph>()!.ParagraphProperties?.Justification);
                Assert.All(cells.Skip(1), c => Assert.Equal(JustificationValues.Right, c.GetFirstChild<Paragraph>()!.ParagraphProperties?.Justification?.Val?.Value));
            }
        }
    }

    [Fact]
    public async Task Headings_captions_notes_and_findings_are_where_an_editor_expects_them()
    {
        var publication = SamplePublication.Create();
        using var directory = ReadBack.TempDirectory();
        using var document = WordprocessingDocument.Open(await WriteAsync(publication, directory), false);
        var main = document.MainDocumentPart!;
        var body = main.Document!.Body!;

        var styles = main.StyleDefinitionsPart!.Styles!.Elements<Style>().ToDictionary(s => s.StyleId!.Value!, s => s.StyleName!.Val!.Value);
        Assert.Equal("Title", styles["Title"]);
        Assert.Equal("heading 1", styles["Heading1"]);
        Assert.Equal("heading 2", styles["Heading2"]);
        Assert.Equal("caption", styles["Caption"]);

        var paragraphs = body.Elements<Paragraph>().ToList();
        Assert.Equal("Title", StyleOf(paragraphs[0]));
        Assert.Equal(publication.Title, paragraphs[0].InnerText);
        Assert.Equal([.. publication.Sections.Select(s => s.Title), publication.Labels.Data],
            paragraphs.Where(p => StyleOf(p) == "Heading1").Select(p => p.InnerText));
        Assert.Equal([publication.Labels.Sources, publication.Labels.Findings], paragraphs.Where(p => StyleOf(p) == "Heading2").Select(p => p.InnerText));
        Assert.Contains(paragraphs, p => p.InnerText == "At the end of 2023 the Organization had 2 693 staff in the Professional and higher categories.");

        foreach (var table in publication.Tables)
        {
            var wordTable = WordTable(body, table);
            var before = Assert.IsType<Paragraph>(wordTable.PreviousSibling());
            Assert.Equal("Caption", StyleOf(before));
            Assert.Equal(table.Title, before.InnerText);
            var after = wordTable.ElementsAfter().OfType<Paragraph>().TakeWhile(p => StyleOf(p) is "TableNote" or "Finding").ToList();
            var findings = publication.Findings.Where(f => f.TableId == table.Id).Select(f => f.Finding.Message).ToList();
            Assert.Equal(table.Notes, after.Where(p => StyleOf(p) == "TableNote").Select(p => p.InnerText));
            Assert.Equal(findings.Count, after.Count(p => StyleOf(p) == "Finding"));
            foreach (var message in findings) Assert.Contains(after, p => p.InnerText.Contains(message, StringComparison.Ordinal));
        }
        var finding = Assert.Single(publication.Findings);
        Assert.Contains("annual-report-2023.txt, lines 632", body.Elements<Paragraph>().Single(p => StyleOf(p) == "Finding").InnerText, StringComparison.Ordinal);

        // The closing section: every source, then the findings as a table with a header row.
        var sourcesHeading = paragraphs.Single(p => p.InnerText == publication.Labels.Sources && StyleOf(p) == "Heading2");
        var sourceLines = sourcesHeading.ElementsAfter().OfType<Paragraph>().TakeWhile(p => StyleOf(p) != "Heading2").Select(p => p.InnerText).ToList();
        Assert.Equal(["[1] annual-report-2023.txt, lines 632, 640 — published-report", "[2] synthetic-staff-2023.csv (imported 2026-11-23) — staff-list"], sourceLines);
        var findingsTable = body.Elements<Table>().Last();
        var findingRows = findingsTable.Elements<TableRow>().Select(r => r.Elements<TableCell>().Select(c => c.InnerText).ToList()).ToList();
        Assert.Equal(["Table", "Severity", "Rule", "Printed", "Computed", "Message", "Source"], findingRows[0]);
        Assert.Equal(["table-1", "error", "parts-sum-to-total", "2 575", "2 574", finding.Finding.Message, "annual-report-2023.txt, lines 632"], findingRows[1]);
    }

    [Fact]
    public async Task A_cell_with_a_finding_is_shaded_and_the_others_are_not()
    {
        var publication = SamplePublication.Create();
        using var directory = ReadBack.TempDirectory();
        using var document = WordprocessingDocument.Open(await WriteAsync(publication, directory), false);
        var table = publication.Tables.First();
        var rows = WordTable(document.MainDocumentPart!.Document!.Body!, table).Elements<TableRow>().Skip(1).ToList();
        for (var r = 0; r < table.Rows.Count; r++)
        {
            var cells = rows[r].Elements<TableCell>().Skip(1).ToList();
            for (var c = 0; c < table.Columns.Count; c++) Assert.Equal(table.Rows[r].Cells[c].Trace.HasFindings, cells[c].TableCellProperties?.Shading is not null);
        }
    }

    [Fact]
    public async Task A_chart_is_a_png_picture_carrying_the_svg_with_the_text_alternative()
    {
        var publication = SamplePublication.Create();
        var chart = publication.Charts.Single();
        using var directory = ReadBack.TempDirectory();
        using var document = WordprocessingDocument.Open(await WriteAsync(publication, directory), false);
        var main = document.MainDocumentPart!;

        var inline = Assert.Single(main.Document!.Body!.Descendants<DW.Inline>());
        Assert.Equal(chart.AltText, inline.DocProperties!.Description!.Value);
        Assert.Equal(chart.Title, inline.DocProperties.Title!.Value);
        var blip = inline.Descendants<A.Blip>().Single();
        var png = (ImagePart)main.GetPartById(blip.Embed!.Value!);
        Assert.Equal("image/png", png.ContentType);
        using (var stream = png.GetStream())
        {
            var signature = new byte[8];
            stream.ReadExactly(signature);
            Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, signature);
        }
        var svgBlip = blip.Descendants<SVG.SVGBlip>().Single();
        var svg = (ImagePart)main.GetPartById(svgBlip.Embed!.Value!);
        Assert.Equal("image/svg+xml", svg.ContentType);
        using (var stream = svg.GetStream())
        {
            var root = XElement.Load(stream);
            Assert.Equal(chart.Title, root.Element(XName.Get("title", "http://www.w3.org/2000/svg"))!.Value);
        }
        var caption = Assert.IsType<Paragraph>(inline.Ancestors<Paragraph>().Single().PreviousSibling());
        Assert.Equal(chart.Title, caption.InnerText);
        Assert.Equal("Caption", StyleOf(caption));
    }

    [Fact]
    public async Task The_document_is_valid_against_the_office_schemas()
    {
        using var directory = ReadBack.TempDirectory();
        foreach (var language in new[] { "en", "es" })
        {
            using var document = WordprocessingDocument.Open(await WriteAsync(SamplePublication.Create(language), directory), false);
            var errors = new OpenXmlValidator(FileFormatVersions.Office2019).Validate(document, TestContext.Current.CancellationToken).Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();
            Assert.Empty(errors);
        }
    }

    [Fact]
    public async Task A_wide_table_gets_a_landscape_section_of_its_own()
    {
        var publication = SamplePublication.Create();
        var annex = publication.Tables.Last();
        var grades = Enumerable.Range(1, 12).Select(i => $"G-{i}").ToList();
        var wide = annex with
        {
            Columns = grades,
            Rows = [.. annex.Rows.Select(r => r.Role == RowRole.SectionHeading ? r : r with { Cells = [.. grades.Select((_, i) => r.Cells[i % r.Cells.Count])] })],
        };
        var sections = publication.Sections.Select(s => s with { Blocks = [.. s.Blocks.Select(b => b is TableBlock t && t.Table.Id == annex.Id ? new TableBlock(wide) : b)] }).ToList();
        using var directory = ReadBack.TempDirectory();
        using var document = WordprocessingDocument.Open(await WriteAsync(publication with { Sections = sections }, directory), false);
        var body = document.MainDocumentPart!.Document!.Body!;

        var table = WordTable(body, wide);
        var closing = table.ElementsAfter().OfType<Paragraph>().First(p => p.ParagraphProperties?.SectionProperties is not null);
        Assert.Equal(PageOrientationValues.Landscape, closing.ParagraphProperties!.SectionProperties!.GetFirstChild<PageSize>()!.Orient!.Value);
        var opening = table.ElementsBefore().OfType<Paragraph>().Last(p => p.ParagraphProperties?.SectionProperties is not null);
        Assert.Null(opening.ParagraphProperties!.SectionProperties!.GetFirstChild<PageSize>()!.Orient);
        // The annex's heading opens the landscape page rather than staying alone on a portrait one.
        var heading = Assert.IsType<Paragraph>(opening.NextSibling());
        Assert.Equal((StyleOf(heading), heading.InnerText), ("Heading1", sections[1].Title));
        Assert.Null(heading.ParagraphProperties!.PageBreakBefore);
        Assert.Null(body.GetFirstChild<SectionProperties>()!.GetFirstChild<PageSize>()!.Orient);
    }

    [Fact]
    public async Task Two_writes_of_the_same_publication_are_byte_identical()
    {
        using var first = ReadBack.TempDirectory();
        using var second = ReadBack.TempDirectory();
        var one = await ReadBack.AssertTwoWritesAreIdenticalAsync(WriteAsync, first, second);
        var entries = ReadBack.ZipEntries(one);
        Assert.Equal("[Content_Types].xml", entries[0].Name);
    }
}
