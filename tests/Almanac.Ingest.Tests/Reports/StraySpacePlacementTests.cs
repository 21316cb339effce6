using Almanac.Domain.Reference;
using Almanac.Domain.Reports;
using Almanac.Domain.Tables;
using Almanac.Ingest.Reference;
using Almanac.Ingest.Reports;
using Almanac.Ingest.Reports.Staff;

namespace Almanac.Ingest.Tests.Reports;

/// <summary>
/// In the single-space layout a space ends a cell and also prints an empty one, so a stray space moves a row's cells
/// and the row reads several ways that all keep its own identities. The column totals decide between them; where two
/// choices both fit, the rows are reported as ambiguous, naming their lines, and nothing is guessed.
/// </summary>
public sealed class StraySpacePlacementTests
{
    private static readonly ReferenceData Reference = ReferenceDataReader.ReadEmbedded();

    // Columns E-1 E-2 D-2 D-1 P-5 P-4 P-3 P-2 P-1 UG Total F M, one space per cell boundary and per empty cell (M is
    // empty in every row: each line ends in a space, after the one space every line of the layout ends in).
    // Chad prints one stray space after its figure: it is P-3 or P-2 (both hold within the row, 1 = 1 = 1).
    private const string ChadStray = "Chad        1    1 1  ";
    // Niger as printed: P-3.
    private const string NigerP3 = "Niger       1    1 1  ";
    // Niger with a stray space before its figure: P-3 or P-2, the same two readings as Chad's.
    private const string NigerStray = "Niger        1    1 1  ";

    private static ReportDocument Document(params string[] rows)
    {
        string[] lines =
        [
            "Professional staff by nationality, grade and sex", "", "Country of nationality:", "Member States", "",
            "E-1 E-2 D-2 D-1 P-5 P-4 P-3 P-2 P-1 UG Total F M", "",
            .. rows, "",
            "E-1: Director General; E-2: Deputy Director General; UG: Ungraded positions.",
        ];
        return new ReportDocument("synthetic.txt", "", lines,
            new DocumentIdentity("IOM", DocumentKind.AnnualReport, 2018, "Annual Report for 2018"), Reference);
    }

    private static ReportTable Annex(params string[] rows) => Assert.Single(new StaffTablesReader().Read(Document(rows)));

    private static IReadOnlyList<Finding> Audit(ReportTable table) => ReportAudit.Run([(1L, "synthetic.txt", table)], []);

    [Fact]
    public void A_row_a_stray_space_lets_read_two_ways_is_placed_where_the_column_totals_put_it()
    {
        // Niger fills P-3 and the total prints one in P-3 and one in P-2: Chad's figure is in P-2.
        var table = Annex(ChadStray, NigerP3, "Total       1 1   2 2  ");
        Assert.True(table.Unresolved.Count == 0, string.Join('\n', table.Unresolved));
        var chad = Assert.Single(table.Rows, r => r.Iso3 == "TCD");
        Assert.Equal([null, null, null, null, null, null, null, 1m, null, null, 1m, 1m, null], table.Cells(chad));
        Assert.True(table.Cell(chad, "P-2")!.Value.Inferred);
        // The total is checked against the rows as placed, and they add up.
        Assert.Contains(table.Arithmetic, i => i is RowsSum);
        Assert.Empty(Audit(table));
    }

    [Fact]
    public void The_same_row_goes_where_another_total_puts_it()
    {
        // The same Chad line, but the total prints both figures in P-3: Chad's figure is in P-3.
        var table = Annex(ChadStray, NigerP3, "Total       2    2 2  ");
        var chad = Assert.Single(table.Rows, r => r.Iso3 == "TCD");
        Assert.Equal(1m, table.Cell(chad, "P-3")!.Value.Value);
        Assert.Null(table.Cell(chad, "P-2"));
        Assert.Empty(Audit(table));
    }

    [Fact]
    public void Two_rows_that_fit_the_totals_either_way_are_reported_as_ambiguous_with_their_lines()
    {
        // Chad in P-2 and Niger in P-3, or the other way round: the totals hold both ways.
        var table = Annex(ChadStray, NigerStray, "Total       1 1   2 2  ");
        Assert.DoesNotContain(table.Rows, r => r.Role == RowRole.Data);
        Assert.Equal([8, 9], table.Unresolved.Select(u => u.Line));
        Assert.All(table.Unresolved, u => Assert.True(u.Ambiguous));
        var findings = Audit(table);
        Assert.Equal([8, 9], findings.Select(f => f.Line));
        Assert.All(findings, f => Assert.Equal(UnresolvedRow.AmbiguousRule, f.Rule));
        Assert.All(findings, f => Assert.Equal(FindingSeverity.Warning, f.Severity));
        Assert.Contains("2 placements of its cells make the column sums the total", findings[0].Message, StringComparison.Ordinal);
        Assert.Contains("Chad", findings[0].Message, StringComparison.Ordinal);
        // Without all its rows the total is not checked: no column sum is reported for the reader's gap.
        Assert.DoesNotContain(table.Arithmetic, i => i is RowsSum);
    }

    [Fact]
    public void A_row_no_choice_fits_stays_unresolved_and_is_not_called_ambiguous()
    {
        // The total prints P-2 = 2: neither reading of Chad's and Niger's lines gives that.
        var table = Annex(ChadStray, NigerP3, "Total        2   2 2  ");
        var chad = Assert.Single(table.Unresolved);
        Assert.Equal(8, chad.Line);
        Assert.False(chad.Ambiguous);
        Assert.Contains("no placement of its cells makes the column sums the total", chad.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_year_table_row_with_stray_spaces_before_and_after_it_is_read_by_its_total()
    {
        string[] lines =
        [
            "Table 1. Number of men and women at the international Professional level (2014–2018) ", "",
            "  2014 2015 2016 2017 2018 ", "",
            " Men 526 606 662 788 928 ", "",
            // Two spaces after the last figure, one before "456": three cells too many for five columns.
            "Women 410  456 531 679 841  ", "",
            "Total 936 1 062 1 193 1 467 1 769 ", "",
        ];
        var document = new ReportDocument("synthetic.txt", "", lines,
            new DocumentIdentity("IOM", DocumentKind.AnnualReport, 2018, "Annual Report for 2018"), Reference);
        var table = Assert.Single(new StaffTablesReader().Read(document), t => t.Id == StaffTableIds.Table1);
        Assert.Empty(table.Unresolved);
        var women = Assert.Single(table.Rows, r => r.Label == "Women");
        Assert.Equal([410m, 456m, 531m, 679m, 841m], table.Cells(women));
        Assert.Equal([936m, 1_062m, 1_193m, 1_467m, 1_769m], table.Cells(Assert.Single(table.Rows, r => r.Role == RowRole.Total)));
    }
}
