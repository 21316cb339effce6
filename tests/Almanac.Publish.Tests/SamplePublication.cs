using Almanac.Domain.Observations;
using Almanac.Domain.Publishing;
using Almanac.Domain.Tables;

namespace Almanac.Publish.Tests;

/// <summary>
/// A small publication built by hand, with the shapes renderers must handle: a paragraph with a live figure, a table
/// with section headings, totals, percentages, an empty and a not-applicable cell, a cell with a finding, and a chart.
/// Tests of one writer compare what it wrote with these values.
/// </summary>
public static class SamplePublication
{
    public const int Year = 2023;

    public static Publication Create(string language = "en")
    {
        var printed = new SourceReference(2, "annual-report-2023.txt", "published-report", null, [632, 640]);
        var records = new SourceReference(5, "synthetic-staff-2023.csv", "staff-list", new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero), []);
        var finding = new PublishedFinding(
            new Finding("table-1", "parts-sum-to-total", "2022: Men + Women = 2 574, but 2 575 is printed as the total.", 2575, 2574, "annual-report-2023.txt", 632),
            "table-1");
        static FigureCoordinates At(string indicator, int year, params (string, string)[] members) => new(indicator, year, DimensionKey.Of(members));
        // The printed 2022 figures come from lines 630 (men), 631 (women) and 632 (total); 2023 from the staff list.
        static Dictionary<int, IReadOnlyList<int>>? LinesOf(int source, string? sex) =>
            source == 0 ? new() { [0] = [sex switch { "M" => 630, "F" => 631, _ => 632 }] } : null;
        PublishedCell Count(decimal? value, int year, string? sex, int source, params int[] findings) =>
            new(value, CellKind.Count,
                sex is null ? At(Measures.StaffHeadcount, year, ("category", "PH")) : At(Measures.StaffHeadcount, year, ("category", "PH"), ("sex", sex)),
                new Trace([source], findings, LinesOf(source, sex)));
        PublishedCell Share(decimal value, int year) =>
            new(value, CellKind.Percent, At("staff.headcount.share", year, ("category", "PH"), ("sex", "F")), new Trace([0, 1], [], new Dictionary<int, IReadOnlyList<int>> { [0] = [631, 632] }));

        var table1 = new PublishedTable(
            "table-1",
            "Table 1. Number of men and women in the Professional and higher categories (2022–2023)",
            "",
            ["2022", "2023"],
            [
                new("Men", null, RowRole.Data, [Count(1282, 2022, "M", 0), Count(1343, 2023, "M", 1)]),
                new("Women", null, RowRole.Data, [Count(1292, 2022, "F", 0), Count(1350, 2023, "F", 1)]),
                new("Total", null, RowRole.Total, [Count(2575, 2022, null, 0, 0), Count(2693, 2023, null, 1)]),
                new("Percentage of women", null, RowRole.Derived, [Share(50, 2022), Share(50, 2023)]),
            ],
            [],
            "table-1.csv");

        PublishedCell Nationals(decimal? value, string iso3, string? grade) => value is null
            ? PublishedCell.Empty()
            : new(value, CellKind.Count,
                grade is null
                    ? At(Measures.StaffHeadcount, Year, ("category", "GS"), ("nationality", iso3))
                    : At(Measures.StaffHeadcount, Year, ("category", "GS"), ("grade", grade), ("nationality", iso3)),
                new Trace([1], []));
        var annex = new PublishedTable(
            "annex-ii",
            "Annex II. General Service staff and National Officers worldwide by nationality, grade and sex",
            "Country of nationality",
            ["G-1", "G-2", "Total"],
            [
                new("Country of nationality: Member States", null, RowRole.SectionHeading, []),
                new("Afghanistan", "AFG", RowRole.Data, [Nationals(3, "AFG", "G-1"), Nationals(null, "AFG", "G-2"), Nationals(3, "AFG", null)]),
                new("Côte d'Ivoire", "CIV", RowRole.Data, [Nationals(1, "CIV", "G-1"), Nationals(1250, "CIV", "G-2"), Nationals(1251, "CIV", null)]),
                new("Total", null, RowRole.Total, [Nationals(4, "ALL", "G-1"), Nationals(1250, "ALL", "G-2"), Nationals(1254, "ALL", null)]),
                new("Change (percentage points)", null, RowRole.Derived,
                    [new(null, CellKind.PercentagePointChange, null, Trace.None, NotApplicable: true), new(0, CellKind.PercentagePointChange, null, Trace.None), new(-3, CellKind.PercentagePointChange, null, Trace.None)]),
            ],
            ["G: General Service; NO: National Officer; UG: Ungraded positions."],
            "annex-ii.csv");

        var chart = new ChartBlock(
            "women-by-grade",
            "Percentage of women by grade",
            ChartKind.Line,
            ["P-2", "P-3", "P-4"],
            [new("2022", [58, 49, null]), new("2023", [57, 50, 42])],
            CellKind.Percent,
            "Line chart: percentage of women by grade; 2022: P-2 58%, P-3 49%; 2023: P-2 57%, P-3 50%, P-4 42%.");

        var paragraph = new ParagraphBlock(
        [
            new TextInline("At the end of 2023 the Organization had "),
            new FigureInline("2 693", Count(2693, 2023, null, 1)),
            new TextInline(" staff in the Professional and higher categories."),
        ]);

        return new Publication(
            "sample",
            Year,
            language,
            "Annual Report for 2023",
            [
                new PublicationSection("annex-i", "Annex I. Staff statistics", [paragraph, new TableBlock(table1), chart]),
                new PublicationSection("annex-ii", "Annex II. General Service staff", [new TableBlock(annex)]),
            ],
            [printed, records],
            [finding],
            EnglishLabels);
    }

    public static readonly PublicationLabels EnglishLabels = new(
        Sources: "Sources", Findings: "Findings", Data: "Data", Contents: "Contents", Source: "Source", Lines: "lines",
        Imported: "imported", AuditStatus: "Audit", NoFindings: "No findings", Severity: "Severity", Rule: "Rule",
        Printed: "Printed", Computed: "Computed", Message: "Message", Table: "Table", NotApplicable: "N/A");
}
