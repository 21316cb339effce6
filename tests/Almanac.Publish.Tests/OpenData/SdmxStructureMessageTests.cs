using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Almanac.Domain;
using Almanac.Domain.Observations;
using Almanac.Domain.Publishing;
using Almanac.Domain.Tables;
using Almanac.Publish.Publications.OpenData;
using Almanac.Tests;

namespace Almanac.Publish.Tests.OpenData;

public sealed partial class SdmxStructureMessageTests
{
    private static readonly XNamespace Str = "http://www.sdmx.org/resources/sdmxml/schemas/v3_0/structure";
    private static readonly XNamespace Com = "http://www.sdmx.org/resources/sdmxml/schemas/v3_0/common";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // The schema's IDType (SDMXCommonReferences.xsd), whole.
    [GeneratedRegex(@"^[A-Za-z0-9_@$\-]+$")]
    private static partial Regex SdmxId();

    /// <summary>
    /// The sample publication with a Table 3 figure, women at "P-5+", the grade no SDMX id may spell, and the Member States,
    /// a figure broken down by nothing.
    /// </summary>
    private static Publication WithP5AndHigher()
    {
        var cell = new PublishedCell(92, CellKind.Count, new FigureCoordinates("staff.headcount", 2023, DimensionKey.Of(("category", "PH"), ("grade", "P-5+"), ("sex", "F"))), new Trace([], []));
        var states = new PublishedCell(175, CellKind.Count, new FigureCoordinates("organization.member-states", 2023, DimensionKey.Of()), new Trace([], []));
        var table = new PublishedTable("table-3", "Table 3", "", ["2023"], [new("P-5 and above", null, RowRole.Data, [cell]), new("Member States", null, RowRole.Data, [states])], [], "table-3.csv");
        return OpenDataTestFiles.WithTables(SamplePublication.Create(), table);
    }

    [Fact]
    public async Task The_structure_message_beside_the_files_is_valid_SDMX_ML_3_and_defines_every_code_they_use()
    {
        var schemas = SharedSchemas.Load("reference/sdmx-ml-3.0/schemas/SDMXMessage.xsd");
        using var files = new OpenDataTestFiles();
        await new SdmxCsvWriter().WriteAsync(WithP5AndHigher(), files.Directory, Ct);

        var bytes = File.ReadAllBytes(files.PathOf("sdmx-structure.xml"));
        Assert.Empty(SharedSchemas.Problems(bytes, schemas));
        var structures = XDocument.Load(new MemoryStream(bytes)).Root!;
        Assert.Equal(["ORGANIZATION_MEMBER_STATES", "STAFF_HEADCOUNT", "STAFF_HEADCOUNT_SHARE"], structures.Descendants(Str + "Dataflow").Select(d => (string)d.Attribute("id")!));
        Assert.Equal(["ALMANAC"], structures.Descendants(Str + "Agency").Select(a => (string)a.Attribute("id")!));
        Assert.Equal(["CATEGORY", "FREQ", "GRADE", "NATIONALITY", "SEX", "TIME_PERIOD", "OBS_VALUE"], structures.Descendants(Str + "Concept").Select(c => (string)c.Attribute("id")!));
        // P-5+ is the code P-5$002B, named as printed.
        var grades = structures.Descendants(Str + "Codelist").Single(c => (string?)c.Attribute("id") == "CL_GRADE");
        var p5 = grades.Elements(Str + "Code").Single(c => (string?)c.Element(Com + "Name") == "P-5+");
        Assert.Equal("P-5$002B", (string?)p5.Attribute("id"));

        // Every code of every data file is in its dimension's codelist, and every id matches the schema's pattern.
        var codelists = structures.Descendants(Str + "Codelist").ToDictionary(c => ((string)c.Attribute("id")!)[3..], c => c.Elements(Str + "Code").Select(x => (string)x.Attribute("id")!).ToHashSet());
        foreach (var file in Directory.GetFiles(files.Directory, "sdmx-*.csv"))
        {
            var lines = File.ReadAllLines(file).Select(l => l.Split(',')).ToList();
            for (var column = 3; column < lines[0].Length - 2; column++)
            {
                foreach (var code in lines.Skip(1).Select(l => l[column]))
                {
                    Assert.Matches(SdmxId(), code);
                    Assert.Contains(code, codelists[lines[0][column]]);
                }
            }
        }
        Assert.Contains("dataflow,ALMANAC:STAFF_HEADCOUNT(1.0),I,PH,P-5$002B,_T,F,2023,92", files.Text("sdmx-STAFF_HEADCOUNT.csv"), StringComparison.Ordinal);
        // SDMX asks every data structure for a dimension besides time: a figure broken down by nothing is annual.
        Assert.Equal("STRUCTURE,STRUCTURE_ID,ACTION,FREQ,TIME_PERIOD,OBS_VALUE\r\ndataflow,ALMANAC:ORGANIZATION_MEMBER_STATES(1.0),I,A,2023,175\r\n",
            files.Text("sdmx-ORGANIZATION_MEMBER_STATES.csv"));

        // The validation can fail: a code spelled as printed is refused by the same schema.
        var broken = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(bytes).Replace("id=\"P-5$002B\"", "id=\"P-5+\"", StringComparison.Ordinal));
        Assert.Contains(SharedSchemas.Problems(broken, schemas), p => p.Contains("P-5+", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_same_publication_gives_the_same_structure_bytes()
    {
        using var first = new OpenDataTestFiles();
        using var second = new OpenDataTestFiles();
        await new SdmxCsvWriter().WriteAsync(WithP5AndHigher(), first.Directory, Ct);
        await new SdmxCsvWriter().WriteAsync(WithP5AndHigher(), second.Directory, Ct);
        Assert.Equal(File.ReadAllBytes(first.PathOf("sdmx-structure.xml")), File.ReadAllBytes(second.PathOf("sdmx-structure.xml")));
    }

    [Theory]
    [InlineData("P-5+", "P-5$002B")]
    [InlineData("G-1", "G-1")]
    [InlineData("AFG", "AFG")]
    [InlineData("_T", "$005FT")]
    [InlineData("-5", "$002D5")]
    [InlineData("@home", "$0040home")]
    [InlineData("a$b", "a$0024b")]
    [InlineData("observer+non-member+pseudo", "observer$002Bnon-member$002Bpseudo")]
    [InlineData("Côte d'Ivoire", "C$00F4te$0020d$0027Ivoire")]
    public void A_member_has_one_valid_code_that_reads_back_to_it(string member, string code)
    {
        Assert.Equal(code, SdmxIds.Code(member));
        Assert.Matches(SdmxId(), code);
        Assert.Equal(member, SdmxIds.Member(code));
    }

    [Theory]
    [InlineData("P-5+")]
    [InlineData("$002b")]
    [InlineData("$0041")]
    [InlineData("A$00")]
    [InlineData("$XYZW")]
    [InlineData("_T")]
    [InlineData("")]
    public void A_code_the_rule_does_not_write_reads_back_to_no_member(string code) => Assert.Null(SdmxIds.Member(code));

    [Fact]
    public void An_indicator_that_gives_no_dataflow_id_is_refused_naming_it()
    {
        var error = Assert.Throws<AlmanacException>(() => SdmxIds.Dataflow("_budget"));
        Assert.Equal("The indicator '_budget' gives no SDMX id: it needs to start with a letter.", error.Message);
    }
}
