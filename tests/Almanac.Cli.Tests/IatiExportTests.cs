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
        Assert.Contains("no results framework is stored", output, StringComparison.Ordinal);
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
    public async Task An_activity_tags_its_framework_nodes_through_the_stored_crosswalk_and_reports_its_nodes_indicators_as_results()
    {
        var schemas = Schema();
        var db = PathOf("tags.db");
        var generated = PathOf("projects");
        Assert.Equal(0, (await CliRun.RunAsync("init", "--db", db)).ExitCode);
        Assert.Equal(0, (await CliRun.RunAsync("generate", "projects", "--out", generated)).ExitCode);
        Assert.Equal(0, (await CliRun.RunAsync("import", "projects", Path.Combine(generated, "projects.csv"), "--transactions", Path.Combine(generated, "transactions.csv"), "--db", db)).ExitCode);
        static string Platform(string name) => Path.Combine(SharedFiles.RepositoryRoot, "data", "platform", name);
        var ct = TestContext.Current.CancellationToken;
        await using (var store = await AlmanacStores.OpenAsync(db, ct))
        {
            var admin = new Change("admin", DateTimeOffset.UnixEpoch);
            await ((IPlatformStore)store).SaveFrameworksAsync(PlatformFiles.ReadFrameworks("frameworks.yaml", await File.ReadAllTextAsync(Platform("frameworks.yaml"), ct)), admin, ct);
            foreach (var year in new[] { 2017, 2018 })
            {
                var name = $"questionnaire-{year}.yaml";
                await ((IPlatformStore)store).SaveQuestionnaireAsync(PlatformFiles.ReadQuestionnaire(name, await File.ReadAllTextAsync(Platform(name), ct)), admin, ct);
            }
        }

        var (code, output) = await CliRun.RunAsync("export", "iati", "--year", "2018", "--out", PathOf("tagged.xml"), "--db", db);

        Assert.True(code == 0, output);
        Assert.DoesNotContain("no results framework is stored", output, StringComparison.Ordinal);
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
        // An institutional project outside MiGOF has no framework node to tag, and no result.
        Assert.Contains(activities, a => !a.Elements("tag").Any() && !a.Elements("result").Any());

        // Its result: the organization's figures for objective 2, read off questionnaire-2017.yaml and -2018.yaml by hand:
        // the offices with a migration crisis operational framework strategy ("mcof-strategy" yes), 36 printed for 2017 at
        // line 662 of the 2017 report, 30 for 2018 at line 1258 of the 2018 report.
        var result = Assert.Single(crisis.Elements("result"));
        Assert.Equal(("2", "false"), ((string)result.Attribute("type")!, (string)result.Attribute("aggregation-status")!));
        var mcof = result.Elements("indicator").Single(i => (string?)i.Element("baseline")?.Element("comment") == "annual-report-2017, line 662");
        XNamespace xml = XNamespace.Xml;
        Assert.Equal(["", "fr", "es"], mcof.Element("title")!.Elements("narrative").Select(n => (string?)n.Attribute(xml + "lang") ?? ""));
        Assert.StartsWith("Nombre de bureaux ayant répondu", (string)mcof.Element("title")!.Elements("narrative").ElementAt(1), StringComparison.Ordinal);
        Assert.Equal(("1", "2017", "36"), ((string)mcof.Attribute("measure")!, (string)mcof.Element("baseline")!.Attribute("year")!, (string)mcof.Element("baseline")!.Attribute("value")!));
        var period = mcof.Element("period")!;
        Assert.Equal(("2018-01-01", "2018-12-31", "30", "annual-report-2018, line 1258"),
            ((string)period.Element("period-start")!.Attribute("iso-date")!, (string)period.Element("period-end")!.Attribute("iso-date")!,
             (string)period.Element("actual")!.Attribute("value")!, (string)period.Element("actual")!.Element("comment")!));
        // A share is a percentage: civil society partnerships (principle 3), 89 per cent printed for 2017, 85 for 2018.
        var partnership = activities.First(a => a.Elements("tag").Any(t => (string)t.Attribute("code")! == "migof/principle-3"));
        var civil = partnership.Elements("result").Elements("indicator").Single(i => (string?)i.Element("baseline")?.Element("comment") == "annual-report-2017, line 446");
        Assert.Equal(("2", "89", "85"), ((string)civil.Attribute("measure")!, (string)civil.Element("baseline")!.Attribute("value")!, (string)civil.Element("period")!.Element("actual")!.Attribute("value")!));
        Assert.Contains("IATI rules beyond the schema: 0 findings.", output, StringComparison.Ordinal);
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

    [Fact]
    public void A_result_whose_period_ends_before_it_starts_or_whose_values_are_no_numbers_gets_a_finding_for_each()
    {
        var schemas = Schema();
        var document = XDocument.Parse("""
            <iati-activities version="2.03">
              <iati-activity>
                <iati-identifier>XM-DAC-47066-P-1</iati-identifier>
                <reporting-org ref="XM-DAC-47066" type="40"><narrative>IOM</narrative></reporting-org>
                <title><narrative>A project</narrative></title>
                <description type="1"><narrative>A project</narrative></description>
                <participating-org role="4" ref="XM-DAC-47066"><narrative>IOM</narrative></participating-org>
                <activity-status code="2"/>
                <activity-date iso-date="2018-01-01" type="2"/>
                <recipient-country code="KE" percentage="100"/>
                <result type="2" aggregation-status="false">
                  <title><narrative>MiGOF objective 3</narrative></title>
                  <indicator measure="1"><title><narrative>Offices</narrative></title>
                    <baseline year="2017" value="many"/>
                    <period><period-start iso-date="2018-12-31"/><period-end iso-date="2018-01-01"/><actual value="30"/></period>
                  </indicator>
                  <indicator measure="2"><title><narrative>Share</narrative></title>
                    <period><period-start iso-date="2018-01-01"/><period-end iso-date="2018-12-31"/><target value="120"/><actual value="85"/></period>
                  </indicator>
                  <indicator measure="5"><title><narrative>Story</narrative></title>
                    <period><period-start iso-date="2018-01-01"/><period-end iso-date="2018-12-31"/><actual value="better"/></period>
                  </indicator>
                </result>
              </iati-activity>
            </iati-activities>
            """);
        var file = PathOf("results.xml");
        document.Save(file);

        Assert.Empty(SchemaErrors(file, schemas));
        Assert.Equal(
        [
            (IatiRules.ResultPeriod, "activity XM-DAC-47066-P-1: indicator \u201cOffices\u201d has a period from 2018-12-31 to 2018-01-01: it must end after it starts"),
            (IatiRules.ResultValue, "activity XM-DAC-47066-P-1: indicator \u201cOffices\u201d has a baseline of 'many', not a number"),
            (IatiRules.ResultValue, "activity XM-DAC-47066-P-1: indicator \u201cShare\u201d has a target of '120', not a percentage from 0 to 100"),
        ], IatiRules.Check(document).Select(f => (f.Rule, f.Message)));
    }
}
