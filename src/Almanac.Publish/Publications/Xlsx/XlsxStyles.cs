using Almanac.Domain.Tables;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Almanac.Publish.Publications.Xlsx;

/// <summary>
/// The workbook's cell formats, registered as the sheets ask for them (so their order, and the bytes, follow the
/// publication) and written once into the styles part at the end.
/// </summary>
internal sealed class XlsxStyles
{
    public const uint RegularFont = 0;
    public const uint BoldFont = 1;
    public const uint TitleFont = 2;
    public const uint ItalicFont = 3;

    public const uint NoFill = 0;
    public const uint FindingFill = 2;

    public const uint NoBorder = 0;
    public const uint BottomBorder = 1;

    private const uint General = 0;
    private const uint Date = 169;

    /// <summary>The formats Excel does not build in, with the ids the workbook gives them (164 is the first free one).</summary>
    private static readonly (uint Id, string Code)[] Custom =
    [
        (164, "#,##0.0"),
        (165, "0.0%"),
        // A change prints its sign, and no change prints "-", as in the reports.
        (166, "+#,##0;-#,##0;\"-\""),
        (167, "+#,##0.0;-#,##0.0;\"-\""),
        (168, "+#,##0.00;-#,##0.00;\"-\""),
        (Date, "yyyy-mm-dd hh:mm"),
    ];

    private readonly List<Key> formats = [new(General, RegularFont, NoFill, NoBorder, Align.None)];

    /// <summary>How the content of a cell sits in it.</summary>
    public enum Align
    {
        None,
        Right,
        RightWrap,
        Wrap,
    }

    private readonly record struct Key(uint NumberFormat, uint Font, uint Fill, uint Border, Align Align);

    /// <summary>The index of a text format.</summary>
    public uint Text(uint font = RegularFont, uint border = NoBorder, Align align = Align.None, uint fill = NoFill) =>
        Index(new Key(General, font, fill, border, align));

    /// <summary>The index of a number format for a cell of this kind, with as many decimals as its value has (two at most).</summary>
    public uint Number(CellKind kind, decimal value, uint font = RegularFont, uint fill = NoFill)
    {
        var decimals = Decimals(value);
        uint format = kind switch
        {
            CellKind.Percent => decimals switch { 0 => 9, 1 => 165, _ => 10 },
            CellKind.PercentagePointChange => decimals switch { 0 => 166, 1 => 167, _ => 168 },
            _ => decimals switch { 0 => 3, 1 => 164, _ => 4 },
        };
        return Index(new Key(format, font, fill, NoBorder, Align.None));
    }

    /// <summary>The index of the date-and-time format.</summary>
    public uint DateTime() => Index(new Key(Date, RegularFont, NoFill, NoBorder, Align.None));

    public Stylesheet Stylesheet() =>
        new(
            new NumberingFormats(Custom.Select(c => new NumberingFormat { NumberFormatId = c.Id, FormatCode = c.Code })) { Count = (uint)Custom.Length },
            new Fonts(
                Font(bold: false, italic: false, size: 11),
                Font(bold: true, italic: false, size: 11),
                Font(bold: true, italic: false, size: 14),
                Font(bold: false, italic: true, size: 10))
            { Count = 4 },
            new Fills(
                new Fill(new PatternFill { PatternType = PatternValues.None }),
                new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
                new Fill(new PatternFill(new ForegroundColor { Rgb = "FFFBE3D6" }, new BackgroundColor { Indexed = 64 }) { PatternType = PatternValues.Solid }))
            { Count = 3 },
            new Borders(
                new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new DocumentFormat.OpenXml.Spreadsheet.BottomBorder(), new DiagonalBorder()),
                new Border(new LeftBorder(), new RightBorder(), new TopBorder(),
                    new DocumentFormat.OpenXml.Spreadsheet.BottomBorder(new Color { Auto = true }) { Style = BorderStyleValues.Thin }, new DiagonalBorder()))
            { Count = 2 },
            new CellStyleFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0 }) { Count = 1 },
            new CellFormats(formats.Select(CellFormat)) { Count = (uint)formats.Count },
            new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }) { Count = 1 });

    private uint Index(Key key)
    {
        var index = formats.IndexOf(key);
        if (index >= 0) return (uint)index;
        formats.Add(key);
        return (uint)(formats.Count - 1);
    }

    private static CellFormat CellFormat(Key key)
    {
        var format = new CellFormat
        {
            NumberFormatId = key.NumberFormat,
            FontId = key.Font,
            FillId = key.Fill,
            BorderId = key.Border,
            FormatId = 0,
            ApplyNumberFormat = key.NumberFormat != General ? true : null,
            ApplyFont = key.Font != RegularFont ? true : null,
            ApplyFill = key.Fill != NoFill ? true : null,
            ApplyBorder = key.Border != NoBorder ? true : null,
        };
        if (key.Align != Align.None)
        {
            format.ApplyAlignment = true;
            format.Alignment = new Alignment
            {
                Horizontal = key.Align is Align.Right or Align.RightWrap ? HorizontalAlignmentValues.Right : null,
                WrapText = key.Align is Align.RightWrap or Align.Wrap ? true : null,
                Vertical = key.Align is Align.RightWrap or Align.Wrap ? VerticalAlignmentValues.Bottom : null,
            };
        }
        return format;
    }

    private static Font Font(bool bold, bool italic, double size)
    {
        var font = new Font();
        if (bold) font.Append(new Bold());
        if (italic) font.Append(new Italic());
        font.Append(new FontSize { Val = size }, new FontName { Val = "Calibri" }, new FontFamilyNumbering { Val = 2 });
        return font;
    }

    private static int Decimals(decimal value)
    {
        value = Math.Abs(value);
        var decimals = 0;
        while (value != decimal.Truncate(value) && decimals < 2)
        {
            value *= 10;
            decimals++;
        }
        return decimals;
    }
}
