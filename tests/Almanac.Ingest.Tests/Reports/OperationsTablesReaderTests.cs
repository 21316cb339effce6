using Almanac.Domain.Observations;
using Almanac.Domain.Reference;
using Almanac.Domain.Reports;
using Almanac.Domain.Tables;
using Almanac.Ingest.Reference;
using Almanac.Ingest.Reports;
using Almanac.Ingest.Reports.Operations;
using Almanac.Tests;

namespace Almanac.Ingest.Tests.Reports;

/// <summary>
/// The operational tables of the annual reports (assisted voluntary return top-10 lists, expenditure), checked cell by
/// cell against figures read from the report text, plus synthetic space-separated tables for the readings the real
/// reports do not exercise.
/// </summary>
public sealed class OperationsTablesReaderTests
{
    private static readonly ReferenceData Reference = ReferenceDataReader.ReadEmbedded();
    private static readonly OperationsTablesReader Reader = new();

    private static ReportDocument Load(string file)
    {
        var path = SharedFiles.Require("reports/" + file);
        return ReportDocument.FromBytes(Path.GetFileName(path), File.ReadAllBytes(path), Reference);
    }

    private static ReportDocument Synthetic(params string[] lines) =>
        new("synthetic.txt", "0", lines, new DocumentIdentity("IOM", DocumentKind.AnnualReport, 2019, "Annual Report for 2019"), Reference);

    private static decimal?[] Values(ReportRow row) => [.. row.Cells.Select(c => c?.Value)];

    private static List<Finding> Findings(ReportTable table, string source) =>
        [.. table.Arithmetic.SelectMany(identity => identity.Check(table, source))];

    [Fact]
    public void Report_2017_prints_the_top_10_host_countries_for_2017_and_2016()
    {
        var document = Load("annual-report-2017.txt");
        var table = Assert.Single(Reader.Read(document), t => t.Id == "returns-top-host");

        Assert.Equal("Top 10 host countries", table.Title);
        Assert.Equal(2017, table.Year);
        Assert.Equal(new LineRange(794, 805), table.Lines);
        Assert.Equal(["2017", "2016"], table.Columns);
        Assert.Equal(10, table.Rows.Count);
        Assert.Empty(table.Unresolved);
        Assert.Equal(["DEU", "NER", "GRC", "BEL", "AUT", "DJI", "TUR", "YEM", "MAR", "NLD"], table.Rows.Select(r => r.Iso3));
        Assert.All(table.Rows, r => Assert.Equal(RowRole.Data, r.Role));

        var germany = table.Rows[0];
        Assert.Equal("Germany", germany.Label);
        Assert.Equal(796, germany.Line);
        Assert.Equal([29_522m, 54_006m], Values(germany));
        Assert.Equal([3_546m, 4_812m], Values(table.Rows[4]));
        var netherlands = table.Rows[^1];
        Assert.Equal(805, netherlands.Line);
        Assert.Equal([1_532m, 4_635m], Values(netherlands));
        Assert.All(table.Rows, r => Assert.All(r.Cells, c => Assert.False(c!.Value.Inferred)));

        Assert.Equal([new RankedDescending("2017")], table.Arithmetic);
        Assert.Empty(Findings(table, document.Name));
    }

    [Fact]
    public void Report_2017_prints_the_top_10_countries_of_return_beside_the_host_countries()
    {
        var document = Load("annual-report-2017.txt");
        var table = Assert.Single(Reader.Read(document), t => t.Id == "returns-top-origin");

        Assert.Equal("Top 10 countries of return", table.Title);
        Assert.Equal(new LineRange(794, 805), table.Lines);
        Assert.Equal(["2017", "2016"], table.Columns);
        Assert.Equal(10, table.Rows.Count);
        Assert.Empty(table.Unresolved);
        Assert.Equal(["ALB", "IRQ", "ETH", "AFG", "SRB", "UKR", "MKD", "PAK", "RUS", "GEO"], table.Rows.Select(r => r.Iso3));

        Assert.Equal([7_256m, 17_976m], Values(table.Rows[0]));
        var macedonia = table.Rows[6];
        Assert.Equal("The former Yugoslav Republic of Macedonia", macedonia.Label);
        Assert.Equal(802, macedonia.Line);
        Assert.Equal([3_167m, 4_986m], Values(macedonia));
        Assert.Equal([2_270m, 1_703m], Values(table.Rows[^1]));
        // The list ranks 2017 only: Pakistan's 1 278 above the Russian Federation's 2 058 in 2016 is no finding.
        Assert.Empty(Findings(table, document.Name));
    }

    [Fact]
    public void Report_2017_expenditure_table_reads_parenthesized_negatives_and_its_arithmetic_holds()
    {
        var document = Load("annual-report-2017.txt");
        var table = Assert.Single(Reader.Read(document), t => t.Id == "expenditure");

        Assert.Equal("Expenditure", table.Title);
        Assert.Equal(2017, table.Year);
        Assert.Equal(new LineRange(881, 885), table.Lines);
        Assert.Equal(["2017", "2016", "Difference, % of total expenditure", "Difference, USD million"], table.Columns);
        Assert.Equal(3, table.Rows.Count);
        Assert.Empty(table.Unresolved);

        Assert.Equal("Administrative programme", table.Rows[0].Label);
        Assert.Equal([53.6m, 46.3m, 0.45m, 7.3m], Values(table.Rows[0]));
        Assert.Equal([1_551.8m, 1_556.0m, -0.26m, -4.2m], Values(table.Rows[1]));
        var total = table.Rows[2];
        Assert.Equal(RowRole.Total, total.Role);
        Assert.Equal(885, total.Line);
        Assert.Equal([1_605.4m, 1_602.3m, 0.19m, 3.1m], Values(total));
        Assert.All(table.Rows, r => Assert.Null(r.Iso3));

        Assert.Equal(3, table.Arithmetic.Count);
        Assert.Contains(new ColumnsDifference("Difference, USD million", "2016", "2017"), table.Arithmetic);
        Assert.Contains(new ShareOfTotal("Difference, % of total expenditure", "Difference, USD million", 2, "2017"), table.Arithmetic);
        var sum = Assert.Single(table.Arithmetic.OfType<RowsSum>());
        Assert.Equal(2, sum.Total);
        Assert.Equal([0, 1], sum.Parts);
        // 7.3 / 1 605.4 = 0.455 %, printed 0.45 %: the share is of the later year's total, and every figure agrees.
        Assert.Empty(Findings(table, document.Name));
    }

    [Fact]
    public void Report_2017_yields_only_its_three_operational_tables()
    {
        var tables = Reader.Read(Load("annual-report-2017.txt"));
        Assert.Equal(["returns-top-host", "returns-top-origin", "expenditure"], tables.Select(t => t.Id));
    }

    [Theory]
    [InlineData("annual-report-2018.txt")]
    [InlineData("annual-report-2023.txt")]
    public void Reports_that_give_returns_and_expenditure_only_in_prose_or_charts_yield_no_operational_table(string file)
    {
        var document = Load(file);
        Assert.Empty(Reader.Read(document));
    }

    [Fact]
    public void Observations_carry_the_country_role_year_and_provenance_and_amounts_in_dollars()
    {
        var document = Load("annual-report-2017.txt");
        var tables = Reader.Read(document);
        var returns = tables.Where(t => t.Id.StartsWith("returns-", StringComparison.Ordinal)).SelectMany(t => Reader.ToObservations(t, document)!).ToList();
        Assert.Equal(40, returns.Count);
        Assert.All(returns, o => Assert.Equal(OperationsMeasures.ReturnsAssisted, o.Measure));
        var germany2016 = Assert.Single(returns, o => o.Year == 2016 && o.Key.Canonical == "country=DEU;role=host");
        Assert.Equal(54_006m, germany2016.Value);
        Assert.Equal(new Provenance(0, "annual-report-2017.txt", "returns-top-host", 796), germany2016.Provenance);
        var georgia2017 = Assert.Single(returns, o => o.Year == 2017 && o.Key.Canonical == "country=GEO;role=origin");
        Assert.Equal(2_270m, georgia2017.Value);
        Assert.Equal(805, georgia2017.Provenance.Line);

        var expenditure = Reader.ToObservations(tables.Single(t => t.Id == "expenditure"), document)!;
        Assert.Equal(12, expenditure.Count);
        var operational = Assert.Single(expenditure, o => o.Measure == OperationsMeasures.ExpenditureUsd && o.Year == 2017 && o.Key.Canonical == "programme=operational");
        Assert.Equal(1_551_800_000m, operational.Value);
        Assert.Equal(884, operational.Provenance.Line);
        var total2016 = Assert.Single(expenditure, o => o.Measure == OperationsMeasures.ExpenditureUsd && o.Year == 2016 && o.Key.Count == 0);
        Assert.Equal(1_602_300_000m, total2016.Value);
        var change = Assert.Single(expenditure, o => o.Measure == OperationsMeasures.ExpenditureChangeUsd && o.Key.Canonical == "programme=operational");
        Assert.Equal((2017, -4_200_000m), (change.Year, change.Value));
        var share = Assert.Single(expenditure, o => o.Measure == OperationsMeasures.ExpenditureChangePercent && o.Key.Count == 0);
        Assert.Equal((2017, 0.19m), (share.Year, share.Value));

        Assert.Null(Reader.ToObservations(tables[0] with { Id = "staff-table-1" }, document));
        Assert.Equal("returns", Scopes.Of(OperationsMeasures.ReturnsAssisted));
        Assert.Equal("expenditure", Scopes.Of(OperationsMeasures.ExpenditureChangePercent));
    }

    [Fact]
    public void Space_layout_list_reads_wrapped_names_skips_page_headers_and_lets_the_ranking_decide_a_joint()
    {
        var document = Synthetic(
            "Top 5 host countries Number of migrants assisted",
            "2019 2018",
            "Germany 9 500 8 000",
            "Page 12",
            "Niger 5 655 123",
            "Greece 3 000 2 000",
            "Bosnia and",
            "Herzegovina 4 000 100",
            "Morocco 1 770 1 532",
            "",
            "12. The narrative resumes here.");
        var table = Assert.Single(Reader.Read(document));

        Assert.Equal("returns-top-host", table.Id);
        Assert.Equal("Top 5 host countries", table.Title);
        Assert.Equal(new LineRange(1, 9), table.Lines);
        Assert.Equal(5, table.Rows.Count);
        Assert.Empty(table.Unresolved);
        Assert.Equal(["DEU", "NER", "GRC", "BIH", "MAR"], table.Rows.Select(r => r.Iso3));

        // "5 655 123" is 5 655 | 123 or 5 | 655 123; only the first lies between Germany's 9 500 and Greece's 3 000.
        var niger = table.Rows[1];
        Assert.Equal(5, niger.Line);
        Assert.Equal([5_655m, 123m], Values(niger));
        Assert.All(niger.Cells, c => Assert.True(c!.Value.Inferred));
        Assert.Equal([8_000m], table.Rows[0].Cells.Skip(1).Select(c => c!.Value.Value));
        Assert.False(table.Rows[0].Cells[0]!.Value.Inferred);

        var bosnia = table.Rows[3];
        Assert.Equal("Bosnia and Herzegovina", bosnia.Label);
        Assert.Equal(8, bosnia.Line);
        Assert.Equal([1_770m, 1_532m], Values(table.Rows[4]));

        var finding = Assert.Single(Findings(table, document.Name));
        Assert.Equal(("returns-top-host", "top-list-in-order", 4_000m, 3_000m, 8), (finding.Table, finding.Rule, finding.Printed, finding.Computed, finding.Line));
        Assert.Equal(FindingSeverity.Error, finding.Severity);
    }

    [Fact]
    public void Space_layout_row_that_two_readings_fit_is_left_unresolved()
    {
        var document = Synthetic(
            "Top 3 countries of origin Number of migrants assisted",
            "2019 2018",
            "Iraq 2 900 500",
            "Albania 1 800",
            "Serbia 1 1");
        var table = Assert.Single(Reader.Read(document));

        Assert.Equal("returns-top-origin", table.Id);
        Assert.Equal(["ALB", "SRB"], table.Rows.Select(r => r.Iso3));
        Assert.Equal([1m, 800m], Values(table.Rows[0]));
        // 2 900 | 500 and 2 | 900 500 both rank above Albania's 1: nothing tells them apart.
        var unresolved = Assert.Single(table.Unresolved);
        Assert.Equal(3, unresolved.Line);
        Assert.Equal("Iraq 2 900 500", unresolved.Text);
        Assert.Equal("2 readings give 2 cells and fit the table's arithmetic", unresolved.Reason);
    }

    [Fact]
    public void Side_by_side_space_layout_lists_split_at_the_second_name()
    {
        var document = Synthetic(
            "Top 2 host countries Number of migrants assisted Top 2 countries of return Number of migrants assisted",
            "2019 2018 2019 2018",
            "Germany 9 500 8 000 Albania 7 256 17 976",
            "Niger 6 467  Iraq 7 096 12 776",
            "",
            "Health assessment");
        var tables = Reader.Read(document);

        Assert.Equal(["returns-top-host", "returns-top-origin"], tables.Select(t => t.Id));
        Assert.Equal("Top 2 countries of return", tables[1].Title);
        Assert.Equal([9_500m, 8_000m], Values(tables[0].Rows[0]));
        // The extra space before "Iraq" is Niger's empty 2018 cell, so "6 467" is one number.
        Assert.Equal([6_467m, null], Values(tables[0].Rows[1]));
        Assert.Equal([7_096m, 12_776m], Values(tables[1].Rows[1]));
        Assert.Equal(["ALB", "IRQ"], tables[1].Rows.Select(r => r.Iso3));
    }

    [Fact]
    public void Side_by_side_lists_join_a_name_hyphenated_over_two_lines_to_the_group_it_completes()
    {
        var document = Synthetic(
            "Top 2 host countries\tNumber of migrants assisted\t\tTop 2 countries of return\tNumber of migrants assisted\t",
            "\t2017\t2016\t\t2017\t2016",
            "Morocco\t1 733\t1 259\tRussian Federation\t2 469\t2 058",
            "Neth-",
            "erlands\t1 532\t4 635\tGeorgia\t2 270\t1 703",
            "",
            "Health assessment and travel health assistance");
        var tables = Reader.Read(document);

        Assert.All(tables, t => Assert.Empty(t.Unresolved));
        var netherlands = tables[0].Rows[1];
        Assert.Equal(("Netherlands", "NLD", 5), (netherlands.Label, netherlands.Iso3, netherlands.Line));
        Assert.Equal([1_532m, 4_635m], Values(netherlands));
        Assert.Equal(["RUS", "GEO"], tables[1].Rows.Select(r => r.Iso3));
        Assert.Equal([2_270m, 1_703m], Values(tables[1].Rows[1]));
    }

    [Fact]
    public void Side_by_side_lists_read_a_country_through_its_footnote_letters()
    {
        var document = Synthetic(
            "Top 2 host countries\tNumber of migrants assisted\t\tTop 2 countries of return\tNumber of migrants assisted\t",
            "\t2017\t2016\t\t2017\t2016",
            "Belgium\t3 670\t4 117\tAfghanistan\t4 158\t7 102",
            "Austria a b\t3 546\t4 812\tSerbia\t3 343\t6 978");
        var tables = Reader.Read(document);

        Assert.Equal(["BEL", "AUT"], tables[0].Rows.Select(r => r.Iso3));
        Assert.Equal([RowRole.Data, RowRole.Data], tables[0].Rows.Select(r => r.Role));
        Assert.Equal([3_546m, 4_812m], Values(tables[0].Rows[1]));
        Assert.Equal([3_343m, 6_978m], Values(tables[1].Rows[1]));
    }

    [Fact]
    public void Space_layout_expenditure_reads_decimal_thousands_and_reports_every_broken_identity()
    {
        var document = Synthetic(
            "Expenditure USD million Difference",
            "2019 2018 % of total expenditure USD million",
            "Administrative programme 60.0 53.6 0.37% 6.5",
            "Operational programmes 1 700.0 1 551.8 8.42% 148.2",
            "Total expenditure for the year 1 760.0 1 605.4 8.79% 154.6",
            "",
            "40. The narrative resumes here.");
        var table = Assert.Single(Reader.Read(document));

        Assert.Equal("expenditure", table.Id);
        Assert.Equal(["2019", "2018", "Difference, % of total expenditure", "Difference, USD million"], table.Columns);
        Assert.Equal(new LineRange(1, 5), table.Lines);
        Assert.Empty(table.Unresolved);
        Assert.Equal([1_700.0m, 1_551.8m, 8.42m, 148.2m], Values(table.Rows[1]));
        Assert.Equal(RowRole.Total, table.Rows[2].Role);

        var findings = Findings(table, document.Name).OrderBy(f => f.Line).ThenBy(f => f.Rule, StringComparer.Ordinal).ToList();
        Assert.Equal(3, findings.Count);
        Assert.Equal(("difference-matches-columns", 6.5m, 6.4m, 3, FindingSeverity.Error),
            (findings[0].Rule, findings[0].Printed, findings[0].Computed, findings[0].Line, findings[0].Severity));
        Assert.Equal(("column-sum-to-total", 154.6m, 154.7m, 5, FindingSeverity.Error),
            (findings[1].Rule, findings[1].Printed, findings[1].Computed, findings[1].Line, findings[1].Severity));
        Assert.Contains("'Difference, USD million'", findings[1].Message, StringComparison.Ordinal);
        // 154.6 / 1 760.0 = 8.784 %, printed 8.79 %: right only if the printed amounts were rounded the other way.
        Assert.Equal(("share-matches-ratio", 8.79m, 8.78m, 5, FindingSeverity.Warning),
            (findings[2].Rule, findings[2].Printed, findings[2].Computed, findings[2].Line, findings[2].Severity));

        var dollars = Reader.ToObservations(table, document)!;
        Assert.Equal(60_000_000m, dollars.Single(o => o.Measure == OperationsMeasures.ExpenditureUsd && o.Year == 2019 && o.Key.Canonical == "programme=administrative").Value);
    }

    [Fact]
    public void Space_layout_tables_read_through_stray_spaces_before_inside_and_after_their_rows()
    {
        var document = Synthetic(
            "Top 3 host countries Number of migrants assisted  Top 3 countries of return Number of migrants assisted  ",
            "  2017 2016  2017 2016  ",
            " Greece 5 655 6 153 Ethiopia 4 445 5 675  ",
            "Belgium 3 670 4 117 Afghanistan 4 158  7 102",
            "Austria 3 546  4 812 Serbia 3 343 6 978",
            "",
            "Expenditure USD million  Difference  ",
            "  2017 2016 % of total expenditure USD million  ",
            "Administrative programme 53.6 46.3 0.45% 7.3",
            "Operational programmes  1 551.8 1 556.0 (0.26%) (4.2)",
            " Total expenditure for the year (excluding exchange rate differences) 1 605.4 1 602.3 0.19% 3.1",
            "",
            "235. During the year, the Working Group on Budget Reform worked on updating budget regulations.");
        var tables = Reader.Read(document);

        Assert.Equal(["returns-top-host", "returns-top-origin", "expenditure"], tables.Select(t => t.Id));
        Assert.All(tables, t => Assert.Empty(t.Unresolved));
        Assert.Equal([[5_655m, 6_153m], [3_670m, 4_117m], [3_546m, 4_812m]], tables[0].Rows.Select(Values));
        Assert.Equal([[4_445m, 5_675m], [4_158m, 7_102m], [3_343m, 6_978m]], tables[1].Rows.Select(Values));
        Assert.Equal(["ETH", "AFG", "SRB"], tables[1].Rows.Select(r => r.Iso3));
        var expenditure = tables[2];
        Assert.Equal([1_551.8m, 1_556.0m, -0.26m, -4.2m], Values(expenditure.Rows[1]));
        Assert.Equal(("Total expenditure for the year (excluding exchange rate differences)", RowRole.Total),
            (expenditure.Rows[2].Label, expenditure.Rows[2].Role));
        Assert.Equal([1_605.4m, 1_602.3m, 0.19m, 3.1m], Values(expenditure.Rows[2]));
    }

    [Fact]
    public void A_list_heading_without_its_years_cannot_be_read()
    {
        var document = Synthetic(
            "Top 10 host countries Number of migrants assisted",
            "Germany 9 500 8 000");
        var error = Assert.Throws<ReportFormatException>(() => Reader.Read(document));
        Assert.Equal(1, error.Line);
        Assert.Contains("no line of years", error.Message, StringComparison.Ordinal);
    }
}
