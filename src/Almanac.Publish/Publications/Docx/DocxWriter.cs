using System.Globalization;
using Almanac.Domain.Publishing;
using Almanac.Domain.Tables;
using Almanac.Publish.Publications.Charts;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using A = DocumentFormat.OpenXml.Drawing;
using DW = DocumentFormat.OpenXml.Drawing.Wordprocessing;
using PIC = DocumentFormat.OpenXml.Drawing.Pictures;
using SVG = DocumentFormat.OpenXml.Office2019.Drawing.SVG;

namespace Almanac.Publish.Publications.Docx;

/// <summary>
/// Writes the publication as an editable Word document: Title and Heading 1/2 styles, paragraphs with the figures as
/// plain text, real Word tables (repeating header row, totals bold, numbers right-aligned, caption above, notes and
/// findings beneath), the charts as pictures, and the sources and findings at the end. A chart is a PNG drawn with
/// SkiaSharp that carries the SVG as Word's SVG extension: Word 2016 and later show the SVG, other readers the PNG.
/// </summary>
public sealed class DocxWriter : SingleFileWriter
{
    // A4 in twentieths of a point, with 2 cm margins.
    private const int PageWidth = 11906;
    private const int PageHeight = 16838;
    private const int Margin = 1134;
    private const long EmuPerTwip = 635;
    private const long EmuPerPixel = 9525;

    /// <summary>Tables wider than this many columns (the stub included) go on a landscape page.</summary>
    private const int PortraitColumns = 9;

    private const string SvgExtensionUri = "{96DAC541-7B7A-43D3-8B79-37D633B846F1}";
    private const string PictureUri = "http://schemas.openxmlformats.org/drawingml/2006/picture";

    public override string Format => "docx";

    protected override byte[] Bytes(Publication publication) => Write(publication);

    /// <summary>The document's bytes: the same publication gives the same bytes.</summary>
    public static byte[] Write(Publication publication)
    {
        ArgumentNullException.ThrowIfNull(publication);
        using var memory = new MemoryStream();
        using (var document = WordprocessingDocument.Create(memory, WordprocessingDocumentType.Document))
        {
            // Relationship ids are given, never generated: generated ones are random.
            CoreProperties.Add(document, publication);
            var main = document.AddNewPart<MainDocumentPart>("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", "rIdMain");
            var styles = main.AddNewPart<StyleDefinitionsPart>("rIdStyles");
            styles.Styles = DocxStyles.Create(publication.Language);
            var settings = main.AddNewPart<DocumentSettingsPart>("rIdSettings");
            settings.Settings = new Settings(
                new Compatibility(new CompatibilitySetting
                {
                    Name = CompatSettingNameValues.CompatibilityMode,
                    Uri = "http://schemas.microsoft.com/office/word",
                    Val = "15",
                }));
            var footer = main.AddNewPart<FooterPart>("rIdFooter");
            footer.Footer = PageNumberFooter();

            var body = new Body();
            new Builder(publication, main, body).Build();
            main.Document = new Document(body);
        }
        return DeterministicPackage.Repack(memory.ToArray());
    }

    private static Footer PageNumberFooter() =>
        new(new Paragraph(
            new ParagraphProperties { Justification = new Justification { Val = JustificationValues.Center } },
            new Run(new FieldChar { FieldCharType = FieldCharValues.Begin }),
            new Run(new FieldCode(" PAGE ") { Space = SpaceProcessingModeValues.Preserve }),
            new Run(new FieldChar { FieldCharType = FieldCharValues.Separate }),
            new Run(new Text("1")),
            new Run(new FieldChar { FieldCharType = FieldCharValues.End })));

    /// <summary>Builds the body of one document; holds the counters that number pictures and image parts.</summary>
    private sealed class Builder(Publication publication, MainDocumentPart main, Body body)
    {
        private readonly PublicationLabels labels = publication.Labels;
        private readonly string language = publication.Language;
        private int pictures;
        private bool landscape;

        public void Build()
        {
            body.Append(StyledParagraph(DocxStyles.Title, publication.Title));
            var first = true;
            foreach (var section in publication.Sections)
            {
                // A heading goes on the page of what follows it, landscape if that is a wide table.
                var broke = Orient(section.Blocks.Count > 0 && section.Blocks[0] is TableBlock { Table: var opening } && IsWide(opening));
                var heading = StyledParagraph(DocxStyles.Heading1, section.Title);
                // Each annex starts on a new page, as in the printed report; the first follows the title.
                if (!first && !broke) heading.ParagraphProperties!.PageBreakBefore = new PageBreakBefore();
                first = false;
                body.Append(heading);
                foreach (var block in section.Blocks)
                {
                    Orient(block is TableBlock { Table: var tableOfBlock } && IsWide(tableOfBlock));
                    switch (block)
                    {
                        case ParagraphBlock paragraph:
                            body.Append(TextParagraph(paragraph));
                            break;
                        case TableBlock table:
                            AppendTable(table.Table);
                            break;
                        case ChartBlock chart:
                            AppendChart(chart);
                            break;
                        default:
                            throw new InvalidOperationException($"Unknown block {block.GetType().Name}.");
                    }
                }
            }
            AppendSourcesAndFindings();
            body.Append(SectionProperties(landscape));
        }

        private static Paragraph TextParagraph(ParagraphBlock paragraph)
        {
            var result = new Paragraph();
            // Figures are plain runs: editors rewrite the sentence around them as they see fit.
            foreach (var inline in paragraph.Inlines) result.Append(TextRun(inline.Text));
            return result;
        }

        private void AppendTable(PublishedTable table)
        {
            var columns = table.Columns.Count + 1;
            var wide = IsWide(table);
            var width = (wide ? PageHeight : PageWidth) - (2 * Margin);
            var size = columns <= 6 ? 20 : columns <= 12 ? 16 : 14;

            body.Append(StyledParagraph(DocxStyles.Caption, table.Title));
            body.Append(WordTable(table, width, size));
            foreach (var note in table.Notes) body.Append(StyledParagraph(DocxStyles.TableNote, note));
            foreach (var finding in publication.Findings.Where(f => f.TableId == table.Id)) body.Append(FindingParagraph(finding.Finding));
        }

        private static bool IsWide(PublishedTable table) => table.Columns.Count + 1 > PortraitColumns;

        private Table WordTable(PublishedTable table, int width, int size)
        {
            var columns = table.Columns.Count + 1;
            var longest = table.Rows.Select(r => r.Label.Length).Append(table.StubHeader.Length).Max();
            var stub = Math.Clamp((longest * size * 6) + 200, 1600, width * 2 / 5);
            var column = table.Columns.Count == 0 ? 0 : (width - stub) / table.Columns.Count;
            stub = width - (column * table.Columns.Count);

            var result = new Table(
                new TableProperties
                {
                    TableStyle = new TableStyle { Val = DocxStyles.Table },
                    TableWidth = new TableWidth { Type = TableWidthUnitValues.Dxa, Width = Twips(width) },
                    TableLayout = new TableLayout { Type = TableLayoutValues.Fixed },
                    TableLook = new TableLook { Val = "04A0", FirstRow = true, FirstColumn = true, LastRow = false, LastColumn = false, NoHorizontalBand = true, NoVerticalBand = true },
                    TableCaption = new TableCaption { Val = table.Title },
                },
                new TableGrid([new GridColumn { Width = Twips(stub) }, .. table.Columns.Select(_ => new GridColumn { Width = Twips(column) })]));

            // The header row repeats on every page the table runs onto, and never splits.
            var header = new TableRow(new TableRowProperties(new CantSplit(), new TableHeader()));
            header.Append(Cell(table.StubHeader, stub, size, bold: true, right: false, border: true));
            foreach (var name in table.Columns) header.Append(Cell(name, column, size, bold: true, right: true, border: true));
            result.Append(header);

            foreach (var row in table.Rows)
            {
                var tableRow = new TableRow(new TableRowProperties(new CantSplit()));
                if (row.Role == RowRole.SectionHeading)
                {
                    var heading = Cell(row.Label, width, size, bold: true, right: false, border: false);
                    heading.TableCellProperties!.GridSpan = new GridSpan { Val = columns };
                    tableRow.Append(heading);
                    result.Append(tableRow);
                    continue;
                }
                var bold = row.Role == RowRole.Total;
                tableRow.Append(Cell(row.Label, stub, size, bold, right: false, border: false));
                for (var c = 0; c < table.Columns.Count; c++)
                {
                    var cell = c < row.Cells.Count ? row.Cells[c] : PublishedCell.Empty();
                    var tableCell = Cell(NumberFormat.Format(cell.AsCell, language), column, size, bold, right: true, border: false);
                    // A figure the audit questions is shaded; the finding itself is printed beneath the table.
                    if (cell.Trace.HasFindings)
                    {
                        tableCell.TableCellProperties!.Shading = new Shading { Val = ShadingPatternValues.Clear, Color = "auto", Fill = "FBE3D6" };
                    }
                    tableRow.Append(tableCell);
                }
                result.Append(tableRow);
            }
            return result;
        }

        /// <param name="top">Aligns the text to the top of the cell (lists of text); numbers sit at the bottom, level with the last line of a wrapped label.</param>
        private static TableCell Cell(string text, int width, int size, bool bold, bool right, bool border, bool top = false)
        {
            var properties = new TableCellProperties
            {
                TableCellWidth = new TableCellWidth { Type = TableWidthUnitValues.Dxa, Width = Twips(width) },
                TableCellVerticalAlignment = new TableCellVerticalAlignment { Val = top ? TableVerticalAlignmentValues.Top : TableVerticalAlignmentValues.Bottom },
            };
            if (border)
            {
                properties.TableCellBorders = new TableCellBorders { BottomBorder = new BottomBorder { Val = BorderValues.Single, Size = 6, Color = "404040" } };
            }
            var paragraph = new Paragraph(new ParagraphProperties
            {
                ParagraphStyleId = new ParagraphStyleId { Val = DocxStyles.TableText },
                Justification = right ? new Justification { Val = JustificationValues.Right } : null,
            });
            if (text.Length > 0)
            {
                var sizeText = size.ToString(CultureInfo.InvariantCulture);
                var run = TextRun(text);
                run.RunProperties = new RunProperties
                {
                    Bold = bold ? new Bold() : null,
                    FontSize = new FontSize { Val = sizeText },
                    FontSizeComplexScript = new FontSizeComplexScript { Val = sizeText },
                };
                paragraph.Append(run);
            }
            return new TableCell(properties, paragraph);
        }

        private void AppendChart(ChartBlock chart)
        {
            pictures++;
            var png = main.AddImagePart(ImagePartType.Png, $"rIdChart{pictures}Png");
            using (var stream = new MemoryStream(PngChart.Render(chart, language))) png.FeedData(stream);
            var svg = main.AddImagePart(ImagePartType.Svg, $"rIdChart{pictures}Svg");
            using (var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(SvgChart.Render(chart, language)))) svg.FeedData(stream);

            var (pixelsWide, pixelsHigh) = PngChart.Size(chart, language);
            var maximum = (PageWidth - (2 * Margin)) * EmuPerTwip;
            var cx = Math.Min(maximum, (long)(pixelsWide * EmuPerPixel));
            var cy = (long)(cx * pixelsHigh / pixelsWide);

            body.Append(StyledParagraph(DocxStyles.Caption, chart.Title));
            var drawing = new Drawing(new DW.Inline(
                new DW.Extent { Cx = cx, Cy = cy },
                new DW.EffectExtent { LeftEdge = 0L, TopEdge = 0L, RightEdge = 0L, BottomEdge = 0L },
                // The text alternative is the picture's alt text: what a screen reader says in Word.
                new DW.DocProperties { Id = (uint)pictures, Name = $"Chart {pictures}", Title = chart.Title, Description = chart.AltText },
                new DW.NonVisualGraphicFrameDrawingProperties(new A.GraphicFrameLocks { NoChangeAspect = true }),
                new A.Graphic(new A.GraphicData(
                    new PIC.Picture(
                        new PIC.NonVisualPictureProperties(
                            new PIC.NonVisualDrawingProperties { Id = 0U, Name = chart.Id + ".png", Description = chart.AltText },
                            new PIC.NonVisualPictureDrawingProperties()),
                        new PIC.BlipFill(
                            new A.Blip(new A.BlipExtensionList(new A.BlipExtension(new SVG.SVGBlip { Embed = main.GetIdOfPart(svg) }) { Uri = SvgExtensionUri }))
                            {
                                Embed = main.GetIdOfPart(png),
                            },
                            new A.Stretch(new A.FillRectangle())),
                        new PIC.ShapeProperties(
                            new A.Transform2D(new A.Offset { X = 0L, Y = 0L }, new A.Extents { Cx = cx, Cy = cy }),
                            new A.PresetGeometry(new A.AdjustValueList()) { Preset = A.ShapeTypeValues.Rectangle })))
                { Uri = PictureUri }))
            {
                DistanceFromTop = 0U,
                DistanceFromBottom = 0U,
                DistanceFromLeft = 0U,
                DistanceFromRight = 0U,
            });
            body.Append(new Paragraph(new ParagraphProperties { KeepLines = new KeepLines() }, new Run(drawing)));
        }

        private Paragraph FindingParagraph(Finding finding)
        {
            var paragraph = new Paragraph(new ParagraphProperties { ParagraphStyleId = new ParagraphStyleId { Val = DocxStyles.Finding } });
            var label = TextRun($"{labels.Findings}: ");
            label.RunProperties = new RunProperties { Bold = new Bold() };
            paragraph.Append(label, TextRun(finding.Message));
            if (Where(finding) is { } where) paragraph.Append(TextRun($" ({where})"));
            return paragraph;
        }

        private string? Where(Finding finding) =>
            finding.Source is null ? null
            : finding.Line is { } line ? $"{finding.Source}, {labels.Lines} {line.ToString(CultureInfo.InvariantCulture)}"
            : finding.Source;

        private void AppendSourcesAndFindings()
        {
            var heading = StyledParagraph(DocxStyles.Heading1, labels.Data);
            if (!Orient(false)) heading.ParagraphProperties!.PageBreakBefore = new PageBreakBefore();
            body.Append(heading);

            body.Append(StyledParagraph(DocxStyles.Heading2, labels.Sources));
            for (var i = 0; i < publication.Sources.Count; i++)
            {
                var source = publication.Sources[i];
                body.Append(new Paragraph(TextRun($"[{i + 1}] {source.Describe(labels.Lines, labels.Imported)} — {source.Kind}")));
            }

            body.Append(StyledParagraph(DocxStyles.Heading2, labels.Findings));
            if (publication.Findings.Count == 0)
            {
                body.Append(new Paragraph(TextRun(labels.NoFindings)));
                return;
            }
            var width = PageWidth - (2 * Margin);
            string[] headers = [labels.Table, labels.Severity, labels.Rule, labels.Printed, labels.Computed, labels.Message, labels.Source];
            int[] shares = [11, 10, 15, 10, 12, 27, 15];
            var widths = shares.Select(s => width * s / 100).ToArray();
            var table = new Table(
                new TableProperties
                {
                    TableStyle = new TableStyle { Val = DocxStyles.Table },
                    TableWidth = new TableWidth { Type = TableWidthUnitValues.Dxa, Width = Twips(widths.Sum()) },
                    TableLayout = new TableLayout { Type = TableLayoutValues.Fixed },
                    TableLook = new TableLook { Val = "0020", FirstRow = true, NoHorizontalBand = true, NoVerticalBand = true },
                    TableCaption = new TableCaption { Val = labels.Findings },
                },
                new TableGrid(widths.Select(w => new GridColumn { Width = Twips(w) })));
            var header = new TableRow(new TableRowProperties(new CantSplit(), new TableHeader()));
            for (var i = 0; i < headers.Length; i++) header.Append(Cell(headers[i], widths[i], 16, bold: true, right: i is 3 or 4, border: true));
            table.Append(header);
            foreach (var published in publication.Findings)
            {
                var finding = published.Finding;
                string[] values =
                [
                    published.TableId ?? finding.Table,
                    finding.Severity.ToString().ToLowerInvariant(),
                    finding.Rule,
                    finding.Printed is { } printed ? NumberFormat.Count(printed, language) : "",
                    finding.Computed is { } computed ? NumberFormat.Count(computed, language) : "",
                    finding.Message,
                    Where(finding) ?? "",
                ];
                var row = new TableRow(new TableRowProperties(new CantSplit()));
                for (var i = 0; i < values.Length; i++) row.Append(Cell(values[i], widths[i], 16, bold: false, right: i is 3 or 4, border: false, top: true));
                table.Append(row);
            }
            body.Append(table);
        }

        /// <summary>
        /// Ends the current section when what comes next needs the other orientation, and says whether it did (the
        /// next content then starts a page anyway). In Word a section's page setup sits on the paragraph that closes
        /// it, so wide tables get landscape sections of their own.
        /// </summary>
        private bool Orient(bool toLandscape)
        {
            if (toLandscape == landscape) return false;
            body.Append(new Paragraph(new ParagraphProperties { SectionProperties = SectionProperties(landscape) }));
            landscape = toLandscape;
            return true;
        }

        private static SectionProperties SectionProperties(bool landscape) =>
            new(
                new FooterReference { Type = HeaderFooterValues.Default, Id = "rIdFooter" },
                new SectionType { Val = SectionMarkValues.NextPage },
                landscape
                    ? new PageSize { Width = PageHeight, Height = PageWidth, Orient = PageOrientationValues.Landscape }
                    : new PageSize { Width = PageWidth, Height = PageHeight },
                new PageMargin { Top = Margin, Right = Margin, Bottom = Margin, Left = Margin, Header = 709, Footer = 709, Gutter = 0 });

        private static Paragraph StyledParagraph(string style, string text) =>
            new(new ParagraphProperties { ParagraphStyleId = new ParagraphStyleId { Val = style } }, TextRun(text));

        private static Run TextRun(string text) => new(new Text(text) { Space = SpaceProcessingModeValues.Preserve });

        private static string Twips(int value) => value.ToString(CultureInfo.InvariantCulture);
    }
}
