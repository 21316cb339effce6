using Almanac.Ingest.Reports;

namespace Almanac.Ingest.Tests.Reports;

/// <summary>Reading printed numbers and the ways a space-separated row can be cut into cells.</summary>
public sealed class ReportTextTests
{
    [Theory]
    [InlineData("2 994", 2994)]
    [InlineData("2,863,504,889", 2863504889)]
    [InlineData("*160,763,674", 160763674)]
    [InlineData("47%", 47)]
    [InlineData("+26", 26)]
    [InlineData("-6", -6)]
    [InlineData("–15%", -15)]
    [InlineData("0", 0)]
    public void Printed_numbers_read_as_printed(string text, decimal expected)
    {
        Assert.Equal(PrintedNumber.Shape.Number, PrintedNumber.TryParse(text, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("-", PrintedNumber.Shape.Dash)]
    [InlineData("—", PrintedNumber.Shape.Dash)]
    [InlineData("N/A", PrintedNumber.Shape.NotApplicable)]
    [InlineData("Total", PrintedNumber.Shape.NotANumber)]
    [InlineData("1 77", PrintedNumber.Shape.NotANumber)]
    [InlineData("12 3456", PrintedNumber.Shape.NotANumber)]
    [InlineData("D-1", PrintedNumber.Shape.NotANumber)]
    [InlineData("", PrintedNumber.Shape.NotANumber)]
    public void Other_cells_are_told_apart(string text, PrintedNumber.Shape expected) =>
        Assert.Equal(expected, PrintedNumber.TryParse(text, out _));

    [Fact]
    public void A_totals_row_with_thousands_has_one_reading_with_the_right_number_of_cells()
    {
        // 2018 Table 1: "Total 936 1 062 1 193 1 467 1 769" — five years.
        var readings = RowReadings.Enumerate("936 1 062 1 193 1 467 1 769".Split(' '), 5);
        var reading = Assert.Single(readings);
        Assert.Equal([936m, 1062m, 1193m, 1467m, 1769m], reading);
    }

    [Fact]
    public void A_group_with_a_leading_zero_must_be_a_thousands_group()
    {
        var readings = RowReadings.Enumerate(["1", "062", "5"], 2);
        Assert.Equal([1062m, 5m], Assert.Single(readings));
        Assert.Empty(RowReadings.Enumerate(["1", "062", "5"], 3));
    }

    [Fact]
    public void Empty_cells_are_kept_in_place_and_cannot_join_a_number()
    {
        // "Angola      1 1        2 1 1": the extra spaces are empty cells.
        var readings = RowReadings.Enumerate(["", "", "", "", "1", "1", "", "", "", "", "", "", "", "2", "1", "1"], 16);
        var reading = Assert.Single(readings);
        Assert.Equal(4, reading.TakeWhile(c => c is null).Count());
        Assert.Equal(2m, reading[13]);
    }

    [Fact]
    public void A_stray_space_is_dropped_only_when_the_row_reads_no_way_as_printed()
    {
        // 2017 returns under stray spaces: "Afghanistan 4 158  7 102", two columns.
        Assert.Empty(RowReadings.Enumerate(["4", "158", "", "7", "102"], 2));
        Assert.Equal([4_158m, 7_102m], Assert.Single(RowReadings.EnumerateWithStraySpaces(["4", "158", "", "7", "102"], 2, 3)));
        // "Niger 6 467 " reads as printed, an empty 2016 cell: its space is not taken for a stray one.
        Assert.Equal([6_467m, null], Assert.Single(RowReadings.EnumerateWithStraySpaces(["6", "467", ""], 2, 3)));
        Assert.Empty(RowReadings.EnumerateWithStraySpaces(["", "", "", "1"], 1, 2));
    }

    [Fact]
    public void Arithmetic_decides_between_readings_and_marks_the_cells_it_placed()
    {
        // Three tokens, two cells: 12 345 | 678 or 12 | 345 678; only the first makes parts (12 345) + 0 ... fit a sum.
        var readings = RowReadings.Enumerate(["12", "345", "678"], 2);
        Assert.Equal(2, readings.Count);
        var chosen = RowReadings.Resolve(readings, r => r[0] > r[1]);
        Assert.NotNull(chosen);
        Assert.Equal((12345m, true), (chosen[0]!.Value.Value, chosen[0]!.Value.Inferred));
        Assert.Equal((678m, true), (chosen[1]!.Value.Value, chosen[1]!.Value.Inferred));

        Assert.Null(RowReadings.Resolve(readings, _ => true));
        Assert.Null(RowReadings.Resolve(readings, _ => false));
    }

    [Fact]
    public void A_row_read_one_way_only_has_no_inferred_cells()
    {
        var chosen = RowReadings.Resolve(RowReadings.Enumerate(["936", "1", "062"], 2), _ => true);
        Assert.All(chosen!, c => Assert.False(c!.Value.Inferred));
    }

    [Theory]
    [InlineData("<b>Total</b>\t<b>2 008</b>", "Total\t2 008")]
    [InlineData("**Annex I**  ", "Annex I")]
    [InlineData("## Annex II", "Annex II")]
    [InlineData("Angola      1 1        2 1 1 ", "Angola      1 1        2 1 1")]
    [InlineData("Antigua and Barbuda               0   ", "Antigua and Barbuda               0  ")]
    public void Cleaning_removes_markup_and_the_extraction_s_trailing_space_but_keeps_empty_cells(string raw, string expected) =>
        Assert.Equal(expected, ReportDocument.Clean(raw));

    [Fact]
    public void One_splitter_cuts_both_layouts_into_cells()
    {
        // Tabs: whole cells, trimmed, empty ones kept. Spaces: one token per space, each extra space an empty cell.
        Assert.Equal(["Men", "1 062", "", "1 195"], ReportLine.Cells("Men\t1 062\t\t 1 195 ", SpaceLayout.SingleSpaces));
        Assert.Equal(["Angola", "", "", "1", "1"], ReportLine.Cells("Angola   1 1", SpaceLayout.SingleSpaces));
        // Column gaps (pdftotext -layout): two or more spaces end a cell, one space stays in it.
        Assert.Equal(["Angola", "1", "1 062"], ReportLine.Cells("Angola   1  1 062", SpaceLayout.ColumnGaps));
        Assert.Equal(["1", "2"], ReportLine.Cells("     1     2", SpaceLayout.ColumnGaps));
        Assert.True(ReportLine.IsTabbed("Men\t1"));
        Assert.False(ReportLine.IsTabbed("Angola   1 1"));
        // Headings keep a tab cell's words together; words split everything.
        Assert.Equal(["", "Total expenditure", "2017"], ReportLine.Headings("\tTotal expenditure\t2017"));
        Assert.Equal(["2017", "2016", "USD", "million"], ReportLine.Headings("2017  2016 USD million"));
        Assert.Equal(["Total", "expenditure", "2017"], ReportLine.Words("\tTotal expenditure\t2017"));
        Assert.Equal("Venezuela (Bolivarian Republic of)", ReportLine.Collapse("  Venezuela\t (Bolivarian   Republic of) "));
    }

    [Fact]
    public void Column_gapped_cells_go_under_the_heading_they_stand_under()
    {
        const string header = "                 E-1   E-2   D-2   Total     F     M";
        const string row = "Viet Nam                           2               2";
        var anchors = ReportLine.Anchors(["Country of nationality        Total   Sex", header], ["E-1", "E-2", "D-2", "Total", "F", "M"])!;
        Assert.Equal(17, anchors[0].Start);
        var pieces = ReportLine.Pieces(row);
        Assert.Equal(["Viet Nam", "2", "2"], pieces.Select(p => p.Text));
        Assert.Equal(["", "", "", "2", "", "2"], ReportLine.UnderAnchors(pieces.Skip(1).ToList(), anchors));
        // A heading not printed on the line: no anchors; two pieces under one heading: no placement.
        Assert.Null(ReportLine.Anchors([header], ["E-1", "P-5"]));
        // A heading above the others: found on its own line, where it stands left to right.
        Assert.Equal(36, ReportLine.Anchors(["                                    Total", "  E-1   E-2"], ["E-1", "E-2", "Total"])![2].Start);
        Assert.Null(ReportLine.UnderAnchors(ReportLine.Pieces("                 1  2"), anchors));
    }
}
