using System.Text.Json;
using Spectre.Console;

namespace Almanac.Cli.Tests;

/// <summary>
/// 'import observations', 'query' and 'audit' through the command line, on the figures of the 2023 report's Table 1
/// (Professional staff by sex, 2019–2023, whose printed 2022 total is one more than women and men together).
/// </summary>
public sealed class QueryCommandTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("almanac-query-");

    private string Db => Path.Combine(_directory.FullName, "query.db");

    public void Dispose() => _directory.Delete(true);


    private async Task ImportTable1Async()
    {
        var path = Path.Combine(_directory.FullName, "table1.csv");
        await File.WriteAllTextAsync(path, """
            measure,year,office,sex,value
            t1.headcount,2021,,F,1164
            t1.headcount,2021,,M,1195
            t1.headcount,2021,,,2359
            t1.headcount,2022,,F,1282
            t1.headcount,2022,,M,1292
            t1.headcount,2022,,,2575
            t1.headcount,2023,,F,1492
            t1.headcount,2023,,M,1502
            t1.headcount,2023,,,2994
            """, TestContext.Current.CancellationToken);
        var (exit, output) = await CliRun.RunAsync("import", "observations", path, "--db", Db);
        Assert.True(exit == 0, output);
        Assert.Contains("Imported observation file table1.csv as source 1: 9 observations.", output, StringComparison.Ordinal);
        Assert.Contains("Rules: 1 findings in the years imported.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_query_prints_a_pivot_csv_and_json_with_shares_and_changes_in_percentage_points()
    {
        await ImportTable1Async();
        string[] query = ["query", "t1.headcount", "--rows", "year", "--columns", "sex", "--year", "2022-2023", "--totals", "--show", "share:sex,pp:sex", "--db", Db];

        var (exit, table) = await CliRun.RunAsync(query);
        Assert.True(exit == 0, table);
        // Numbers as annex and publish print them (NumberFormat): "1 492", "50%", "-" for no change in percentage points.
        Assert.Matches(@"2023\s+1 492\s+50%\s+-\s+1 502\s+50%\s+-\s+2 994\s+100%\s+-", table);

        var (_, csv) = await CliRun.RunAsync([.. query, "--format", "csv"]);
        Assert.Equal(
            ["year,sex,value,share:sex,pp:sex", "2022,F,1282,50,1", "2022,M,1292,50,-1", "2022,,2574,100,0", "2023,F,1492,50,0", "2023,M,1502,50,0", "2023,,2994,100,0"],
            csv.TrimEnd().Split('\n'));

        var (_, json) = await CliRun.RunAsync([.. query, "--format", "json"]);
        var root = JsonDocument.Parse(json).RootElement;
        Assert.Equal(["year", "sex"], root.GetProperty("dimensions").EnumerateArray().Select(d => d.GetString()));
        var total = root.GetProperty("cells").EnumerateArray().Last();
        Assert.Equal(JsonValueKind.Null, total.GetProperty("members")[1].ValueKind);
        Assert.Equal(2994, total.GetProperty("values")[0].GetDecimal());
    }

    [Fact]
    public async Task A_query_by_region_rolls_nationalities_up_to_their_M49_regions()
    {
        var (initExit, initOutput) = await CliRun.RunAsync("init", "--db", Db);
        Assert.True(initExit == 0, initOutput);
        var path = Path.Combine(_directory.FullName, "nationalities.csv");
        await File.WriteAllTextAsync(path, """
            measure,year,office,nationality,sex,value
            x.staff,2023,,FRA,F,3
            x.staff,2023,,DEU,M,4
            x.staff,2023,,KEN,F,7
            """, TestContext.Current.CancellationToken);
        var (importExit, importOutput) = await CliRun.RunAsync("import", "observations", path, "--db", Db);
        Assert.True(importExit == 0, importOutput);

        var (exit, csv) = await CliRun.RunAsync("query", "x.staff", "--rows", "nationality.region", "--columns", "sex", "--year", "2023", "--totals", "--format", "csv", "--db", Db);
        Assert.True(exit == 0, csv);
        Assert.Equal(
            ["nationality.region,sex,value", "Africa,F,7", "Africa,,7", "Europe,F,3", "Europe,M,4", "Europe,,7", ",F,10", ",M,4", ",,14"],
            csv.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task Top_keeps_the_largest_members_largest_first_and_adds_up_the_rest_as_others()
    {
        var path = Path.Combine(_directory.FullName, "nationalities.csv");
        await File.WriteAllTextAsync(path, """
            measure,year,office,nationality,value
            x.staff,2023,,AUT,5
            x.staff,2023,,BEL,40
            x.staff,2023,,CAN,12
            x.staff,2023,,DEU,1
            x.staff,2023,,ESP,30
            """, TestContext.Current.CancellationToken);
        var (importExit, importOutput) = await CliRun.RunAsync("import", "observations", path, "--db", Db);
        Assert.True(importExit == 0, importOutput);
        string[] query = ["query", "x.staff", "--rows", "nationality", "--year", "2023", "--top", "nationality:3", "--db", Db];

        var (exit, csv) = await CliRun.RunAsync([.. query, "--format", "csv"]);
        Assert.True(exit == 0, csv);
        Assert.Equal(["nationality,value", "BEL,40", "ESP,30", "CAN,12", "Others,6"], csv.TrimEnd().Split('\n'));
        var (_, table) = await CliRun.RunAsync(query);
        Assert.Matches(@"BEL\s+40\s+ESP\s+30\s+CAN\s+12\s+Others\s+6", table);
    }

    [Fact]
    public async Task The_audit_lists_rule_findings_in_its_json_contract_and_a_bad_query_is_an_error()
    {
        await ImportTable1Async();
        var (exit, json) = await CliRun.RunAsync("audit", "--format", "json", "--db", Db);
        Assert.True(exit == 0, json);
        var finding = Assert.Single(JsonDocument.Parse(json).RootElement.EnumerateArray());
        Assert.Equal("t1.headcount:sex-parts-sum-to-total", finding.GetProperty("rule").GetString());
        Assert.Equal(2575, finding.GetProperty("printed").GetDecimal());
        Assert.Equal(2574, finding.GetProperty("computed").GetDecimal());
        Assert.Equal("error", finding.GetProperty("severity").GetString());

        var (failed, message) = await CliRun.RunAsync("query", "t1.headcount", "--rows", "grade", "--db", Db);
        Assert.Equal(AlmanacCli.Failed, failed);
        Assert.Contains("Measure 't1.headcount' has no dimension 'grade'", message, StringComparison.Ordinal);

        // A mistyped option is named as one, not taken for a measure; a year without observations says so and fails.
        var (typo, typoMessage) = await CliRun.RunAsync("query", "t1.headcount", "--row", "sex", "--db", Db);
        Assert.Equal(AlmanacCli.Failed, typo);
        Assert.Contains("error: Unknown option '--row' for 'almanac query'; its options are --rows, --columns, --year,", typoMessage, StringComparison.Ordinal);
        var (empty, emptyMessage) = await CliRun.RunAsync("query", "t1.headcount", "--rows", "sex", "--year", "2030", "--format", "csv", "--db", Db);
        Assert.Equal(AlmanacCli.Failed, empty);
        Assert.Equal("error: no stored observation of t1.headcount in 2030 matches the query: there is nothing to show.", emptyMessage.Trim());
    }
}
