using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Almanac.Domain;
using Almanac.Domain.Platform;
using Almanac.Tests;
using Almanac.Web.Demo;
using CsvHelper;
using DocumentFormat.OpenXml.Packaging;

namespace Almanac.Web.Tests;

/// <summary>
/// The results page's tables as downloads (GET /api/results/{year}/export, CSV and XLSX) checked against what the
/// store's submissions give (<see cref="ResultsCalculator"/> over them), with a text answer written to run as a formula;
/// the query's XLSX; and the pivot page: its table, chart, bounds and messages.
/// </summary>
public sealed class ResultsExportTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A text answer a spreadsheet would run: it must reach the files as text.</summary>
    private const string Formula = "=HYPERLINK(\"http://example.invalid\",\"plan\")";

    /// <summary>Mali answers (psea-focal-point "no", so its plan is asked for: the formula), submits, and Dakar's reviewer approves.</summary>
    private static async Task ApproveMaliWithFormulaAsync(PlatformServer server)
    {
        using var focal = await server.ClientAsync("focal-mali");
        using var reviewer = await server.ClientAsync("reviewer-dakar");
        using var opened = await focal.SendAsync(HttpMethod.Post, "/api/submissions/", new { office = PlatformDemo.FocalOffice, year = 2023 });
        var draft = (await opened.Content.ReadFromJsonAsync<SubmissionDto>(Ct))!;
        var answers = new Dictionary<string, string>
        {
            ["emergency-response"] = "yes",
            ["durable-solutions"] = "Partly",
            ["data-products"] = "7",
            ["psea-focal-point"] = "no",
            ["psea-plan"] = Formula,
        };
        foreach (var row in new[] { "Displaced persons", "Migrants", "Host community members" })
        {
            foreach (var column in new[] { "Women", "Men" }) answers[$"people-assisted/{row}/{column}"] = "3";
        }
        using var saved = await focal.SendAsync(HttpMethod.Put, $"/api/submissions/{draft.Id}/answers", new { version = draft.Version, answers });
        Assert.True(saved.StatusCode == HttpStatusCode.OK, await saved.Content.ReadAsStringAsync(Ct));
        var version = (await saved.Content.ReadFromJsonAsync<SubmissionDto>(Ct))!.Version;
        using var submitted = await focal.SendAsync(HttpMethod.Post, $"/api/submissions/{draft.Id}/submit", new { version });
        Assert.True(submitted.StatusCode == HttpStatusCode.OK, await submitted.Content.ReadAsStringAsync(Ct));
        using var approved = await reviewer.SendAsync(HttpMethod.Post, $"/api/submissions/{draft.Id}/approve", new { version = version + 1, comment = "fine" });
        Assert.True(approved.StatusCode == HttpStatusCode.OK, await approved.Content.ReadAsStringAsync(Ct));
    }

    private static async Task<QuestionnaireResults> StoreResultsAsync(PlatformServer server)
    {
        var questionnaire = (await server.Store.QuestionnaireAsync(2023, Ct))!;
        return ResultsCalculator.Compute(questionnaire, await server.Store.OfficesAsync(Ct), await server.Store.SubmissionsWithAnswersAsync(2023, Ct));
    }

    private static async Task<(byte[] Body, string? FileName, string? MediaType)> DownloadAsync(ApiClient client, string path)
    {
        using var response = await client.SendAsync(HttpMethod.Get, path);
        var body = await response.Content.ReadAsByteArrayAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {response.StatusCode} {Encoding.UTF8.GetString(body)}");
        return (body, response.Content.Headers.ContentDisposition?.FileName?.Trim('"'), response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>The CSV's records by header, after checking it starts with the UTF-8 byte-order mark.</summary>
    private static List<Dictionary<string, string>> ReadCsv(byte[] body)
    {
        Assert.Equal(Encoding.UTF8.GetPreamble(), body[..3]);
        using var reader = new StringReader(Encoding.UTF8.GetString(body, 3, body.Length - 3));
        using var csv = new CsvReader(reader, CultureInfo.InvariantCulture);
        csv.Read();
        csv.ReadHeader();
        var header = csv.HeaderRecord!;
        var records = new List<Dictionary<string, string>>();
        while (csv.Read()) records.Add(header.Select((h, i) => (h, csv.GetField(i)!)).ToDictionary(x => x.h, x => x.Item2, StringComparer.Ordinal));
        return records;
    }

    private static decimal? Number(string text) => text.Length == 0 ? null : decimal.Parse(text, CultureInfo.InvariantCulture);

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task Every_results_table_downloads_as_csv_and_xlsx_with_the_stores_figures_and_text_that_never_runs_as_a_formula(string engine)
    {
        await using var server = await PlatformServer.StartAsync(engine);
        await ApproveMaliWithFormulaAsync(server);
        var expected = await StoreResultsAsync(server);
        using var editor = await server.ClientAsync("editor");

        // Answers: every answer's offices, base, share and sum as the store's approved submissions give them.
        var (answersCsv, answersName, answersType) = await DownloadAsync(editor, "/api/results/2023/export?format=csv&table=answers");
        Assert.Equal(("results-2023-answers.csv", "text/csv"), (answersName, answersType));
        var answers = ReadCsv(answersCsv);
        Assert.Equal(expected.Answers.Count, answers.Count);
        foreach (var (a, row) in expected.Answers.Zip(answers))
        {
            Assert.Equal((a.Question, a.Answer), (row["question"], row["answer"]));
            Assert.Equal((a.Overall.Count, a.Overall.Of, (decimal?)a.Overall.Percent, a.Sum),
                ((int)Number(row["offices"])!, (int)Number(row["approved offices"])!, Number(row["offices (%)"]), Number(row["sum"])));
        }
        // Labels a reader knows: the question's words and the region's name beside the ids.
        var psea = answers.Single(r => r["question"] == "psea-focal-point" && r["answer"] == "yes");
        Assert.StartsWith("Does the office", psea["question text"], StringComparison.Ordinal);
        var dakar = expected.Answers.Single(a => a.Question == "psea-focal-point" && a.Answer == "yes").ByRegion["RO-DAK"];
        var dakarName = (await server.Store.OfficesAsync(Ct)).Single(o => o.Code == "RO-DAK").Name;
        Assert.Equal(dakar.Count, (int)Number(psea[$"{dakarName}: offices"])!);

        // Participation: responded and approved by region and overall.
        var participation = ReadCsv((await DownloadAsync(editor, "/api/results/2023/export?format=csv&table=participation")).Body);
        Assert.Equal(expected.ByRegion.Count + 1, participation.Count);
        var all = participation.Single(r => r["region name"] == "All regions");
        Assert.Equal((expected.Overall.Responded.Count, expected.Overall.Responded.Of, expected.Overall.Approved),
            ((int)Number(all["responded"])!, (int)Number(all["offices"])!, (int)Number(all["approved"])!));

        // Text answers: Mali's plan, quoted so that a spreadsheet shows it as text; restored it is what was typed.
        var texts = ReadCsv((await DownloadAsync(editor, "/api/results/2023/export?format=csv&table=text-answers")).Body);
        var plan = texts.Single(r => r["office"] == PlatformDemo.FocalOffice && r["question"] == "psea-plan");
        Assert.Equal(SpreadsheetText.TextPrefix + Formula, plan["answer"]);
        Assert.Equal(Formula, SpreadsheetText.Restore(plan["answer"]));

        // The workbook of every table: the same figures, numbers as numbers, the formula a plain string (no formula cell).
        var (xlsx, xlsxName, xlsxType) = await DownloadAsync(editor, "/api/results/2023/export?format=xlsx");
        Assert.Equal(("results-2023.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), (xlsxName, xlsxType));
        using var workbook = SpreadsheetDocument.Open(new MemoryStream(xlsx), false);
        Assert.Equal(["participation", "answers", "indicators", "text-answers"], workbook.WorkbookPart!.Workbook.Sheets!.Elements<DocumentFormat.OpenXml.Spreadsheet.Sheet>().Select(s => s.Name!.Value));
        var sheet = XlsxCells.Read(workbook, "answers");
        Assert.Equal(["question", "question text", "answer", "offices"], [sheet[2]["A"], sheet[2]["B"], sheet[2]["C"], sheet[2]["D"]]);
        var yes = sheet.Values.Single(r => r.GetValueOrDefault("A") == "psea-focal-point" && r.GetValueOrDefault("C") == "yes");
        var pseaYes = expected.Answers.Single(a => a.Question == "psea-focal-point" && a.Answer == "yes");
        Assert.Equal(pseaYes.Overall.Count, int.Parse(yes["D"], CultureInfo.InvariantCulture));
        // A share is stored as a fraction with a per-cent format, as Excel stores one.
        Assert.Equal(pseaYes.Overall.Percent / 100m, decimal.Parse(yes["F"], NumberStyles.Float, CultureInfo.InvariantCulture));
        var textSheet = XlsxCells.Read(workbook, "text-answers");
        Assert.Contains(textSheet.Values, r => r.GetValueOrDefault("E") == PlatformDemo.FocalOffice && r.GetValueOrDefault("F") == Formula);

        // A reader sees what was written, not which office wrote it (a reader may not read offices' submissions).
        using var reader = await server.ClientAsync("reader");
        var forReader = ReadCsv((await DownloadAsync(reader, "/api/results/2023/export?format=csv&table=text-answers")).Body);
        Assert.Contains(forReader, r => r["question"] == "psea-plan" && r["answer"] == SpreadsheetText.TextPrefix + Formula && r["office"] == "" && r["region"] == "RO-DAK");

        // A region's download: its name says so, and it counts that region alone.
        var (regional, regionalName, _) = await DownloadAsync(editor, "/api/results/2023/export?format=csv&table=participation&region=RO-DAK");
        Assert.Equal("results-2023-RO-DAK-participation.csv", regionalName);
        Assert.Equal(["RO-DAK", ""], ReadCsv(regional).Select(r => r["region"]));
    }

    [Fact]
    public async Task A_bad_format_or_table_is_a_400_naming_the_parameter_and_a_focal_point_gets_no_download()
    {
        await using var server = await PlatformServer.StartAsync();
        using var editor = await server.ClientAsync("editor");
        foreach (var (path, field, words) in new[]
        {
            ("/api/results/2023/export?format=pdf&table=answers", "format", "'pdf': write csv or xlsx"),
            ("/api/results/2023/export?table=answers", "format", "required: csv or xlsx"),
            ("/api/results/2023/export?format=csv", "table", "a CSV file holds one table"),
            ("/api/results/2023/export?format=xlsx&table=everything", "table", "'everything' is no results table"),
        })
        {
            using var response = await editor.SendAsync(HttpMethod.Get, path);
            var body = await response.Content.ReadAsStringAsync(Ct);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{path}: {response.StatusCode} {body}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = JsonDocument.Parse(body).RootElement;
            Assert.Equal(field, problem.GetProperty("field").GetString());
            Assert.Contains(words, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        using var query = await editor.SendAsync(HttpMethod.Get, "/api/query/?measure=t1.headcount&format=pdf");
        Assert.Equal(HttpStatusCode.BadRequest, query.StatusCode);
        Assert.Contains("write json, csv or xlsx", await query.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        using var focal = await server.ClientAsync("focal-mali");
        using var refused = await focal.SendAsync(HttpMethod.Get, "/api/results/2023/export?format=xlsx");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task The_querys_xlsx_is_the_grid_with_the_printed_figures_and_its_csv_opens_in_excel_as_utf8()
    {
        await using var server = await PlatformServer.StartAsync();
        await FactTestData.ImportAsync(server.Facts, FactTestData.Table1());
        using var reader = await server.ClientAsync("reader");
        const string Query = "/api/query/?measure=t1.headcount&rows=year&columns=sex&year=2021-2023&totals=true&show=share:sex";

        var (xlsx, name, _) = await DownloadAsync(reader, Query + "&format=xlsx");
        Assert.Equal("t1.headcount-2021-2023.xlsx", name);
        using var workbook = SpreadsheetDocument.Open(new MemoryStream(xlsx), false);
        var cells = XlsxCells.Read(workbook, "query");
        Assert.Equal(["year", "F value", "F share:sex"], [cells[2]["A"], cells[2]["B"], cells[2]["C"]]);
        var row2023 = cells.Values.Single(r => r.GetValueOrDefault("A") == "2023");
        Assert.Equal(1492m, decimal.Parse(row2023["B"], CultureInfo.InvariantCulture));
        Assert.Equal(FactTestData.Table1Percent(2023) / 100m, decimal.Parse(row2023["C"], NumberStyles.Float, CultureInfo.InvariantCulture));
        Assert.Contains("Total value", cells[2].Values);

        var (csv, csvName, _) = await DownloadAsync(reader, Query + "&format=csv");
        Assert.Equal("t1.headcount-2021-2023.csv", csvName);
        Assert.Equal(Encoding.UTF8.GetPreamble(), csv[..3]);
    }

    [Fact]
    public async Task The_pivot_page_shows_the_table_and_a_chart_and_names_the_field_of_a_bad_or_unbounded_input()
    {
        await using var server = await PlatformServer.StartAsync();
        await FactTestData.ImportAsync(server.Facts, FactTestData.Table1());
        using var editor = await server.ClientAsync("editor");

        var page = await editor.Http.GetStringAsync("/pivot?measure=t1.headcount&rows=year&columns=sex&year=2021-2023&totals=true", Ct);
        Assert.Contains("<table class=\"grid\" id=\"pivot-table\">", page, StringComparison.Ordinal);
        Assert.Contains("<td class=\"number\">1 492</td>", page, StringComparison.Ordinal);
        Assert.Contains("<svg viewBox=", page, StringComparison.Ordinal);
        // The chart leaves the totals out: a bar per year and sex, none for the Total row or column.
        var svg = page[page.IndexOf("<svg", StringComparison.Ordinal)..page.IndexOf("</svg>", StringComparison.Ordinal)];
        Assert.Equal(6, System.Text.RegularExpressions.Regex.Count(svg, "class=\"mark\""));
        Assert.DoesNotContain("Total", svg, StringComparison.Ordinal);
        Assert.Contains("href=\"/api/query/?measure=t1.headcount&amp;rows=year&amp;columns=sex&amp;year=2021-2023&amp;totals=true&amp;format=xlsx\"", page, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/pivot\">Pivot</a>", page, StringComparison.Ordinal);

        var tooMany = string.Concat(Enumerable.Range(0, 6).Select(i => $"&where=sex%3DF"));
        foreach (var (query, message) in new[]
        {
            ("measure=t1.headcount&rows=year&year=20x3", "year '20x3': write 2023"),
            ("measure=t1.headcount&rows=" + new string('y', 201), "rows: at most 200 characters (201 given)."),
            ("measure=t1.headcount&rows=year" + tooMany, "where: at most 5 filters (6 given)."),
            ("measure=t1.headcount&rows=year&where=sex", "where 'sex': write DIMENSION=MEMBER"),
            ("measure=no.such&rows=year", "no.such"),
            ("measure=t1.headcount&rows=year&year=2030", "no stored observation of t1.headcount in 2030"),
        })
        {
            using var response = await editor.SendAsync(HttpMethod.Get, "/pivot?" + query);
            var html = await response.Content.ReadAsStringAsync(Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("id=\"pivot-error\"", html, StringComparison.Ordinal);
            Assert.Contains(message, WebUtility.HtmlDecode(html), StringComparison.Ordinal);
            Assert.DoesNotContain("id=\"pivot-table\"", html, StringComparison.Ordinal);
        }

        // A focal point neither sees the link nor the page.
        using var focal = await server.ClientAsync("focal-mali");
        Assert.DoesNotContain("href=\"/pivot\"", await focal.Http.GetStringAsync("/", Ct), StringComparison.Ordinal);
        using var refused = await focal.SendAsync(HttpMethod.Get, "/pivot?measure=t1.headcount");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task The_results_page_labels_charts_with_words_shows_text_answers_and_links_every_download()
    {
        await using var server = await PlatformServer.StartAsync();
        await ApproveMaliWithFormulaAsync(server);
        using var editor = await server.ClientAsync("editor");
        var page = WebUtility.HtmlDecode(await editor.Http.GetStringAsync("/results?year=2023&region=RO-DAK", Ct));
        // The text Mali wrote is shown under its question, by the office's name.
        var block = page[page.IndexOf("<div class=\"question-result\" data-question=\"psea-plan\">", StringComparison.Ordinal)..];
        block = block[..block.IndexOf("</div>\n            </div>", StringComparison.Ordinal)];
        Assert.Contains($"Mali:</strong> {Formula}", block, StringComparison.Ordinal);
        // Charts are labelled with the options' words, never with a question id.
        Assert.DoesNotContain("durable-solutions:", page, StringComparison.Ordinal);
        // One region: its participation bar is no slab across the chart.
        var participation = page[page.IndexOf("class=\"chart", StringComparison.Ordinal)..];
        var mark = System.Text.RegularExpressions.Regex.Match(participation, "class=\"mark\" x=\"[^\"]+\" y=\"[^\"]+\" width=\"([^\"]+)\"");
        Assert.True(mark.Success);
        Assert.True(double.Parse(mark.Groups[1].Value, CultureInfo.InvariantCulture) <= 56, mark.Value);
        foreach (var table in new[] { "participation", "answers", "indicators", "text-answers" })
        {
            Assert.Contains($"/api/results/2023/export?format=csv&table={table}&region=RO-DAK", page, StringComparison.Ordinal);
        }
        Assert.Contains("/api/results/2023/export?format=xlsx&region=RO-DAK", page, StringComparison.Ordinal);
        Assert.Contains("<div class=\"table-scroll\">", page, StringComparison.Ordinal);
    }
}
