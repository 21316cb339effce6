using Almanac.Domain;
using Almanac.Domain.Observations;
using Almanac.Domain.Publishing;
using Almanac.Domain.Tables;
using Almanac.Publish.Publications.OpenData;

namespace Almanac.Publish.Tests.OpenData;

public sealed class SdmxCsvWriterTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Each_indicator_becomes_a_dataflow_with_every_figure_once_and_totals_as_T()
    {
        using var files = new OpenDataTestFiles();
        var written = await new SdmxCsvWriter().WriteAsync(SamplePublication.Create(), files.Directory, Ct);

        Assert.Equal([files.PathOf("sdmx-STAFF_HEADCOUNT.csv"), files.PathOf("sdmx-STAFF_HEADCOUNT_SHARE.csv"), files.PathOf("sdmx-structure.xml")], written);
        Assert.Equal(
            """
            STRUCTURE,STRUCTURE_ID,ACTION,CATEGORY,GRADE,NATIONALITY,SEX,TIME_PERIOD,OBS_VALUE
            dataflow,ALMANAC:STAFF_HEADCOUNT(1.0),I,GS,G-1,AFG,_T,2023,3
            dataflow,ALMANAC:STAFF_HEADCOUNT(1.0),I,GS,G-1,ALL,_T,2023,4
            dataflow,ALMANAC:STAFF_HEADCOUNT(1.0),I,GS,G-1,CIV,_T,2023,1
            dataflow,ALMANAC:STAFF_HEADCOUNT(1.0),I,GS,G-2,ALL,_T,2023,1250
            dataflow,ALMANAC:STAFF_HEADCOUNT(1.0),I,GS,G-2,CIV,_T,2023,1250
            dataflow,ALMANAC:STAFF_HEADCOUNT(1.0),I,GS,_T,AFG,_T,2023,3
            dataflow,ALMANAC:STAFF_HEADCOUNT(1.0),I,GS,_T,ALL,_T,2023,1254
            dataflow,ALMANAC:STAFF_HEADCOUNT(1.0),I,GS,_T,CIV,_T,2023,1251
            dataflow,ALMANAC:STAFF_HEADCOUNT(1.0),I,PH,_T,_T,F,2022,1292
            dataflow,ALMANAC:STAFF_HEADCOUNT(1.0),I,PH,_T,_T,F,2023,1350
            dataflow,ALMANAC:STAFF_HEADCOUNT(1.0),I,PH,_T,_T,M,2022,1282
            dataflow,ALMANAC:STAFF_HEADCOUNT(1.0),I,PH,_T,_T,M,2023,1343
            dataflow,ALMANAC:STAFF_HEADCOUNT(1.0),I,PH,_T,_T,_T,2022,2575
            dataflow,ALMANAC:STAFF_HEADCOUNT(1.0),I,PH,_T,_T,_T,2023,2693

            """.ReplaceLineEndings("\r\n"),
            files.Text("sdmx-STAFF_HEADCOUNT.csv"));
        Assert.Equal(
            """
            STRUCTURE,STRUCTURE_ID,ACTION,CATEGORY,SEX,TIME_PERIOD,OBS_VALUE
            dataflow,ALMANAC:STAFF_HEADCOUNT_SHARE(1.0),I,PH,F,2022,50
            dataflow,ALMANAC:STAFF_HEADCOUNT_SHARE(1.0),I,PH,F,2023,50

            """.ReplaceLineEndings("\r\n"),
            files.Text("sdmx-STAFF_HEADCOUNT_SHARE.csv"));
    }

    [Fact]
    public async Task A_figure_printed_by_two_tables_is_written_once()
    {
        using var files = new OpenDataTestFiles();
        var sample = SamplePublication.Create();
        var again = sample.Tables.First() with { Id = "table-1-again", DataFile = "table-1-again.csv" };
        await new SdmxCsvWriter().WriteAsync(OpenDataTestFiles.WithTables(sample, again), files.Directory, Ct);

        var lines = files.Text("sdmx-STAFF_HEADCOUNT.csv").Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1 + 14, lines.Length);
        Assert.Equal(lines.Length, lines.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task Two_tables_giving_one_figure_different_values_is_an_error_naming_both()
    {
        using var files = new OpenDataTestFiles();
        var sample = SamplePublication.Create();
        var table1 = sample.Tables.First();
        var women = table1.Rows[1];
        var misprinted = table1 with
        {
            Id = "table-9",
            DataFile = "table-9.csv",
            Rows = [women with { Cells = [women.Cells[0], women.Cells[1] with { Value = 1351 }] }],
        };
        var error = await Assert.ThrowsAsync<AlmanacException>(() =>
            new SdmxCsvWriter().WriteAsync(OpenDataTestFiles.WithTables(sample, misprinted), files.Directory, Ct));

        Assert.Equal(
            "staff.headcount for 2023 (category=PH;sex=F) is 1350 in table 'table-1' but 1351 in table 'table-9': one figure cannot be published with two values.",
            error.Message);
        Assert.Empty(Directory.EnumerateFiles(files.Directory));
    }

    [Theory]
    [InlineData("staff.headcount", "ALMANAC:STAFF_HEADCOUNT(1.0)")]
    [InlineData("organization.member-states", "ALMANAC:ORGANIZATION_MEMBER_STATES(1.0)")]
    public void Dataflow_ids_come_from_the_indicator(string indicator, string structureId) =>
        Assert.Equal(structureId, SdmxCsvWriter.StructureId(indicator));

    [Fact]
    public void An_indicator_that_gives_no_id_is_refused()
    {
        var error = Assert.Throws<AlmanacException>(() => SdmxCsvWriter.StructureId("2023.budget"));
        Assert.Contains("'2023.budget'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dimensions_that_differ_only_by_case_are_refused()
    {
        using var files = new OpenDataTestFiles();
        var cell = new PublishedCell(1, CellKind.Count, new FigureCoordinates("staff.headcount", 2023, DimensionKey.Of(("sex", "F"), ("SEX", "F"))), new Trace([], []));
        var table = new PublishedTable("t", "T", "", ["2023"], [new("Women", null, RowRole.Data, [cell])], [], "t.csv");
        var sample = SamplePublication.Create();
        var error = await Assert.ThrowsAsync<AlmanacException>(() =>
            new SdmxCsvWriter().WriteAsync(sample with { Sections = [new("s", "S", [new TableBlock(table)])] }, files.Directory, Ct));
        Assert.Contains("would both be the SDMX column SEX", error.Message, StringComparison.Ordinal);
    }
}
