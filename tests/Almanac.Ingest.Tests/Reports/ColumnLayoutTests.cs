using System.Globalization;
using System.Text;
using Almanac.Domain.Reports;
using Almanac.Domain.Tables;
using Almanac.Ingest.Reference;
using Almanac.Ingest.Reports;
using Almanac.Store;
using Almanac.Tests;

namespace Almanac.Ingest.Tests.Reports;

/// <summary>
/// pdftotext -layout prints a page's table in columns padded with spaces, with page breaks as form feeds. The corpus's
/// tab-separated reports, laid out that way, must rebuild the very tables and figures their tab text does.
/// </summary>
public sealed class ColumnLayoutTests
{
    [Theory]
    // Every table of the 2023 report, staff tables and annexes.
    [InlineData("annual-report-2023.txt")]
    // The 2017 report's Tables 1–4, returns and expenditure tables. Its annexes are left out: their tab text puts
    // "Total" one cell left of its column (the extraction's slip, which a PDF laid out by pdftotext does not make), so
    // laid out cell by cell they would not be what pdftotext prints.
    [InlineData("annual-report-2017.txt", "staff-annex-general-service", "staff-annex-professional")]
    public void A_report_laid_out_in_columns_rebuilds_the_tables_of_its_tab_separated_text(string file, params string[] leftOut)
    {
        var bytes = File.ReadAllBytes(SharedFiles.Require("reports/" + file));
        var reference = ReferenceDataReader.ReadEmbedded();
        var tabbed = ReportExtraction.Read(file, bytes, reference, ReportReaders.All);
        var columns = ReportExtraction.Read(file, Encoding.UTF8.GetBytes(LayOut(Encoding.UTF8.GetString(bytes))), reference, ReportReaders.All);

        Assert.Equal(SpaceLayout.SingleSpaces, tabbed.Document.Spaces);
        Assert.Equal(SpaceLayout.ColumnGaps, columns.Document.Spaces);
        Assert.DoesNotContain(columns.Document.Lines, l => l.Contains('\t', StringComparison.Ordinal));
        Assert.Equal(tabbed.Tables.Select(t => t.Id), columns.Tables.Select(t => t.Id));
        Assert.True(tabbed.Tables.Count(t => !leftOut.Contains(t.Id)) >= 5);
        Assert.Equal(tabbed.Tables.Where(t => !leftOut.Contains(t.Id)).Select(Describe), columns.Tables.Where(t => !leftOut.Contains(t.Id)).Select(Describe));
        Assert.Equal(Figures(tabbed, leftOut), Figures(columns, leftOut));
    }

    [Fact]
    public void The_layout_of_a_table_row_is_what_pdftotext_prints()
    {
        // The first cell left-aligned, numbers right-aligned, headings centred, columns as wide as their widest cell.
        var text = LayOut("intro\n\tE-1\tTotal\tF\nViet Nam\t\t2\t2\nYemen\t1\t11\t4\nend");
        Assert.Equal(
            [
                "intro",
                "\f           E-1   Total   F",
                "Viet Nam             2   2",
                "Yemen        1      11   4",
                "end",
            ],
            text.Split('\n'));
    }

    [Fact]
    public async Task A_pdf_is_read_through_pdftotext_and_its_tables_rebuilt_as_printed()
    {
        if (!File.Exists("/usr/bin/pdftotext") && !File.Exists("/usr/local/bin/pdftotext"))
        {
            Assert.Skip("pdftotext is not installed (Debian's poppler-utils; scripts/test.sh installs it).");
        }
        // Tables 1 and 2 of the 2023 report printed in a PDF as a typesetter would: Courier, numbers right-aligned under
        // their headings, empty cells left blank (Table 2's E-2 and E-1 for men), two pages of text around them.
        var corpus = ReportExtraction.Read("ar.txt", File.ReadAllBytes(SharedFiles.Require("reports/annual-report-2023.txt")),
            ReferenceDataReader.ReadEmbedded(), ReportReaders.All);
        var lines = new List<string> { "ANNUAL REPORT FOR 2023", "" };
        lines.AddRange(Enumerable.Range(1, 70).Select(i => $"The International Organization for Migration (IOM) reports on its work, line {i}."));
        foreach (var id in new[] { "staff-table-1", "staff-table-2" })
        {
            var table = corpus.Tables.Single(t => t.Id == id);
            lines.AddRange(["", table.Title.Replace('–', '-'), ""]);
            // Table 2 prints its year where the other tables' headings leave the label column blank.
            IReadOnlyList<string> headings = [id == "staff-table-2" ? "2023" : "", .. table.Columns];
            lines.AddRange(Columns([headings, .. table.Rows.Select(r => (IReadOnlyList<string>)[r.Label, .. r.Cells.Select(c => Printed(c, r.Kind))])]));
        }
        lines.AddRange(Enumerable.Range(1, 40).Select(i => $"IOM closing remarks, line {i}."));
        var directory = Directory.CreateTempSubdirectory("almanac-pdf-");
        byte[] text;
        try
        {
            var pdf = Path.Combine(directory.FullName, "report.pdf");
            await File.WriteAllBytesAsync(pdf, Pdf(lines), TestContext.Current.CancellationToken);
            text = await PdfText.ExtractAsync(pdf, TestContext.Current.CancellationToken);
        }
        finally
        {
            directory.Delete(true);
        }
        var read = ReportExtraction.Read("report.pdf", text, ReferenceDataReader.ReadEmbedded(), ReportReaders.All);
        Assert.Equal(SpaceLayout.ColumnGaps, read.Document.Spaces);
        Assert.Equal(["staff-table-1", "staff-table-2"], read.Tables.Select(t => t.Id));
        foreach (var table in read.Tables)
        {
            var printed = corpus.Tables.Single(t => t.Id == table.Id);
            Assert.Equal(printed.Columns, table.Columns);
            Assert.Equal(printed.Rows.Select(Cells), table.Rows.Select(Cells));
            Assert.Empty(table.Unresolved);
        }
    }

    private static string Cells(ReportRow row) => $"{row.Label}: {string.Join(" | ", row.Cells.Select(c => c?.Value.ToString(CultureInfo.InvariantCulture) ?? ""))}";

    /// <summary>A cell as the reports print it: "1 062", "47%", "+26", "-" for no change.</summary>
    private static string Printed(ReportCell? cell, CellKind kind)
    {
        if (cell is not { } c) return "";
        var digits = Math.Abs(c.Value).ToString("#,0", CultureInfo.InvariantCulture).Replace(',', ' ');
        return kind switch
        {
            CellKind.Percent => digits + "%",
            CellKind.PercentagePointChange => c.Value == 0 ? "-" : (c.Value > 0 ? "+" : "-") + digits,
            _ => digits,
        };
    }

    /// <summary>Rows of cells on a character grid: the label column left-aligned, the others right-aligned, three characters apart.</summary>
    private static IEnumerable<string> Columns(IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var widths = Enumerable.Range(0, rows.Max(r => r.Count)).Select(c => rows.Max(r => c < r.Count ? r[c].Length : 0)).ToList();
        return rows.Select(r => string.Join(LayoutMutations.DefaultGap, r.Select((cell, c) => c == 0 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c]))).TrimEnd());
    }

    /// <summary>
    /// A minimal PDF of the lines in Courier 9 pt, 60 lines to a wide page, each line's runs of text placed where their characters
    /// stand (a space is a step of the grid), so that the spacing on the page is the spacing of the text.
    /// </summary>
    private static byte[] Pdf(IReadOnlyList<string> lines)
    {
        const int perPage = 60;
        var pages = lines.Chunk(perPage).ToList();
        var objects = new List<string> { "<< /Type /Catalog /Pages 2 0 R >>", "", "<< /Type /Font /Subtype /Type1 /BaseFont /Courier /Encoding /WinAnsiEncoding >>" };
        var kids = new List<int>();
        foreach (var page in pages)
        {
            var content = new StringBuilder();
            for (var i = 0; i < page.Length; i++)
            {
                foreach (var piece in ReportLine.Pieces(page[i]).SelectMany(p => p.Text.Split(' ').Select((w, k) => (Text: w, Start: p.Start + p.Text.Split(' ').Take(k).Sum(x => x.Length + 1)))))
                {
                    var x = 40 + (piece.Start * 5.4);
                    var y = 760 - (i * 12);
                    content.Append(CultureInfo.InvariantCulture, $"BT /F1 9 Tf {x:0.##} {y} Td ({piece.Text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("(", "\\(", StringComparison.Ordinal).Replace(")", "\\)", StringComparison.Ordinal)}) Tj ET\n");
                }
            }
            objects.Add($"<< /Length {Encoding.ASCII.GetByteCount(content.ToString())} >>\nstream\n{content}endstream");
            objects.Add($"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 1100 792] /Resources << /Font << /F1 3 0 R >> >> /Contents {objects.Count} 0 R >>");
            kids.Add(objects.Count);
        }
        objects[1] = $"<< /Type /Pages /Kids [{string.Join(' ', kids.Select(k => $"{k} 0 R"))}] /Count {kids.Count} >>";
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Count; i++)
        {
            offsets.Add(Encoding.ASCII.GetByteCount(pdf.ToString()));
            pdf.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }
        var xref = Encoding.ASCII.GetByteCount(pdf.ToString());
        pdf.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets) pdf.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        pdf.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Count + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }

    /// <summary>
    /// Every run of tab lines (blank lines inside it, page breaks of one table, do not end it) laid out as columns: each
    /// column as wide as its widest cell in the run, three spaces apart, a form feed before the run as before a page.
    /// </summary>
    private static string LayOut(string text)
    {
        var lines = text.Split('\n').Select(ReportDocument.Clean).ToList();
        for (var start = 0; start < lines.Count; start++)
        {
            if (!lines[start].Contains('\t', StringComparison.Ordinal)) continue;
            var end = start;
            for (var n = start; n < lines.Count && (lines[n].Contains('\t', StringComparison.Ordinal) || lines[n].Trim().Length == 0); n++)
            {
                if (lines[n].Trim().Length > 0) end = n;
            }
            var run = Enumerable.Range(start, end - start + 1).Where(n => lines[n].Contains('\t', StringComparison.Ordinal) || lines[n].Trim().Length > 0).ToList();
            var laidOut = LayoutMutations.ColumnGapLines([.. run.Select(n => (IReadOnlyList<string>)[.. lines[n].Split('\t').Select(c => c.Trim())])]);
            for (var i = 0; i < run.Count; i++) lines[run[i]] = (i == 0 ? "\f" : "") + laidOut[i];
            start = end;
        }
        return string.Join('\n', lines);
    }

    private static IEnumerable<string> Figures(ReportExtraction extraction, string[] leftOut) =>
        extraction.Observations.Where(o => !leftOut.Contains(o.Provenance.Location))
            .Select(o => $"{o.Measure}|{o.Year}|{o.Key.Canonical}|{o.Value}|{o.Provenance}|{o.Provenance.Inferred}");

    /// <summary>The whole rebuilt table but the text of its unresolved lines (which the layout changes).</summary>
    private static string Describe(ReportTable table) =>
        ReportTableJson.Serialize(table with { Unresolved = [.. table.Unresolved.Select(u => u with { Text = u.Line.ToString(CultureInfo.InvariantCulture) })] });
}
