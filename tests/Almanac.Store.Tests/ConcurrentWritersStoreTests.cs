using System.Globalization;
using Almanac.Domain;
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
    public async Task Saves_arriving_together_each_get_their_own_outcome_whether_written_in_one_transaction_or_alone(string engine)
    {
        await using var test = await TestStores.CreatePlatformAsync(engine, Offices, Questionnaire, Admin);
        var store = test.Platform;
        var opened = new Dictionary<int, Submission>();
        for (var i = 1; i <= 9; i++) opened[i] = await store.OpenSubmissionAsync($"CO-{i:00}", 2023, new Change($"focal-{i:00}", Noon), Ct);
        // Office 3 has answers already: its save changes one in place and removes the other.
        opened[3] = await store.SaveAnswersAsync(opened[3].Id, opened[3].Version, Answers("no", 30), new Change("focal-03", Noon), Ct);

        // The first save holds its transaction open (its checks wait) while the others arrive; on the embedded store they
        // then wait for it and are written together in the next transaction, on PostgreSQL each in its own.
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task<(Submission? Saved, Exception? Refused)> Outcome(Func<Task<Submission>> save)
        {
            try
            {
                return (await save(), null);
            }
            catch (Exception e)
            {
                return (null, e);
            }
        }
        Task<(Submission? Saved, Exception? Refused)> Save(int office, long version, Dictionary<string, string?> answers, Change? change = null, Func<ValueTask>? check = null) =>
            Task.Run(() => Outcome(() => store.SaveAnswersAsync(opened[office].Id, version, async _ =>
            {
                if (check is not null) await check();
                return answers;
            }, change ?? new Change($"focal-{office:00}", Noon.AddMinutes(office)), Ct)), Ct);

        var first = Save(1, opened[1].Version, Answers("yes", 1), check: async () =>
        {
            entered.TrySetResult();
            await release.Task;
        });
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        var together = new[]
        {
            Save(2, opened[2].Version, Answers("yes", 2)),
            Save(3, opened[3].Version, new Dictionary<string, string?> { ["policy"] = "yes", ["staff"] = null }),
            Save(4, opened[4].Version, Answers("no", 4)),
            // Stale: a version this page never had.
            Save(5, opened[5].Version + 7, Answers("yes", 5)),
            // Refused by the caller's own check, on what the transaction read.
            Save(6, opened[6].Version, Answers("yes", 6), check: () => throw new AlmanacException("office 6 may not save")),
            // Refused by the engine (no actor: submission.updated_by is NOT NULL): its batch is written again save by save.
            Save(7, opened[7].Version, Answers("yes", 7), change: new Change(null!, Noon)),
            // A second tab of office 2 at the same version: one of the two saves wins.
            Save(2, opened[2].Version, Answers("no", 22)),
            // Nothing changes: answered with the submission as it is, no version moved.
            Save(8, opened[8].Version, []),
        };
        if (engine == "duckdb")
        {
            var waiting = ((SqlStore)store).Platform;
            var until = DateTime.UtcNow.AddSeconds(30);
            while (waiting.WaitingSaves < together.Length && DateTime.UtcNow < until) await Task.Delay(5, Ct);
            Assert.Equal(together.Length, waiting.WaitingSaves);
        }
        release.SetResult();
        var outcomes = await Task.WhenAll(together);
        var held = await first;

        Assert.Equal(opened[1].Version + 1, held.Saved!.Version);
        Assert.Equal(opened[4].Version + 1, outcomes[2].Saved!.Version);
        var staleRefusal = Assert.IsType<ConcurrencyException>(outcomes[3].Refused);
        Assert.Contains("reload it to see their changes", staleRefusal.Message, StringComparison.Ordinal);
        Assert.Equal("office 6 may not save", Assert.IsType<AlmanacException>(outcomes[4].Refused).Message);
        Assert.NotNull(outcomes[5].Refused);
        var tabs = new[] { outcomes[0], outcomes[6] };
        Assert.Single(tabs, t => t.Saved is not null);
        Assert.IsType<ConcurrencyException>(Assert.Single(tabs, t => t.Saved is null).Refused);
        Assert.Equal(opened[8], outcomes[7].Saved);

        // What is stored is exactly what the outcomes say: the saved answers with one audit line each, nothing of the refused.
        async Task<(Submission Submission, IReadOnlyDictionary<string, string> Answers, int Audit)> Stored(int office)
        {
            var (submission, answers, _) = (await store.SubmissionWithAnswersAsync(opened[office].Id, Ct))!;
            var audit = await store.AuditAsync(new AuditQuery($"submission {opened[office].Id}", Limit: 100), Ct);
            return (submission, answers, audit.Count(a => a.Action == "answer"));
        }
        var office1 = await Stored(1);
        Assert.Equal(held.Saved, office1.Submission);
        Assert.Equal(Answers("yes", 1), office1.Answers.ToDictionary(a => a.Key, a => (string?)a.Value));
        Assert.Equal(2, office1.Audit);
        var office2 = await Stored(2);
        var winner = tabs.Single(t => t.Saved is not null).Saved!;
        Assert.Equal(winner, office2.Submission);
        Assert.Equal(winner == outcomes[0].Saved ? "2" : "22", office2.Answers["staff"]);
        Assert.Equal(2, office2.Audit);
        var office3 = await Stored(3);
        Assert.Equal(outcomes[1].Saved, office3.Submission);
        Assert.Equal(new Dictionary<string, string> { ["policy"] = "yes" }, office3.Answers);
        // Two lines of its first save, then the policy changed and the staff figure removed, each with its old value.
        var audit3 = await store.AuditAsync(new AuditQuery($"submission {opened[3].Id}", Limit: 100), Ct);
        Assert.Contains(audit3, a => a.Field == "staff" && a.OldValue == "30" && a.NewValue is null && a.Actor == "focal-03");
        Assert.Contains(audit3, a => a.Field == "policy" && a.OldValue == "no" && a.NewValue == "yes");
        Assert.Equal(4, office3.Audit);
        var office4 = await Stored(4);
        Assert.Equal(("4", 2), (office4.Answers["staff"], office4.Audit));
        foreach (var refused in new[] { 5, 6, 7, 8 })
        {
            var (submission, answers, audit) = await Stored(refused);
            Assert.Equal(opened[refused], submission);
            Assert.Empty(answers);
            Assert.Equal(0, audit);
        }
        // The memory of what was committed agrees with the file: the store read afresh says the same.
        await test.ReopenAsync();
        var reread = await test.Platform.SubmissionWithAnswersAsync(opened[4].Id, Ct);
        Assert.Equal(outcomes[2].Saved, reread!.Submission);
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
