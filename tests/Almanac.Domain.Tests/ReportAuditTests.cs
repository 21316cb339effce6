using Almanac.Domain.Observations;
using Almanac.Domain.Reports;
using Almanac.Domain.Tables;

namespace Almanac.Domain.Tests;

/// <summary>The arithmetic a rebuilt table declares, and the audit that checks it, on small tables with known answers.</summary>
public sealed class ReportAuditTests
{
    private static ReportRow Row(string label, RowRole role, CellKind kind, int line, params decimal?[] cells) =>
        new(label, null, role, kind, line, [.. cells.Select(c => c is { } v ? new ReportCell(v) : (ReportCell?)null)]);

    /// <summary>Table 1 of the 2023 report as printed: 2022's total is 2 575 while 1 292 + 1 282 = 2 574.</summary>
    private static ReportTable Table1() => new(
        "staff-table-1", "Table 1", 2023, new LineRange(629, 633), ["2021", "2022", "2023"],
        [
            Row("Men", RowRole.Data, CellKind.Count, 630, 1195, 1292, 1502),
            Row("Women", RowRole.Data, CellKind.Count, 631, 1164, 1282, 1492),
            Row("Total", RowRole.Total, CellKind.Count, 632, 2359, 2575, 2994),
            Row("Percentage of women", RowRole.Derived, CellKind.Percent, 633, 49, 50, 49),
        ],
        [new RowsSum(2, [0, 1]), new RowPercentage(3, 1, 2)],
        []);

    [Fact]
    public void A_total_that_is_not_the_sum_of_its_rows_is_a_finding_at_the_totals_line()
    {
        var findings = ReportAudit.Run([(1, "ar-2023.txt", Table1())], []);
        var sum = Assert.Single(findings, f => f.Rule == "column-sum-to-total");
        Assert.Equal((632, 2575m, 2574m, FindingSeverity.Error, "ar-2023.txt"), (sum.Line, sum.Printed, sum.Computed, sum.Severity, sum.Source));
        Assert.Contains("'2022'", sum.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_percentage_is_checked_against_its_ratio_rounded_half_away_from_zero()
    {
        // 2023: 1 492 / 2 994 = 49.83 % rounds to 50, so the 49 printed here is truncated (a warning); 2021: 1 164 / 2 359 = 49.34 → 49 is right.
        var findings = ReportAudit.Run([(1, "ar-2023.txt", Table1())], []).Where(f => f.Rule == "percentage-matches-ratio").ToList();
        var finding = Assert.Single(findings);
        Assert.Equal((633, 49m, 50m, FindingSeverity.Warning), (finding.Line, finding.Printed, finding.Computed, finding.Severity));
    }

    [Fact]
    public void Columns_that_do_not_sum_to_the_row_total_and_women_plus_men_are_findings_per_row()
    {
        var table = new ReportTable("annex", "Annex", 2023, new LineRange(1, 3), ["G-1", "G-2", "Total", "F", "M"],
            [
                Row("Afghanistan", RowRole.Data, CellKind.Count, 2, 1, 2, 3, 1, 2),
                Row("Myanmar", RowRole.Data, CellKind.Count, 3, 4, 4, 9, 5, 3),
                Row("Albania", RowRole.Data, CellKind.Count, 4, null, null, null, null, null),
            ],
            [new ColumnsSum("Total", ["G-1", "G-2"]), new ColumnsSum("Total", ["F", "M"], "women-plus-men")],
            [new UnresolvedRow(5, "Bolivia 1 234 5", "two readings fit")]);
        var findings = ReportAudit.Run([(1, "doc", table)], []);
        Assert.Equal(["parts-sum-to-total:3:9:8", "women-plus-men:3:9:8", "unresolved-row:5::"],
            findings.Select(f => $"{f.Rule}:{f.Line}:{f.Printed}:{f.Computed}"));
    }

    [Fact]
    public void A_footnoted_total_above_its_parts_is_information_and_below_them_still_an_error()
    {
        var table = new ReportTable("summary", "Funding", 2018, new LineRange(1, 5), ["P1", "P2", "Total"],
            [
                Row("Global", RowRole.Data, CellKind.Count, 2, 10, 20, 35),
                Row("Asia", RowRole.Data, CellKind.Count, 3, 5, 5, 10),
                Row("Europe", RowRole.Data, CellKind.Count, 4, 5, 5, 8),
                Row("Total", RowRole.Total, CellKind.Count, 5, 20, 30, 53),
            ],
            [new ColumnsSum("Total", ["P1", "P2"], Footnoted: [new FootnotedTotal(0, "* Includes other items."), new FootnotedTotal(2, "* Includes other items."), new FootnotedTotal(3, "* Includes other items.")])],
            []);
        var findings = ReportAudit.Run([(1, "doc", table)], []);
        Assert.Equal(
            ["2:total-includes-other-items:35:30:Info", "4:parts-sum-to-total:8:10:Error", "5:total-includes-other-items:53:50:Info"],
            findings.Select(f => $"{f.Line}:{f.Rule}:{f.Printed}:{f.Computed}:{f.Severity}"));
        Assert.Contains("5 more than P1 + P2 = 30", findings[0].Message, StringComparison.Ordinal);
        Assert.Contains("* Includes other items.", findings[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Countries_listed_with_staff_are_held_against_the_nationalities_printed_as_represented()
    {
        static ReportRow Country(string label, string iso3, string section, int line, decimal? total) =>
            new(label, iso3, RowRole.Data, CellKind.Count, line, [total is { } t ? new ReportCell(t) : null], section);
        var count = new CountOfRowsWithValue("Total", Measures.NationalitiesRepresented,
            new Dictionary<string, string> { ["Member States"] = "membership=member", ["non-member States"] = "membership=non-member" }, ["XXX"]);
        var annex = new ReportTable("annex-iii", "Annex III", 2023, new LineRange(1, 8), ["Total"],
            [
                Country("France", "FRA", "Member States", 2, 3),
                Country("Kenya", "KEN", "Member States", 3, 0),
                Country("Uzbekistan", "UZB", "Member States", 4, null),
                new ReportRow("Total", null, RowRole.Total, CellKind.Count, 5, [new ReportCell(3)], "Member States"),
                Country("Qatar", "QAT", "non-member States", 6, 1),
                Country("Other", "XXX", "non-member States", 7, 5),
            ],
            [count], []);
        static Observation Printed(string key, decimal value, int line) =>
            new(Measures.NationalitiesRepresented, 2023, DimensionKey.Parse(key), value, new Provenance(1, "ar.txt", "annex-iv", line));
        // Annex IV prints 1 member (right), 2 non-members (the annex lists one: "Other" is no nationality) and 3 in all.
        var findings = ReportAudit.Run([(1, "ar.txt", annex)], [Printed("membership=member", 1, 20), Printed("membership=non-member", 2, 21), Printed("", 3, 22)]);
        Assert.Equal(["annex-iv:21:same-fact-agrees:2:1:Error", "annex-iv:22:same-fact-agrees:3:2:Error"],
            findings.Select(f => $"{f.Table}:{f.Line}:{f.Rule}:{f.Printed}:{f.Computed}:{f.Severity}"));
        Assert.All(findings, f => Assert.Equal(1, f.SourceId));
        Assert.Contains("lists 1 countries with Total above zero under 'non-member States' (line 6); 'Other' not counted", findings[0].Message, StringComparison.Ordinal);

        // Another document's figures are not this annex's to contradict, and an annex with unread rows establishes nothing.
        Assert.Empty(ReportAudit.Run([(2, "other.txt", annex)], [Printed("membership=non-member", 2, 21)]));
        Assert.DoesNotContain(ReportAudit.Run([(1, "ar.txt", annex with { Unresolved = [new UnresolvedRow(8, "Chad 1 2", "two readings fit")] })],
            [Printed("membership=non-member", 2, 21)]), f => f.Rule == "same-fact-agrees");
    }

    [Fact]
    public void Changes_in_percentage_points_are_differences_of_the_printed_percentages()
    {
        var table = new ReportTable("t2", "Table 2", 2023, new LineRange(1, 4), ["P-1", "D-1"],
            [
                Row("Percentage of women in 2021", RowRole.Derived, CellKind.Percent, 2, 31, 35),
                Row("Percentage of women in 2023", RowRole.Derived, CellKind.Percent, 3, 57, 38),
                Row("Change", RowRole.Derived, CellKind.PercentagePointChange, 4, 26, 2),
                Row("Change along", RowRole.Derived, CellKind.PercentagePointChange, 5, null, -3),
            ],
            [new RowChange(2, 0, 1), new ChangeAlongRow(3, 1)],
            []);
        var findings = ReportAudit.Run([(1, "doc", table)], []);
        Assert.Equal(["4:2:3", "5:-3:-19"], findings.Select(f => $"{f.Line}:{f.Printed}:{f.Computed}"));
    }

    [Fact]
    public void The_same_fact_printed_twice_differently_is_an_error_in_one_document_and_a_warning_across_documents()
    {
        static Observation Printed(long source, string name, string location, int line, decimal value) =>
            new(Measures.StaffHeadcount, 2005, DimensionKey.Parse("category=PH"), value, new Provenance(source, name, location, line));
        var findings = ReportAudit.SameFact(
        [
            Printed(1, "annual-report-2017.txt", "staff-table-4", 1155, 667),
            Printed(2, "annual-report-2023.txt", "staff-table-4", 658, 669),
            Printed(2, "annual-report-2023.txt", "staff-annex", 700, 670),
            Printed(3, "annual-report-2018.txt", "staff-table-4", 2585, 667),
        ]).ToList();
        Assert.Equal(
            ["annual-report-2023.txt:658:669:667:Warning", "annual-report-2023.txt:700:670:667:Warning"],
            findings.Select(f => $"{f.Source}:{f.Line}:{f.Printed}:{f.Computed}:{f.Severity}"));

        var withinOne = ReportAudit.SameFact([Printed(2, "a.txt", "t1", 10, 2575), Printed(2, "a.txt", "t4", 20, 2574)]).Single();
        Assert.Equal((20, FindingSeverity.Error), (withinOne.Line, withinOne.Severity));
        Assert.Contains("a.txt, t1, line 10", withinOne.Message, StringComparison.Ordinal);
    }
}
