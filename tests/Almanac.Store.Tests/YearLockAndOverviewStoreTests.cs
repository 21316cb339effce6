using Almanac.Domain;
using Almanac.Domain.Platform;
using Almanac.Tests;

namespace Almanac.Store.Tests;

/// <summary>A year's lock undone by an administrator, the submissions overview and the audit log by pages, on both engines.</summary>
public sealed class YearLockAndOverviewStoreTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly Change Admin = new("admin", Noon);

    private static readonly Office[] Offices =
    [
        new("HQ", "Headquarters", OfficeKind.Headquarters, null, "CHE"),
        new("RO-DAK", "Regional Office Dakar", OfficeKind.RegionalOffice, "RO-DAK", "SEN"),
        new("CO-MLI", "Mali", OfficeKind.CountryOffice, "RO-DAK", "MLI"),
        new("CO-NER", "Niger", OfficeKind.CountryOffice, "RO-DAK", "NER"),
    ];

    private static readonly Questionnaire Questionnaire = new(2023, "Institutional questionnaire 2023", "sp", [
        new QuestionnaireSection("s1", "One", "objective-1", [new Question("policy", QuestionKind.YesNo, "Policy?", null, true, [], [], [], null)]),
    ]);

    private static Task<TestStore> SeededAsync(string engine) => TestStores.CreatePlatformAsync(engine, Offices, Questionnaire, Admin);

    /// <summary>Mali's questionnaire answered and approved.</summary>
    private static async Task<Submission> ApprovedMaliAsync(IPlatformStore store)
    {
        var focal = new Change("focal-mali", Noon.AddMinutes(1));
        var reviewer = new Change("reviewer-dakar", Noon.AddMinutes(2));
        var s = await store.OpenSubmissionAsync("CO-MLI", 2023, focal, Ct);
        s = await store.SaveAnswersAsync(s.Id, s.Version, new Dictionary<string, string?> { ["policy"] = "yes" }, focal, Ct);
        s = await store.ActAsync(s.Id, s.Version, SubmissionAction.Submit, null, focal, Ct);
        return await store.ActAsync(s.Id, s.Version, SubmissionAction.Approve, null, reviewer, Ct);
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task A_draft_saved_before_its_years_lock_is_refused_after_it_and_saved_again_after_the_unlock(string engine)
    {
        // A save reads the year's lock; the embedded store keeps that answer between saves, so the lock and the unlock
        // must each be seen by the very next save of a submission saved just before.
        await using var test = await SeededAsync(engine);
        var store = (IPlatformStore)test.Store;
        var focal = new Change("focal-niger", Noon.AddMinutes(1));
        var s = await store.OpenSubmissionAsync("CO-NER", 2023, focal, Ct);
        s = await store.SaveAnswersAsync(s.Id, s.Version, new Dictionary<string, string?> { ["policy"] = "yes" }, focal, Ct);

        await store.LockYearAsync(2023, Admin, Ct);
        var refused = await Assert.ThrowsAsync<WorkflowException>(() => store.SaveAnswersAsync(s.Id, s.Version, new Dictionary<string, string?> { ["policy"] = "no" }, focal, Ct));
        Assert.Contains("locked", refused.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<WorkflowException>(() => store.ActAsync(s.Id, s.Version, SubmissionAction.Submit, null, focal, Ct));
        Assert.Equal("yes", (await store.AnswersAsync(s.Id, Ct))["policy"]);

        await store.UnlockYearAsync(2023, Admin, Ct);
        s = await store.SaveAnswersAsync(s.Id, s.Version, new Dictionary<string, string?> { ["policy"] = "no" }, focal, Ct);
        Assert.Equal(("no", 3L), ((await store.AnswersAsync(s.Id, Ct))["policy"], s.Version));
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task An_observation_file_with_questionnaire_figures_of_a_locked_year_is_refused_by_name_and_writes_nothing_until_the_unlock(string engine)
    {
        // An observation file (or an SDMX or HXL one, which become one) naming questionnaire figures would supersede the
        // lock's source, and with it the approved answers the year's figures are.
        await using var test = await SeededAsync(engine);
        var store = (IPlatformStore)test.Store;
        await ApprovedMaliAsync(store);
        await store.LockYearAsync(2023, Admin, Ct);
        var locked = await CountedFacts.CurrentAsync(test.Store, "questionnaire.policy", "questionnaire.budget");
        Assert.NotEmpty(locked);
        var directory = Directory.CreateTempSubdirectory("almanac-locked-year-");
        try
        {
            async Task<ImportResult> ImportAsync(string name, string lines)
            {
                var path = Path.Combine(directory.FullName, name);
                await File.WriteAllTextAsync(path, "measure,year,office,value\n" + lines, Ct);
                return await test.Store.ImportObservationsAsync(new SourceInfo(SourceKinds.Observations, name, name, Noon), path, Ct);
            }

            var refused = await Assert.ThrowsAsync<InputException>(() => ImportAsync("budget.csv", "questionnaire.budget,2022,CO-MLI,5\nquestionnaire.budget,2023,CO-MLI,7\n"));
            Assert.Equal("budget.csv", refused.File);
            Assert.Contains("2023 is locked", refused.Message, StringComparison.Ordinal);
            Assert.Equal(locked, await CountedFacts.CurrentAsync(test.Store, "questionnaire.policy", "questionnaire.budget"));
            Assert.DoesNotContain(await test.Store.SourcesAsync(Ct), s => s.Name == "budget.csv");

            // Another scope of the locked year, and questionnaire figures of a year not locked, import as before.
            Assert.Equal(ImportOutcome.Imported, (await ImportAsync("other.csv", "staff.count,2023,CO-MLI,3\nquestionnaire.budget,2022,CO-MLI,5\n")).Outcome);

            await store.UnlockYearAsync(2023, Admin, Ct);
            Assert.Equal(ImportOutcome.Imported, (await ImportAsync("budget.csv", "questionnaire.budget,2023,CO-MLI,7\n")).Outcome);
            Assert.Equal(7, Assert.Single(await CountedFacts.CurrentAsync(test.Store, "questionnaire.budget"), f => f.Year == 2023).Value);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task An_unlock_is_audited_its_figures_stop_counting_and_the_year_locks_again_while_a_second_lock_or_unlock_is_refused_by_name(string engine)
    {
        await using var test = await SeededAsync(engine);
        var store = (IPlatformStore)test.Store;
        var approved = await ApprovedMaliAsync(store);
        Assert.Null(await store.YearLockAsync(2023, Ct));
        var unlockOpen = await Assert.ThrowsAsync<WorkflowException>(() => store.UnlockYearAsync(2023, Admin, Ct));
        Assert.Equal("2023 is not locked: there is nothing to unlock", unlockOpen.Message);

        var editor = new Change("editor", Noon.AddHours(1));
        var first = await store.LockYearAsync(2023, editor, Ct);
        Assert.Equal(new YearLock(2023, editor.At, "editor", first), await store.YearLockAsync(2023, Ct));
        var twice = await Assert.ThrowsAsync<WorkflowException>(() => store.LockYearAsync(2023, editor, Ct));
        Assert.Equal("2023 is already locked", twice.Message);
        Assert.Single(await CountedFacts.CurrentAsync(test.Store, "questionnaire.policy"));

        var unlock = new Change("admin", Noon.AddHours(2));
        await store.UnlockYearAsync(2023, unlock, Ct);
        await test.ReopenAsync();
        store = (IPlatformStore)test.Store;
        Assert.Null(await store.YearLockAsync(2023, Ct));
        Assert.False(await store.IsYearLockedAsync(2023, Ct));
        // The lock's figures no longer count, and its source stays in the history, not current.
        Assert.Empty(await CountedFacts.CurrentAsync(test.Store, "questionnaire.policy"));
        Assert.Contains(await test.Store.SourcesAsync(Ct), s => s.Id == first);
        var audit = (await store.AuditAsync(new AuditQuery("year 2023"), Ct)).Select(a => $"{a.Actor} {a.At:HH:mm} {a.Action} {a.OldValue}").ToList();
        Assert.Equal($"admin 14:00 unlock locked by editor at 2026-11-23 13:00:00 UTC, source {first}", audit[0]);
        Assert.Equal(2, audit.Count);
        Assert.Equal("2023 is not locked: there is nothing to unlock", (await Assert.ThrowsAsync<WorkflowException>(() => store.UnlockYearAsync(2023, unlock, Ct))).Message);

        // Open again: an office that had not started may start now (an approved submission stays approved), and the year
        // locks again, into a new source.
        var niger = await store.OpenSubmissionAsync("CO-NER", 2023, new Change("focal-niger", Noon.AddHours(3)), Ct);
        Assert.Equal(SubmissionState.Draft, niger.State);
        var second = await store.LockYearAsync(2023, new Change("editor", Noon.AddHours(4)), Ct);
        Assert.NotEqual(first, second);
        var figures = await CountedFacts.CurrentAsync(test.Store, "questionnaire.policy");
        Assert.Equal(second, Assert.Single(figures).SourceId);
        Assert.Equal(SubmissionState.Approved, (await store.SubmissionAsync(approved.Id, Ct))!.State);
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task Two_locks_of_one_year_at_once_make_one_lock_and_the_other_is_refused_as_already_locked(string engine)
    {
        await using var test = await SeededAsync(engine);
        var store = (IPlatformStore)test.Store;
        await ApprovedMaliAsync(store);
        var attempts = await Task.WhenAll(Enumerable.Range(0, 2).Select(i => Task.Run(async () =>
        {
            try
            {
                return (Source: (long?)await store.LockYearAsync(2023, new Change($"editor-{i}", Noon.AddHours(1)), Ct), Error: (string?)null);
            }
            catch (WorkflowException e)
            {
                return (Source: null, Error: e.Message);
            }
        }, Ct)));
        var won = Assert.Single(attempts, a => a.Source is not null);
        Assert.Equal("2023 is already locked", Assert.Single(attempts, a => a.Source is null).Error);
        Assert.Equal(won.Source, (await store.YearLockAsync(2023, Ct))!.SourceId);
        Assert.Single(await CountedFacts.CurrentAsync(test.Store, "questionnaire.policy"));
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task The_overview_lists_every_office_by_name_started_or_not_with_its_enabled_focal_points(string engine)
    {
        await using var test = await SeededAsync(engine);
        var store = (IPlatformStore)test.Store;
        await store.SaveAccountAsync(new Account("focal-mali", "Aminata Traoré", Role.FocalPoint, "CO-MLI", null), "hash", Admin, Ct);
        await store.SaveAccountAsync(new Account("focal-niger", "=HYPERLINK(\"x\")", Role.FocalPoint, "CO-NER", null), "hash", Admin, Ct);
        await store.SaveAccountAsync(new Account("focal-niger-old", "Left the office", Role.FocalPoint, "CO-NER", null), "hash", Admin, Ct);
        await store.SetAccountDisabledAsync("focal-niger-old", true, Admin, Ct);
        await store.SaveAccountAsync(new Account("reviewer-dakar", "Reviewer", Role.RegionalReviewer, null, "RO-DAK"), "hash", Admin, Ct);
        var draft = await store.OpenSubmissionAsync("CO-MLI", 2023, new Change("focal-mali", Noon.AddMinutes(5)), Ct);

        var overview = await store.SubmissionOverviewAsync(2023, Ct);
        Assert.Equal(["Headquarters", "Mali", "Niger", "Regional Office Dakar"], overview.Select(o => o.Office.Name));
        Assert.Equal(["not-started", "draft", "not-started", "not-started"], overview.Select(o => o.State));
        var mali = overview[1];
        Assert.Equal(draft, mali.Submission);
        Assert.Equal(["focal-mali"], mali.FocalPoints.Select(f => f.UserName));
        Assert.Equal(["focal-niger"], overview[2].FocalPoints.Select(f => f.UserName));
        Assert.Empty(overview[0].FocalPoints);
        Assert.All((await store.SubmissionOverviewAsync(2024, Ct)), o => Assert.Null(o.Submission));

        // The chase list: every office not approved, its focal points named, a formula-like name made inert.
        var csv = SubmissionOverview.ChaseCsv(SubmissionOverview.ToChase(overview, new OverviewFilter(Region: "RO-DAK")));
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["Mali", "Niger", "Regional Office Dakar"], lines.Skip(1).Select(l => l.Split(',')[1]));
        Assert.EndsWith(",focal-mali,Aminata Traoré", lines[1], StringComparison.Ordinal);
        Assert.Equal("CO-NER,Niger,RO-DAK,not started,,focal-niger,\"'=HYPERLINK(\"\"x\"\")\"", lines[2]);
        Assert.Equal([("not-started", 3), ("draft", 1), ("submitted", 0), ("returned", 0), ("approved", 0)], SubmissionOverview.Counts(overview));
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task The_audit_log_pages_through_every_line_and_names_a_submission_by_office_and_year(string engine)
    {
        await using var test = await SeededAsync(engine);
        var store = (IPlatformStore)test.Store;
        var focal = new Change("focal-mali", Noon);
        var s = await store.OpenSubmissionAsync("CO-MLI", 2023, focal, Ct);
        for (var i = 0; i < 12; i++) s = await store.SaveAnswersAsync(s.Id, s.Version, new Dictionary<string, string?> { ["policy"] = i % 2 == 0 ? "yes" : "no" }, focal, Ct);
        var all = await store.AuditAsync(new AuditQuery(Limit: 5000), Ct);

        var seen = new List<AuditLine>();
        var pages = new List<AuditPage>();
        long? before = null;
        do
        {
            var page = await store.AuditPageAsync(new AuditQuery(Limit: 5), before, null, Ct);
            Assert.Equal(all.Count, page.Total);
            pages.Add(page);
            seen.AddRange(page.Lines);
            before = page.Older;
        }
        while (before is not null);
        Assert.Equal(all.Select(a => a.Id), seen.Select(l => l.Entry.Id));
        Assert.Null(pages[0].Newer);
        Assert.Equal((all.Count + 4) / 5, pages.Count);
        // Back from the second page: the first page again.
        var back = await store.AuditPageAsync(new AuditQuery(Limit: 5), null, pages[1].Newer, Ct);
        Assert.Equal(pages[0].Lines.Select(l => l.Entry.Id), back.Lines.Select(l => l.Entry.Id));
        Assert.Null(back.Newer);
        Assert.Equal(pages[0].Older, back.Older);

        var submissionLines = await store.AuditPageAsync(new AuditQuery($"submission {s.Id}", Limit: 100), null, null, Ct);
        Assert.Equal(13, submissionLines.Total);
        Assert.All(submissionLines.Lines, l => Assert.Equal("Mali — 2023", l.Record));
        Assert.Contains(seen, l => l.Record == "questionnaire 2023");
    }
}
