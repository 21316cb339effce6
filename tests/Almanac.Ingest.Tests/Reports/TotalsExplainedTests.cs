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
    private static ReportTable Annex(string totalLine, string afghanistan = "Afghanistan      2 2 4  2 10 1 9")
    {
        string[] lines =
        [
            "Professional staff by nationality, grade and sex", "", "Country of nationality:", "Member States", "",
            "E-1 E-2 D-2 D-1 P-5 P-4 P-3 P-2 P-1 UG Total F M", "",
            afghanistan,
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
    public void Rows_a_stray_space_leaves_undecided_are_placed_by_the_other_columns_of_a_total_wrong_within_itself()
    {
        // Afghanistan reads from P-4 or from P-3. The total prints 60 for P-3 and 40 for UG (its grades are not its
        // Total): no reading of the rows makes those two columns, and the other eleven put Afghanistan's cells from P-4.
        var table = Annex("Total      3 60 10 1 40 24 5 19", afghanistan: "Afghanistan       2 2 4  2 10 1 9");
        Assert.True(table.Unresolved.Count == 0, string.Join('\n', table.Unresolved));
        var afghanistan = Assert.Single(table.Rows, r => r.Iso3 == "AFG");
        Assert.Equal([null, null, null, null, null, 2m, 2m, 4m, null, 2m, 10m, 1m, 9m], table.Cells(afghanistan));
        var columnSums = Findings(table).Where(f => f.Rule == "column-sum-to-total").Select(f => (f.Printed, f.Computed)).ToList();
        Assert.Equal([(60m, 6m), (40m, 4m)], columnSums);
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

    // Table 2 by grade, one space a cell boundary and per empty cell (D-2 is empty for men, each line ends in a space):
    // men and women sum to 406 34 449 446 287 94 51 1.
    private static ReportTable YearTable(string totalLine, string men = "Men 187 22 223 234 170 56 35  ")
    {
        string[] lines =
        [
            "Table 2. Increase/decrease in the number of women at the international Professional level between 2016 and 2018, by grade ", "",
            "2018 Ungraded P-1 P-2 P-3 P-4 P-5 D-1 D-2 ", "",
            men, "",
            "Women 219 12 226 212 117 38 16 1 ", "",
            totalLine, "",
        ];
        var document = new ReportDocument("synthetic.txt", "", lines,
            new DocumentIdentity("IOM", DocumentKind.AnnualReport, 2018, "Annual Report for 2018"), Reference);
        return Assert.Single(new StaffTablesReader().Read(document), t => t.Id == StaffTableIds.Table2);
    }

    [Fact]
    public void A_year_table_total_off_in_one_column_is_read_and_reported_by_its_column_sums()
    {
        // A stray space before "94": the total reads with P-5 empty and 94 52 1 moved right, or as printed but D-1 52.
        // The second is the rows' sum but in D-1 (52, not 51), as 2023's Table 1 prints 2 575 for 1 292 + 1 282.
        var table = YearTable("Total in 2018 406 34 449 446 287  94 52 1 ");
        Assert.True(table.Unresolved.Count == 0, string.Join('\n', table.Unresolved));
        var total = Assert.Single(table.Rows, r => r.Role == RowRole.Total);
        Assert.Equal([406m, 34m, 449m, 446m, 287m, 94m, 52m, 1m], table.Cells(total));
        var finding = Assert.Single(Findings(table));
        Assert.Equal(("women-plus-men", 52m, 51m, 9, FindingSeverity.Error), (finding.Rule, finding.Printed, finding.Computed, finding.Line, finding.Severity));
    }

    [Fact]
    public void A_year_table_total_that_counts_a_row_twice_is_reported_with_that_row()
    {
        // Men twice and women once: 593 56 672 680 457 150 86 1, a stray space after "150" moving 86 and 1 into D-2 and beyond.
        var table = YearTable("Total in 2018 593 56 672 680 457 150  86 1 ");
        Assert.Empty(table.Unresolved);
        var finding = Assert.Single(Findings(table));
        Assert.Equal(TotalExplained.DoubleCountsRule, finding.Rule);
        // No Total column: the finding quotes the first column the total gets wrong (Ungraded, 406 + 187).
        Assert.Equal((593m, 406m, 9), (finding.Printed, finding.Computed, finding.Line));
        Assert.Contains("it counts 'Men' (line 5) twice", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_year_table_total_that_no_story_explains_stays_unresolved()
    {
        // Off in two columns (P-1 and D-1), whichever way its stray space is read.
        var table = YearTable("Total in 2018 406 35 449 446 287  94 52 1 ");
        Assert.Equal(9, Assert.Single(table.Unresolved).Line);
        Assert.DoesNotContain(table.Rows, r => r.Role == RowRole.Total);
        Assert.DoesNotContain(table.Arithmetic, i => i is RowsSum or TotalExplained);
    }

    // Two sections, each with its total, and the annex's grand total after them (same columns as above): the Member
    // States' rows sum to 2 5 8 1 3 19 3 16, the other section's to 1 1 2 _ 1 5 2 3, both to 3 6 10 1 4 24 5 19.
    private static ReportTable Sections(string grandTotalLine)
    {
        string[] lines =
        [
            "Professional staff by nationality, grade and sex", "", "Country of nationality:", "Member States", "",
            "E-1 E-2 D-2 D-1 P-5 P-4 P-3 P-2 P-1 UG Total F M", "",
            "Afghanistan      2 2 4  2 10 1 9",
            "Bolivia (Plurinational State of)       3 4 1 1 9 2 7",
            "Total      2 5  8 1 3 19 3 16", "",
            "Country of nationality: observer States, non-member States and other", "",
            "E-1 E-2 D-2 D-1 P-5 P-4 P-3 P-2 P-1 UG Total F M", "",
            "Other      1 1 2  1 5 2 3",
            "Total      1 1 2  1 5 2 3", "",
            grandTotalLine, "",
            "E-1: Director General; E-2: Deputy Director General; UG: Ungraded positions.",
        ];
        var document = new ReportDocument("synthetic.txt", "", [.. lines.Select(l => l.Length == 0 ? l : l + " ")],
            new DocumentIdentity("IOM", DocumentKind.AnnualReport, 2018, "Annual Report for 2018"), Reference);
        return Assert.Single(new StaffTablesReader().Read(document));
    }

    [Fact]
    public void A_grand_total_is_checked_against_the_section_totals()
    {
        var table = Sections("Total      3 6  10 1 4 24 5 19");
        Assert.True(table.Unresolved.Count == 0, string.Join('\n', table.Unresolved));
        var totals = table.Rows.Select((r, i) => (r, i)).Where(x => x.r.Role == RowRole.Total).ToList();
        Assert.Equal(3, totals.Count);
        // The grand total belongs to no section; it sums the two section totals, not the countries again.
        Assert.Null(totals[2].r.Section);
        Assert.Equal([null, null, null, null, null, 3m, 6m, 10m, 1m, 4m, 24m, 5m, 19m], table.Cells(totals[2].r));
        Assert.Contains(table.Arithmetic, i => i is RowsSum s && s.Total == totals[2].i && s.Parts.SequenceEqual([totals[0].i, totals[1].i]));
        Assert.Empty(Findings(table));
    }

    [Fact]
    public void A_grand_total_that_counts_a_section_twice_is_reported_with_that_section_total()
    {
        // The Member States' total twice: 5 11 18 2 7 43 8 35, read two ways by its stray space, neither the sum.
        var table = Sections("Total      5 11  18 2 7 43 8 35");
        Assert.Empty(table.Unresolved);
        var finding = Assert.Single(Findings(table));
        Assert.Equal(TotalExplained.DoubleCountsRule, finding.Rule);
        Assert.Equal((43m, 24m, 19), (finding.Printed, finding.Computed, finding.Line));
        Assert.Contains("it counts 'Total' (line 10) twice", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_grand_total_that_leaves_out_a_section_is_reported_with_that_section_total()
    {
        // The other section's total left out: the grand total prints the Member States' total again.
        var table = Sections("Total      2 5  8 1 3 19 3 16");
        Assert.Empty(table.Unresolved);
        var finding = Assert.Single(Findings(table));
        Assert.Equal(TotalExplained.LeavesOutRule, finding.Rule);
        Assert.Equal((19m, 24m), (finding.Printed, finding.Computed));
        Assert.Contains("it leaves out 'Total' (line 17)", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rows_a_stray_space_leaves_undecided_are_placed_by_the_story_of_a_total_that_leaves_out_a_row()
    {
        // Afghanistan prints one space more before its first figure: its cells read from P-4 or from P-3, both holding
        // within the row. The total leaves out "Other", so no choice of readings fits it; without "Other" one does.
        var table = Annex("Total      2 5  8 1 3 19 3 16", afghanistan: "Afghanistan       2 2 4  2 10 1 9");
        Assert.True(table.Unresolved.Count == 0, string.Join('\n', table.Unresolved));
        var afghanistan = Assert.Single(table.Rows, r => r.Iso3 == "AFG");
        Assert.Equal([null, null, null, null, null, 2m, 2m, 4m, null, 2m, 10m, 1m, 9m], table.Cells(afghanistan));
        var finding = Assert.Single(Findings(table));
        Assert.Equal((TotalExplained.LeavesOutRule, 19m, 24m), (finding.Rule, finding.Printed, finding.Computed));
        Assert.Contains("it leaves out 'Other' (line 10)", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rows_a_stray_space_leaves_undecided_are_placed_by_the_columns_a_total_off_in_one_column_gets_right()
    {
        // Men's line prints one space more after "170": 56 is P-5 or D-1. The total is the rows' sum but in D-1 (52
        // for 51), so no choice fits every column; the other seven put 56 in P-5 (with women's 38, the printed 94).
        var table = YearTable("Total in 2018 406 34 449 446 287 94 52 1 ", men: "Men 187 22 223 234 170  56 35  ");
        Assert.True(table.Unresolved.Count == 0, string.Join('\n', table.Unresolved));
        Assert.Equal([187m, 22m, 223m, 234m, 170m, 56m, 35m, null], table.Cells(Assert.Single(table.Rows, r => r.Label == "Men")));
        var finding = Assert.Single(Findings(table));
        Assert.Equal(("women-plus-men", 52m, 51m, 9), (finding.Rule, finding.Printed, finding.Computed, finding.Line));
    }

    [Fact]
    public void Rows_that_no_story_places_stay_unresolved_and_the_total_is_not_checked()
    {
        // Off in two columns (P-1 and D-1): no story fits, and men's line stays unresolved as before.
        var table = YearTable("Total in 2018 406 35 449 446 287 94 52 1 ", men: "Men 187 22 223 234 170  56 35  ");
        Assert.Equal(5, Assert.Single(table.Unresolved).Line);
        Assert.DoesNotContain(table.Arithmetic, i => i is RowsSum or TotalExplained);
        Assert.Empty(Findings(table));
    }
}
