using Almanac.Domain.Observations;
using Almanac.Domain.Reports;
using Almanac.Domain.Tables;

namespace Almanac.Domain.Tests;

/// <summary>
/// Figures derived from an annex with unresolved rows (issue 18, "derivations that survive"): bounded by what those rows
/// can hold, and the printed figure held against the bounds — an error outside them, nothing inside, and a finding of
/// information when the bounds are too wide to judge it.
/// </summary>
public sealed class DerivedBoundsTests
{
    private const string Member = "membership=member";
    private static readonly string[] Columns = ["P-1", "Total", "F", "M"];

    private static ReportRow Country(string label, string iso3, int line, decimal total, decimal women) =>
        new(label, iso3, RowRole.Data, CellKind.Count, line, [new ReportCell(total), new ReportCell(total), new ReportCell(women), new ReportCell(total - women)], "Member States");

    /// <summary>An unresolved row of the Member States whose readings print, per column, between the given figures.</summary>
    private static UnresolvedRow Open(int line, string label, string? iso3, (decimal Low, decimal High) total, (decimal Low, decimal High) women) =>
        new(line, label + " …", "two readings fit", true, new PossibleRow(label, iso3, RowRole.Data, "Member States",
            [new CellRange(total.Low, total.High), new CellRange(total.Low, total.High), new CellRange(women.Low, women.High), new CellRange(total.Low - women.High, total.High - women.Low)]));

    private static ReportTable Annex(params UnresolvedRow[] unresolved) => new("annex", "Annex III", 2023, new LineRange(1, 20), Columns,
        [Country("France", "FRA", 2, 10, 4), Country("Kenya", "KEN", 3, 10, 6), Country("Other", "XXX", 4, 5, 5)],
        [
            new CountOfRowsWithValue("Total", Measures.NationalitiesRepresented, new Dictionary<string, string> { ["Member States"] = Member }, ["XXX"]),
            new ShareAcrossRows("F", "Total", Measures.WomenPercent, "category=PH"),
        ],
        unresolved);

    private static Observation Printed(string measure, string key, decimal value, int line) =>
        new(measure, 2023, DimensionKey.Parse(key), value, new Provenance(1, "ar.txt", "annex-iv", line));

    private static List<string> Audit(ReportTable annex, params Observation[] printed) =>
        [.. ReportAudit.Run([(1, "ar.txt", annex)], printed).Where(f => f.Rule != "unresolved-row" && f.Rule != UnresolvedRow.AmbiguousRule)
            .Select(f => $"{f.Line}:{f.Rule}:{f.Printed}:{f.Computed}:{f.Severity}")];

    [Fact]
    public void A_row_every_reading_of_which_prints_staff_counts_and_one_whose_readings_disagree_counts_0_or_1()
    {
        // France and Kenya read (Other is no nationality); Chad prints staff in every reading; Malta's readings put 0 or 2 in Total.
        var annex = Annex(Open(5, "Chad", "TCD", (3, 4), (1, 2)), Open(6, "Malta", "MLT", (0, 2), (0, 1)));
        var facts = annex.Arithmetic.SelectMany(a => a.Derive(annex)).Where(f => f.Measure == Measures.NationalitiesRepresented).ToList();
        Assert.All(facts, f => Assert.Equal((3m, 4m), (f.Low, f.High)));
        Assert.Equal([Member, ""], facts.Select(f => f.Key.Canonical));
        Assert.Contains("between 3 and 4 countries", facts[1].Basis, StringComparison.Ordinal);
        Assert.Contains("lines 5, 6", facts[1].Basis, StringComparison.Ordinal);

        // 3 and 4 lie within the bounds: nothing. 5 and 2 lie outside: errors against the nearest bound.
        Assert.Empty(Audit(annex, Printed(Measures.NationalitiesRepresented, "", 3, 30), Printed(Measures.NationalitiesRepresented, Member, 4, 31)));
        Assert.Equal(["30:same-fact-agrees:5:4:Error", "31:same-fact-agrees:2:3:Error"],
            Audit(annex, Printed(Measures.NationalitiesRepresented, "", 5, 30), Printed(Measures.NationalitiesRepresented, Member, 2, 31)));
    }

    [Fact]
    public void Rows_of_no_known_country_or_without_a_reading_count_0_or_1_and_rows_that_print_no_staff_or_never_count_not_at_all()
    {
        var annex = Annex(
            Open(5, "Atlantis", null, (2, 2), (1, 1)),
            Open(6, "Latvia", "LVA", (0, 0), (0, 0)),
            Open(7, "Other", "XXX", (4, 4), (2, 2)),
            new UnresolvedRow(8, "Chad 1 2 3 4 5", "too many cells", false, new PossibleRow("Chad", "TCD", RowRole.Data, "Member States", null)),
            new UnresolvedRow(9, "Total 9 9", "no reading fits", false, new PossibleRow("Total", null, RowRole.Total, "Member States", null)));
        var overall = annex.Arithmetic.SelectMany(a => a.Derive(annex)).Single(f => f.Measure == Measures.NationalitiesRepresented && f.Key.Count == 0);
        Assert.Equal((2m, 4m), (overall.Low, overall.High));
    }

    [Fact]
    public void Bounds_wider_than_two_rows_cannot_judge_a_count_within_them_but_still_refute_one_outside()
    {
        var annex = Annex(Open(5, "Chad", "TCD", (0, 3), (0, 1)), Open(6, "Malta", "MLT", (0, 2), (0, 1)), Open(7, "Peru", "PER", (0, 1), (0, 1)));
        var overall = annex.Arithmetic.SelectMany(a => a.Derive(annex)).Single(f => f.Measure == Measures.NationalitiesRepresented && f.Key.Count == 0);
        Assert.Equal((2m, 5m), (overall.Low, overall.High));
        Assert.True(overall.TooWide);

        var within = ReportAudit.Run([(1, "ar.txt", annex)], [Printed(Measures.NationalitiesRepresented, "", 4, 30)]).Where(f => f.Line == 30).ToList();
        var finding = Assert.Single(within);
        Assert.Equal((DerivedFact.TooWideRule, FindingSeverity.Info, 4m, (decimal?)null), (finding.Rule, finding.Severity, finding.Printed, finding.Computed));
        Assert.Contains("within 2–5 that the rows allow, too wide to judge it", finding.Message, StringComparison.Ordinal);
        Assert.Equal(["30:same-fact-agrees:6:5:Error"], Audit(annex, Printed(Measures.NationalitiesRepresented, "", 6, 30)));
    }

    [Fact]
    public void An_unresolved_row_that_says_nothing_of_what_it_holds_still_abandons_the_derivation()
    {
        // Another reader's unresolved row (no PossibleRow): it could be anything, so nothing is derived, as before.
        var annex = Annex(new UnresolvedRow(5, "Chad 1 2", "two readings fit"));
        Assert.Empty(annex.Arithmetic.SelectMany(a => a.Derive(annex)));
        Assert.Empty(Audit(annex, Printed(Measures.NationalitiesRepresented, "", 9, 30), Printed(Measures.WomenPercent, "category=PH", 90, 31)));
    }

    [Fact]
    public void The_share_of_women_agrees_with_a_whole_per_cent_rounded_or_truncated_and_nothing_else()
    {
        // 15 women of 25 (Other's staff are staff): 60 per cent exactly; then France 4 of 10 → 4 of 11 gives 15 / 26 = 57.7.
        var annex = Annex();
        var share = Assert.Single(annex.Arithmetic.SelectMany(a => a.Derive(annex)), f => f.Measure == Measures.WomenPercent);
        Assert.Equal((60m, 60m, DerivedPrecision.WholePercent), (share.Low, share.High, share.Precision));
        Assert.Empty(Audit(annex, Printed(Measures.WomenPercent, "category=PH", 60, 30)));
        Assert.Equal(["30:same-fact-agrees:61:60:Error"], Audit(annex, Printed(Measures.WomenPercent, "category=PH", 61, 30)));

        var odd = annex with { Rows = [.. annex.Rows.Select(r => r.Iso3 == "FRA" ? Country("France", "FRA", 2, 11, 4) : r)] };
        Assert.Empty(Audit(odd, Printed(Measures.WomenPercent, "category=PH", 57, 30)));
        Assert.Empty(Audit(odd, Printed(Measures.WomenPercent, "category=PH", 58, 30)));
        Assert.Equal(["30:same-fact-agrees:56:58:Error"], Audit(odd, Printed(Measures.WomenPercent, "category=PH", 56, 30)));
    }

    [Fact]
    public void The_share_of_women_is_bounded_by_the_fewest_women_over_the_most_staff_and_the_other_way_round()
    {
        // Read: 15 women of 25. Chad: 1–2 women of 3–4. Bounds 16 / 29 = 55.2 % and 17 / 28 = 60.7 %.
        var annex = Annex(Open(5, "Chad", "TCD", (3, 4), (1, 2)));
        var share = Assert.Single(annex.Arithmetic.SelectMany(a => a.Derive(annex)), f => f.Measure == Measures.WomenPercent);
        Assert.Equal((100m * 16 / 29, 100m * 17 / 28), (share.Low, share.High));
        Assert.Contains("between 55.2 and 60.7 per cent", share.Basis, StringComparison.Ordinal);
        // 5.5 points apart, wider than one: a figure within them is not judged, one outside is an error.
        Assert.Equal([$"30:{DerivedFact.TooWideRule}:58::Info"], Audit(annex, Printed(Measures.WomenPercent, "category=PH", 58, 30)));
        Assert.Equal(["30:same-fact-agrees:62:61:Error"], Audit(annex, Printed(Measures.WomenPercent, "category=PH", 62, 30)));
        Assert.Equal(["30:same-fact-agrees:54:55:Error"], Audit(annex, Printed(Measures.WomenPercent, "category=PH", 54, 30)));

        // A row that nothing bounds leaves the share anywhere: every figure is within it, and none can be judged.
        var unbounded = Annex(new UnresolvedRow(8, "Chad 1 2 3 4 5", "too many cells", false, new PossibleRow("Chad", "TCD", RowRole.Data, "Member States", null)));
        var wide = Assert.Single(unbounded.Arithmetic.SelectMany(a => a.Derive(unbounded)), f => f.Measure == Measures.WomenPercent);
        Assert.Equal((0m, 100m), (wide.Low, wide.High));
        Assert.Equal([$"30:{DerivedFact.TooWideRule}:7::Info"], Audit(unbounded, Printed(Measures.WomenPercent, "category=PH", 7, 30)));
    }
}
