using Almanac.Domain.Reference;
using Almanac.Domain.Reports;
using Almanac.Domain.Tables;
using Almanac.Ingest.Reference;
using Almanac.Ingest.Reports;
using Almanac.Ingest.Reports.Staff;

namespace Almanac.Ingest.Tests.Reports;

/// <summary>
/// A totals row that no reading fits is read for what it says: the sum of the rows above without a catch-all row, or
/// with one counted twice, is reported as the report's error with the rows involved, not as an unresolved row.
/// </summary>
public sealed class TotalsExplainedTests
{
    private static readonly ReferenceData Reference = ReferenceDataReader.ReadEmbedded();

    // Afghanistan 10, Bolivia 9, Other 5 (P-4 P-3 P-2 P-1 UG Total F M), Latvia no staff (its total 0): the rows sum
    // to 3 6 10 1 4 24 5 19.
    private static ReportTable Annex(string totalLine)
    {
        string[] lines =
        [
            "Professional staff by nationality, grade and sex", "", "Country of nationality:", "Member States", "",
            "E-1 E-2 D-2 D-1 P-5 P-4 P-3 P-2 P-1 UG Total F M", "",
            "Afghanistan      2 2 4  2 10 1 9",
            "Bolivia (Plurinational State of)       3 4 1 1 9 2 7",
            "Other      1 1 2  1 5 2 3",
            "Latvia           0  ",
            totalLine, "",
            "E-1: Director General; E-2: Deputy Director General; UG: Ungraded positions.",
        ];
        var document = new ReportDocument("synthetic.txt", "", [.. lines.Select(l => l.Length == 0 ? l : l + " ")],
            new DocumentIdentity("IOM", DocumentKind.AnnualReport, 2018, "Annual Report for 2018"), Reference);
        return Assert.Single(new StaffTablesReader().Read(document));
    }

    private static List<Finding> Findings(ReportTable table) => [.. table.Arithmetic.SelectMany(i => i.Check(table, "synthetic.txt"))];

    [Fact]
    public void A_total_that_leaves_out_the_catch_all_row_is_read_and_reported_with_that_row()
    {
        // A stray space between "5" and "8" gives two placements that hold within the row; neither is the rows' sum.
        var table = Annex("Total      2 5  8 1 3 19 3 16");
        Assert.Empty(table.Unresolved);
        Assert.Equal(0m, table.Cell(Assert.Single(table.Rows, r => r.Iso3 == "LVA"), "Total")!.Value.Value);
        var total = Assert.Single(table.Rows, r => r.Role == RowRole.Total);
        Assert.Equal([null, null, null, null, null, 2m, 5m, 8m, 1m, 3m, 19m, 3m, 16m], table.Cells(total));
        var finding = Assert.Single(Findings(table));
        Assert.Equal(TotalExplained.LeavesOutRule, finding.Rule);
        Assert.Equal((19m, 24m, 12, FindingSeverity.Error), (finding.Printed, finding.Computed, finding.Line, finding.Severity));
        Assert.Contains("it leaves out 'Other' (line 10)", finding.Message, StringComparison.Ordinal);
        Assert.Contains("column 'Total'", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_total_that_counts_a_row_twice_is_reported_with_that_row()
    {
        // The sum with Afghanistan's row twice: 5 8 14 1 6 34 6 28; the stray space again leaves two placements.
        var table = Annex("Total      5 8  14 1 6 34 6 28");
        Assert.Empty(table.Unresolved);
        var finding = Assert.Single(Findings(table));
        Assert.Equal(TotalExplained.DoubleCountsRule, finding.Rule);
        Assert.Equal((34m, 24m), (finding.Printed, finding.Computed));
        Assert.Contains("it counts 'Afghanistan' (line 8) twice", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_total_that_no_story_explains_stays_unresolved()
    {
        var table = Annex("Total      7 5  8 1 3 24 3 21");
        Assert.Equal(12, Assert.Single(table.Unresolved).Line);
        Assert.DoesNotContain(table.Rows, r => r.Role == RowRole.Total);
    }

    [Fact]
    public void The_explanation_is_checked_against_the_rows_as_they_stand()
    {
        var table = Annex("Total      2 5  8 1 3 19 3 16");
        var identity = Assert.Single(table.Arithmetic.OfType<TotalExplained>());
        // Told that the total leaves out Afghanistan instead, the rows do not bear it out: the column sums say where it differs.
        var wrong = table with { Arithmetic = [identity with { LeftOut = [0] }] };
        var findings = Findings(wrong);
        Assert.All(findings, f => Assert.Equal("column-sum-to-total", f.Rule));
        Assert.Contains(findings, f => f.Printed == 19m && f.Computed == 24m);
    }
}
