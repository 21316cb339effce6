using Almanac.Domain.Projects;
using Almanac.Domain.Reports;
using Almanac.Ingest.Projects;
using Almanac.Ingest.Reference;
using Almanac.Ingest.Reports;
using Almanac.Ingest.Reports.Funding;
using Almanac.Tests;

namespace Almanac.Ingest.Tests;

/// <summary>
/// The demo's SYNTHETIC portfolio against the Migration Initiatives 2018 appeal as printed: its 2018 budgets reproduce every
/// region × category cell, donors fund part of it, and where its totals differ from the printed ones the difference is
/// one of the appeal's own inconsistencies, the ones the audit finds.
/// </summary>
public sealed class SyntheticPortfolioTests
{
    private static readonly AppealRequirements Appeal = ProjectFileWriter.ReadEmbeddedAppeal(2018);
    private static readonly Portfolio Portfolio = SyntheticPortfolio.Generate(Appeal, ReferenceDataReader.ReadEmbedded());

    [Fact]
    public void Its_budgets_add_up_to_every_printed_cell_of_the_appeal_by_region_and_category()
    {
        var cells = Portfolio.Projects.Where(p => p.Migof is not null)
            .GroupBy(p => (p.AppealRegion, p.Migof!)).ToDictionary(g => g.Key, g => g.Sum(p => p.BudgetOf(2018)));
        var printed = Appeal.Regions.SelectMany(r => r.Categories.Select(c => ((r.Region, c.Key), c.Value))).ToDictionary(c => c.Item1, c => c.Value);
        Assert.Equal(60, printed.Count);
        Assert.Equal(printed.OrderBy(c => c.Key), cells.OrderBy(c => c.Key));
        // Figures read from the appeal by hand (line 184: Asia and the Pacific, Objective 1; line 175: the global row).
        Assert.Equal(136_439_148m, cells[("asia-and-the-pacific", "objective-1")]);
        Assert.Equal(95_540_000m, cells[("global", "objective-3")]);
        // The global row's total includes 2 866 000 of institutional initiatives outside the categories (its footnote):
        // one project outside MiGOF, answering no appeal line.
        var outside = Assert.Single(Portfolio.Projects, p => p.Migof is null);
        Assert.Equal(("global", 2_866_000m, (string?)null), (outside.AppealRegion, outside.BudgetOf(2018), outside.AppealLine));
        Assert.Empty(PortfolioRules.CheckAppeal(Portfolio, 2018, Appeal.Lines));
    }

    [Fact]
    public void Its_totals_differ_from_the_printed_ones_only_where_the_appeal_contradicts_itself()
    {
        var byRegion = Portfolio.Projects.GroupBy(p => p.AppealRegion).ToDictionary(g => g.Key, g => g.Sum(p => p.BudgetOf(2018)));
        Assert.Equal(2_863_504_889m, byRegion.Values.Sum());
        Assert.Equal(160_763_674m, byRegion["global"]);
        Assert.Equal(416_200_710m, byRegion["asia-and-the-pacific"]);
        Assert.Equal(
        [
            "Asia and the Pacific (line 184): the projects add up to 416 200 710, the appeal prints 416 200 709: its categories add up to 416 200 710, which the printed total does not equal (parts-sum-to-total)",
            "Total (line 189): the appeal's regions' printed totals add up to 2 863 504 888, but it prints 2 863 504 889 (column-sum-to-total); the projects add up to 2 863 504 889",
        ], SyntheticPortfolio.Reconcile(Portfolio, Appeal));
    }

    [Fact]
    public void Donors_fund_part_of_it_within_every_budget_and_it_breaks_no_rule()
    {
        var required = Portfolio.Projects.Sum(p => p.BudgetOf(2018));
        var committed = Portfolio.Transactions.Where(t => t.Kind == FundingKind.Commitment).Sum(t => t.AmountUsd);
        Assert.InRange(committed / required, 0.3m, 0.7m);
        Assert.Contains(Portfolio.Transactions, t => t.Currency == "EUR" && t.UsdRate == SyntheticPortfolio.EuroRate);
        Assert.Contains(Portfolio.Projects, p => p.Countries.Count == 2);
        Assert.Empty(PortfolioRules.Check(Portfolio));
        Assert.All(Portfolio.Projects, p => Assert.StartsWith(SyntheticPortfolio.IdPrefix, p.Id, StringComparison.Ordinal));
        Assert.All(Portfolio.Projects, p => Assert.Contains("(synthetic)", p.Titles.En, StringComparison.Ordinal));
    }

    [Fact]
    public void The_same_appeal_gives_the_same_files_and_they_read_back_as_the_same_portfolio()
    {
        var directory = Directory.CreateTempSubdirectory("almanac-synthetic-projects-");
        try
        {
            string[] Write(string name)
            {
                var (projects, transactions) = (Path.Combine(directory.FullName, name + "-projects.csv"), Path.Combine(directory.FullName, name + "-transactions.csv"));
                ProjectFileWriter.Write(SyntheticPortfolio.Generate(Appeal, ReferenceDataReader.ReadEmbedded()), projects, transactions);
                return [File.ReadAllText(projects), File.ReadAllText(transactions), projects, transactions];
            }
            var first = Write("first");
            var second = Write("second");
            Assert.Equal(first[..2], second[..2]);
            var read = ProjectFileReader.Read(first[2], first[3], ReferenceDataReader.ReadEmbedded());
            Assert.Equal(Portfolio.Projects.Select(Describe), read.Projects.Select(Describe));
            Assert.Equal(Portfolio.Transactions.Select(t => t with { Line = 0 }), read.Transactions.Select(t => t with { Line = 0 }));
        }
        finally
        {
            directory.Delete(true);
        }
    }

    private static string Describe(Project p) =>
        $"{p.Id}|{p.Titles}|{p.Descriptions}|{string.Join(';', p.Offices)}|{string.Join(';', p.Countries)}|{p.AppealRegion}|{p.Start}|{p.End}|{p.Status}|{p.Migof}|{p.GenderMarker}|{p.AppealLine}|{string.Join(';', p.Budgets)}";

    [Fact]
    public void The_requirements_the_project_keeps_are_those_the_report_reader_rebuilds_from_the_appeal_and_the_audit_names_the_same_inconsistencies()
    {
        var path = SharedFiles.Require("reports/migration-initiatives-2018.txt");
        var document = ReportDocument.FromBytes(Path.GetFileName(path), File.ReadAllBytes(path), ReferenceDataReader.ReadEmbedded());
        var summary = Assert.Single(new FundingTablesReader().Read(document), t => t.Id == FundingTablesReader.SummaryId);

        var rebuilt = summary.Rows.SelectMany(r => summary.Columns.Select(c => (r.Label, r.Line, Column: c, summary.Cell(r, c)?.Value))).Where(c => c.Value is not null).ToList();
        var kept = Appeal.Regions.Append(Appeal.Total).SelectMany(r => r.Categories
            .Select(c => (r.Label, r.Line, Column: AppealRequirements.Headings[ProjectCodes.MigofNodes.ToList().IndexOf(c.Key)], (decimal?)c.Value))
            .Append((r.Label, r.Line, AppealRequirements.TotalHeading, r.PrintedTotal))).ToList();
        Assert.Equal(rebuilt.Order(), kept.Order());

        // The audit's errors on the summary are at the lines the reconciliation names, and nowhere else.
        var errors = ReportAudit.Run([(1, "migration-initiatives-2018.txt", summary)], [])
            .Where(f => f.Severity == Domain.Tables.FindingSeverity.Error).ToList();
        Assert.Equal([("column-sum-to-total", 189), ("parts-sum-to-total", 184)], errors.Select(f => (f.Rule, f.Line!.Value)).Order());
    }
}
