using System.Globalization;
using Almanac.Domain.Projects;
using Almanac.Tests;
using CsvHelper;

namespace Almanac.Cli.Tests;

/// <summary>
/// Funding coverage beside the appeal it answers: the appeal imported from its text, the synthetic portfolio imported as
/// projects; the query engine gives required against funded by region and category, and the audit shows every appeal
/// line a portfolio leaves short, with its gap, and breaks of the project rules.
/// </summary>
public sealed class FundingCoverageTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("almanac-funding-coverage-");

    public void Dispose() => _directory.Delete(true);

    private string PathOf(string name) => Path.Combine(_directory.FullName, name);

    private async Task<string> Run(params string[] args)
    {
        // Wide enough that no finding wraps.
        var (code, output) = await CliRun.RunAtWidthAsync(2000, [.. args, "--db", PathOf("coverage.db")]);
        Assert.True(code == 0, output);
        return output;
    }

    private async Task ImportAppealAndSyntheticPortfolioAsync()
    {
        var appeal = SharedFiles.Require("reports/migration-initiatives-2018.txt");
        await Run("init");
        await Run("import", "report", appeal);
        var (code, _) = await CliRun.RunAsync("generate", "projects", "--out", PathOf("synthetic"));
        Assert.Equal(0, code);
        await Run("import", "projects", PathOf("synthetic/projects.csv"), "--transactions", PathOf("synthetic/transactions.csv"));
    }

    [Fact]
    public async Task The_synthetic_portfolio_covers_each_appeal_line_and_a_partial_one_shows_each_gap()
    {
        await ImportAppealAndSyntheticPortfolioAsync();

        var byRegion = await Run("query", "funding.required", "funding.funded", "--rows", "appeal_region", "--year", "2018", "--format", "csv");
        // The appeal prints 416 200 709 for Asia and the Pacific, whose categories add up to 416 200 710 (line 184).
        Assert.Contains("asia-and-the-pacific,funding.required,416200710\n", byRegion, StringComparison.Ordinal);
        Assert.Contains("global,funding.required,160763674\n", byRegion, StringComparison.Ordinal);
        Assert.Equal(10, byRegion.Split('\n').Count(l => l.Contains(",funding.funded,", StringComparison.Ordinal)));
        var audit = await Run("audit");
        Assert.DoesNotContain("appeal-line-requirement", audit, StringComparison.Ordinal);
        Assert.DoesNotContain("funding-within-budget", audit, StringComparison.Ordinal);
        // The appeal's own inconsistencies stay findings of its printed figures, which the portfolio did not supersede.
        Assert.Contains("416 200 710, but Total is printed as 416 200 709", audit, StringComparison.Ordinal);

        File.WriteAllText(PathOf("partial.csv"), """
            project_id,title_en,offices,countries,region,start,end,status,migof,gender_marker,appeal_line,budget_2018
            P-1,Counter-trafficking,CO-KEN,KEN:50;UGA:40,east-africa-and-the-horn-of-africa,2018-01-01,2018-12-31,implementation,objective-3,2,2018/east-africa-and-the-horn-of-africa/objective-3,1000000
            """.ReplaceLineEndings("\n"));
        File.WriteAllText(PathOf("partial-transactions.csv"), """
            project_id,type,date,organisation,currency,amount,usd_rate
            P-1,commitment,2018-02-01,Donor A,USD,1200000,1
            """.ReplaceLineEndings("\n"));
        await Run("import", "projects", PathOf("partial.csv"), "--transactions", PathOf("partial-transactions.csv"));
        var gaps = await Run("audit");

        Assert.Contains("appeal line 2018/east-africa-and-the-horn-of-africa/objective-3: its projects' 2018 budgets add up to 1 000 000 USD, 67 187 964 short of the 68 187 964 USD the appeal requires", gaps, StringComparison.Ordinal);
        Assert.Contains("appeal line 2018/global/objective-3: its projects' 2018 budgets add up to 0 USD, 95 540 000 short of the 95 540 000 USD the appeal requires", gaps, StringComparison.Ordinal);
        Assert.Equal(60, gaps.Split('\n').Count(l => l.Contains("appeal-line-requirement", StringComparison.Ordinal)));
        Assert.Contains("project P-1: the recipient countries' shares add to 90%, not 100% (KEN 50%, UGA 40%)", gaps, StringComparison.Ordinal);
        Assert.Contains("project P-1: 2018's commitments are 1 200 000 USD, 200 000 more than its 2018 budget of 1 000 000 USD", gaps, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_published_2018_report_shows_funding_coverage_by_region_from_the_portfolio()
    {
        await ImportAppealAndSyntheticPortfolioAsync();
        await Run("publish", "--year", "2018", "--out", PathOf("report"), "--format", "html,csv");

        var cells = new Dictionary<(string Row, string Column), decimal>();
        using (var reader = new StreamReader(PathOf("report/funding-coverage.csv")))
        using (var csv = new CsvReader(reader, CultureInfo.InvariantCulture))
        {
            csv.Read();
            csv.ReadHeader();
            csv.Read(); // the HXL hashtag row
            while (csv.Read()) cells[(csv.GetField("row")!, csv.GetField("column")!)] = csv.GetField<decimal>("value");
        }
        // What the portfolio holds for 2018, from the generated files as the import read them: budgets required, commitments
        // (in dollars at their rates) committed; every synthetic project's country shares add to 100.
        var portfolio = Almanac.Ingest.Projects.ProjectFileReader.Read(PathOf("synthetic/projects.csv"), PathOf("synthetic/transactions.csv"), Almanac.Ingest.Reference.ReferenceDataReader.ReadEmbedded());
        var region = portfolio.Projects.ToDictionary(p => p.Id, p => p.AppealRegion, StringComparer.Ordinal);
        var required = portfolio.Projects.GroupBy(p => p.AppealRegion).ToDictionary(g => g.Key, g => g.Sum(p => p.BudgetOf(2018)));
        var committed = portfolio.Transactions.Where(t => t.Kind == FundingKind.Commitment && t.Date.Year == 2018)
            .GroupBy(t => region[t.ProjectId]).ToDictionary(g => g.Key, g => g.Sum(t => t.AmountUsd));

        // The appeal prints 416 200 709 for Asia and the Pacific, whose categories add up to 416 200 710 (line 184): the portfolio follows the categories.
        Assert.Equal(416_200_710m, cells[("Asia and the Pacific", "Required")]);
        Assert.Equal(160_763_674m, cells[("Global and multiregional initiatives", "Required")]);
        Assert.Equal(required["asia-and-the-pacific"], cells[("Asia and the Pacific", "Required")]);
        Assert.Equal(committed["asia-and-the-pacific"], cells[("Asia and the Pacific", "Committed")]);
        Assert.Equal(required.Values.Sum(), cells[("Total", "Required")]);
        Assert.Equal(committed.Values.Sum(), cells[("Total", "Committed")]);
        Assert.Equal(Math.Round(100 * committed.Values.Sum() / required.Values.Sum(), MidpointRounding.AwayFromZero), cells[("Total", "Coverage")]);
        Assert.InRange(cells[("Total", "Coverage")], 1, 99); // funding covers part of the appeal
        Assert.Equal(11, cells.Keys.Count(k => k.Column == "Coverage"));

        var html = File.ReadAllText(PathOf("report/annual-report-2018-en.html"));
        Assert.Contains("id=\"funding-coverage\"", html, StringComparison.Ordinal);
    }
}
