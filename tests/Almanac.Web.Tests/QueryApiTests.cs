using System.Net;
using System.Text.Json;
using Almanac.Analytics.Query;
using Almanac.Analytics.Tests;
using Almanac.Domain.Analytics;
using Almanac.Publish;
using Almanac.Tests;

namespace Almanac.Web.Tests;

/// <summary>
/// GET /api/query on a Kestrel server over a store holding the 2023 report's Table 1 (Professional and higher staff by
/// sex, 2019–2023) in its fact table: the printed figures come back, as JSON of the CLI's shape and as CSV; bad input is
/// a 400 naming the parameter and value; a focal point is refused; queries run beside other requests on the one connection.
/// </summary>
public sealed class QueryApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Table1Query = "/api/query/?measure=t1.headcount&rows=year&columns=sex&year=2021-2023&totals=true&show=share:sex";

    private static async Task<PlatformServer> StartWithTable1Async(string engine)
    {
        var server = await PlatformServer.StartAsync(engine);
        await FactTestData.ImportAsync(server.Facts, FactTestData.Table1());
        return server;
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task A_reader_gets_the_printed_figures_as_json_of_the_commands_shape_and_as_csv(string engine)
    {
        await using var server = await StartWithTable1Async(engine);
        using var reader = await server.ClientAsync("reader");

        using var json = await reader.SendAsync(HttpMethod.Get, Table1Query);
        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        Assert.Equal("application/json", json.Content.Headers.ContentType?.MediaType);
        var body = await json.Content.ReadAsStringAsync(Ct);
        var root = JsonDocument.Parse(body).RootElement;
        Assert.Equal(["year", "sex"], root.GetProperty("dimensions").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal(["value", "share:sex"], root.GetProperty("series").EnumerateArray().Select(d => d.GetString()));
        var women2023 = root.GetProperty("cells").EnumerateArray().Single(c => c.GetProperty("members")[0].GetString() == "2023" && c.GetProperty("members")[1].GetString() == "F");
        // Table 1 prints 1 492 women in 2023, 50% of Professional and higher staff.
        Assert.Equal(1492m, women2023.GetProperty("values")[0].GetDecimal());
        Assert.Equal(FactTestData.Table1Percent(2023), women2023.GetProperty("values")[1].GetDecimal());

        // The same text as `almanac query --format json` writes for the same query.
        var query = PivotQuery.Of("t1.headcount") with { Rows = ["year"], Columns = ["sex"], Years = [2021, 2022, 2023], Totals = true, Show = [new ShareOf("sex")] };
        Assert.Equal(QueryRenderers.ToJson(await new QueryEngine(server.Facts).RunAsync(query, Ct)), body);

        using var csv = await reader.SendAsync(HttpMethod.Get, Table1Query + "&format=csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Equal("t1.headcount-2021-2023.csv", csv.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var lines = (await csv.Content.ReadAsStringAsync(Ct)).TrimEnd().Split('\n');
        Assert.Equal("year,sex,value,share:sex", lines[0]);
        Assert.Contains($"2023,F,1492,{FactTestData.Table1Percent(2023):0.##}", lines);
        // 2022's total is the printed women and men added up (1 282 + 1 292), not the printed 2 575.
        Assert.Contains("2022,,2574,100", lines);
    }

    [Fact]
    public async Task Offices_roll_up_to_the_regional_offices_of_the_platforms_office_list()
    {
        await using var server = await PlatformServer.StartAsync();
        // The demo organization's offices (data/platform/offices.csv): Mali and Niger report to Dakar, Mexico to San José.
        await FactTestData.ImportAsync(server.Facts, """
            measure,year,office,sex,value
            ops.returns,2023,CO-MLI,F,120
            ops.returns,2023,CO-NER,M,80
            ops.returns,2023,CO-MEX,F,15
            ops.returns,2023,CO-XYZ,F,1
            """);
        using var reviewer = await server.ClientAsync("reviewer-dakar");
        using var response = await reviewer.SendAsync(HttpMethod.Get, "/api/query/?measure=ops.returns&rows=office.region&year=2023&totals=true&format=csv");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["office.region,value", "RO-DAK,200", "RO-SJO,15", "Unassigned,1", ",216"], (await response.Content.ReadAsStringAsync(Ct)).TrimEnd().Split('\n'));

        using var dakar = await reviewer.SendAsync(HttpMethod.Get, "/api/query/?measure=ops.returns&columns=sex&where=office.region=RO-DAK&year=2023&format=csv");
        Assert.Equal(["sex,value", "F,120", "M,80"], (await dakar.Content.ReadAsStringAsync(Ct)).TrimEnd().Split('\n'));
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task Member_States_and_nationalities_represented_come_from_the_membership_level_and_distinct_counts(string engine)
    {
        await using var server = await PlatformServer.StartAsync(engine);
        await FactTestData.ImportSyntheticStaff2023Async(server.Facts, Ct);
        using var reader = await server.ClientAsync("reader");

        using var response = await reader.SendAsync(HttpMethod.Get,
            "/api/query/?measure=staff.headcount&rows=nationality.membership&year=2023&where=category=PH&totals=true&show=distinct:nationality&format=csv");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // The 2023 report: Annex III's Member States 2 866 (line 1073), its non-member States 128 with "Other" 5 among
        // them (lines 1090, 1089), which the query keeps apart; Annex IV's 143 Member State nationalities (line 1103), and
        // 8 non-member ones printed (line 1104) where Annex III lists 7 non-member States with staff.
        Assert.Equal(["nationality.membership,value,distinct:nationality", "member,2866,143", "non-member,123,7", "Unassigned,5,1", ",2994,151"],
            (await response.Content.ReadAsStringAsync(Ct)).TrimEnd().Split('\n'));

        using var members = await reader.SendAsync(HttpMethod.Get,
            "/api/query/?measure=staff.headcount&columns=sex&year=2023&where=nationality.membership=member&where=category=GS&format=csv");
        // Annex II's Member States: women 8 397, men 8 698 (line 855).
        Assert.Equal(["sex,value", "F,8397", "M,8698"], (await members.Content.ReadAsStringAsync(Ct)).TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task Bad_input_is_a_400_naming_the_parameter_and_value_a_focal_point_is_refused_and_anonymous_callers_must_sign_in()
    {
        await using var server = await StartWithTable1Async("duckdb");
        using var editor = await server.ClientAsync("editor");
        var cases = new (string Query, string Detail)[]
        {
            ("measure=t1.headcount&year=20x3", "year '20x3'"),
            ("measure=t1.headcount&where=sex", "where 'sex'"),
            ("measure=t1.headcount&top=sex:many", "top 'sex:many'"),
            ("measure=t1.headcount&show=share", "show 'share'"),
            ("measure=t1.headcount&show=distinct:", "show 'distinct:'"),
            ("measure=t1.headcount&show=distinct:grade", "has no dimension 'grade'"),
            ("measure=t1.headcount&totals=maybe", "totals 'maybe'"),
            ("measure=t1.headcount&format=xml", "format 'xml'"),
            ("year=2023", "measure"),
            ("measure=nope", "No measure 'nope'"),
            ("measure=t1.headcount&rows=grade", "has no dimension 'grade'"),
        };
        foreach (var (query, detail) in cases)
        {
            using var response = await editor.SendAsync(HttpMethod.Get, "/api/query/?" + query);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
            Assert.Contains(detail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        using var focal = await server.ClientAsync("focal-mali");
        using var refused = await focal.SendAsync(HttpMethod.Get, Table1Query);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        // Refused before the query is read: a focal point learns nothing about the fact table from the error either.
        using var refusedBad = await focal.SendAsync(HttpMethod.Get, "/api/query/?measure=nope");
        Assert.Equal(HttpStatusCode.Forbidden, refusedBad.StatusCode);

        using var anonymous = await server.ClientAsync(null);
        using var unauthorized = await anonymous.SendAsync(HttpMethod.Get, Table1Query);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task Queries_run_beside_other_requests_on_connections_of_their_own_without_error(string engine)
    {
        await using var server = await StartWithTable1Async(engine);
        using var reader = await server.ClientAsync("reader");
        using var expected = await reader.SendAsync(HttpMethod.Get, Table1Query);
        var answer = await expected.Content.ReadAsStringAsync(Ct);

        // Queries, office lists and submission lists at once, each a unit of work on a connection of its own.
        // (Sharing one, Npgsql would refuse a second command on the busy connection: "A command is already in progress".)
        var requests = Enumerable.Range(0, 24).Select(async i =>
        {
            var path = (i % 3) switch { 0 => Table1Query, 1 => "/api/offices/", _ => "/api/submissions/?year=2023" };
            using var response = await reader.SendAsync(HttpMethod.Get, path);
            return (Path: path, Status: response.StatusCode, Body: await response.Content.ReadAsStringAsync(Ct));
        });
        var results = await Task.WhenAll(requests);
        Assert.All(results, r => Assert.True(r.Status == HttpStatusCode.OK, $"{r.Path}: {r.Status} {r.Body}"));
        Assert.All(results.Where(r => r.Path == Table1Query), r => Assert.Equal(answer, r.Body));
    }
}
