using Almanac.Analytics.Definitions;
using Almanac.Analytics.Publishing;
using Almanac.Analytics.Query;
using Almanac.Domain.Analytics;
using Almanac.Domain.Platform;
using Almanac.Domain.Workforce;
using Almanac.Ingest.Reference;
using Almanac.Store;
using Almanac.Tests;

namespace Almanac.Cli.Tests;

/// <summary>
/// Counted data has one home, the fact table: the publish step reads a staff list's figures there through the query
/// engine, and a locked questionnaire year is answered by the query engine and by 'almanac query'. Both stores.
/// </summary>
public sealed class CountedDataTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static IEnumerable<(long, StaffMember)> Staff(params (string Nationality, string Grade, Sex Sex, int Count)[] groups) =>
        groups.SelectMany(g => Enumerable.Repeat(g, g.Count)).Select((g, i) =>
            ((long)i + 2, new StaffMember($"s{i}", g.Nationality, Grades.Parse(g.Grade)!, Grades.Parse(g.Grade)!.Category!.Value, g.Sex, null)));

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task The_publish_step_counts_a_staff_list_from_the_fact_table_and_traces_each_figure_to_the_list(string engine)
    {
        await using var test = await TestStores.CreateAsync(engine);
        await test.Store.ReplaceReferenceDataAsync(ReferenceDataReader.ReadEmbedded(), Ct);
        var list = await test.Store.ImportStaffListAsync(new SourceInfo(SourceKinds.StaffList, "staff-2023.csv", "sha-2023", Noon), 2023,
            Staff(("FRA", "P-3", Sex.Female, 3), ("FRA", "P-3", Sex.Male, 1), ("KEN", "P-5", Sex.Female, 2), ("KEN", "G-4", Sex.Male, 1)), Ct);

        var before = await AnnexIIIAsync(test.Store);
        Assert.Equal((4m, 2m, 3m), (before.FranceP3, before.KenyaP5, before.FranceWomen));
        Assert.Equal(("staff-2023.csv", list.SourceId), before.Source);

        // Only the fact rows change: the annex follows them, so it reads them (and nothing else) for its counts.
        await test.RawSqlAsync("UPDATE fact SET value = value * 10");
        var after = await AnnexIIIAsync(test.Store);
        Assert.Equal((40m, 20m, 30m), (after.FranceP3, after.KenyaP5, after.FranceWomen));
    }

    /// <summary>Annex III of the default report for 2023, built as 'almanac publish' builds it: France's P-3 and women, Kenya's P-5, and the source France's P-3 cell traces to.</summary>
    private static async Task<(decimal? FranceP3, decimal? KenyaP5, decimal? FranceWomen, (string, long) Source)> AnnexIIIAsync(IAlmanacStore store)
    {
        var definition = DefaultDefinitions.Load();
        var publication = PublicationBuilder.Build(definition, await PublicationInputsLoader.LoadAsync(store, definition, Ct), 2023, "en");
        var annex = Assert.Single(publication.Tables, t => t.Id == "annex-iii");
        var columns = annex.Columns.ToList();
        var (france, kenya) = (annex.Rows.Single(r => r.Iso3 == "FRA"), annex.Rows.Single(r => r.Iso3 == "KEN"));
        var cell = france.Cells[columns.IndexOf("P-3")];
        var source = publication.Sources[Assert.Single(cell.Trace.Sources)];
        return (cell.Value, kenya.Cells[columns.IndexOf("P-5")].Value, france.Cells[columns.LastIndexOf(columns.Single(c => c is "F" or "Women"))].Value, (source.Name, source.SourceId));
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task A_locked_questionnaire_year_is_answered_by_the_query_engine_and_almanac_query(string engine)
    {
        await using var test = await TestStores.CreateAsync(engine);
        var store = (IPlatformStore)test.Store;
        var admin = new Change("admin", Noon);
        await store.ImportOfficesAsync(
        [
            new("HQ", "Headquarters", OfficeKind.Headquarters, null, "CHE"),
            new("RO-DAK", "Regional Office Dakar", OfficeKind.RegionalOffice, "RO-DAK", "SEN"),
            new("CO-MLI", "Mali", OfficeKind.CountryOffice, "RO-DAK", "MLI"),
            new("CO-SEN", "Senegal", OfficeKind.CountryOffice, "RO-DAK", "SEN"),
        ], admin, Ct);
        await store.SaveQuestionnaireAsync(new Questionnaire(2023, "Institutional questionnaire 2023", "sp", [
            new QuestionnaireSection("s1", "One", "objective-1", [
                new Question("policy", QuestionKind.YesNo, "Policy?", null, true, [], [], [], null),
                new Question("areas", QuestionKind.MultipleChoice, "Areas", null, false, ["health", "return"], [], [], null),
            ]),
        ]), admin, Ct);
        foreach (var (office, answers) in new[] { ("CO-MLI", ("yes", "health; return")), ("CO-SEN", ("no", "health")) })
        {
            var (focal, reviewer) = (new Change(office, Noon), new Change("dakar", Noon.AddHours(1)));
            var s = await store.OpenSubmissionAsync(office, 2023, focal, Ct);
            s = await store.SaveAnswersAsync(s.Id, s.Version, new Dictionary<string, string?> { ["policy"] = answers.Item1, ["areas"] = answers.Item2 }, focal, Ct);
            s = await store.ActAsync(s.Id, s.Version, SubmissionAction.Submit, null, focal, Ct);
            await store.ActAsync(s.Id, s.Version, SubmissionAction.Approve, null, reviewer, Ct);
        }
        await store.LockYearAsync(2023, admin, Ct);

        var engineAnswer = await new QueryEngine(test.Store).RunAsync(PivotQuery.Of("questionnaire.areas") with { Rows = ["answer"], Years = [2023] }, Ct);
        Assert.Equal(["health 2", "return 1"], engineAnswer.Cells.Select(c => $"{c[0]} {c.Values[0]:0}"));
        var onlyYes = new Dictionary<string, IReadOnlyList<string>> { ["answer"] = ["yes"] };
        var yes = await new QueryEngine(test.Store).RunAsync(PivotQuery.Of("questionnaire.policy") with { Rows = ["office"], Years = [2023], Where = onlyYes }, Ct);
        Assert.Equal(["CO-MLI 1"], yes.Cells.Select(c => $"{c[0]} {c.Values[0]:0}"));

        var (exit, csv) = await test.ClosedAsync(() => CliRun.RunAsync("query", "questionnaire.areas", "--rows", "answer", "--year", "2023", "--format", "csv", "--db", test.Target));
        Assert.True(exit == 0, csv);
        Assert.Equal(["answer,value", "health,2", "return,1"], csv.TrimEnd().Split('\n'));
    }
}
