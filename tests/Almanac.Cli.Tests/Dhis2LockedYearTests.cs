using System.Text;
using Almanac.Analytics.Query;
using Almanac.Domain.Analytics;
using Almanac.Domain.Platform;
using Almanac.Ingest.Dhis2;
using Almanac.Store;
using Almanac.Tests;

namespace Almanac.Cli.Tests;

/// <summary>
/// A DHIS2 import never supersedes a locked questionnaire year: a value that would add or change one of its figures is a
/// conflict (DHIS2's import summary names each), and nothing of the file is written; a value equal to the stored figure is
/// ignored, other scopes of the year import as before, and once the year is unlocked the same file imports.
/// </summary>
public sealed class Dhis2LockedYearTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DateTimeOffset Noon = new(2024, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private const string Mapping = """
        org-units:
          organization: IOM
          other-offices: same-code
        categories:
          region: {category: REGION, other-options: same-code}
          answer: {category: ANSWER, other-options: same-code}
        data-elements:
          - {measure: questionnaire.policy, data-element: Q_POLICY, categories: [region, answer]}
          - {measure: other.count, data-element: OTHER_COUNT}
        """;

    private static string Values(params (string Element, string OrgUnit, string Combo, int Value)[] values) =>
        "{\"dataValues\":[" + string.Join(',', values.Select(v =>
            $"{{\"dataElement\":\"{v.Element}\",\"period\":\"2023\",\"orgUnit\":\"{v.OrgUnit}\",\"categoryOptionCombo\":\"{v.Combo}\",\"value\":\"{v.Value}\"}}")) + "]}";

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task A_DHIS2_import_that_would_change_a_locked_questionnaire_year_is_a_conflict_per_value_and_writes_nothing(string engine)
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
            new QuestionnaireSection("s1", "One", "objective-1", [new Question("policy", QuestionKind.YesNo, "Policy?", null, true, [], [], [], null)]),
        ]), admin, Ct);
        foreach (var (office, answer) in new[] { ("CO-MLI", "yes"), ("CO-SEN", "no") })
        {
            var (focal, reviewer) = (new Change(office, Noon), new Change("dakar", Noon.AddHours(1)));
            var s = await store.OpenSubmissionAsync(office, 2023, focal, Ct);
            s = await store.SaveAnswersAsync(s.Id, s.Version, new Dictionary<string, string?> { ["policy"] = answer }, focal, Ct);
            s = await store.ActAsync(s.Id, s.Version, SubmissionAction.Submit, null, focal, Ct);
            await store.ActAsync(s.Id, s.Version, SubmissionAction.Approve, null, reviewer, Ct);
        }
        var lockSource = await store.LockYearAsync(2023, admin, Ct);

        var mapping = Dhis2Mapping.Read("mapping.yaml", Mapping);
        async Task<Dhis2ImportSummary> ImportAsync(string json) =>
            await Dhis2Exchange.ImportAsync("values.json", Encoding.UTF8.GetBytes(json), Dhis2Format.Json, mapping, await Dhis2StoreView.ReadAsync(test.Store, Ct), false, Noon,
                (source, values, dry) => test.Store.ImportFactValuesAsync(source, values, dry, new Change("editor", Noon), Ct));
        async Task<string> AnswersAsync()
        {
            var result = await new QueryEngine(test.Store).RunAsync(PivotQuery.Of("questionnaire.policy") with { Rows = ["office", "answer"], Years = [2023] }, Ct);
            return string.Join("; ", result.Cells.Select(c => $"{c[0]} {c[1]} {c.Values[0]:0}"));
        }
        var answers = await AnswersAsync();
        Assert.Equal("CO-MLI yes 1; CO-SEN no 1", answers);

        // The locked figures as they are: ignored, no conflict.
        var same = await ImportAsync(Values(("Q_POLICY", "CO-MLI", "RO-DAK_yes", 1), ("Q_POLICY", "CO-SEN", "RO-DAK_no", 1)));
        Assert.True(same.Conflicts.Count == 0, string.Join("\n", same.Conflicts.Select(c => $"{c.Subject} {c.Value}: {c.Reason}")));
        Assert.Equal(("SUCCESS", 0, 0, 2), (same.Status, same.Imported, same.Updated, same.Ignored));

        // A changed and a new figure of the locked year: a conflict each; the other scope's value in the file is not written either.
        var sources = (await test.Store.SourcesAsync(Ct)).Count;
        var changed = Values(("Q_POLICY", "CO-MLI", "RO-DAK_yes", 2), ("Q_POLICY", "CO-SEN", "RO-DAK_no", 1), ("Q_POLICY", "CO-SEN", "RO-DAK_yes", 1), ("OTHER_COUNT", "CO-SEN", "default", 5));
        var refused = await ImportAsync(changed);
        Assert.Equal(("ERROR", 0, 0, 4, (long?)null), (refused.Status, refused.Imported, refused.Updated, refused.Ignored, refused.SourceId));
        Assert.Equal(2, refused.Conflicts.Count);
        Assert.All(refused.Conflicts, c => Assert.Equal(("period", "2023"), (c.Subject, c.Value)));
        Assert.All(refused.Conflicts, c => Assert.StartsWith("2023 is locked", c.Reason, StringComparison.Ordinal));
        Assert.Equal(sources, (await test.Store.SourcesAsync(Ct)).Count);
        Assert.Equal(answers, await AnswersAsync());
        Assert.Equal(lockSource, (await store.YearLockAsync(2023, Ct))!.SourceId);

        // Another scope of the locked year imports as before.
        var other = await ImportAsync(Values(("OTHER_COUNT", "CO-SEN", "default", 5)));
        Assert.Equal(("SUCCESS", 1), (other.Status, other.Imported));

        // Unlocked (which withdraws the lock's figures), the same file imports: its questionnaire figures new, the other one stored already.
        await store.UnlockYearAsync(2023, admin, Ct);
        var imported = await ImportAsync(changed);
        Assert.Equal(("SUCCESS", 3, 0, 1), (imported.Status, imported.Imported, imported.Updated, imported.Ignored));
        Assert.Equal("CO-MLI yes 2; CO-SEN no 1; CO-SEN yes 1", await AnswersAsync());
    }
}
