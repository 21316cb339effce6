using DocumentFormat.OpenXml.Wordprocessing;

namespace Almanac.Publish.Publications.Docx;

/// <summary>
/// The styles part of the Word document. Headings and captions use Word's built-in style names ("heading 1",
/// "caption"), so the navigation pane, a table of contents and the editors' own habits work on them.
/// </summary>
internal static class DocxStyles
{
    public const string Title = "Title";
    public const string Heading1 = "Heading1";
    public const string Heading2 = "Heading2";
    public const string Caption = "Caption";
    public const string TableText = "TableText";
    public const string TableNote = "TableNote";
    public const string Finding = "Finding";
    public const string Table = "AlmanacTable";
    public const string FindingColour = "9E2A14";

    public static Styles Create(string language)
    {
        var lang = language switch
        {
            "fr" => "fr-FR",
            "es" => "es-ES",
            _ => "en-GB",
        };
        var styles = new Styles(
            new DocDefaults(
                new RunPropertiesDefault(new RunPropertiesBaseStyle
                {
                    RunFonts = new RunFonts { Ascii = "Calibri", HighAnsi = "Calibri", ComplexScript = "Calibri", EastAsia = "Calibri" },
                    FontSize = new FontSize { Val = "22" },
                    FontSizeComplexScript = new FontSizeComplexScript { Val = "22" },
                    Languages = new Languages { Val = lang },
                }),
                new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle
                {
                    SpacingBetweenLines = new SpacingBetweenLines { After = "120", Line = "264", LineRule = LineSpacingRuleValues.Auto },
                })));

        styles.Append(new Style
        {
            Type = StyleValues.Paragraph,
            StyleId = "Normal",
            Default = true,
            StyleName = new StyleName { Val = "Normal" },
            PrimaryStyle = new PrimaryStyle(),
        });
        styles.Append(Paragraph(Title, "Title", next: "Normal", outline: null, sizeHalfPoints: 48, bold: true, before: 0, after: 360));
        styles.Append(Paragraph(Heading1, "heading 1", next: "Normal", outline: 0, sizeHalfPoints: 32, bold: true, before: 360, after: 120, keepNext: true));
        styles.Append(Paragraph(Heading2, "heading 2", next: "Normal", outline: 1, sizeHalfPoints: 26, bold: true, before: 240, after: 80, keepNext: true));
        styles.Append(Paragraph(Caption, "caption", next: "Normal", outline: null, sizeHalfPoints: 20, bold: true, before: 240, after: 80, keepNext: true));
        styles.Append(Paragraph(TableText, "Table Text", next: TableText, outline: null, sizeHalfPoints: 18, bold: false, before: 20, after: 20, custom: true));
        styles.Append(Paragraph(TableNote, "Table Note", next: "Normal", outline: null, sizeHalfPoints: 16, bold: false, before: 40, after: 0, custom: true));
        var finding = Paragraph(Finding, "Finding", next: "Normal", outline: null, sizeHalfPoints: 18, bold: false, before: 60, after: 60, custom: true);
        finding.StyleRunProperties!.Color = new Color { Val = FindingColour };
        styles.Append(finding);
        styles.Append(new Style
        {
            Type = StyleValues.Table,
            StyleId = Table,
            CustomStyle = true,
            StyleName = new StyleName { Val = "Almanac Table" },
            BasedOn = new BasedOn { Val = "TableNormal" },
            PrimaryStyle = new PrimaryStyle(),
            StyleTableProperties = new StyleTableProperties
            {
                TableBorders = new TableBorders
                {
                    TopBorder = new TopBorder { Val = BorderValues.Single, Size = 8, Color = "404040" },
                    BottomBorder = new BottomBorder { Val = BorderValues.Single, Size = 8, Color = "404040" },
                    InsideHorizontalBorder = new InsideHorizontalBorder { Val = BorderValues.Single, Size = 2, Color = "D9D9D9" },
                },
                TableCellMarginDefault = new TableCellMarginDefault
                {
                    TopMargin = new TopMargin { Width = "0", Type = TableWidthUnitValues.Dxa },
                    TableCellLeftMargin = new TableCellLeftMargin { Width = 70, Type = TableWidthValues.Dxa },
                    BottomMargin = new BottomMargin { Width = "0", Type = TableWidthUnitValues.Dxa },
                    TableCellRightMargin = new TableCellRightMargin { Width = 70, Type = TableWidthValues.Dxa },
                },
            },
        });
        styles.Append(new Style
        {
            Type = StyleValues.Table,
            StyleId = "TableNormal",
            Default = true,
            StyleName = new StyleName { Val = "Normal Table" },
            UIPriority = new UIPriority { Val = 99 },
            SemiHidden = new SemiHidden(),
            UnhideWhenUsed = new UnhideWhenUsed(),
            StyleTableProperties = new StyleTableProperties
            {
                TableIndentation = new TableIndentation { Width = 0, Type = TableWidthUnitValues.Dxa },
                TableCellMarginDefault = new TableCellMarginDefault
                {
                    TopMargin = new TopMargin { Width = "0", Type = TableWidthUnitValues.Dxa },
                    TableCellLeftMargin = new TableCellLeftMargin { Width = 108, Type = TableWidthValues.Dxa },
                    BottomMargin = new BottomMargin { Width = "0", Type = TableWidthUnitValues.Dxa },
                    TableCellRightMargin = new TableCellRightMargin { Width = 108, Type = TableWidthValues.Dxa },
                },
            },
        });
        return styles;
    }

    private static Style Paragraph(string id, string name, string next, int? outline, int sizeHalfPoints, bool bold, int before, int after,
        bool keepNext = false, bool custom = false)
    {
        var size = sizeHalfPoints.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new Style
        {
            Type = StyleValues.Paragraph,
            StyleId = id,
            CustomStyle = custom ? true : null,
            StyleName = new StyleName { Val = name },
            BasedOn = new BasedOn { Val = "Normal" },
            NextParagraphStyle = new NextParagraphStyle { Val = next },
            PrimaryStyle = new PrimaryStyle(),
            StyleParagraphProperties = new StyleParagraphProperties
            {
                KeepNext = keepNext ? new KeepNext() : null,
                KeepLines = keepNext ? new KeepLines() : null,
                SpacingBetweenLines = new SpacingBetweenLines
                {
                    Before = before.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    After = after.ToString(System.Globalization.CultureInfo.InvariantCulture),
                },
                OutlineLevel = outline is { } level ? new OutlineLevel { Val = level } : null,
            },
            StyleRunProperties = new StyleRunProperties
            {
                Bold = bold ? new Bold() : null,
                BoldComplexScript = bold ? new BoldComplexScript() : null,
                FontSize = new FontSize { Val = size },
                FontSizeComplexScript = new FontSizeComplexScript { Val = size },
            },
        };
    }
}
