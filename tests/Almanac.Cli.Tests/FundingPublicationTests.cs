using System.Globalization;
using Almanac.Tests;
using AngleSharp.Html.Parser;
using CsvHelper;

namespace Almanac.Cli.Tests;

/// <summary>
/// The Migration Initiatives 2018 appeal, imported from ../shared/reports and published for 2018: the funding table's
/// region and category shares are the ones the appeal prints in its chart captions, and the Asia and the Pacific total
/// that does not add up is flagged beside it.
/// </summary>
public sealed class FundingPublicationTests : IAsyncLifetime
{
    /// <summary>The shares the appeal prints around its summary charts (lines 226–257), in per cent.</summary>
    private static readonly Dictionary<string, decimal> PrintedRegionShares = new()
    {
        ["Global and multiregional initiatives"] = 6,
        ["Middle East and North Africa"] = 28,
        ["South-Eastern Europe, Eastern Europe and Central Asia"] = 8,
        ["European Economic Area"] = 7,
        ["Asia and the Pacific"] = 15,
        ["East Africa and the Horn of Africa"] = 11,
        ["Southern Africa"] = 4,
        ["West and Central Africa"] = 12,
        ["Central and North America and the Caribbean"] = 5,
        ["South America"] = 4,
    };

    private static readonly Dictionary<string, decimal> PrintedCategoryShares = new()
    {
        ["Principle 1"] = 6,
        ["Principle 2"] = 6,
        ["Principle 3"] = 6,
        ["Objective 1"] = 25,
        ["Objective 2"] = 34,
        ["Objective 3"] = 23,
    };

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("almanac-funding-");
    private string Output => Path.Combine(_directory.FullName, "report");

    public async ValueTask InitializeAsync()
    {
        var appeal = SharedFiles.Require("reports/migration-initiatives-2018.txt");
        var database = Path.Combine(_directory.FullName, "funding.db");
        Assert.Equal(0, await RunAsync(["init", "--db", database]));
        Assert.Equal(0, await RunAsync(["import", "report", appeal, "--db", database]));
        Assert.Equal(0, await RunAsync(["publish", "--db", database, "--year", "2018", "--out", Output, "--format", "html,csv"]));
    }

    public ValueTask DisposeAsync()
    {
        _directory.Delete(true);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public void Region_and_category_shares_are_the_ones_the_appeal_prints()
    {
        using var reader = new StreamReader(Path.Combine(Output, "funding-requirements.csv"));
        using var csv = new CsvReader(reader, CultureInfo.InvariantCulture);
        csv.Read();
        csv.ReadHeader();
        csv.Read(); // the HXL hashtag row
        var shares = new List<(string Row, string Column, decimal Value)>();
        while (csv.Read())
        {
            if (csv.GetField("unit") == "percent") shares.Add((csv.GetField("row")!, csv.GetField("column")!, csv.GetField<decimal>("value")));
        }
        var regions = shares.Where(s => s.Column == "Share of the total" && s.Row != "Total").ToDictionary(s => s.Row, s => s.Value);
        var categories = shares.Where(s => s.Row == "Share of the total").ToDictionary(s => s.Column, s => s.Value);
        Assert.Equal(PrintedRegionShares.OrderBy(kv => kv.Key), regions.OrderBy(kv => kv.Key));
        Assert.Equal(PrintedCategoryShares.Append(new("Total", 100)).OrderBy(kv => kv.Key), categories.OrderBy(kv => kv.Key));
    }

    [Fact]
    public void The_asia_pacific_total_that_does_not_add_up_is_flagged_beside_it()
    {
        var document = new HtmlParser().ParseDocument(File.ReadAllText(Path.Combine(Output, "annual-report-2018-en.html")));
        var row = document.QuerySelectorAll("figure#funding-requirements tbody tr").Single(r => r.QuerySelector("th")!.TextContent == "Asia and the Pacific");
        var total = row.QuerySelectorAll("td")[6].QuerySelector(".figure.flagged")!;
        Assert.NotNull(total);
        var finding = document.GetElementById(total.QuerySelector("a.flag")!.GetAttribute("href")![1..])!;
        Assert.Contains("416 200 710", finding.TextContent, StringComparison.Ordinal);
        Assert.Contains("migration-initiatives-2018.txt, 184", finding.TextContent, StringComparison.Ordinal);
    }

    private static async Task<int> RunAsync(string[] args)
    {
        var (code, output) = await CliRun.RunAsync(args);
        Assert.True(code == 0, output);
        return code;
    }
}
