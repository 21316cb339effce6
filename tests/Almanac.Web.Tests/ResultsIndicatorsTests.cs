using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Almanac.Tests;
using Almanac.Web.Demo;

namespace Almanac.Web.Tests;

/// <summary>
/// The questionnaire-derived indicators where people look: GET /api/results/{year} and the results page, over the
/// demo's locked 2017 and 2018 (synthetic answers reproducing the reports) and its 2023, by framework node and region,
/// with the previous year's value, the printed baseline, and the other framework read through the crosswalk.
/// </summary>
public sealed class ResultsIndicatorsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Plan = "strategic-plan-2024-2028";

    private static async Task<JsonElement> GetAsync(ApiClient client, string path)
    {
        using var response = await client.SendAsync(HttpMethod.Get, path);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static JsonElement Node(JsonElement results, string node) =>
        results.GetProperty("indicators").EnumerateArray().Single(n => n.GetProperty("node").GetProperty("id").GetString() == node);

    private static JsonElement Indicator(JsonElement node, string id) =>
        node.GetProperty("indicators").EnumerateArray().Single(i => i.GetProperty("indicator").GetProperty("id").GetString() == id);

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task A_years_indicators_stand_by_node_and_region_beside_the_year_before_and_the_printed_baseline(string engine)
    {
        await using var server = await PlatformServer.StartAsync(engine);
        await PlatformDemo.SeedHistoryAsync(server.Store, TimeProvider.System, Ct);
        using var editor = await server.ClientAsync("editor");

        var results = await GetAsync(editor, "/api/results/2018");
        // The fields the API has always answered are still there.
        Assert.Equal(2018, results.GetProperty("year").GetInt32());
        Assert.True(results.GetProperty("overall").GetProperty("responded").GetProperty("count").GetInt32() > 150);
        Assert.NotEmpty(results.GetProperty("byRegion").EnumerateArray());
        Assert.Contains(results.GetProperty("answers").EnumerateArray(), a => a.GetProperty("question").GetString() == "sdg-support");
        Assert.Equal("migof", results.GetProperty("framework").GetString());
        Assert.Equal(2017, results.GetProperty("previousYear").GetInt32());

        var sdg = Indicator(Node(results, "principle-2"), "sdg-support=yes");
        Assert.Equal("count", sdg.GetProperty("indicator").GetProperty("measure").GetString());
        // 2018 prints "more than 100 offices" (line 411); 2017 printed 102 (line 141), which its answers give.
        Assert.True(sdg.GetProperty("value").GetProperty("count").GetInt32() > 100);
        Assert.Equal(102, sdg.GetProperty("previous").GetProperty("count").GetInt32());
        var baseline = sdg.GetProperty("baseline");
        Assert.Equal(("annual-report-2018", 411, 100, "more-than"), (baseline.GetProperty("report").GetString(), baseline.GetProperty("line").GetInt32(),
            baseline.GetProperty("count").GetInt32(), baseline.GetProperty("qualifier").GetString()));
        // By region: the regions' counts add up to the whole.
        Assert.Equal(sdg.GetProperty("value").GetProperty("count").GetInt32(), sdg.GetProperty("byRegion").EnumerateObject().Sum(r => r.Value.GetProperty("count").GetInt32()));
        // The hand-written indicator of the framework is still there.
        Assert.Contains(Node(results, "organizational-effectiveness").GetProperty("node").GetProperty("indicators").EnumerateArray(),
            i => i.GetProperty("id").GetString() == "questionnaire-participation");

        // 2017 has no year before with results.
        var first = await GetAsync(editor, "/api/results/2017");
        Assert.Equal(JsonValueKind.Null, first.GetProperty("previousYear").ValueKind);
        Assert.Equal(JsonValueKind.Null, Indicator(Node(first, "principle-2"), "sdg-support=yes").GetProperty("previous").ValueKind);

        // A region: its offices only.
        var dakar = Indicator(Node(await GetAsync(editor, "/api/results/2018?region=RO-DAK"), "principle-2"), "sdg-support=yes");
        Assert.Equal(sdg.GetProperty("byRegion").GetProperty("RO-DAK").GetProperty("count").GetInt32(), dakar.GetProperty("value").GetProperty("count").GetInt32());
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task A_year_reads_under_the_other_framework_through_the_crosswalk_both_ways(string engine)
    {
        await using var server = await PlatformServer.StartAsync(engine);
        await PlatformDemo.SeedHistoryAsync(server.Store, TimeProvider.System, Ct);
        using var reader = await server.ClientAsync("reader");

        var under = await GetAsync(reader, $"/api/results/2018?framework={Plan}");
        Assert.Equal(Plan, under.GetProperty("framework").GetString());
        var partnerships = Node(under, "enabler-partnerships");
        Assert.Equal(["migof/principle-2", "migof/principle-3"], partnerships.GetProperty("via").EnumerateArray()
            .Select(v => $"{v.GetProperty("framework").GetString()}/{v.GetProperty("node").GetString()}"));
        Assert.Equal(102, Indicator(partnerships, "sdg-support=yes").GetProperty("previous").GetProperty("count").GetInt32());
        // A node of the Plan filters the answers to the MiGOF nodes it continues.
        var filtered = await GetAsync(reader, $"/api/results/2018?framework={Plan}&node=enabler-workforce");
        Assert.Equal(["enabler-workforce"], filtered.GetProperty("indicators").EnumerateArray().Select(n => n.GetProperty("node").GetProperty("id").GetString()));
        Assert.All(filtered.GetProperty("answers").EnumerateArray(), a => Assert.Equal("organizational-effectiveness", a.GetProperty("frameworkNode").GetString()));

        // The reverse: 2023's Plan results under MiGOF's principles.
        var reverse = await GetAsync(reader, "/api/results/2023?framework=migof");
        var principle1 = Node(reverse, "principle-1");
        Assert.Contains(principle1.GetProperty("via").EnumerateArray(), v => v.GetProperty("node").GetString() == "priority-protection");
        Assert.NotEmpty(principle1.GetProperty("indicators").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, reverse.GetProperty("previousYear").ValueKind);

        foreach (var (path, what) in new[] { ("/api/results/2018?framework=nothing", "no framework 'nothing'"), ($"/api/results/2018?framework={Plan}&node=principle-1", $"no node 'principle-1' in framework '{Plan}'") })
        {
            using var response = await reader.SendAsync(HttpMethod.Get, path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains(what, JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_results_page_shows_each_indicator_with_the_year_before_and_the_baseline_under_either_framework()
    {
        await using var server = await PlatformServer.StartAsync();
        await PlatformDemo.SeedHistoryAsync(server.Store, TimeProvider.System, Ct);
        using var editor = await server.ClientAsync("editor");

        var page = await editor.Http.GetStringAsync("/results?year=2018", Ct);
        var row = Row(page, "sdg-support=yes");
        Assert.Equal("102", Cell(row, "previous"));
        Assert.Equal("more than 100 (annual-report-2018, line 411)", WebUtility.HtmlDecode(Cell(row, "baseline")));
        Assert.Contains("<h3 id=\"node-principle-2\">", page, StringComparison.Ordinal);

        var under = await editor.Http.GetStringAsync($"/results?year=2018&framework={Plan}", Ct);
        Assert.Contains("<h3 id=\"node-enabler-partnerships\">", under, StringComparison.Ordinal);
        Assert.Contains("Through the crosswalk from:", under, StringComparison.Ordinal);
        Assert.Equal("102", Cell(Row(under, "sdg-support=yes"), "previous"));
    }

    private static string Row(string page, string indicator)
    {
        var start = page.IndexOf($"<tr data-indicator=\"{indicator}\">", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no row for {indicator}");
        return page[start..page.IndexOf("</tr>", start, StringComparison.Ordinal)];
    }

    private static string Cell(string row, string cssClass)
    {
        var match = Regex.Match(row, $"<td class=\"{cssClass}\">([^<]*)</td>");
        Assert.True(match.Success, $"no {cssClass} cell in {row}");
        return match.Groups[1].Value;
    }
}
