using Almanac.Domain.Observations;
using Almanac.Domain.Reports;
using Almanac.Domain.Tables;
using Almanac.Ingest.Reference;
using Almanac.Ingest.Reports;
using Almanac.Ingest.Reports.Funding;
using Almanac.Tests;

namespace Almanac.Ingest.Tests.Reports;

/// <summary>
/// The funding requirements tables of Migration Initiatives 2018, rebuilt from the extraction's column streams and checked
/// against figures read from the report by hand (line numbers in the comments are the report's).
/// </summary>
public sealed class FundingTablesReaderTests
{
    private static readonly string[] Categories = ["Principle 1", "Principle 2", "Principle 3", "Objective 1", "Objective 2", "Objective 3"];

    private static (ReportDocument Document, IReadOnlyList<ReportTable> Tables) Read()
    {
        var path = SharedFiles.Require("reports/migration-initiatives-2018.txt");
        var document = ReportDocument.FromBytes(Path.GetFileName(path), File.ReadAllBytes(path), ReferenceDataReader.ReadEmbedded());
        return (document, new FundingTablesReader().Read(document));
    }

    private static ReportTable Table(IReadOnlyList<ReportTable> tables, string id) => Assert.Single(tables, t => t.Id == id);

    private static ReportRow Row(ReportTable table, string label) => Assert.Single(table.Rows, r => r.Label == label);

    private static decimal? Value(ReportTable table, string label, string column) => table.Cell(Row(table, label), column)?.Value;

    [Fact]
    public void The_appeal_prints_a_summary_and_nine_regional_tables_with_the_framework_categories_as_columns()
    {
        var (_, tables) = Read();
        Assert.Equal(10, tables.Count);
        Assert.Equal(FundingTablesReader.SummaryId, tables[0].Id);
        Assert.Equal(
            [
                "funding-region-east-africa-and-the-horn-of-africa", "funding-region-southern-africa", "funding-region-west-and-central-africa",
                "funding-region-central-and-north-america-and-the-caribbean", "funding-region-south-america", "funding-region-asia-and-the-pacific",
                "funding-region-european-economic-area", "funding-region-south-eastern-europe-eastern-europe-and-central-asia",
                "funding-region-middle-east-and-north-africa",
            ],
            tables.Skip(1).Select(t => t.Id));
        Assert.All(tables, t => Assert.Equal([.. Categories, "Total"], t.Columns));
        Assert.All(tables, t => Assert.Equal(2018, t.Year));
    }

    [Fact]
    public void The_summary_is_rebuilt_with_its_printed_totals()
    {
        var (_, tables) = Read();
        var summary = Table(tables, FundingTablesReader.SummaryId);
        Assert.Equal(11, summary.Rows.Count);
        Assert.Empty(summary.Unresolved);
        Assert.Equal("Global and multiregional initiatives", summary.Rows[0].Label);
        Assert.Equal(175, summary.Rows[0].Line);
        Assert.Null(summary.Rows[0].Section);

        // Grand total (line 207) and the category totals (lines 97, 104, 117, 145).
        var total = Row(summary, "Total");
        Assert.Equal(RowRole.Total, total.Role);
        Assert.Equal(2_863_504_889m, summary.Cell(total, "Total")!.Value.Value);
        Assert.Equal(169_852_640m, summary.Cell(total, "Principle 1")!.Value.Value);
        Assert.Equal(176_846_705m, summary.Cell(total, "Principle 2")!.Value.Value);
        Assert.Equal(158_972_735m, summary.Cell(total, "Principle 3")!.Value.Value);
        Assert.Equal(728_922_296m, summary.Cell(total, "Objective 1")!.Value.Value);
        Assert.Equal(966_258_811m, summary.Cell(total, "Objective 2")!.Value.Value);
        Assert.Equal(659_785_702m, summary.Cell(total, "Objective 3")!.Value.Value);

        // Each region's total as printed in the summary's total column (lines 206–222; the global one with its star).
        Assert.Equal(160_763_674m, Value(summary, "Global and multiregional initiatives", "Total"));
        Assert.Equal(325_240_677m, Value(summary, "East Africa and the Horn of Africa", "Total"));
        Assert.Equal(113_405_000m, Value(summary, "Southern Africa", "Total"));
        Assert.Equal(352_802_697m, Value(summary, "West and Central Africa", "Total"));
        Assert.Equal(157_436_597m, Value(summary, "Central and North America and the Caribbean", "Total"));
        Assert.Equal(119_222_700m, Value(summary, "South America", "Total"));
        Assert.Equal(416_200_709m, Value(summary, "Asia and the Pacific", "Total"));
        Assert.Equal(206_194_065m, Value(summary, "European Economic Area", "Total"));
        Assert.Equal(222_169_654m, Value(summary, "South-Eastern Europe, Eastern Europe and Central Asia", "Total"));
        Assert.Equal(790_069_115m, Value(summary, "Middle East and North Africa", "Total"));

        // The global row's categories, placed by the column sums alone (no regional table prints them).
        Assert.Equal(6_257_900m, Value(summary, "Global and multiregional initiatives", "Principle 1"));
        Assert.Equal(95_540_000m, Value(summary, "Global and multiregional initiatives", "Objective 3"));
        // A scrambled region whose row is placed by the column sums: Asia and the Pacific (lines 1108–1147).
        Assert.Equal(12_156_524m, Value(summary, "Asia and the Pacific", "Principle 1"));
        Assert.Equal(102_064_810m, Value(summary, "Asia and the Pacific", "Objective 3"));
    }

    [Fact]
    public void The_summary_audit_reports_the_printed_inconsistencies_and_the_footnoted_totals_as_information()
    {
        var (document, tables) = Read();
        var summary = Table(tables, FundingTablesReader.SummaryId);
        var findings = summary.Arithmetic.SelectMany(a => a.Check(summary, document.Name)).ToList();

        Assert.Equal(
            [
                // The starred global total includes institutional initiatives outside the framework's categories (footnote, line 173) …
                "175:total-includes-other-items:160763674:157897674:Info",
                "184:parts-sum-to-total:416200709:416200710:Error",
                // … and so does the grand total, which sums it (2 866 000 both).
                "189:total-includes-other-items:2863504889:2860638889:Info",
                // The region totals add up to one less than the grand total: Asia and the Pacific's printed 709 against 710.
                "189:column-sum-to-total:2863504889:2863504888:Error",
            ],
            findings.Select(f => $"{f.Line}:{f.Rule}:{f.Printed}:{f.Computed}:{f.Severity}"));
        Assert.Contains("2 866 000 more than", findings[0].Message, StringComparison.Ordinal);
        Assert.Contains("* Includes institutional initiatives", findings[0].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("* Provisional figures.")]
    public void A_starred_total_is_exempt_only_when_its_footnote_says_it_includes_other_items(string footnote)
    {
        var (document, _) = Read();
        var footnoteLine = Enumerable.Range(1, document.Lines.Count).Single(n => document.Line(n).StartsWith("* Includes", StringComparison.Ordinal));
        var lines = document.RawLines.Select((l, i) => i + 1 == footnoteLine ? footnote : l).ToList();
        var changed = new ReportDocument(document.Name, document.Sha256, lines, document.Identity, document.Reference);
        var summary = Table(new FundingTablesReader().Read(changed), FundingTablesReader.SummaryId);

        var findings = summary.Arithmetic.SelectMany(a => a.Check(summary, changed.Name)).ToList();
        Assert.DoesNotContain(findings, f => f.Rule == ColumnsSum.OutsideItemsRule);
        Assert.Equal(["175:157897674", "184:416200710", "189:2860638889"],
            findings.Where(f => f.Rule == "parts-sum-to-total").Select(f => $"{f.Line}:{f.Computed}"));
    }

    [Theory]
    [InlineData("east-africa-and-the-horn-of-africa", 10, 10, 273, 22_706_353, 325_240_677)]
    [InlineData("southern-africa", 16, 0, 380, 5_850_000, 113_405_000)]
    [InlineData("west-and-central-africa", 21, 21, 531, 36_583_037, 352_802_697)]
    [InlineData("central-and-north-america-and-the-caribbean", 14, 0, 696, 14_504_468, 157_436_597)]
    [InlineData("south-america", 11, 7, 823, 2_762_700, 119_222_700)]
    [InlineData("asia-and-the-pacific", 31, 0, 1102, 12_156_524, 416_200_709)]
    [InlineData("european-economic-area", 30, 0, 1353, 3_513_498, 206_194_065)]
    [InlineData("south-eastern-europe-eastern-europe-and-central-asia", 19, 0, 1427, 28_356_387, 222_169_654)]
    [InlineData("middle-east-and-north-africa", 13, 13, 1615, 37_161_773, 790_069_115)]
    public void Each_regional_table_has_its_rows_and_prints_the_summary_row_as_its_total(
        string region, int labels, int resolved, int totalLine, long principle1, long total)
    {
        var (_, tables) = Read();
        var table = Table(tables, FundingTablesReader.RegionIdPrefix + region);
        var data = table.Rows.Where(r => r.Role == RowRole.Data).ToList();
        Assert.Equal(labels, data.Count + table.Unresolved.Count);
        Assert.Equal(resolved, data.Count);
        Assert.All(table.Rows, r => Assert.Equal(table.Rows[0].Section, r.Section));

        var totalRow = Assert.Single(table.Rows, r => r.Role == RowRole.Total);
        Assert.Equal(totalLine, totalRow.Line);
        Assert.Equal(principle1, table.Cell(totalRow, "Principle 1")!.Value.Value);
        Assert.Equal(total, table.Cell(totalRow, "Total")!.Value.Value);

        // The same figures as the region's row of the summary, column by column.
        var summary = Table(tables, FundingTablesReader.SummaryId);
        var summaryRow = Assert.Single(summary.Rows, r => r.Section == totalRow.Section);
        Assert.Equal(summaryRow.Cells.Select(c => c?.Value), totalRow.Cells.Select(c => c?.Value));
    }

    [Fact]
    public void Clean_regional_tables_read_every_cell_and_every_row_adds_up()
    {
        var (document, tables) = Read();
        var east = Table(tables, "funding-region-east-africa-and-the-horn-of-africa");
        // Lines 276–277: the first Principle 1 value is the regional initiatives', Burundi's the second.
        Assert.Equal(820_000m, Value(east, "Regional initiatives", "Principle 1"));
        Assert.Equal(3_750_000m, Value(east, "Burundi", "Principle 1"));
        Assert.Equal("BDI", Row(east, "Burundi").Iso3);
        Assert.Null(Row(east, "Regional initiatives").Iso3);
        Assert.Equal(264, Row(east, "Burundi").Line);
        // Principle 3 prints 9 values for 10 rows (lines 303–311): the row sums leave Tanzania's cell empty.
        Assert.Null(Value(east, "United Republic of Tanzania", "Principle 3"));
        Assert.Equal(2_919_460m, Value(east, "Uganda", "Principle 3"));
        Assert.True(east.Cell(Row(east, "Uganda"), "Principle 3")!.Value.Inferred);
        Assert.Equal(89_007_964m, Value(east, "Somalia", "Total"));

        var west = Table(tables, "funding-region-west-and-central-africa");
        Assert.Equal(17_348_037m, Value(west, "Nigeria", "Principle 1"));
        Assert.Equal(55_550_000m, Value(west, "Central African Republic", "Objective 1"));
        Assert.Null(Value(west, "Central African Republic", "Principle 2"));
        Assert.Equal("GMB", Row(west, "Gambia, the").Iso3);

        var mena = Table(tables, "funding-region-middle-east-and-north-africa");
        Assert.Equal(90_000_000m, Value(mena, "Syrian Arab Republic", "Objective 2"));
        Assert.Equal(77_000_000m, Value(mena, "Yemen", "Objective 1"));
        Assert.Null(Value(mena, "Kuwait", "Principle 1"));

        foreach (var table in new[] { east, west, mena })
        {
            Assert.Empty(table.Unresolved);
            Assert.Empty(table.Arithmetic.SelectMany(a => a.Check(table, document.Name)));
        }
    }

    [Fact]
    public void South_america_keeps_the_rows_every_placement_agrees_on_and_leaves_the_others_unresolved()
    {
        var (_, tables) = Read();
        var table = Table(tables, "funding-region-south-america");
        // Objective 2 and 3 are printed as one merged stream (lines 878–897); two splits of it fit every row and column
        // sum, and they differ only on these rows.
        Assert.Equal(["Regional initiatives", "Argentina", "Chile", "Paraguay"], table.Unresolved.Select(u => u.Text));
        Assert.Equal(812, table.Unresolved[0].Line);
        Assert.DoesNotContain(table.Rows, r => r.Label == "Argentina");
        Assert.Equal(74_000_000m, Value(table, "Colombia", "Objective 2"));
        Assert.Equal(15_150_000m, Value(table, "Colombia", "Objective 1"));
        Assert.Equal(2_500_000m, Value(table, "Ecuador", "Objective 3"));
        Assert.Null(Value(table, "Peru", "Principle 1"));
        Assert.Equal("VEN", Row(table, "Venezuela, Bolivarian Republic of").Iso3);
        // Without all rows, the table declares no column sums (they would accuse the printed totals).
        Assert.DoesNotContain(table.Arithmetic, a => a is RowsSum);
    }

    [Fact]
    public void Asia_and_the_pacific_total_row_is_kept_as_printed_and_the_audit_reports_it()
    {
        var (document, tables) = Read();
        var asia = Table(tables, "funding-region-asia-and-the-pacific");
        var sum = Assert.IsType<ColumnsSum>(asia.Arithmetic[0]);
        var finding = Assert.Single(sum.Check(asia, document.Name));
        Assert.Equal(416_200_709m, finding.Printed);
        Assert.Equal(416_200_710m, finding.Computed);
        Assert.Equal(1102, finding.Line);
        // Its streams are interleaved over two pages: the country rows are left unresolved, never guessed.
        Assert.Contains(asia.Unresolved, u => u.Text == "Federated States of Micronesia, Marshall Islands and Palau" && u.Line == 921);
        Assert.Contains(asia.Unresolved, u => u.Text == "Viet Nam" && u.Line == 1101);
    }

    [Fact]
    public void Observations_key_the_same_fact_alike_in_the_summary_and_the_regional_table()
    {
        var (document, tables) = Read();
        var reader = new FundingTablesReader();
        var observations = tables.SelectMany(t => reader.ToObservations(t, document)!).ToList();
        Assert.All(observations, o => Assert.Equal(FundingMeasures.Requirement, o.Measure));
        Assert.All(observations, o => Assert.Equal(2018, o.Year));

        var asiaTotal = observations.Where(o => o.Key.Equals(DimensionKey.Of((FundingDimensions.Region, "asia-and-the-pacific")))).ToList();
        Assert.Equal(2, asiaTotal.Count);
        Assert.All(asiaTotal, o => Assert.Equal(416_200_709m, o.Value));
        Assert.Equal(["funding-region-asia-and-the-pacific", "funding-summary"], asiaTotal.Select(o => o.Provenance.Location).Order());

        var burundi = Assert.Single(observations, o => o.Key.Equals(DimensionKey.Of(
            (FundingDimensions.Region, "east-africa-and-the-horn-of-africa"), (FundingDimensions.Country, "BDI"), (FundingDimensions.Migof, "principle-1"))));
        Assert.Equal(3_750_000m, burundi.Value);
        Assert.Equal(new Provenance(0, document.Name, "funding-region-east-africa-and-the-horn-of-africa", 264), burundi.Provenance);

        var regional = Assert.Single(observations, o => o.Key.Equals(DimensionKey.Of(
            (FundingDimensions.Region, "east-africa-and-the-horn-of-africa"), (FundingDimensions.Scope, FundingDimensions.ScopeRegionalInitiatives))));
        Assert.Equal(7_615_000m, regional.Value);
        var global = Assert.Single(observations, o => o.Key.Equals(DimensionKey.Of((FundingDimensions.Scope, FundingDimensions.ScopeGlobal))));
        Assert.Equal(160_763_674m, global.Value);
        var grand = Assert.Single(observations, o => o.Key.Count == 0);
        Assert.Equal(2_863_504_889m, grand.Value);
        Assert.Null(reader.ToObservations(tables[0] with { Id = "staff-table-1" }, document));
    }

    [Fact]
    public void A_column_that_fits_two_placements_is_reported_ambiguous_not_guessed()
    {
        // Two rows of 5; one part column prints a single 5, the other too: either may be the first row's.
        var ambiguous = ColumnPlacement.Place([[5m], [5m]], [5m, 5m], rows: 2);
        Assert.Equal(PlacementOutcome.Ambiguous, ambiguous.Outcome);
        Assert.Null(ambiguous.Rows);
        Assert.Equal(2, ambiguous.Alternatives!.Count);

        var unique = ColumnPlacement.Place([[3m], [2m]], [3m, 2m], rows: 2);
        Assert.Equal(PlacementOutcome.Unique, unique.Outcome);
        Assert.Equal([[0], [1], [0, 1]], unique.Rows!.Select(r => r.ToArray()));
    }

    [Fact]
    public void A_row_whose_printed_total_disagrees_is_placed_only_when_tolerated_and_then_named()
    {
        // Second row prints 7 for 2 + 4: nothing fits strictly; with one tolerated row the placement is unique.
        Assert.Equal(PlacementOutcome.None, ColumnPlacement.Place([[1m, 2m], [3m, 4m]], [4m, 7m], rows: 2).Outcome);
        var tolerated = ColumnPlacement.Place([[1m, 2m], [3m, 4m]], [4m, 7m], rows: 2, tolerance: 1);
        Assert.Equal(PlacementOutcome.Unique, tolerated.Outcome);
        Assert.Equal([1], tolerated.Mismatches);
    }

    [Fact]
    public void A_regional_table_without_its_region_heading_cannot_be_read()
    {
        string[] lines =
        [
            "Principle 1", "Some Region", "Other Region", "Total", "", "Regional initiatives", "Angola", "Total", "", "Principle 1", "5", "5",
        ];
        var document = new ReportDocument("synthetic.txt", "", lines,
            new DocumentIdentity("IOM", DocumentKind.FundingAppeal, 2018, "Migration Initiatives 2018"), ReferenceDataReader.ReadEmbedded());
        var error = Assert.Throws<ReportFormatException>(() => new FundingTablesReader().Read(document));
        Assert.Equal(6, error.Line);
    }
}
