using Almanac.Domain.Observations;
using Almanac.Domain.Reference;
using Almanac.Domain.Reports;
using Almanac.Domain.Tables;
using Almanac.Domain.Workforce;
using Almanac.Ingest.Published;
using Almanac.Ingest.Reference;
using Almanac.Ingest.Reports;
using Almanac.Ingest.Reports.Staff;
using Almanac.Tests;

namespace Almanac.Ingest.Tests.Reports;

/// <summary>The staff statistics tables rebuilt from the report text, checked against the hand-kept figures and the reports' own arithmetic.</summary>
public sealed class StaffTablesReaderTests
{
    private static readonly ReferenceData Reference = ReferenceDataReader.ReadEmbedded();
    private static readonly StaffTablesReader Reader = new();

    private static ReportDocument Load(int year)
    {
        var name = $"annual-report-{year}.txt";
        var path = SharedFiles.Require("reports/" + name);
        return ReportDocument.FromBytes(name, File.ReadAllBytes(path), Reference);
    }

    private static ReportTable Table(IReadOnlyList<ReportTable> tables, string id) => Assert.Single(tables, t => t.Id == id);

    private static string TableId(string csvTable) => csvTable switch
    {
        "Table1" => StaffTableIds.Table1,
        "Table2" => StaffTableIds.Table2,
        "Table3" => StaffTableIds.Table3,
        "Table4" => StaffTableIds.Table4,
        "AnnexIV" => StaffTableIds.NationalitiesAnnex,
        "AnnexII" => StaffTableIds.GeneralServiceAnnex,
        "AnnexIII" => StaffTableIds.ProfessionalAnnex,
        _ => throw new ArgumentException(csvTable),
    };

    [Theory]
    [InlineData(2017)]
    [InlineData(2018)]
    [InlineData(2023)]
    public void Every_hand_kept_figure_equals_the_rebuilt_cell_on_its_line(int year)
    {
        var tables = Reader.Read(Load(year));
        var kept = PublishedFigures.ReadEmbedded(year);
        Assert.True(kept.Count > 140);
        var problems = new List<string>();
        foreach (var cell in kept)
        {
            var table = Table(tables, TableId(cell.Table));
            var row = table.Rows.SingleOrDefault(r => r.Line == cell.Line);
            if (row is null)
            {
                problems.Add($"{cell.Table} line {cell.Line}: no row rebuilt");
                continue;
            }
            if (row.Label != cell.Row) problems.Add($"{cell.Table} line {cell.Line}: label '{row.Label}', kept '{cell.Row}'");
            var rebuilt = table.Cell(row, cell.Column)?.Value;
            decimal? expected = cell.Value is "-" or "–" or "—" ? 0 : cell.Number;
            if (rebuilt != expected) problems.Add($"{cell.Table} line {cell.Line} {cell.Row}/{cell.Column}: rebuilt {rebuilt}, kept {cell.Value}");
        }
        Assert.Empty(problems);
    }

    [Fact]
    public void All_seven_tables_are_found_in_each_report_whatever_the_annex_numbers()
    {
        foreach (var year in new[] { 2017, 2018, 2023 })
        {
            var tables = Reader.Read(Load(year));
            Assert.Equal(StaffTableIds.All, tables.Select(t => t.Id));
            Assert.All(tables, t => Assert.Equal(year, t.Year));
        }
    }

    [Fact]
    public void Annex_total_rows_of_2023_are_per_section_and_add_up_to_Tables_1_and_4()
    {
        var tables = Reader.Read(Load(2023));
        var general = Table(tables, StaffTableIds.GeneralServiceAnnex);
        var totals = general.Rows.Where(r => r.Role == RowRole.Total).ToList();
        Assert.Equal([855, 873], totals.Select(r => r.Line));
        Assert.Equal(["Member States", "observer States, non-member States and other"], totals.Select(r => r.Section));
        Assert.Equal(17_095m, general.Cell(totals[0], "Total")!.Value.Value);
        Assert.Equal(8_397m, general.Cell(totals[0], "F")!.Value.Value);
        Assert.Equal(8_698m, general.Cell(totals[0], "M")!.Value.Value);
        Assert.Equal(3_229m, general.Cell(totals[0], "G-4")!.Value.Value);
        Assert.Equal(883m, general.Cell(totals[1], "Total")!.Value.Value);
        Assert.Equal(1_222m, general.Cell(totals[1], "G-6")!.Value.Value);
        var table4 = Table(tables, StaffTableIds.Table4);
        var gs2023 = table4.Cell(table4.Rows.Single(r => r.Label.StartsWith("General Service", StringComparison.Ordinal)), "2023")!.Value.Value;
        Assert.Equal(17_978m, gs2023);
        Assert.Equal(gs2023, totals.Sum(r => general.Cell(r, "Total")!.Value.Value));

        var professional = Table(tables, StaffTableIds.ProfessionalAnnex);
        var ph = professional.Rows.Where(r => r.Role == RowRole.Total).ToList();
        Assert.Equal([1073, 1090], ph.Select(r => r.Line));
        Assert.Equal([2_866m, 128m], ph.Select(r => professional.Cell(r, "Total")!.Value.Value));
        Assert.Equal([1_433m, 59m], ph.Select(r => professional.Cell(r, "F")!.Value.Value));
        var table1 = Table(tables, StaffTableIds.Table1);
        Assert.Equal(2_994m, table1.Cell(table1.Rows.Single(r => r.Role == RowRole.Total), "2023")!.Value.Value);
        Assert.Equal(2_994m, ph.Sum(r => professional.Cell(r, "Total")!.Value.Value));
    }

    [Theory]
    [InlineData(2017, StaffTableIds.GeneralServiceAnnex, 1364, 325, 2_560, 9_511, 4_452, 5_059)]
    [InlineData(2017, StaffTableIds.ProfessionalAnnex, 1574, 1, 323, 1_467, 679, 788)]
    [InlineData(2018, StaffTableIds.GeneralServiceAnnex, 3065, 306, 3_230, 10_904, 5_024, 5_880)]
    [InlineData(2018, StaffTableIds.ProfessionalAnnex, 3496, 1, 406, 1_769, 841, 928)]
    public void The_one_overall_total_row_of_2017_and_2018_annexes_is_read_whole(int year, string id, int line, int first, int ungraded, int total, int women, int men)
    {
        var table = Table(Reader.Read(Load(year)), id);
        var row = Assert.Single(table.Rows, r => r.Role == RowRole.Total);
        Assert.Equal(line, row.Line);
        Assert.Null(row.Section);
        Assert.Equal(first, table.Cells(row)[0]);
        Assert.Equal(ungraded, table.Cell(row, "UG")!.Value.Value);
        Assert.Equal(total, table.Cell(row, "Total")!.Value.Value);
        Assert.Equal(women, table.Cell(row, "F")!.Value.Value);
        Assert.Equal(men, table.Cell(row, "M")!.Value.Value);
    }

    [Fact]
    public void Space_separated_2018_total_is_placed_by_arithmetic_and_marked_inferred()
    {
        var table = Table(Reader.Read(Load(2018)), StaffTableIds.GeneralServiceAnnex);
        var total = table.Rows.Single(r => r.Role == RowRole.Total);
        Assert.Equal(2_136m, table.Cell(total, "G-4")!.Value.Value);
        Assert.True(table.Cell(total, "G-4")!.Value.Inferred);
        Assert.False(table.Cell(total, "G-1")!.Value.Inferred);
    }

    [Theory]
    [InlineData(2017, StaffTableIds.GeneralServiceAnnex, 180, 5, 17)]
    [InlineData(2017, StaffTableIds.ProfessionalAnnex, 155, 32, 13)]
    // Tanzania's row (line 2980) prints two spaces more than its cells: placed by the column totals, the one choice they allow.
    [InlineData(2018, StaffTableIds.GeneralServiceAnnex, 187, 0, 17)]
    // Micronesia's row (line 3296) prints one space more before its total than its neighbours: read, as one stray space.
    [InlineData(2018, StaffTableIds.ProfessionalAnnex, 188, 0, 13)]
    [InlineData(2023, StaffTableIds.GeneralServiceAnnex, 191, 0, 16)]
    [InlineData(2023, StaffTableIds.ProfessionalAnnex, 190, 0, 13)]
    public void Annex_rows_columns_and_unresolved_rows_are_counted(int year, string id, int rows, int unresolved, int columns)
    {
        var table = Table(Reader.Read(Load(year)), id);
        Assert.Equal(rows, table.Rows.Count);
        Assert.Equal(unresolved, table.Unresolved.Count);
        Assert.Equal(columns, table.Columns.Count);
        Assert.Equal(["Total", "F", "M"], table.Columns.TakeLast(3));
        Assert.All(table.Rows.Where(r => r.Role == RowRole.Data), r => Assert.NotNull(r.Iso3));
        Assert.All(table.Unresolved, u => Assert.False(string.IsNullOrWhiteSpace(u.Reason)));
    }

    [Fact]
    public void Staffed_nationalities_2023()
    {
        var tables = Reader.Read(Load(2023));
        var professional = Table(tables, StaffTableIds.ProfessionalAnnex);
        var staffed = professional.Rows.Where(r => r.Role == RowRole.Data && professional.Cell(r, "Total")?.Value > 0).ToList();
        // Annex IV prints 143 Member State nationalities for 2023, as Annex III counts them; it prints 8 non-member
        // State nationalities where Annex III names 7 with staff (its "Other" row is no nationality).
        Assert.Equal(143, staffed.Count(r => r.Section == "Member States"));
        Assert.Equal(7, staffed.Count(r => r.Section != "Member States" && r.Iso3 != "XXX"));
        var myanmar = professional.Rows.Single(r => r.Line == 998);
        Assert.Equal("MMR", myanmar.Iso3);
        Assert.Equal(9m, professional.Cell(myanmar, "Total")!.Value.Value);
    }

    [Fact]
    public void Arithmetic_reports_exactly_the_known_printed_inconsistencies()
    {
        static string[] Findings(int year) =>
        [
            .. Reader.Read(Load(year)).SelectMany(t => t.Arithmetic.SelectMany(i => i.Check(t, "r")))
                .Select(f => $"{f.Table} {f.Rule} {f.Line} printed {f.Printed?.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture) ?? "-"} computed {f.Computed?.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)}")
                .Order(StringComparer.Ordinal),
        ];

        Assert.Equal(
        [
            "staff-annex-general-service column-sum-to-total 873 printed 1222 computed 122",
            "staff-annex-general-service column-sum-to-total 873 printed 3939 computed 39",
            "staff-annex-general-service column-sum-to-total 873 printed 6 computed 4",
            "staff-annex-general-service parts-sum-to-total 873 printed 883 computed 5885",
            "staff-annex-professional column-sum-to-total 1073 printed 21 computed 20",
            "staff-annex-professional column-sum-to-total 1073 printed 490 computed 489",
            "staff-annex-professional column-sum-to-total 1073 printed 50 computed 51",
            "staff-annex-professional column-sum-to-total 1073 printed 766 computed 764",
            "staff-annex-professional column-sum-to-total 1073 printed 817 computed 819",
            "staff-annex-professional parts-sum-to-total 998 printed 9 computed 8",
            "staff-table-1 women-plus-men 632 printed 2575 computed 2574",
            "staff-table-2 percentage-matches-ratio 643 printed 38 computed 41",
        ], Findings(2023));
        Assert.Equal(
        [
            "staff-annex-professional women-plus-men 1461 printed 1 computed 3",
            "staff-table-4 percentage-matches-ratio 1158 printed 11 computed 10",
            "staff-table-4 percentage-matches-ratio 1158 printed 14 computed 12",
        ], Findings(2017));
        Assert.Equal(["staff-table-4 percentage-matches-ratio 2590 printed 14 computed 12"], Findings(2018));
    }

    [Theory]
    [InlineData(2017)]
    [InlineData(2018)]
    [InlineData(2023)]
    public void Tables_1_to_4_and_nationalities_mean_what_the_hand_kept_figures_mean(int year)
    {
        var document = Load(year);
        var tables = Reader.Read(document);
        var mine = tables.Where(t => t.Id is not (StaffTableIds.GeneralServiceAnnex or StaffTableIds.ProfessionalAnnex))
            .SelectMany(t => Reader.ToObservations(t, document)!.Select(o => (t.Id, o))).ToList();
        Assert.All(mine, m => Assert.Equal(m.Id, m.o.Provenance.Location));
        var kept = PublishedFigures.ToObservations(
            [.. PublishedFigures.ReadEmbedded(year).Where(c => c.Table is "Table1" or "Table2" or "Table3" or "Table4" or "AnnexIV")], document.Name);
        static string Fact(Observation o) => $"{o.Measure} {o.Year} {o.Key.Canonical} {o.Value} {o.Provenance.SourceName} {o.Provenance.Line}";
        Assert.True(kept.Count > 80);
        Assert.Equal(kept.Select(Fact).Order(StringComparer.Ordinal), mine.Select(m => Fact(m.o)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Annex_rows_become_headcounts_by_nationality_and_totals_become_headcounts()
    {
        var document = Load(2023);
        var tables = Reader.Read(document);
        var general = Table(tables, StaffTableIds.GeneralServiceAnnex);
        var observations = Reader.ToObservations(general, document)!;
        var gs = StaffCategory.GeneralService;
        Observation One(string measure, DimensionKey key) => Assert.Single(observations, o => o.Measure == measure && o.Key.Equals(key));
        var afghanistan = One(Measures.StaffAnnexHeadcount, StaffKeys.Of(gs, null, null).With(Dimensions.Nationality, "AFG"));
        Assert.Equal(233m, afghanistan.Value);
        Assert.Equal(new Provenance(0, document.Name, StaffTableIds.GeneralServiceAnnex, 671), afghanistan.Provenance);
        Assert.Equal(2023, afghanistan.Year);
        Assert.Equal(46m, One(Measures.StaffAnnexHeadcount, StaffKeys.Of(gs, null, Sex.Female).With(Dimensions.Nationality, "AFG")).Value);
        Assert.Equal(56m, One(Measures.StaffAnnexHeadcount, StaffKeys.Of(gs, "G-4", null).With(Dimensions.Nationality, "AFG")).Value);
        Assert.Equal(17_095m, One(Measures.StaffHeadcount, StaffKeys.Of(gs, null, null).With(Dimensions.Membership, Dimensions.MembershipMember)).Value);
        Assert.Equal(883m, One(Measures.StaffHeadcount, StaffKeys.Of(gs, null, null).With(Dimensions.Membership, Dimensions.MembershipNonMember)).Value);

        var document2017 = Load(2017);
        var professional = Table(Reader.Read(document2017), StaffTableIds.ProfessionalAnnex);
        var overall = Reader.ToObservations(professional, document2017)!.Where(o => o.Measure == Measures.StaffHeadcount).ToList();
        Assert.Equal(1_467m, Assert.Single(overall, o => o.Key.Equals(StaffKeys.Of(StaffCategory.Professional, null, null))).Value);
        Assert.Equal(679m, Assert.Single(overall, o => o.Key.Equals(StaffKeys.Of(StaffCategory.Professional, null, Sex.Female))).Value);
        Assert.Equal(46m, Assert.Single(overall, o => o.Key.Equals(StaffKeys.Of(StaffCategory.Professional, "D-1", null))).Value);
        Assert.Equal(13, overall.Count);
    }

    /// <summary>A Professional annex's title and headings as the single-space layout prints them, before its rows.</summary>
    private static readonly string[] AnnexHead =
        ["Professional staff by nationality, grade and sex", "", "Country of nationality:", "Member States", "", "E-1 E-2 D-2 D-1 P-5 P-4 P-3 P-2 P-1 UG Total F M", ""];

    /// <summary>The legend that closes an annex.</summary>
    private const string AnnexLegend = "E-1: Director General; E-2: Deputy Director General; UG: Ungraded positions.";

    private static ReportDocument Synthetic(params string[] lines) =>
        new("synthetic.txt", "", [.. lines.Select(l => l.Length == 0 ? l : l + " ")], new DocumentIdentity("IOM", DocumentKind.AnnualReport, 2018, "Annual Report for 2018"), Reference);

    [Fact]
    public void Space_layout_reads_a_wrapped_name_across_a_page_header()
    {
        var document = Synthetic(
            "Professional staff by nationality, grade and sex",
            "",
            "Country of nationality:",
            "Member States",
            "",
            "Category/Grade Sex",
            "",
            "E-1 E-2 D-2 D-1 P-5 P-4 P-3 P-2 P-1 UG Total F M",
            "",
            "Afghanistan      2 2 4  2 10 1 9",
            "",
            "Bolivia (Plurinational",
            "C/110/4",
            "Page 7",
            " Country of nationality:",
            "Member States",
            "Category/Grade Sex",
            "E-1 E-2 D-2 D-1 P-5 P-4 P-3 P-2 P-1 UG Total F M",
            "",
            "State of)",
            "",
            "      3 4 1 1 9 2 7",
            "",
            "Total      2 5 8 1 3 19 3 16",
            "",
            "E-1: Director General; E-2: Deputy Director General; UG: Ungraded positions.");
        var table = Assert.Single(Reader.Read(document));
        Assert.Equal(StaffTableIds.ProfessionalAnnex, table.Id);
        Assert.Empty(table.Unresolved);
        Assert.Equal(["Afghanistan", "Bolivia (Plurinational State of)", "Total"], table.Rows.Select(r => r.Label));
        var bolivia = table.Rows[1];
        Assert.Equal("BOL", bolivia.Iso3);
        Assert.Equal(22, bolivia.Line);
        Assert.Equal("Member States", bolivia.Section);
        Assert.Equal([null, null, null, null, null, null, 3m, 4m, 1m, 1m, 9m, 2m, 7m], table.Cells(bolivia));
        Assert.Equal([null, null, null, null, null, 2m, 2m, 4m, null, 2m, 10m, 1m, 9m], table.Cells(table.Rows[0]));
        Assert.Equal(19m, table.Cell(table.Rows[2], "Total")!.Value.Value);
        Assert.Empty(table.Arithmetic.SelectMany(i => i.Check(table, "synthetic")));
        Assert.Equal(new LineRange(1, 24), table.Lines);
    }

    [Fact]
    public void A_row_with_one_stray_space_is_read_when_one_placement_of_its_cells_holds()
    {
        // As the 2018 report prints Micronesia: a country with no Professional staff, its total 0 one space further
        // right than its neighbours' ("Mauritania" has ten spaces before it, this row eleven).
        var table = Table(Reader.Read(Load(2018)), StaffTableIds.ProfessionalAnnex);
        var row = Assert.Single(table.Rows, r => r.Iso3 == "FSM");
        Assert.Equal(3296, row.Line);
        Assert.Equal([null, null, null, null, null, null, null, null, null, null, 0m, null, null], table.Cells(row));
    }

    [Fact]
    public void Rows_with_more_stray_spaces_than_first_searched_are_read_by_their_identities_and_the_column_totals()
    {
        // Another extraction of a 2018-style annex: a wrapped name's figure line gained two spaces of indent, a cell
        // shifted by one space and a trailing space (four stray spaces, one more than a row is first searched for), and
        // "8 114" may be one number. No reading with three or fewer keeps the row's identities; with four, 56 do, and the
        // column totals leave one. Chad's four stray spaces (one before each of its first two figures, two after its
        // last) leave it no reading at all with three.
        var table = Assert.Single(Reader.Read(Synthetic([
            .. AnnexHead,
            "Afghanistan      2 2 4  2 10 1 9",
            "United States of",
            "America",
            "     10 20  30 46   8 114 60 54 ",
            "Chad         1    1 1   ",
            "Total    10 20 32 48 5  10 125 62 63",
            "",
            AnnexLegend])));
        Assert.Empty(table.Unresolved);
        var america = Assert.Single(table.Rows, r => r.Iso3 == "USA");
        Assert.Equal(11, america.Line);
        Assert.Equal([null, null, null, 10m, 20m, 30m, 46m, null, null, 8m, 114m, 60m, 54m], table.Cells(america));
        Assert.Equal([null, null, null, null, null, null, null, 1m, null, null, 1m, 1m, null], table.Cells(Assert.Single(table.Rows, r => r.Iso3 == "TCD")));
        Assert.Empty(table.Arithmetic.SelectMany(i => i.Check(table, "synthetic")));
    }

    [Fact]
    public void A_single_space_row_ending_in_empty_cells_that_breaks_its_identities_is_not_taken_for_the_reports_error()
    {
        // As 2017's tab layout prints Burundi, its cells one column to the left of where they add up (3 + 1 is not 2):
        // a cell lost further left and one gained at the end, in a tab row or a single-space one alike. Its figures can
        // stand in too many places to say which; it is unresolved, and no row sum is reported against the report.
        var table = Assert.Single(Reader.Read(Synthetic([
            .. AnnexHead,
            "Afghanistan      2 2 4  2 10 1 9",
            "Burundi       3  1 4 2 2 ",
            "",
            AnnexLegend])));
        var burundi = Assert.Single(table.Unresolved);
        Assert.Equal(9, burundi.Line);
        Assert.StartsWith("its cells as printed break every identity of the row", burundi.Reason, StringComparison.Ordinal);
        Assert.Empty(table.Arithmetic.SelectMany(i => i.Check(table, "synthetic")));
    }

    [Fact]
    public void A_label_wrapped_with_its_figures_on_its_first_line_is_read_whole()
    {
        // Another extraction wraps a long label after its figures: the words that follow make it a row Almanac knows.
        var document = Synthetic([
            "Table 1. Number of men and women at the international Professional level (2016–2018)",
            "",
            " 2016 2017 2018",
            "",
            "Men 662 788 928",
            "Women 531 679 841",
            "Total 1 193 1 467 1 769",
            "Percentage of 45% 46% 48%",
            "women",
            "",
            .. AnnexHead,
            "Afghanistan      2 2 4  2 10 1 9",
            "Bolivia (Plurinational       3 4 1 1 9 2 7",
            "State of)",
            "Total      2 5 8 1 3 19 3 16",
            "",
            AnnexLegend]);
        var tables = Reader.Read(document);
        var table1 = Table(tables, StaffTableIds.Table1);
        Assert.Empty(table1.Unresolved);
        var percentage = Assert.Single(table1.Rows, r => r.Label == "Percentage of women");
        Assert.Equal(8, percentage.Line);
        Assert.Equal([45m, 46m, 48m], table1.Cells(percentage));
        Assert.Empty(table1.Arithmetic.SelectMany(i => i.Check(table1, "synthetic")));
        var annex = Table(tables, StaffTableIds.ProfessionalAnnex);
        Assert.Empty(annex.Unresolved);
        var bolivia = Assert.Single(annex.Rows, r => r.Iso3 == "BOL");
        Assert.Equal((19, "Bolivia (Plurinational State of)"), (bolivia.Line, bolivia.Label));
        Assert.Equal(9m, annex.Cell(bolivia, "Total")!.Value.Value);
        Assert.Empty(annex.Arithmetic.SelectMany(i => i.Check(annex, "synthetic")));
    }

    [Fact]
    public void A_word_hyphenated_over_two_lines_is_whole_again_and_a_hyphenated_name_keeps_its_hyphen()
    {
        var document = Synthetic([
            "Table 1. Number of men and women at the international Professional level (2016–2018)",
            "",
            " 2016 2017 2018",
            "",
            "Men 662 788 928",
            "Women 531 679 841",
            "Total 1 193 1 467 1 769",
            "Percen-",
            "tage of women 45% 46% 48%",
            "",
            .. AnnexHead,
            "Afghan-",
            "istan      2 2 4  2 10 1 9",
            "Guinea-",
            "Bissau       3 4 1 1 9 2 7",
            "Total      2 5 8 1 3 19 3 16",
            "",
            AnnexLegend]);
        var tables = Reader.Read(document);
        var table1 = Table(tables, StaffTableIds.Table1);
        Assert.Empty(table1.Unresolved);
        Assert.Equal([45m, 46m, 48m], table1.Cells(Assert.Single(table1.Rows, r => r.Label == "Percentage of women")));
        var annex = Table(tables, StaffTableIds.ProfessionalAnnex);
        Assert.Empty(annex.Unresolved);
        Assert.Equal([("AFG", "Afghanistan"), ("GNB", "Guinea-Bissau")], annex.Rows.Where(r => r.Role == RowRole.Data).Select(r => (r.Iso3, r.Label)));
    }

    [Fact]
    public void A_compound_broken_at_its_hyphen_keeps_it_and_a_footnote_letter_leaves_a_known_label()
    {
        // "non-member" broken after its own hyphen is still "non-member", not "nonmember"; the words held below the row
        // above are not given to it when the row below is no row Almanac knows without them. "Men a": a footnote letter.
        var document = Synthetic(
            "Table 3. Number of men and women in the P-5 and higher category (2014–2018)",
            "",
            " 2016 2017 2018",
            "",
            "Men a 87 88 91",
            "Women 39 47 54",
            "Total 126 135 145",
            "",
            "Annex IV",
            "",
            "Number of Member State and non-member State nationalities",
            "represented among staff in the Professional category",
            "",
            " 2016 2017 2018",
            "",
            "Number of Member State natio-",
            "nalities 117 124 125",
            "",
            "Number of non-",
            "member State nationalities 10 7 9",
            "",
            "Total nationali-",
            "ties represented 127 131 134");
        var tables = Reader.Read(document);
        var table3 = Table(tables, StaffTableIds.Table3);
        Assert.Empty(table3.Unresolved);
        Assert.Equal(["Men", "Women", "Total"], table3.Rows.Select(r => r.Label));
        Assert.Equal([87m, 88m, 91m], table3.Cells(table3.Rows[0]));
        var annex = Table(tables, StaffTableIds.NationalitiesAnnex);
        Assert.Empty(annex.Unresolved);
        Assert.Equal(["Number of Member State nationalities", "Number of non-member State nationalities", "Total nationalities represented"],
            annex.Rows.Select(r => r.Label));
        Assert.Equal([10m, 7m, 9m], annex.Cells(annex.Rows[1]));
        Assert.Empty(annex.Arithmetic.SelectMany(i => i.Check(annex, "synthetic")));
    }

    [Fact]
    public void Countries_named_without_figures_before_a_wrapped_name_or_the_total_are_rows_of_empty_cells()
    {
        // "Kiribati" prints no figure and the next name is hyphenated over two lines; "Zimbabwe" has no staff either
        // and stands last before the total.
        var document = Synthetic([
            .. AnnexHead,
            "Kenya      2 2 4  2 10 1 9",
            "",
            "Kiribati",
            "",
            "Kyrg-",
            "yzstan       3 4 1 1 9 2 7",
            "",
            "Zimbabwe",
            "",
            "Total      2 5 8 1 3 19 3 16",
            "",
            AnnexLegend]);
        var annex = Table(Reader.Read(document), StaffTableIds.ProfessionalAnnex);
        Assert.Empty(annex.Unresolved);
        Assert.Equal([("KEN", 8), ("KIR", 10), ("KGZ", 13), ("ZWE", 15), (null, 17)], annex.Rows.Select(r => (r.Iso3, r.Line)));
        Assert.All([annex.Rows[1], annex.Rows[3]], r => Assert.All(annex.Cells(r), c => Assert.Null(c)));
        Assert.Equal([null, null, null, null, null, null, 3m, 4m, 1m, 1m, 9m, 2m, 7m], annex.Cells(annex.Rows[2]));
        Assert.Empty(annex.Arithmetic.SelectMany(i => i.Check(annex, "synthetic")));
    }

    [Fact]
    public void A_stray_indent_and_footnote_marks_leave_a_row_its_label()
    {
        // Another extraction of the same page: a space before a label, a footnote mark after one. A line indented before
        // its first figure still has no label (its figures start at the first column).
        var document = Synthetic(
            "Table 1. Number of men and women at the international Professional level (2016–2018)",
            "",
            " 2016 2017 2018",
            "",
            " Men* 662 788 928",
            "",
            "Women¹ 531 679 841",
            "",
            "  Total 1 193 1 467 1 769",
            "",
            "Percentage of women 45% 46% 48%");
        var table = Assert.Single(Reader.Read(document));
        Assert.Empty(table.Unresolved);
        Assert.Equal(["Men", "Women", "Total", "Percentage of women"], table.Rows.Select(r => r.Label));
        Assert.Equal([1_193m, 1_467m, 1_769m], table.Cells(table.Rows[2]));
        Assert.Empty(table.Arithmetic.SelectMany(i => i.Check(table, "synthetic")));
    }

    [Fact]
    public void A_row_Almanac_cannot_map_is_unresolved_and_the_document_still_read()
    {
        // A row no staff table has ("Average age") and a name that is no country: each is one unresolved row with its
        // reason, not a refusal of the whole report.
        var document = Synthetic([
            "Table 1. Number of men and women at the international Professional level (2016–2018)",
            "",
            " 2016 2017 2018",
            "",
            "Men 662 788 928",
            "",
            "Women 531 679 841",
            "",
            "Total 1 193 1 467 1 769",
            "",
            "Average age 45 46 48",
            "",
            .. AnnexHead,
            "Afghanistan      2 2 4  2 10 1 9",
            "",
            "Page heading text      3 4 1 1 9 2 7",
            "",
            "Total      5 6 5 1 3 19 3 16",
            "",
            AnnexLegend]);
        var tables = Reader.Read(document);
        var table1 = Table(tables, StaffTableIds.Table1);
        var unmapped = Assert.Single(table1.Unresolved);
        Assert.Equal(11, unmapped.Line);
        Assert.Contains("'Average age' is not one Almanac knows how to read", unmapped.Reason, StringComparison.Ordinal);
        Assert.Equal(["Men", "Women", "Total"], table1.Rows.Select(r => r.Label));
        var annex = Table(tables, StaffTableIds.ProfessionalAnnex);
        var noCountry = Assert.Single(annex.Unresolved);
        Assert.Equal(22, noCountry.Line);
        Assert.Contains("'Page heading text' is not a country Almanac knows", noCountry.Reason, StringComparison.Ordinal);
        // The total's column sums are not checked without all of its parts (the reader's gap is not the report's).
        Assert.DoesNotContain(annex.Arithmetic, a => a is RowsSum);
        Assert.All(tables, t => Assert.NotNull(Reader.ToObservations(t, document)));
    }

    /// <summary>The nationalities table as the single-space layout prints it, its last line given: line 12.</summary>
    private static ReportTable NationalitiesTable(string lastLine) => Assert.Single(Reader.Read(Synthetic(
        "Number of Member State and non-member State nationalities",
        "represented among staff in the Professional category",
        "",
        " 2016 2017 2018",
        "",
        "Number of Member State nationalities 117 124 125",
        "",
        "Number of non-member State nationalities 10 7 9",
        "",
        "Total nationalities represented 127 131 134",
        "",
        lastLine)));

    [Fact]
    public void A_row_that_two_readings_fit_is_unresolved_not_guessed()
    {
        // "1 169" one number or two: both readings fill every column as the row above does, so its layout cannot tell.
        var table = NationalitiesTable("Number of Members States 166 1 169 172");
        Assert.Equal(3, table.Rows.Count);
        var unresolved = Assert.Single(table.Unresolved);
        Assert.Equal(12, unresolved.Line);
        Assert.Contains("2 readings", unresolved.Reason, StringComparison.Ordinal);
        Assert.Equal([127m, 131m, 134m], table.Cells(table.Rows[2]));
    }

    [Fact]
    public void A_row_no_total_decides_is_read_as_its_neighbours_are_laid_out()
    {
        // A stray space after the label: an empty first cell with "173 174" one number, or the space stray and three
        // figures. No total sums the row; the row above, of the same kind, fills every column, so does this one.
        var table = NationalitiesTable("Number of Member States  173 174 175");
        Assert.Empty(table.Unresolved);
        var states = table.Rows[^1];
        Assert.Equal((12, "Number of Member States"), (states.Line, states.Label));
        Assert.Equal([173m, 174m, 175m], table.Cells(states));
        Assert.All(states.Cells, c => Assert.True(c!.Value.Inferred));
    }

    [Fact]
    public void Ambiguous_total_rows_are_decided_by_their_parts()
    {
        var document = Synthetic(
            "Table 4. Increase/decrease in the number of international and national staff in 2018",
            "and previous years",
            "",
            "Category 1995 2005 2018",
            "",
            "International Professionals 222 667 1 769",
            "",
            "General Service and National Officers 1 434 4 730 10 904",
            "",
            "Total 1 656 5 397 12 673");
        var table = Assert.Single(Reader.Read(document));
        Assert.Equal(StaffTableIds.Table4, table.Id);
        Assert.Empty(table.Unresolved);
        Assert.Equal([222m, 667m, 1_769m], table.Cells(table.Rows[0]));
        Assert.True(table.Rows[0].Cells[0]!.Value.Inferred);
        Assert.Equal([1_434m, 4_730m, 10_904m], table.Cells(table.Rows[1]));
        Assert.Equal([1_656m, 5_397m, 12_673m], table.Cells(table.Rows[2]));
    }

    [Fact]
    public void A_title_without_headings_is_not_a_table_and_a_table_without_rows_is_an_error()
    {
        var notATable = Synthetic("Staff of the Professional category by nationality, grade and sex", "", "which the next annex gives in full.");
        Assert.Empty(Reader.Read(notATable));
        var noRows = Synthetic("Table 1. Number of men and women at the international Professional level", "", " 2014 2015 2016", "", "* Not including");
        var error = Assert.Throws<ReportFormatException>(() => Reader.Read(noRows));
        Assert.Equal(3, error.Line);
    }
}

/// <summary>Test helpers for rebuilt tables.</summary>
internal static class ReportTableTestExtensions
{
    public static decimal?[] Cells(this ReportTable table, ReportRow row) => [.. row.Cells.Select(c => c?.Value)];
}
