using System.Globalization;
using Almanac.Domain.Platform;
using Almanac.Tests;

namespace Almanac.Store.Tests;

/// <summary>
/// Writers side by side on both engines: two writers of one row (PostgreSQL waits, DuckDB aborts one and runs it again),
/// and the checks that read what other writers change (a year's lock, the last administrator), which must never pass on
/// a state another writer is changing at that moment.
/// </summary>
public sealed class ConcurrentWritersStoreTests
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly Change Admin = new("admin", Noon);
    private const int Countries = 16;

    private static readonly Office[] Offices =
    [
        new("RO-DAK", "Regional Office Dakar", OfficeKind.RegionalOffice, "RO-DAK", "SEN"),
        .. Enumerable.Range(1, Countries).Select(i => new Office($"CO-{i:00}", $"Office {i}", OfficeKind.CountryOffice, "RO-DAK", "XXX")),
    ];

    private static readonly Questionnaire Questionnaire = new(2023, "Institutional questionnaire 2023", "sp", [
        new QuestionnaireSection("s1", "One", "objective-1", [
            new Question("policy", QuestionKind.YesNo, "Policy?", null, true, [], [], [], null),
            new Question("staff", QuestionKind.Number, "Staff", null, false, [], [], [], null),
        ]),
    ]);

    private static Dictionary<string, string?> Answers(string policy, int staff) =>
        new() { ["policy"] = policy, ["staff"] = staff.ToString(CultureInfo.InvariantCulture) };

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task Saves_of_one_submission_at_once_from_many_tabs_make_one_change_and_every_other_is_refused_as_stale(string engine)
    {
        await using var test = await TestStores.CreatePlatformAsync(engine, Offices, Questionnaire, Admin);
        var store = test.Platform;
        var focal = new Change("focal-01", Noon);
        var opened = await store.OpenSubmissionAsync("CO-01", 2023, focal, Ct);

        // Twelve tabs of one page (one version) save different figures at the same moment: one row, so on DuckDB every
        // save but the first commit is aborted by the engine and runs again, then finds the version moved.
        var outcomes = await Task.WhenAll(Enumerable.Range(1, 12).Select(tab => Task.Run(async () =>
        {
            try
            {
                return (Saved: await store.SaveAnswersAsync(opened.Id, opened.Version, Answers("yes", tab), focal, Ct), Refusal: (string?)null);
            }
            catch (ConcurrencyException e)
            {
                return (Saved: (Submission?)null, Refusal: e.Message);
            }
        }, Ct)));

        var won = Assert.Single(outcomes, o => o.Saved is not null).Saved!;
        Assert.Equal(opened.Version + 1, won.Version);
        Assert.All(outcomes.Where(o => o.Saved is null), o => Assert.Contains("reload it to see their changes", o.Refusal, StringComparison.Ordinal));
        var (final, stored, locked) = (await store.SubmissionWithAnswersAsync(opened.Id, Ct))!;
        Assert.Equal(won, final);
        Assert.False(locked);
        // The stored figure is the winner's, and its audit line is the only one.
        var audit = await store.AuditAsync(new AuditQuery($"submission {opened.Id}", Limit: 100), Ct);
        Assert.Equal(stored["staff"], Assert.Single(audit, a => a.Field == "staff").NewValue);
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task A_lock_amid_approvals_and_saves_counts_exactly_the_approvals_committed_before_it_and_refuses_every_later_one(string engine)
    {
        await using var test = await TestStores.CreatePlatformAsync(engine, Offices, Questionnaire, Admin);
        var store = test.Platform;
        var submitted = new List<Submission>();
        foreach (var office in Offices.Skip(1))
        {
            var focal = new Change("focal", Noon);
            var s = await store.OpenSubmissionAsync(office.Code, 2023, focal, Ct);
            s = await store.SaveAnswersAsync(s.Id, s.Version, Answers("yes", 1), focal, Ct);
            submitted.Add(await store.ActAsync(s.Id, s.Version, SubmissionAction.Submit, null, focal, Ct));
        }
        var draft = await store.OpenSubmissionAsync("RO-DAK", 2023, new Change("focal-dak", Noon), Ct);

        // The reviewer approves every submission while the editor locks the year and the regional office keeps saving:
        // each approval lands before the lock (and is counted) or after it (and is refused as locked), never between.
        var reviewer = new Change("reviewer", Noon.AddHours(1));
        var approvals = submitted.Select(s => Task.Run(async () =>
        {
            try
            {
                await store.ActAsync(s.Id, s.Version, SubmissionAction.Approve, null, reviewer, Ct);
                return true;
            }
            catch (WorkflowException e) when (e.Message.Contains("locked", StringComparison.Ordinal))
            {
                return false;
            }
        }, Ct)).ToList();
        var saves = Task.Run(async () =>
        {
            var s = draft;
            for (var i = 0; i < 20; i++)
            {
                try
                {
                    s = await store.SaveAnswersAsync(s.Id, s.Version, Answers("no", i), new Change("focal-dak", Noon), Ct);
                }
                catch (WorkflowException e) when (e.Message.Contains("locked", StringComparison.Ordinal))
                {
                    return;
                }
            }
        }, Ct);
        var lockSource = await Task.Run(() => store.LockYearAsync(2023, new Change("editor", Noon.AddHours(1)), Ct), Ct);
        var approved = (await Task.WhenAll(approvals)).Count(a => a);
        await saves;

        var states = (await store.SubmissionsAsync(2023, Ct)).Where(s => s.Office != "RO-DAK").Select(s => s.State).ToList();
        Assert.Equal(approved, states.Count(s => s == SubmissionState.Approved));
        Assert.Equal(Countries - approved, states.Count(s => s == SubmissionState.Submitted));
        // The lock counted each approved office once ("yes" to the policy question), and no other.
        var figures = await CountedFacts.CurrentAsync(test.Store, "questionnaire.policy");
        Assert.All(figures, f => Assert.Equal(lockSource, f.SourceId));
        Assert.Equal(approved, figures.Sum(f => f.Value));
        // A save after the lock is refused: the lock is the year's last word.
        var regional = (await store.SubmissionsAsync(2023, Ct)).Single(s => s.Office == "RO-DAK");
        var refused = await Assert.ThrowsAsync<WorkflowException>(() => store.SaveAnswersAsync(regional.Id, regional.Version, Answers("yes", 99), reviewer, Ct));
        Assert.StartsWith("the year is locked", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task Two_administrators_disabling_each_other_at_once_leave_one_enabled_administrator_every_time(string engine)
    {
        await using var test = await TestStores.CreatePlatformAsync(engine, Offices, Questionnaire, Admin);
        var store = test.Platform;
        string? survivor = null;
        for (var round = 0; round < 6; round++)
        {
            string[] pair = [$"admin-a{round}", $"admin-b{round}"];
            foreach (var name in pair) await store.SaveAccountAsync(new Account(name, name, Role.Administrator, null, null), "hash", Admin, Ct);
            // The last round's survivor goes, so that these two are the only enabled administrators.
            if (survivor is not null) await store.SetAccountDisabledAsync(survivor, true, Admin, Ct);
            var outcomes = await Task.WhenAll(pair.Select((name, i) => Task.Run(async () =>
            {
                try
                {
                    await store.SetAccountDisabledAsync(pair[1 - i], true, new Change(name, Noon), Ct);
                    return (string?)null;
                }
                catch (WorkflowException e)
                {
                    return e.Message;
                }
            }, Ct)));
            Assert.Single(outcomes, refusal => refusal is null);
            Assert.Contains("administrator", Assert.Single(outcomes, refusal => refusal is not null), StringComparison.Ordinal);
            var enabled = new List<string>();
            foreach (var name in pair)
            {
                if (await store.AccountAsync(name, Ct) is { Disabled: false }) enabled.Add(name);
            }
            survivor = Assert.Single(enabled);
        }
    }
}
