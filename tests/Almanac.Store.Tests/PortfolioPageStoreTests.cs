using Almanac.Domain.Projects;
using Almanac.Tests;

namespace Almanac.Store.Tests;

/// <summary>
/// The projects page's query at the portfolio's bound: a portfolio of 100 000 projects made here, imported, and filtered
/// pages read by the store return the projects the filter keeps, in the portfolio's order, with how many it keeps in all.
/// </summary>
public sealed class PortfolioPageStoreTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const int Size = 100_000;

    private static readonly string[] Countries = ["KEN", "UGA", "SDN", "MLI"];

    /// <summary>
    /// Project i: appeal region i mod 10, status (i / 10) mod 6, MiGOF node (i / 60) mod 6; its country, whether it is
    /// shared 60/40 with a second one, and whether it is outside MiGOF (one in seven) drawn from a seeded generator, so
    /// that the filters do not select along one another; a budget for 2018.
    /// </summary>
    private static Portfolio Generate()
    {
        var random = new Random(20261206);
        var projects = new List<Project>(Size);
        for (var i = 0; i < Size; i++)
        {
            var country = random.Next(Countries.Length);
            IReadOnlyList<CountryShare> countries = random.Next(3) == 0
                ? [new CountryShare(Countries[country], 60), new CountryShare(Countries[(country + 1) % 4], 40)]
                : [new CountryShare(Countries[country], 100)];
            var outside = random.Next(7) == 0;
            projects.Add(new Project($"P-{i:D6}", new ProjectTexts($"Project {i}", null, null), ProjectTexts.None, ["CO-KEN"], countries,
                ProjectCodes.AppealRegions[i % ProjectCodes.AppealRegions.Count], new DateOnly(2018, 1, 1), new DateOnly(2018, 12, 31), (ProjectStatus)(i / 10 % 6 + 1),
                outside ? null : ProjectCodes.MigofNodes[i / 60 % 6], i % 3, null, [new YearBudget(2018, 1000 + i)])
            {
                Line = i + 2,
            });
        }
        return new Portfolio(projects, [new ProjectTransaction("P-000042", FundingKind.Commitment, new DateOnly(2018, 3, 1), "A donor", "EUR", 500, 1.2m) { Line = 2 }]);
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task A_filtered_page_of_a_100000_project_portfolio_holds_the_projects_the_filter_keeps(string engine)
    {
        await using var test = await TestStores.CreateAsync(engine);
        var portfolio = Generate();
        await test.Store.ImportProjectsAsync(new SourceInfo(SourceKinds.Projects, "generated.csv", new string('b', 64), DateTimeOffset.UnixEpoch), portfolio, Ct);
        var store = test.Platform;

        // The global region's projects in Kenya (alone or shared), in implementation, under objective 3: the second page of 50.
        var kept = portfolio.Projects.Where(p => p.AppealRegion == "global" && p.Countries.Any(c => c.Iso3 == "KEN")
            && p.Status == ProjectStatus.Implementation && p.Migof == "objective-3").ToList();
        Assert.True(kept.Count > 50, $"{kept.Count} projects kept: too few for a second page");
        var page = (await store.PortfolioPageAsync(new PortfolioFilter("global", "KEN", ProjectStatus.Implementation, "objective-3", 50, 50), null, Ct))!;
        Assert.Equal(kept.Count, page.Matching);
        Assert.Equal(kept.Skip(50).Take(50).Select(p => p.Id), page.Shown.Select(p => p.Id));
        // Each project whole: its countries with their shares, its offices and its budget.
        Assert.Equal(kept[50].Countries, page.Shown[0].Countries);
        Assert.Equal(kept[50].Budgets, page.Shown[0].Budgets);
        Assert.Equal(["CO-KEN"], page.Shown[0].Offices);
        Assert.Equal(Size, page.Version.Projects);

        // Outside MiGOF, the last page: fewer than 50 left.
        var outside = portfolio.Projects.Where(p => p.Migof is null && p.AppealRegion == "southern-africa").ToList();
        var last = (await store.PortfolioPageAsync(new PortfolioFilter("southern-africa", null, null, PortfolioFilter.OutsideMigof, outside.Count / 50 * 50, 50), null, Ct))!;
        Assert.Equal(outside.Count, last.Matching);
        Assert.Equal(outside.Skip(outside.Count / 50 * 50).Select(p => p.Id), last.Shown.Select(p => p.Id));
        Assert.InRange(last.Shown.Count, 1, 49);

        // No filter: the first page in the portfolio's order; a project's detail with its transactions.
        var first = (await store.PortfolioPageAsync(new PortfolioFilter(null, null, null, null, 0, 50), "P-000042", Ct))!;
        Assert.Equal(Size, first.Matching);
        Assert.Equal(portfolio.Projects.Take(50).Select(p => p.Id), first.Shown.Select(p => p.Id));
        var detail = first.Detail!;
        var expected = portfolio.Projects[42];
        Assert.Equal((expected.Id, expected.Titles, expected.AppealRegion, expected.Status, expected.Migof, expected.GenderMarker, expected.Line),
            (detail.Id, detail.Titles, detail.AppealRegion, detail.Status, detail.Migof, detail.GenderMarker, detail.Line));
        Assert.Equal(expected.Countries, detail.Countries);
        Assert.Equal(portfolio.Transactions, first.DetailTransactions);

        // A filter nothing passes, and a detail no project has.
        var none = (await store.PortfolioPageAsync(new PortfolioFilter(null, "FRA", null, null, 0, 50), "P-999999", Ct))!;
        Assert.Equal((0, 0, (Project?)null), (none.Matching, none.Shown.Count, none.Detail));
    }
}
