using System.Globalization;
using Almanac.Domain;
using Almanac.Domain.Observations;
using Almanac.Domain.Publishing;
using Almanac.Domain.Tables;
using Almanac.Publish.Publications.OpenData;
using CsvHelper;

namespace Almanac.Publish.Tests.OpenData;

public sealed class HxlCsvWriterTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Each_table_becomes_a_long_CSV_with_an_HXL_row_and_the_index_lists_them()
    {
        using var files = new OpenDataTestFiles();
        var written = await new HxlCsvWriter().WriteAsync(SamplePublication.Create(), files.Directory, Ct);

        Assert.Equal([files.PathOf("table-1.csv"), files.PathOf("annex-ii.csv"), files.PathOf("index.csv")], written);
        Assert.Equal(
            """
            row,column,indicator,year,category,sex,value,unit,source
            #meta+row+i_en,#meta+column+i_en,#indicator+code,#date+year,#meta+category,#meta+sex,#indicator+value+num,#indicator+unit,#meta+source
            Men,2022,staff.headcount,2022,PH,M,1282,count,"annual-report-2023.txt, lines 630"
            Men,2023,staff.headcount,2023,PH,M,1343,count,synthetic-staff-2023.csv (imported 2026-11-23)
            Women,2022,staff.headcount,2022,PH,F,1292,count,"annual-report-2023.txt, lines 631"
            Women,2023,staff.headcount,2023,PH,F,1350,count,synthetic-staff-2023.csv (imported 2026-11-23)
            Total,2022,staff.headcount,2022,PH,,2575,count,"annual-report-2023.txt, lines 632"
            Total,2023,staff.headcount,2023,PH,,2693,count,synthetic-staff-2023.csv (imported 2026-11-23)
            Percentage of women,2022,staff.headcount.share,2022,PH,F,50,percent,"annual-report-2023.txt, lines 631, 632; synthetic-staff-2023.csv (imported 2026-11-23)"
            Percentage of women,2023,staff.headcount.share,2023,PH,F,50,percent,"annual-report-2023.txt, lines 631, 632; synthetic-staff-2023.csv (imported 2026-11-23)"

            """.ReplaceLineEndings("\r\n"),
            files.Text("table-1.csv"));
        Assert.Equal(
            """
            file,table,title
            #meta+url,#meta+id,#meta+title+i_en
            table-1.csv,table-1,Table 1. Number of men and women in the Professional and higher categories (2022–2023)
            annex-ii.csv,annex-ii,"Annex II. General Service staff and National Officers worldwide by nationality, grade and sex"

            """.ReplaceLineEndings("\r\n"),
            files.Text("index.csv"));
    }

    [Fact]
    public async Task Nationalities_carry_the_ISO3_hashtag_and_empty_cells_and_computed_changes_are_left_out()
    {
        using var files = new OpenDataTestFiles();
        await new HxlCsvWriter().WriteAsync(SamplePublication.Create(), files.Directory, Ct);

        var rows = ReadBack(files.PathOf("annex-ii.csv"));
        Assert.Equal(["row", "column", "indicator", "year", "category", "grade", "nationality", "value", "unit", "source"], rows[0]);
        Assert.Equal(
            ["#meta+row+i_en", "#meta+column+i_en", "#indicator+code", "#date+year", "#meta+category", "#meta+grade", "#country+code+v_iso3+nationality",
             "#indicator+value+num", "#indicator+unit", "#meta+source"],
            rows[1]);
        // Afghanistan has no G-2 staff (an empty cell), and the change row has values but no coordinates.
        Assert.Equal(
            ["Afghanistan|G-1|G-1|AFG|3", "Afghanistan|Total||AFG|3", "Côte d'Ivoire|G-1|G-1|CIV|1", "Côte d'Ivoire|G-2|G-2|CIV|1250",
             "Côte d'Ivoire|Total||CIV|1251", "Total|G-1|G-1|ALL|4", "Total|G-2|G-2|ALL|1250", "Total|Total||ALL|1254"],
            rows.Skip(2).Select(r => $"{r[0]}|{r[1]}|{r[5]}|{r[6]}|{r[7]}"));
        Assert.All(rows, r => Assert.Equal(rows[0].Length, r.Length));
    }

    [Fact]
    public async Task Labels_are_tagged_with_the_publication_language_and_numbers_stay_invariant()
    {
        using var files = new OpenDataTestFiles();
        var french = SamplePublication.Create("fr");
        var table = new PublishedTable("t", "Tableau", "", ["2023"],
        [
            new("Femmes", null, RowRole.Data, [Cell(2994.0000m, CellKind.Count, ("sex", "F"))]),
            new("Part", null, RowRole.Derived, [Cell(47.50m, CellKind.Percent, ("sex", "F"))]),
            new("Écart", null, RowRole.Derived, [Cell(-3m, CellKind.PercentagePointChange, ("sex", "F"))]),
        ], [], "t.csv");
        await new HxlCsvWriter().WriteAsync(french with { Sections = [new("s", "S", [new TableBlock(table)])] }, files.Directory, Ct);

        var rows = ReadBack(files.PathOf("t.csv"));
        Assert.StartsWith("#meta+row+i_fr", rows[1][0], StringComparison.Ordinal);
        Assert.Equal(["2994|count", "47.5|percent", "-3|percentage points"], rows.Skip(2).Select(r => $"{r[5]}|{r[6]}"));
    }

    [Fact]
    public async Task A_formula_like_label_or_member_is_written_as_text_while_negative_numbers_stay_numbers()
    {
        using var files = new OpenDataTestFiles();
        var table = new PublishedTable("t", "Injected", "", ["=2023+1"],
        [
            new("=HYPERLINK(\"http://evil.example\",\"Women\")", null, RowRole.Data, [Cell(-3m, CellKind.PercentagePointChange, ("sex", "@F"))]),
            new("-Men", null, RowRole.Data, [Cell(-0.5m, CellKind.PercentagePointChange, ("sex", "-2+3+cmd|' /C calc'!A0"))]),
        ], [], "t.csv");
        var publication = SamplePublication.Create() with { Sections = [new("s", "S", [new TableBlock(table)])] };
        await new HxlCsvWriter().WriteAsync(publication, files.Directory, Ct);
        await new SdmxCsvWriter().WriteAsync(publication, files.Directory, Ct);

        var rows = ReadBack(files.PathOf("t.csv"));
        Assert.Equal(
            ["'=HYPERLINK(\"http://evil.example\",\"Women\")|'=2023+1|'@F|-3", "'-Men|'=2023+1|'-2+3+cmd|' /C calc'!A0|-0.5"],
            rows.Skip(2).Select(r => $"{r[0]}|{r[1]}|{r[4]}|{r[5]}"));
        // The report's HTML embeds the same text as the table's download.
        Assert.Equal(files.Text("t.csv"), HxlCsvWriter.TableText(publication, table));
        var sdmx = ReadBack(files.PathOf("sdmx-STAFF_HEADCOUNT.csv"));
        // SDMX-CSV carries codes, not labels: a code never opens as a formula, reads back to the member, and the values stay numbers.
        Assert.All(sdmx.Skip(1), r => Assert.DoesNotContain(r[3][0], "=+-@\t\r'"));
        Assert.Equal(["-2+3+cmd|' /C calc'!A0|-0.5", "@F|-3"], sdmx.Skip(1).Select(r => $"{Almanac.Domain.Publishing.SdmxIds.Member(r[3])}|{r[5]}"));
    }

    [Fact]
    public async Task The_same_publication_gives_the_same_bytes()
    {
        using var first = new OpenDataTestFiles();
        using var second = new OpenDataTestFiles();
        var a = await new HxlCsvWriter().WriteAsync(SamplePublication.Create(), first.Directory, Ct);
        var b = await new HxlCsvWriter().WriteAsync(SamplePublication.Create(), second.Directory, Ct);
        Assert.Equal(a.Select(Path.GetFileName), b.Select(Path.GetFileName));
        Assert.All(a.Zip(b), pair => Assert.Equal(File.ReadAllBytes(pair.First), File.ReadAllBytes(pair.Second)));
    }

    [Theory]
    [InlineData("../escape.csv", "not a plain file name")]
    [InlineData("index.csv", "would both be written to 'index.csv'")]
    [InlineData("table-1.csv", "would both be written to 'table-1.csv'")]
    public async Task A_data_file_outside_the_folder_or_taken_twice_is_refused(string dataFile, string problem)
    {
        using var files = new OpenDataTestFiles();
        var extra = new PublishedTable("extra-table", "Extra", "", ["2023"], [new("Women", null, RowRole.Data, [Cell(1, CellKind.Count, ("sex", "F"))])], [], dataFile);
        var error = await Assert.ThrowsAsync<AlmanacException>(() =>
            new HxlCsvWriter().WriteAsync(OpenDataTestFiles.WithTables(SamplePublication.Create(), extra), files.Directory, Ct));
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.Contains("'extra-table'", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(files.Directory));
    }

    [Fact]
    public async Task A_trace_naming_a_source_the_publication_does_not_list_is_an_error_naming_the_cell()
    {
        using var files = new OpenDataTestFiles();
        var broken = new PublishedCell(5, CellKind.Count, new FigureCoordinates(Measures.StaffHeadcount, 2023, DimensionKey.Of(("sex", "F"))), new Trace([7], []));
        var table = new PublishedTable("broken", "Broken", "", ["2023"], [new("Women", null, RowRole.Data, [broken])], [], "broken.csv");
        var error = await Assert.ThrowsAsync<AlmanacException>(() =>
            new HxlCsvWriter().WriteAsync(OpenDataTestFiles.WithTables(SamplePublication.Create(), table), files.Directory, Ct));
        Assert.Equal("Table 'broken', row 'Women', column '2023': the figure's trace names source 7, but the publication lists 2 sources.", error.Message);
        Assert.False(File.Exists(files.PathOf("broken.csv")));
    }

    [Theory]
    [InlineData("nationality", "#country+code+v_iso3+nationality")]
    [InlineData("country", "#country+code+v_iso3")]
    [InlineData("sex", "#meta+sex")]
    [InlineData("duty-station", "#meta+duty_station")]
    [InlineData("2023 budget", "#meta+x2023_budget")]
    public void Dimensions_map_to_HXL_hashtags(string dimension, string hashtag) => Assert.Equal(hashtag, HxlCsvWriter.Hashtag(dimension));

    private static PublishedCell Cell(decimal value, CellKind kind, params (string, string)[] members) =>
        new(value, kind, new FigureCoordinates("staff.headcount", 2023, DimensionKey.Of(members)), new Trace([0], []));

    private static List<string[]> ReadBack(string path)
    {
        using var reader = new StreamReader(path);
        using var csv = new CsvParser(reader, CultureInfo.InvariantCulture);
        var rows = new List<string[]>();
        while (csv.Read()) rows.Add(csv.Record!);
        return rows;
    }
}
