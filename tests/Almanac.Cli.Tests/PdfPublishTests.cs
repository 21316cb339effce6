using System.Diagnostics;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Almanac.Tests;
using AngleSharp.Html.Parser;

namespace Almanac.Cli.Tests;

/// <summary>
/// `almanac publish --format pdf`: the 2023 demo report printed by headless Chromium, read back with poppler-utils —
/// pdfinfo (pages, A4, tagged), pdftohtml's outline (the bookmarks), pdftotext (the text, searchable, with every figure of
/// Table 1 and the page numbers), pdffonts (every font embedded) — and a clear error where there is no Chromium.
/// </summary>
public sealed partial class PdfPublishTests(PublishFixture fixture) : IClassFixture<PublishFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string[] ToolDirectories = ["/usr/bin", "/usr/local/bin"];

    /// <summary>A poppler-utils tool's standard output (scripts/test.sh installs them); a skip, or a failure in CI, without them.</summary>
    private static async Task<string> PopplerAsync(string tool, params string[] arguments)
    {
        var path = ToolDirectories.Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists);
        if (path is null) Prerequisite.Missing($"{tool} not available (scripts/test.sh installs poppler-utils).", $"{tool} is missing: scripts/test.sh must install poppler-utils.");
        var start = new ProcessStartInfo(path!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(Ct);
        var errors = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        Assert.True(process.ExitCode == 0, $"{tool} exited with {process.ExitCode}: {await errors}");
        return await output;
    }

    [Fact]
    public async Task The_2023_report_prints_to_an_a4_pdf_with_bookmarks_page_numbers_embedded_fonts_and_every_figure_of_table_1()
    {
        var chromium = TestChromium.Require();
        var output = Path.Combine(fixture.Output, "..", "pdf");
        Assert.Equal(0, await fixture.RunAsync(["publish", "--db", fixture.Database, "--year", "2023", "--out", output, "--format", "pdf", "--chromium", chromium.Executable]));
        var pdf = Path.Combine(output, "annual-report-2023-en.pdf");
        Assert.True(File.Exists(pdf), $"no {pdf}");
        var artifacts = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts"));
        File.Copy(pdf, Path.Combine(artifacts.FullName, "publish-annual-report-2023-en.pdf"), overwrite: true);

        // pdfinfo: it opens, several pages (a page per part at least), every one A4, tagged for structure.
        var info = await PopplerAsync("pdfinfo", pdf);
        var pages = int.Parse(PagesLine().Match(info).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(pages >= fixture.Publication.Sections.Count + 1, $"{pages} pages for {fixture.Publication.Sections.Count} parts:\n{info}");
        Assert.Matches(@"Page size:\s+59[45](\.\d+)? x 84[12](\.\d+)? pts \(A4\)", info);
        Assert.Contains("Tagged:          yes", info, StringComparison.Ordinal);
        var sizes = await PopplerAsync("pdfinfo", "-f", "1", "-l", pages.ToString(System.Globalization.CultureInfo.InvariantCulture), pdf);
        Assert.Equal(pages, PageSizeLine().Matches(sizes).Count(m => m.Value.Contains("(A4)", StringComparison.Ordinal)));

        // The bookmarks: the report's title, and under it every part by its title, each pointing at a page in order.
        var outline = XDocument.Parse(await PopplerAsync("pdftohtml", "-xml", "-stdout", "-i", "-q", pdf)).Root!.Element("outline");
        Assert.NotNull(outline);
        var items = outline.Descendants("item").Select(i => (Title: i.Value.Trim(), Page: int.Parse(i.Attribute("page")!.Value, System.Globalization.CultureInfo.InvariantCulture))).ToList();
        Assert.Equal(fixture.Publication.Title, items[0].Title);
        var parts = fixture.Publication.Sections.Select(s => items.FirstOrDefault(i => i.Title == s.Title)).ToList();
        Assert.All(parts.Zip(fixture.Publication.Sections), p => Assert.True(p.First.Title is not null, $"no bookmark for the part '{p.Second.Title}'"));
        Assert.Equal(parts.Select(p => p.Page).Order(), parts.Select(p => p.Page));
        Assert.True(parts[^1].Page > parts[0].Page, "every part bookmarks the same page");

        // The text: searchable, page numbers "n / N" at the foot of the pages, and every figure of Table 1 as the HTML prints it.
        var text = await PopplerAsync("pdftotext", "-enc", "UTF-8", pdf, "-");
        var numbers = PageNumber().Matches(text).Select(m => m.Groups[2].Value).ToList();
        Assert.True(numbers.Count >= pages - 1, $"{numbers.Count} page numbers on {pages} pages");
        Assert.All(numbers, n => Assert.Equal(pages.ToString(System.Globalization.CultureInfo.InvariantCulture), n));
        var table1 = new HtmlParser().ParseDocument(await File.ReadAllTextAsync(fixture.File("annual-report-2023-en.html"), Ct)).QuerySelector("figure#table-1 table")!;
        var figures = table1.QuerySelectorAll("tbody td").Select(td =>
        {
            foreach (var extra in td.QuerySelectorAll(".tip, .flag").ToList()) extra.Remove();
            return td.TextContent.Trim();
        }).Where(t => t.Any(char.IsAsciiDigit)).Distinct().ToList();
        Assert.True(figures.Count >= 10, $"Table 1 has {figures.Count} distinct figures");
        var missing = figures.Where(f => !Regex.IsMatch(text, Printed(f))).ToList();
        Assert.True(missing.Count == 0, $"Table 1's figures not in the PDF's text: {string.Join(" | ", missing)}");
        // The header repeats on each page a long table runs over: Annex II's first column heading is printed more than once.
        var annexII = fixture.Publication.Tables.Single(t => t.Id == "annex-ii");
        Assert.True(Regex.Count(text, Regex.Escape(annexII.Columns[0])) > 1, $"'{annexII.Columns[0]}' printed once: the header did not repeat");

        // Every font embedded.
        var fonts = (await PopplerAsync("pdffonts", pdf)).Split('\n').Skip(2).Where(l => l.Trim().Length > 0).ToList();
        Assert.NotEmpty(fonts);
        Assert.All(fonts, f => Assert.Matches(@"\s(yes)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$", f));
    }

    [Fact]
    public async Task Without_chromium_publish_pdf_names_where_it_looked_and_writes_nothing()
    {
        var output = Path.Combine(fixture.Output, "..", "no-pdf");
        var missing = Path.Combine(Path.GetTempPath(), "almanac-no-such-chromium", "chromium");
        var (code, _, errors) = await CliRun.RunSplitAsync("publish", "--db", fixture.Database, "--year", "2023", "--out", output, "--format", "html,pdf", "--chromium", missing);
        Assert.Equal(1, code);
        Assert.Contains($"no Chromium to print the PDF with: --chromium names {missing}, which does not exist; nothing was written.", errors, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output), "something was written");

        // Looking for it: every place is named, and the ways to give one.
        static string? Nowhere(string name) => name switch
        {
            "PATH" => "/nowhere/bin:/nowhere/usr/bin",
            "HOME" => "/nowhere/home",
            _ => null,
        };
        var (path, looked) = Almanac.Publish.Publications.Pdf.HeadlessChromium.Find(null, Nowhere);
        if (File.Exists(Almanac.Publish.Publications.Pdf.HeadlessChromium.DefaultPath))
        {
            // Debian's place is looked at even when PATH leaves it out.
            Assert.Equal(Almanac.Publish.Publications.Pdf.HeadlessChromium.DefaultPath, path);
        }
        else
        {
            Assert.Null(path);
            var error = Assert.Throws<Almanac.Domain.AlmanacException>(() => Almanac.Publish.Publications.Pdf.HeadlessChromium.Required(null, Nowhere));
            Assert.Contains("/nowhere/bin/chromium, /nowhere/bin/chromium-browser, /nowhere/usr/bin/chromium, /nowhere/usr/bin/chromium-browser, /usr/bin/chromium, "
                + "/nowhere/home/.cache/ms-playwright/chromium-*/chrome-linux*/chrome", error.Message, StringComparison.Ordinal);
        }
        Assert.Equal(["/nowhere/bin/chromium", "/nowhere/bin/chromium-browser", "/nowhere/usr/bin/chromium", "/nowhere/usr/bin/chromium-browser", "/usr/bin/chromium",
            "/nowhere/home/.cache/ms-playwright/chromium-*/chrome-linux*/chrome"], looked);
        var named = Assert.Throws<Almanac.Domain.AlmanacException>(() => Almanac.Publish.Publications.Pdf.HeadlessChromium.Required(null, name => name == "ALMANAC_CHROMIUM" ? missing : null));
        Assert.Equal($"no Chromium to print the PDF with: ALMANAC_CHROMIUM names {missing}, which does not exist; nothing was written.", named.Message);
    }

    /// <summary>A figure as the PDF's text holds it: its digit groups apart by any space (pdftotext may turn a narrow no-break space into a space), no digit either side.</summary>
    private static string Printed(string figure) =>
        @"(?<![\d])" + string.Join(@"[\s\u00A0\u202F\u2009]?", Regex.Split(figure, @"[\s\u00A0\u202F\u2009]+").Select(Regex.Escape)) + @"(?![\d])";

    [GeneratedRegex(@"Pages:\s+(\d+)")]
    private static partial Regex PagesLine();

    [GeneratedRegex(@"Page\s+\d+ size:[^\n]*")]
    private static partial Regex PageSizeLine();

    [GeneratedRegex(@"(?m)^\s*(\d+)\s*/\s*(\d+)\s*$")]
    private static partial Regex PageNumber();
}
