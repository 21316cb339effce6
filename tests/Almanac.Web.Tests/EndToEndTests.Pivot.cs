using System.Globalization;
using System.Text.RegularExpressions;
using Almanac.Tests;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.Playwright;

namespace Almanac.Web.Tests;

public sealed partial class EndToEndTests
{
    [Fact]
    public async Task An_editor_runs_a_pivot_in_chromium_sees_the_table_and_the_chart_and_downloads_it_as_xlsx()
    {
        var chromium = TestChromium.Require();
        var artifacts = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts", "e2e-pivot"));
        var log = new RequestLog();
        await using var server = await PlatformServer.StartAsync(overrides: log.AddTo);
        await FactTestData.ImportAsync(server.Facts, FactTestData.Table1());
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright, chromium);
        var editor = await SignInToAsync(browser, server, log, "editor");

        // The layout's navigation leads there.
        await FollowAsync(editor, "header nav a[href='/pivot']", new Regex("/pivot$"), log);
        await editor.SelectOptionAsync("#pivot-measure", "t1.headcount");
        await editor.FillAsync("#pivot-rows", "year");
        await editor.FillAsync("#pivot-columns", "sex");
        await editor.FillAsync("#pivot-year", "2021-2023");
        await FollowAsync(editor, "#pivot-run", new Regex("measure=t1.headcount"), log);

        // The table: Table 1's women in 2023 (1 492), and a chart of the years by sex.
        var row2023 = editor.Locator("#pivot-table tbody tr", new PageLocatorOptions { HasText = "2023" });
        var cells2023 = await row2023.Locator("td").AllInnerTextsAsync();
        Assert.Equal(3, cells2023.Count);
        Assert.Equal(("2023", "1 492"), (cells2023[0], cells2023[1]));
        var chart = editor.Locator("#pivot-chart svg[role=img]");
        Assert.Equal(1, await chart.CountAsync());
        Assert.Equal(["F", "M"], await chart.Locator("g.series").EvaluateAllAsync<string[]>("gs => gs.map(g => g.getAttribute('aria-label'))"));
        Assert.Equal(6, await chart.Locator("g.series rect.mark").CountAsync());
        await ShotAsync(editor, artifacts, "01-pivot");

        // The XLSX download holds the same grid.
        var download = await editor.RunAndWaitForDownloadAsync(() => editor.ClickAsync("#pivot-xlsx"));
        Assert.Equal("t1.headcount-2021-2023.xlsx", download.SuggestedFilename);
        var path = Path.Combine(artifacts.FullName, download.SuggestedFilename);
        await download.SaveAsAsync(path);
        using var workbook = SpreadsheetDocument.Open(path, false);
        var cells = XlsxCells.Read(workbook, "query");
        var row = cells.Single(r => r.Value.GetValueOrDefault("A") == "2023").Value;
        Assert.Equal(1492m, decimal.Parse(row["B"], CultureInfo.InvariantCulture));
        Assert.Equal(["year", "F", "M"], [cells[2]["A"], cells[2]["B"], cells[2]["C"]]);

        // A mistyped year is a message on the page naming the field.
        await editor.FillAsync("#pivot-year", "20x3");
        await FollowAsync(editor, "#pivot-run", new Regex("year=20x3"), log);
        Assert.Contains("year '20x3'", await editor.InnerTextAsync("#pivot-error"), StringComparison.Ordinal);
        Assert.Equal(0, await editor.Locator("#pivot-table").CountAsync());
    }
}
