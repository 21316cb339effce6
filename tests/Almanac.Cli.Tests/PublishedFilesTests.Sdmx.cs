using System.Xml.Linq;
using Almanac.Domain.Publishing;
using Almanac.Store;
using Almanac.Tests;

namespace Almanac.Cli.Tests;

/// <summary>The SDMX files `almanac demo` published for 2023: the structure message is valid SDMX-ML 3.0 and defines every code the data files use.</summary>
public sealed partial class PublishedFilesTests
{
    private static readonly XNamespace SdmxStructure = "http://www.sdmx.org/resources/sdmxml/schemas/v3_0/structure";
    private static readonly XNamespace SdmxCommon = "http://www.sdmx.org/resources/sdmxml/schemas/v3_0/common";

    [Fact]
    public void The_demo_reports_SDMX_structure_message_is_valid_and_defines_every_code_of_its_data_files()
    {
        var schemas = SharedSchemas.Load("reference/sdmx-ml-3.0/schemas/SDMXMessage.xsd");
        var structure = fixture.File("sdmx-structure.xml");
        Assert.Empty(SharedSchemas.Problems(structure, schemas));

        var root = XDocument.Load(structure).Root!;
        var codelists = root.Descendants(SdmxStructure + "Codelist").ToDictionary(
            c => ((string)c.Attribute("id")!)["CL_".Length..],
            c => c.Elements(SdmxStructure + "Code").ToDictionary(x => (string)x.Attribute("id")!, x => (string)x.Element(SdmxCommon + "Name")!));
        var files = Directory.GetFiles(fixture.Output, "sdmx-*.csv").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(
            files.Select(f => Path.GetFileNameWithoutExtension(f)["sdmx-".Length..]),
            root.Descendants(SdmxStructure + "Dataflow").Select(d => (string)d.Attribute("id")!));
        var codes = 0;
        foreach (var file in files)
        {
            var lines = File.ReadAllLines(file).Select(l => l.Split(',')).ToList();
            for (var column = 3; column < lines[0].Length - 2; column++)
            {
                foreach (var code in lines.Skip(1).Select(l => l[column]))
                {
                    Assert.True(codelists[lines[0][column]].ContainsKey(code), $"{Path.GetFileName(file)}: {code} is not in CL_{lines[0][column]}");
                    codes++;
                }
            }
        }
        Assert.True(codes > 1000, $"only {codes} codes in the data files");
        // Table 3's P-5 and above: a valid id, named as printed.
        Assert.Equal("P-5+", codelists["GRADE"]["P-5$002B"]);
        Assert.Equal("Total", codelists["SEX"]["_T"]);
    }

    [Fact]
    public async Task No_two_members_of_the_demo_store_or_reference_countries_share_an_SDMX_code()
    {
        await using var store = await AlmanacStores.OpenAsync(fixture.Database, TestContext.Current.CancellationToken);
        var catalog = await store.FactCatalogAsync(TestContext.Current.CancellationToken);
        var reference = await store.LoadReferenceDataAsync(TestContext.Current.CancellationToken);
        // Every member of every dimension, and the names and codes of the reference countries: a far wider set than any
        // one dimension, so the codes must be distinct across all of them, not only within each.
        var members = catalog.Members.Values.SelectMany(m => m.Select(x => x.Name))
            .Concat(reference.Countries.SelectMany(c => new[] { c.Iso3, c.Name, c.NameFr, c.NameEs }.OfType<string>()))
            .Append("P-5+")
            .Distinct(StringComparer.Ordinal)
            .ToList();
        Assert.True(members.Count > 500, $"only {members.Count} members");
        var byCode = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var member in members)
        {
            var code = SdmxIds.Code(member);
            Assert.Matches("^[A-Za-z0-9_@$-]+$", code);
            Assert.True(byCode.TryAdd(code, member), $"'{member}' and '{byCode.GetValueOrDefault(code)}' share the code {code}");
            Assert.Equal(member, SdmxIds.Member(code));
            Assert.NotEqual(SdmxIds.Total, code);
        }
    }
}
