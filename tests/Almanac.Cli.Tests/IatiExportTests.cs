using System.Xml.Linq;
using System.Xml.Schema;
using Almanac.Domain.Projects;
using Almanac.Ingest.Platform;
using Almanac.Ingest.Reference;
using Almanac.Publish.Iati;
using Almanac.Store;
using Almanac.Tests;

namespace Almanac.Cli.Tests;

/// <summary>
/// 'almanac export iati': the synthetic portfolio's 2018 activities, imported through 'import projects', written as an
/// IATI 2.03 file that the IATI schema accepts and that passes IATI's offline rules; a portfolio that breaks them gets a
/// finding per break.
/// </summary>
public sealed class IatiExportTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("almanac-iati-");

    public void Dispose() => _directory.Delete(true);

    // IATI's PolicySignificance codes the gender marker may take; TransactionType codes of a donor's money coming in.
    private static readonly string[] Significances = ["0", "1", "2"];
    private static readonly string[] IncomingTypes = ["11", "1"];

    private string PathOf(string name) => Path.Combine(_directory.FullName, name);

    /// <summary>The IATI 2.03 activity schema (with the common and xml schemas beside it), from ../shared.</summary>
    private static XmlSchemaSet Schema() => SharedSchemas.Load("reference/iati-2.03/iati-activities-schema.xsd");

    private static List<string> SchemaErrors(string file, XmlSchemaSet schemas) => SharedSchemas.Problems(file, schemas);

    [Fact]
    public async Task The_synthetic_portfolios_2018_activities_are_valid_IATI_203_and_pass_the_offline_rules()
    {
        var schemas = Schema();
        var db = PathOf("iati.db");
        var generated = PathOf("projects");
        Assert.Equal(0, (await CliRun.RunAsync("init", "--db", db)).ExitCode);
        Assert.Equal(0, (await CliRun.RunAsync("generate", "projects", "--out", generated)).ExitCode);
        Assert.Equal(0, (await CliRun.RunAsync("import", "projects", Path.Combine(generated, "projects.csv"), "--transactions", Path.Combine(generated, "transactions.csv"), "--db", db)).ExitCode);

        var (code, output) = await CliRun.RunAsync("export", "iati", "--year", "2018", "--out", PathOf("iati-2018.xml"), "--db", db);

        Assert.Equal(0, code);
        Assert.Contains("wrote ", output, StringComparison.Ordinal);
        Assert.Contains("IATI rules beyond the schema: 0 findings.", output, StringComparison.Ordinal);
        Assert.Empty(SchemaErrors(PathOf("iati-2018.xml"), schemas));
        var document = XDocument.Load(PathOf("iati-2018.xml"));
        var activities = document.Root!.Elements("iati-activity").ToList();
        Assert.Equal(135, activities.Count);
        Assert.All(activities, a => Assert.StartsWith("XM-DAC-47066-SYNTHETIC-2018-", (string)a.Element("iati-identifier")!, StringComparison.Ordinal));
        // The 2018 budgets add up to the appeal's printed grand total (2 863 504 889, line 189 of the appeal).
        Assert.Equal(2_863_504_889m, activities.SelectMany(a => a.Elements("budget")).Sum(b => (decimal)b.Element("value")!));

        // One activity read closely: a project shared by two countries, 70/30, with a donor's commitment in euros.
        var shared = activities.First(a => a.Elements("recipient-country").Count() == 2);
        Assert.Equal(["70", "30"], shared.Elements("recipient-country").Select(c => (string)c.Attribute("percentage")!));
        Assert.All(shared.Elements("recipient-country"), c => Assert.Equal(2, ((string)c.Attribute("code")!).Length));
        XNamespace xml = XNamespace.Xml;
        Assert.Equal(["", "fr", "es"], shared.Element("title")!.Elements("narrative").Select(n => (string?)n.Attribute(xml + "lang") ?? ""));
        var marker = shared.Element("policy-marker")!;
        Assert.Equal(("1", "1"), ((string)marker.Attribute("vocabulary")!, (string)marker.Attribute("code")!));
        Assert.Contains((string)marker.Attribute("significance")!, Significances);
        var euro = activities.SelectMany(a => a.Elements("transaction")).First(t => (string)t.Element("value")!.Attribute("currency")! == "EUR");
        Assert.Contains((string)euro.Element("transaction-type")!.Attribute("code")!, IncomingTypes);
        Assert.Contains(activities, a => a.Element("recipient-region") is { } region && (string)region.Attribute("code")! == IatiActivityFile.UnspecifiedRegion);
    }

    [Fact]
    public async Task An_activity_tags_its_MiGOF_node_and_the_Strategic_Plan_nodes_the_stored_crosswalk_continues_it_into()
    {
        var schemas = Schema();
        var db = PathOf("tags.db");
        var generated = PathOf("projects");
        Assert.Equal(0, (await CliRun.RunAsync("init", "--db", db)).ExitCode);
        Assert.Equal(0, (await CliRun.RunAsync("generate", "projects", "--out", generated)).ExitCode);
        Assert.Equal(0, (await CliRun.RunAsync("import", "projects", Path.Combine(generated, "projects.csv"), "--transactions", Path.Combine(generated, "transactions.csv"), "--db", db)).ExitCode);
        var file = Path.Combine(SharedFiles.RepositoryRoot, "data", "platform", "frameworks.yaml");
        await using (var store = await AlmanacStores.OpenAsync(db, TestContext.Current.CancellationToken))
        {
            await ((IPlatformStore)store).SaveFrameworksAsync(PlatformFiles.ReadFrameworks(file, await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken)),
                new Change("admin", DateTimeOffset.UnixEpoch), TestContext.Current.CancellationToken);
        }

        var (code, output) = await CliRun.RunAsync("export", "iati", "--year", "2018", "--out", PathOf("tagged.xml"), "--db", db);

        Assert.True(code == 0, output);
        Assert.Empty(SchemaErrors(PathOf("tagged.xml"), schemas));
        var activities = XDocument.Load(PathOf("tagged.xml")).Root!.Elements("iati-activity").ToList();
        // A crisis project (MiGOF objective 2): frameworks.yaml continues it into the Plan's objectives 1, 2 and 3.
        var crisis = activities.First(a => a.Elements("tag").Any(t => (string)t.Attribute("code")! == "migof/objective-2"));
        Assert.Equal(
        [
            ("migof/objective-2", "99", "objective: Mobility dimension of crises"),
            ("strategic-plan-2024-2028/objective-1", "99", "objective: Saving lives and protecting people on the move"),
            ("strategic-plan-2024-2028/objective-2", "99", "objective: Driving solutions to displacement"),
            ("strategic-plan-2024-2028/objective-3", "99", "objective: Facilitating pathways for regular migration"),
        ], crisis.Elements("tag").Select(t => ((string)t.Attribute("code")!, (string)t.Attribute("vocabulary")!, (string)t.Element("narrative")!)));
        // An institutional project outside MiGOF has no framework node to tag.
        Assert.Contains(activities, a => !a.Elements("tag").Any());
    }

    [Fact]
    public void A_portfolio_that_breaks_IATIs_rules_gets_a_finding_for_each_break_and_still_meets_the_schema()
    {
        var schemas = Schema();
        var reference = ReferenceDataReader.ReadEmbedded();
        static Project Make(string id, DateOnly start, DateOnly end, params CountryShare[] countries) =>
            new(id, new ProjectTexts("A project", "Un projet", "Un proyecto"), ProjectTexts.None, ["CO-KEN"], countries, "east-africa-and-the-horn-of-africa",
                start, end, ProjectStatus.Implementation, "objective-3", 2, null, [new YearBudget(2018, 1000)]);
        var portfolio = new Portfolio(
        [
            Make("P-1", new(2018, 1, 1), new(2018, 12, 31), new CountryShare("KEN", 60), new CountryShare("UGA", 30)),
            Make("P-2", new(2018, 6, 1), new(2018, 3, 31), new CountryShare("KEN", 100)),
            Make("P-2", new(2018, 1, 1), new(2018, 12, 31), new CountryShare("KEN", 100)),
        ], []);

        var document = IatiActivityFile.Build(portfolio, 2018, IatiOrganisation.Iom, reference, DateTimeOffset.UnixEpoch);
        var file = PathOf("broken.xml");
        IatiActivityFile.Save(document, file);

        Assert.Empty(SchemaErrors(file, schemas));
        Assert.Equal(
        [
            (IatiRules.PercentagesAddTo100, "activity XM-DAC-47066-P-1: its recipient countries' and regions' percentages add up to 90, not 100"),
            (IatiRules.DatesInOrder, "activity XM-DAC-47066-P-2: it ends on 2018-03-31, before it starts on 2018-06-01"),
            (IatiRules.BudgetPeriod, "activity XM-DAC-47066-P-2: a budget's period runs from 2018-06-01 to 2018-03-31: it must end after it starts and last at most a year"),
            (IatiRules.IdentifierUnique, "activity XM-DAC-47066-P-2: its identifier is used by another activity of the file"),
        ], IatiRules.Check(document).Select(f => (f.Rule, f.Message)));
    }
}
