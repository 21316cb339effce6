using System.IO.Compression;
using System.Text;

namespace Almanac.Ingest.Tests.Staff;

/// <summary>
/// Writes XLSX packages part by part with System.IO.Compression, so that a test can make what no spreadsheet program
/// writes: a sheet with a DTD, a cell beyond the grid, a part that unzips to a gigabyte.
/// </summary>
internal static class HostileXlsx
{
    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    /// <summary>A sheet's XML around the rows given (each row's cells as XML).</summary>
    public static string Sheet(string rows, string prolog = "") =>
        $"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}<worksheet xmlns="{Main}"><sheetData>{rows}</sheetData></worksheet>""";

    /// <summary>A row of inline-string cells at the references given.</summary>
    public static string Row(long number, params (string Reference, string Text)[] cells) =>
        $"""<row r="{number}">{string.Concat(cells.Select(c => $"""<c r="{c.Reference}" t="inlineStr"><is><t>{c.Text}</t></is></c>"""))}</row>""";

    /// <summary>The header of a staff list on row 1 and one good staff member on row 2.</summary>
    public static string GoodRows =>
        Row(1, ("A1", "staff_id"), ("B1", "nationality"), ("C1", "grade"), ("D1", "sex")) + Row(2, ("A2", "s1"), ("B2", "FRA"), ("C2", "P-3"), ("D2", "F"));

    /// <summary>
    /// Writes a workbook whose only sheet, "Staff", is <paramref name="sheet"/>; <paramref name="padding"/> adds parts of
    /// that many bytes of spaces each (which deflate to a thousandth of that).
    /// </summary>
    public static void Write(string path, string sheet, params long[] padding)
    {
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        Entry(zip, "[Content_Types].xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="bin" ContentType="application/octet-stream"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>
            """);
        Entry(zip, "_rels/.rels", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
            """);
        Entry(zip, "xl/workbook.xml", $"""
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="{Main}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Staff" sheetId="1" r:id="rId1"/></sheets></workbook>
            """);
        Entry(zip, "xl/_rels/workbook.xml.rels", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>
            """);
        Entry(zip, "xl/worksheets/sheet1.xml", sheet);
        for (var i = 0; i < padding.Length; i++)
        {
            using var stream = zip.CreateEntry($"xl/media/padding{i}.bin", CompressionLevel.Optimal).Open();
            var spaces = new byte[1 << 20];
            Array.Fill(spaces, (byte)' ');
            for (var written = 0L; written < padding[i]; written += spaces.Length) stream.Write(spaces, 0, (int)Math.Min(spaces.Length, padding[i] - written));
        }
    }

    private static void Entry(ZipArchive zip, string name, string text)
    {
        using var stream = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
        stream.Write(Encoding.UTF8.GetBytes(text));
    }
}
