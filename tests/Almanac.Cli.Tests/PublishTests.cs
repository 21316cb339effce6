using AngleSharp.Html.Parser;

namespace Almanac.Cli.Tests;

/// <summary>
/// `almanac publish` on the demo store: the HTML lays the tables out as the publication does, every number in it equals
/// the figure the 2023 report printed but for the contradictions <see cref="PrintComparison"/> lists (the same bar as
/// the `annex` output in <see cref="DemoAnnexTests"/>), and findings sit beside the figures they concern.
/// </summary>
public sealed class PublishTests(PublishFixture fixture) : IClassFixture<PublishFixture>
{
    public static readonly TheoryData<string> TableIds = ["table-1", "table-2", "table-3", "table-4", "annex-ii", "annex-iii", "annex-iv"];

    [Theory]
    [MemberData(nameof(TableIds))]
    public void The_html_tables_have_the_publications_titles_columns_and_rows(string id)
    {
        var table = Html().QuerySelector($"figure#{id} table")!;
        Assert.NotNull(table);
        var expected = fixture.Publication.Tables.Single(t => t.Id == id);
        Assert.Equal(expected.Title, table.QuerySelector("caption")!.TextContent);
        Assert.Equal(expected.Columns, table.QuerySelectorAll("thead th").Skip(1).Select(th => th.TextContent));
        Assert.Equal(expected.Rows.Select(r => r.Label), table.QuerySelectorAll("tbody tr").Select(r => r.QuerySelector("th")!.TextContent));
        Assert.Equal(expected.Rows.Select(r => r.Iso3), table.QuerySelectorAll("tbody tr").Select(r => r.QuerySelector("th")!.GetAttribute("data-iso3")));
    }

    [Fact]
    public void Every_number_in_the_html_tables_equals_print_except_the_listed_contradictions()
    {
        var document = Html();
        PrintComparison.AssertMatchesPrint("annual-report-2023-en.html", id =>
        {
            var table = document.QuerySelector($"figure#{id} table")!;
            var columns = table.QuerySelectorAll("thead th").Skip(1).Select(th => th.TextContent).ToList();
            return PrintComparison.Rows(table.QuerySelectorAll("tbody tr").Select(r =>
            {
                var th = r.QuerySelector("th")!;
                // A cell's text is its figure; the flag and the tip inside it are not part of the number.
                var cells = r.QuerySelectorAll("td").Select((td, c) =>
                {
                    foreach (var extra in td.QuerySelectorAll(".tip, .flag").ToList()) extra.Remove();
                    return (Column: columns[c], Value: PrintComparison.Value(td.TextContent));
                }).ToDictionary(x => x.Column, x => x.Value);
                return (th.TextContent, th.GetAttribute("data-iso3"), r.ClassList.Contains("heading"), (IReadOnlyDictionary<string, string>)cells);
            }));
        });
    }

    [Fact]
    public void The_printed_2022_total_that_does_not_add_up_is_flagged_beside_it_in_html()
    {
        var document = new HtmlParser().ParseDocument(System.IO.File.ReadAllText(fixture.File("annual-report-2023-en.html")));
        var total = document.QuerySelectorAll("figure#table-1 tbody tr").Single(r => r.QuerySelector("th")!.TextContent == "Total");
        var cell = total.QuerySelectorAll("td")[3]; // 2019, 2020, 2021, 2022
        var figure = cell.QuerySelector(".figure.flagged")!;
        Assert.NotNull(figure);
        var flag = figure.QuerySelector("a.flag")!;
        var finding = document.GetElementById(flag.GetAttribute("href")![1..])!;
        Assert.Contains("2 575 is printed as the total", finding.TextContent, StringComparison.Ordinal);
        Assert.Equal("figure#table-1", "figure#" + finding.Closest("figure")!.Id);
        var tip = figure.QuerySelector(".tip")!;
        Assert.Contains("annual-report-2023-staff.csv, lines", tip.TextContent, StringComparison.Ordinal);
        Assert.Contains("632", tip.TextContent, StringComparison.Ordinal);
        Assert.Equal(tip.Id, figure.GetAttribute("aria-describedby"));
    }

    [Fact]
    public void The_html_is_self_contained_and_accessible()
    {
        var html = System.IO.File.ReadAllText(fixture.File("annual-report-2023-en.html"));
        var document = new HtmlParser().ParseDocument(html);
        foreach (var element in document.QuerySelectorAll("[src], link[href]"))
        {
            Assert.Fail($"the page loads {element.OuterHtml[..Math.Min(120, element.OuterHtml.Length)]}");
        }
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        Assert.All(document.QuerySelectorAll("table"), t => Assert.True(t.QuerySelector("caption") is not null || t.ClassList.Contains("findings-list")));
        Assert.All(document.QuerySelectorAll("thead th"), th => Assert.Equal("col", th.GetAttribute("scope")));
        var charts = document.QuerySelectorAll("figure.chart svg").ToList();
        Assert.Equal(2, charts.Count);
        Assert.All(charts, svg => Assert.Equal("img", svg.GetAttribute("role")));
        Assert.All(charts, svg => Assert.False(string.IsNullOrWhiteSpace(svg.QuerySelector("desc")?.TextContent)));
        Assert.Contains("@media print", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_french_report_has_french_labels_and_number_format()
    {
        var document = new HtmlParser().ParseDocument(System.IO.File.ReadAllText(fixture.File("annual-report-2023-fr.html")));
        Assert.Equal("fr", document.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Rapport annuel pour 2023", document.QuerySelector("h1")!.TextContent);
        var table = document.QuerySelector("figure#table-1 table")!;
        Assert.StartsWith("Tableau 1.", table.QuerySelector("caption")!.TextContent, StringComparison.Ordinal);
        var total = table.QuerySelectorAll("tbody tr").Single(r => r.QuerySelector("th")!.TextContent == "Total");
        var cell = total.QuerySelectorAll("td")[4];
        foreach (var tip in cell.QuerySelectorAll(".tip").ToList()) tip.Remove();
        Assert.Equal("2\u202F994", cell.TextContent);
    }

    [Fact]
    public async Task Publishing_again_gives_byte_identical_files()
    {
        var again = Path.Combine(Path.GetTempPath(), "almanac-publish-again-" + Guid.NewGuid().ToString("N"));
        try
        {
            Assert.Equal(0, await fixture.RunAsync(["publish", "--db", fixture.Database, "--year", "2023", "--out", again]));
            var first = Directory.GetFiles(fixture.Output).Where(f => !f.EndsWith("-fr.html", StringComparison.Ordinal)).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(first, Directory.GetFiles(again).Select(Path.GetFileName).Order(StringComparer.Ordinal));
            Assert.NotEmpty(first);
            foreach (var name in first)
            {
                Assert.True(System.IO.File.ReadAllBytes(fixture.File(name!)).AsSpan().SequenceEqual(System.IO.File.ReadAllBytes(Path.Combine(again, name!))), $"{name} differs between two publishes");
            }
        }
        finally
        {
            if (Directory.Exists(again)) Directory.Delete(again, true);
        }
    }

    [Fact]
    public async Task Publishing_a_year_without_figures_is_refused_unless_asked_for_the_empty_frame()
    {
        var output = Path.Combine(Path.GetTempPath(), "almanac-publish-empty-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (exit, terminal) = await CliRun.RunAsync("publish", "--db", fixture.Database, "--year", "2030", "--out", output, "--format", "html");
            Assert.Equal((AlmanacCli.Failed, false), (exit, Directory.Exists(output)));
            // Said on one line when the terminal is wide enough: which report, which year, which years it could be.
            Assert.Matches(@"error: the store holds no figure of annual-report for 2030 \(it holds figures for [0-9, ]*2017, 2018[0-9, ]*, 2023\); nothing was written\.", terminal);

            Assert.Equal(0, (await CliRun.RunAsync("publish", "--db", fixture.Database, "--year", "2030", "--out", output, "--format", "html", "--allow-empty")).ExitCode);
            Assert.True(System.IO.File.Exists(Path.Combine(output, "annual-report-2030-en.html")));
        }
        finally
        {
            if (Directory.Exists(output)) Directory.Delete(output, true);
        }
    }

    private AngleSharp.Html.Dom.IHtmlDocument Html() => new HtmlParser().ParseDocument(System.IO.File.ReadAllText(fixture.File("annual-report-2023-en.html")));
}

/// <summary>An editor's own definition, given with --definition, is published without touching code.</summary>
public sealed class CustomDefinitionTests(PublishFixture fixture) : IClassFixture<PublishFixture>
{
    private const string Definition = """
        id: gender-brief
        title: "Gender brief {year}"
        sections:
          - id: brief
            title: Women in the Professional categories
            blocks:
              - paragraph:
                  text: "In {year}, {women} women served at P-5 and above."
                  figures:
                    women: { measure: staff.headcount, where: { category: PH, grade: [P-5, D-1, D-2, E-1, E-2], sex: F } }
              - table:
                  id: women-by-grade
                  title: "Women by grade, {year-1}–{year}"
                  measure: staff.headcount
                  where: { category: PH, sex: F }
                  columns:
                    - years: [-1, 0]
                  rows:
                    - each: grade
                      members: [P-5, D-1]
                    - total: All grades shown
        """;

    [Fact]
    public async Task A_definition_written_by_an_editor_is_published_from_its_file()
    {
        var directory = Directory.CreateTempSubdirectory("almanac-custom-");
        try
        {
            var file = Path.Combine(directory.FullName, "gender-brief.yaml");
            await System.IO.File.WriteAllTextAsync(file, Definition, TestContext.Current.CancellationToken);
            var output = Path.Combine(directory.FullName, "out");
            Assert.Equal(0, await fixture.RunAsync(["publish", "--db", fixture.Database, "--year", "2023", "--out", output, "--definition", file, "--format", "html"]));
            var document = new HtmlParser().ParseDocument(await System.IO.File.ReadAllTextAsync(Path.Combine(output, "gender-brief-2023-en.html"), TestContext.Current.CancellationToken));
            Assert.Equal("Gender brief 2023", document.QuerySelector("h1")!.TextContent);
            // Table 3 of the demo: 92 women at P-5 and above in 2023; Table 2: 63 women at P-5 and 21 at D-1.
            Assert.Equal("In 2023, 92 women served at P-5 and above.", Text(document.QuerySelector("section#brief p")!));
            var rows = document.QuerySelectorAll("figure#women-by-grade tbody tr").Select(r => r.Children.Select(Text).ToList()).ToList();
            Assert.Equal(["P-5", "D-1", "All grades shown"], rows.Select(r => r[0]));
            Assert.Equal(["63", "21", "84"], rows.Select(r => r[2]));
        }
        finally
        {
            directory.Delete(true);
        }
    }

    private static string Text(AngleSharp.Dom.IElement element)
    {
        var copy = (AngleSharp.Dom.IElement)element.Clone();
        foreach (var extra in copy.QuerySelectorAll(".tip, .flag").ToList()) extra.Remove();
        return copy.TextContent;
    }
}
