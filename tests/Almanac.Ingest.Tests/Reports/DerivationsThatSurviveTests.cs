using Almanac.Domain.Observations;
using Almanac.Domain.Reference;
using Almanac.Domain.Reports;
using Almanac.Domain.Tables;
using Almanac.Ingest.Reference;
using Almanac.Ingest.Reports;
using Almanac.Ingest.Reports.Staff;

namespace Almanac.Ingest.Tests.Reports;

/// <summary>
/// Issue 18, "derivations that survive a bad row": a synthetic annex whose rows are unresolved by construction still
/// derives the nationalities represented and the share of women, bounded by what those rows can hold, and the audit
/// holds the printed figures against the bounds.
/// </summary>
public sealed class DerivationsThatSurviveTests
{
    private static readonly ReferenceData Reference = ReferenceDataReader.ReadEmbedded();

    // One space a cell boundary and one per empty cell (E-1 E-2 D-2 D-1 P-5 P-4 P-3 P-2 P-1 UG Total F M). Afghanistan
    // (10 staff, 1 woman) and Bolivia (9, 2) read; Kenya's stray space leaves two placements that both keep its row's
    // identities (19 staff, 3 women either way) and no total to decide them; Atlantis is no country (5, 2).
    private static readonly string[] Rows =
    [
        "Afghanistan      2 2 4  2 10 1 9",
        "Bolivia (Plurinational State of)       3 4 1 1 9 2 7",
        "Kenya      2 5  8 1 3 19 3 16",
        "Atlantis      1 1 2  1 5 2 3",
    ];

    private static ReportTable Annex(params string[] more)
    {
        string[] lines =
        [
            "Professional staff by nationality, grade and sex", "", "Country of nationality:", "Member States", "",
            "E-1 E-2 D-2 D-1 P-5 P-4 P-3 P-2 P-1 UG Total F M", "",
            .. Rows, .. more, "",
            "E-1: Director General; E-2: Deputy Director General; UG: Ungraded positions.",
        ];
        var document = new ReportDocument("synthetic.txt", "", [.. lines.Select(l => l.Length == 0 ? l : l + " ")],
            new DocumentIdentity("IOM", DocumentKind.AnnualReport, 2018, "Annual Report for 2018"), Reference);
        return Assert.Single(new StaffTablesReader().Read(document));
    }

    private static Observation Printed(string measure, string key, decimal value) =>
        new(measure, 2018, DimensionKey.Parse(key), value, new Provenance(1, "synthetic.txt", "narrative-figures", 40));

    private static string Nationalities(decimal value) => Audit(Printed(Measures.NationalitiesRepresented, "", value));

    private static string Women(decimal value) => Audit(Printed(Measures.WomenPercent, "category=PH", value));

    private static string Audit(Observation printed, ReportTable? annex = null) => string.Join(";", ReportAudit.Run([(1, "synthetic.txt", annex ?? Annex())], [printed])
        .Where(f => f.Line == 40).Select(f => $"{f.Rule}:{f.Printed}:{f.Computed}:{f.Severity}"));

    [Fact]
    public void Unresolved_rows_of_an_annex_say_what_they_can_hold()
    {
        var annex = Annex();
        Assert.Equal([10, 11], annex.Unresolved.Select(u => u.Line));
        Assert.Equal(2, annex.Rows.Count);
        var kenya = annex.Unresolved[0].Possible!;
        Assert.Equal(("KEN", RowRole.Data, "Member States"), (kenya.Iso3, kenya.Role, kenya.Section));
        Assert.Equal(new CellRange(19, 19), kenya.Range(annex.ColumnIndex("Total")));
        Assert.Equal(new CellRange(3, 3), kenya.Range(annex.ColumnIndex("F")));
        // The two placements put 2 under P-5 or nothing.
        Assert.Equal(new CellRange(0, 2), kenya.Range(annex.ColumnIndex("P-5")));
        var atlantis = annex.Unresolved[1].Possible!;
        Assert.Equal((null, "Atlantis"), (atlantis.Iso3, atlantis.Label));
        Assert.Equal(new CellRange(5, 5), atlantis.Range(annex.ColumnIndex("Total")));
    }

    [Fact]
    public void The_nationalities_represented_are_bounded_by_the_unresolved_rows_and_checked_against_the_bounds()
    {
        // Read: 2. Kenya surely counts (19 staff either way); Atlantis may be a country Almanac does not know: 3 to 4.
        var overall = Annex().Arithmetic.SelectMany(a => a.Derive(Annex())).Single(f => f.Measure == Measures.NationalitiesRepresented && f.Key.Count == 0);
        Assert.Equal((3m, 4m), (overall.Low, overall.High));
        Assert.Equal("", Nationalities(3));
        Assert.Equal("", Nationalities(4));
        Assert.Equal("same-fact-agrees:5:4:Error", Nationalities(5));
        Assert.Equal("same-fact-agrees:2:3:Error", Nationalities(2));
    }

    [Fact]
    public void The_share_of_women_is_bounded_by_the_unresolved_rows_and_checked_against_the_bounds()
    {
        // 1 + 2 + 3 + 2 = 8 women of 10 + 9 + 19 + 5 = 43 staff: 18.6 per cent, printed 18 (truncated) or 19 (rounded).
        Assert.Equal("", Women(18));
        Assert.Equal("", Women(19));
        Assert.Equal("same-fact-agrees:20:19:Error", Women(20));
    }

    [Fact]
    public void Bounds_too_wide_are_said_with_the_bounds_and_still_refute_a_figure_outside_them()
    {
        // Chad's cells break every identity of its row (grades 5, F + M 7, Total 6) in each of its three readings: where
        // its figures stand is unknown, so every column holds nothing or at most its largest figure, and it counts 0 or 1.
        // 3 to 5 nationalities, still judged.
        var annex = Annex("Chad      1 1 2  1 6 2 5");
        var chad = Assert.Single(annex.Unresolved, u => u.Possible!.Iso3 == "TCD").Possible!;
        Assert.Equal(new CellRange(0, 6), chad.Range(annex.ColumnIndex("Total")));
        Assert.Equal(new CellRange(0, 6), chad.Range(annex.ColumnIndex("F")));
        var counts = annex.Arithmetic.SelectMany(a => a.Derive(annex)).Single(f => f.Measure == Measures.NationalitiesRepresented && f.Key.Count == 0);
        Assert.Equal((3m, 5m), (counts.Low, counts.High));
        Assert.False(counts.TooWide);
        Assert.Equal("", Audit(Printed(Measures.NationalitiesRepresented, "", 5), annex));

        // Atlantis II is no country either, and no reading of its figures gives the 13 cells: nothing bounds it. 3 to 6.
        var wider = Annex("Chad      1 1 2  1 6 2 5", "Atlantis II      1  1");
        Assert.Null(Assert.Single(wider.Unresolved, u => u.Possible!.Label == "Atlantis II").Possible!.Cells);
        Assert.Equal($"{DerivedFact.TooWideRule}:6::Info", Audit(Printed(Measures.NationalitiesRepresented, "", 6), wider));
        var message = ReportAudit.Run([(1, "synthetic.txt", wider)], [Printed(Measures.NationalitiesRepresented, "", 6)]).Single(f => f.Line == 40).Message;
        Assert.Contains("within 3–6 that the rows allow, too wide to judge it", message, StringComparison.Ordinal);
        Assert.Equal("same-fact-agrees:7:6:Error", Audit(Printed(Measures.NationalitiesRepresented, "", 7), wider));

        // The share of women with a row that nothing bounds: anywhere from 0 to 100 per cent.
        Assert.Equal($"{DerivedFact.TooWideRule}:20::Info", Audit(Printed(Measures.WomenPercent, "category=PH", 20), wider));
    }
}
