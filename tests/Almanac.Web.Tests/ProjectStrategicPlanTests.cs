using System.Net;
using System.Text.RegularExpressions;
using Almanac.Analytics.Query;
using Almanac.Domain;
using Almanac.Domain.Analytics;
using Almanac.Domain.Projects;

namespace Almanac.Web.Tests;

/// <summary>
/// A project's Strategic Plan counterparts, through the frameworks' crosswalk (data/platform/frameworks.yaml, as the demo
/// stores it): funding selected by a Strategic Plan node in the query engine, and the nodes on the project's detail page.
/// </summary>
public sealed partial class ProjectStrategicPlanTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// The MiGOF nodes each Strategic Plan node continues, read off frameworks.yaml's crosswalk by hand: objective 1 (saving
    /// lives) continues MiGOF's objectives 1, 2 and 3; objective 2 (solutions to displacement) objective 2 only; the
    /// Partnerships enabler principles 2 and 3.
    /// </summary>
    public static TheoryData<string, string, string[]> Continued() => new()
    {
        { "duckdb", "objective-1", ["objective-1", "objective-2", "objective-3"] },
        { "duckdb", "objective-2", ["objective-2"] },
        { "duckdb", "enabler-partnerships", ["principle-2", "principle-3"] },
        { "postgres", "objective-1", ["objective-1", "objective-2", "objective-3"] },
        { "postgres", "enabler-partnerships", ["principle-2", "principle-3"] },
    };

    [Theory]
    [MemberData(nameof(Continued))]
    public async Task Funding_selected_by_a_Strategic_Plan_node_is_the_funding_of_the_MiGOF_nodes_it_continues(string engine, string planNode, string[] migofNodes)
    {
        await using var server = await PlatformServer.StartAsync(engine);
        var portfolio = await ProjectCorrectionTests.ImportSyntheticPortfolioAsync(server);
        var engineOf = new QueryEngine(server.Facts);

        var result = await engineOf.RunAsync(PivotQuery.Of(ProjectMeasures.Required) with
        {
            Years = [2018],
            Where = new Dictionary<string, IReadOnlyList<string>> { ["migof.strategic_plan"] = [planNode] },
        }, Ct);

        var expected = portfolio.Projects.Where(p => migofNodes.Contains(p.Migof)).Sum(p => p.BudgetOf(2018));
        Assert.True(expected > 0);
        Assert.Equal(expected, decimal.Round(result.Cells.Sum(c => c.Values[0] ?? 0), 2));

        // A MiGOF node continues into several Plan nodes: rows by Plan node would count its money in each, so they are refused.
        var refused = await Assert.ThrowsAsync<AlmanacException>(() => engineOf.RunAsync(PivotQuery.Of(ProjectMeasures.Required) with
        {
            Rows = ["migof.strategic_plan"],
            Years = [2018],
        }, Ct));
        Assert.Contains("'migof.strategic_plan' selects but does not group", refused.Message, StringComparison.Ordinal);
        Assert.Contains("--where migof.strategic_plan=MEMBER", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_project_detail_shows_the_Strategic_Plan_nodes_its_MiGOF_node_continues_into()
    {
        await using var server = await PlatformServer.StartAsync();
        var portfolio = await ProjectCorrectionTests.ImportSyntheticPortfolioAsync(server);
        var crisis = portfolio.Projects.First(p => p.Migof == "objective-2");
        var institutional = portfolio.Projects.First(p => p.Migof is null);
        using var editor = await server.ClientAsync("editor");

        using var page = await editor.SendAsync(HttpMethod.Get, $"/projects?id={crisis.Id}");
        var html = await page.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var detail = PlanDetail().Match(html);
        Assert.True(detail.Success, html);
        var nodes = PlanNode().Matches(detail.Value).Select(m => (m.Groups["node"].Value, m.Groups["title"].Value)).ToList();
        Assert.Equal(
        [
            ("objective-1", "objective: Saving lives and protecting people on the move"),
            ("objective-2", "objective: Driving solutions to displacement"),
            ("objective-3", "objective: Facilitating pathways for regular migration"),
        ], nodes);

        using var outside = await editor.SendAsync(HttpMethod.Get, $"/projects?id={institutional.Id}");
        var none = PlanDetail().Match(await outside.Content.ReadAsStringAsync(Ct));
        Assert.Equal("None: the project serves no MiGOF category", none.Groups["content"].Value.Trim());
    }

    [GeneratedRegex("<dd id=\"detail-strategic-plan\">(?<content>.*?)</dd>", RegexOptions.Singleline)]
    private static partial Regex PlanDetail();

    [GeneratedRegex("<li data-node=\"(?<node>[^\"]+)\">(?<title>[^<]*)</li>")]
    private static partial Regex PlanNode();
}
