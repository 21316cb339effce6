using Almanac.Domain;
using Almanac.Domain.Observations;
using Almanac.Domain.Platform;
using Almanac.Domain.Workforce;
using Almanac.Store.Schema;
using Almanac.Tests;

namespace Almanac.Store.Tests;

/// <summary>The platform's persistence, against the embedded store and PostgreSQL alike.</summary>
public sealed class PlatformStoreTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly Change Admin = new("admin", Noon);

    private static readonly Office[] Offices =
    [
        new("HQ", "Headquarters", OfficeKind.Headquarters, null, "CHE"),
        new("RO-DAK", "Regional Office Dakar", OfficeKind.RegionalOffice, "RO-DAK", "SEN"),
        new("CO-MLI", "Mali", OfficeKind.CountryOffice, "RO-DAK", "MLI"),
    ];

    private static readonly Questionnaire Questionnaire = new(2023, "Institutional questionnaire 2023", "sp", [
        new QuestionnaireSection("s1", "One", "objective-1", [
            new Question("policy", QuestionKind.YesNo, "Policy?", "Help", true, [], [], [], null),
            new Question("areas", QuestionKind.MultipleChoice, "Areas", null, false, ["health", "return"], [], [], null),
            new Question("assisted", QuestionKind.Table, "Assisted", null, false, [], ["returns"], ["women", "men"], null),
        ]),
    ]);

    private static Task<TestStore> SeededAsync(string engine) => TestStores.CreatePlatformAsync(engine, Offices, Questionnaire, Admin);

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task Offices_and_questionnaires_round_trip_and_a_bad_office_imports_nothing(string engine)
    {
        await using var test = await SeededAsync(engine);
        await test.ReopenAsync();
        var store = (IPlatformStore)test.Store;
        Assert.Equal(Offices.OrderBy(o => o.Code, StringComparer.Ordinal), await store.OfficesAsync(Ct));
        var loaded = await store.QuestionnaireAsync(2023, Ct);
        Assert.Equal(["policy", "areas", "assisted"], loaded!.Questions.Select(q => q.Id));
        Assert.Equal(["women", "men"], loaded.Question("assisted")!.Columns);
        Assert.Equal([2023], await store.QuestionnaireYearsAsync(Ct));

        var error = await Assert.ThrowsAsync<AlmanacException>(() => store.ImportOfficesAsync(
            [new("CO-PER", "Peru", OfficeKind.CountryOffice, "RO-BUE", "PER"), new("CO-SEN", "Senegal", OfficeKind.CountryOffice, "RO-DAK", "SEN")], Admin, Ct));
        Assert.Contains("office 'CO-PER', region 'RO-BUE': names no regional office", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, (await store.OfficesAsync(Ct)).Count);
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task Units_of_work_run_side_by_side_and_every_write_lands_once_while_reads_go_on(string engine)
    {
        await using var test = await SeededAsync(engine);
        var store = (IPlatformStore)test.Store;
        var offices = Enumerable.Range(1, 24).Select(i => new Office($"CO-{i:00}", $"Office {i}", OfficeKind.CountryOffice, "RO-DAK", "XXX")).ToList();
        await store.ImportOfficesAsync(offices, Admin, Ct);
        const int saves = 6;

        // Every office's focal point saves at once, while readers list submissions, read answers and query the facts:
        // writers and readers run side by side on both engines (no two writers change one row here).
        var writers = offices.Select(office => Task.Run(async () =>
        {
            var change = new Change(office.Code, Noon);
            var submission = await store.OpenSubmissionAsync(office.Code, 2023, change, Ct);
            for (var s = 1; s <= saves; s++)
            {
                submission = await store.SaveAnswersAsync(submission.Id, submission.Version, new Dictionary<string, string?> { ["assisted/returns/women"] = s.ToString(System.Globalization.CultureInfo.InvariantCulture) }, change, Ct);
            }
            return submission;
        }, Ct)).ToList();
        var readers = Enumerable.Range(0, 24).Select(i => Task.Run(async () =>
        {
            for (var r = 0; r < 5; r++)
            {
                var listed = await store.SubmissionsAsync(2023, Ct);
                foreach (var submission in listed.Take(3)) await store.AnswersAsync(submission.Id, Ct);
                await store.ReadFactsAsync(facts => facts.SourcesAsync(Ct), Ct);
            }
        }, Ct)).ToList();
        var written = await Task.WhenAll(writers);
        await Task.WhenAll(readers);

        Assert.All(written, s => Assert.Equal(1 + saves, s.Version));
        await test.ReopenAsync();
        store = (IPlatformStore)test.Store;
        var stored = await store.SubmissionsAsync(2023, Ct);
        Assert.Equal(offices.Select(o => o.Code).Order(StringComparer.Ordinal), stored.Select(s => s.Office).Order(StringComparer.Ordinal));
        foreach (var submission in stored)
        {
            Assert.Equal(1 + saves, submission.Version);
            Assert.Equal("6", (await store.AnswersAsync(submission.Id, Ct))["assisted/returns/women"]);
        }
        // One audit line per changed answer: nothing lost, nothing written twice.
        var audit = await store.AuditAsync(new AuditQuery(Limit: 10_000), Ct);
        Assert.Equal(offices.Count * saves, audit.Count(a => a.Field == "assisted/returns/women"));
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task A_catalog_change_made_through_another_store_of_the_database_is_seen_at_once_by_a_store_that_cached_the_catalog(string engine)
    {
        await using var test = await SeededAsync(engine);
        var store = (IPlatformStore)test.Store;
        Assert.Equal("Mali", (await store.OfficesAsync(Ct)).Single(o => o.Code == "CO-MLI").Name);
        Assert.Equal(3, (await store.QuestionnaireAsync(2023, Ct))!.Questions.Count());
        Assert.Same(await store.OfficesAsync(Ct), await store.OfficesAsync(Ct));

        // Another server (or the command line) of the same database: on DuckDB a second store in this process shares the
        // database instance, as a second connection of a server does.
        await using (var other = await AlmanacStores.OpenAsync(test.Target, Ct))
        {
            await other.ImportOfficesAsync([new("CO-MLI", "Mali (Bamako)", OfficeKind.CountryOffice, "RO-DAK", "MLI")], Admin, Ct);
            await other.SaveQuestionnaireAsync(Questionnaire with { Sections = [Questionnaire.Sections[0] with { Questions = [.. Questionnaire.Sections[0].Questions.Take(2)] }] }, Admin, Ct);
        }

        Assert.Equal("Mali (Bamako)", (await store.OfficesAsync(Ct)).Single(o => o.Code == "CO-MLI").Name);
        Assert.Equal(2, (await store.QuestionnaireAsync(2023, Ct))!.Questions.Count());
        Assert.Equal("Mali (Bamako)", (await test.Store.OfficeHierarchyAsync(Ct)).Single(o => o.Code == "CO-MLI").Name);
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task Answers_are_saved_at_the_version_read_and_a_stale_write_is_refused_and_audited_never(string engine)
    {
        await using var test = await SeededAsync(engine);
        var store = (IPlatformStore)test.Store;
        var focal = new Change("mali", Noon.AddMinutes(1));
        var draft = await store.OpenSubmissionAsync("CO-MLI", 2023, focal, Ct);
        Assert.Equal((SubmissionState.Draft, 1L), (draft.State, draft.Version));
        Assert.Equal(draft.Id, (await store.OpenSubmissionAsync("CO-MLI", 2023, focal, Ct)).Id);

        var saved = await store.SaveAnswersAsync(draft.Id, 1, new Dictionary<string, string?> { ["policy"] = "yes", ["assisted/returns/women"] = "10" }, focal, Ct);
        Assert.Equal(2, saved.Version);
        var stale = await Assert.ThrowsAsync<ConcurrencyException>(() =>
            store.SaveAnswersAsync(draft.Id, 1, new Dictionary<string, string?> { ["policy"] = "no" }, new Change("other-tab", Noon), Ct));
        Assert.Contains("reload", stale.Message, StringComparison.Ordinal);
        // The same answers again are no change: no new version, no audit line.
        Assert.Equal(2, (await store.SaveAnswersAsync(draft.Id, 2, new Dictionary<string, string?> { ["policy"] = "yes" }, focal, Ct)).Version);
        var third = await store.SaveAnswersAsync(draft.Id, 2, new Dictionary<string, string?> { ["policy"] = "no", ["assisted/returns/women"] = null }, focal, Ct);

        await test.ReopenAsync();
        store = (IPlatformStore)test.Store;
        Assert.Equal(new Dictionary<string, string> { ["policy"] = "no" }, await store.AnswersAsync(draft.Id, Ct));
        var audit = await store.AuditAsync(new AuditQuery($"submission {draft.Id}"), Ct);
        Assert.Equal(
            ["answer policy yes→no", "answer assisted/returns/women 10→", "answer policy →yes", "answer assisted/returns/women →10", "create state →draft"],
            audit.Select(a => $"{a.Action} {a.Field} {a.OldValue}→{a.NewValue}"));
        Assert.All(audit.Take(2), a => Assert.Equal(("mali", Noon.AddMinutes(1)), (a.Actor, a.At)));
        Assert.Equal(3, third.Version);
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task A_submission_is_submitted_returned_resubmitted_approved_and_the_locked_year_becomes_observations(string engine)
    {
        await using var test = await SeededAsync(engine);
        var store = (IPlatformStore)test.Store;
        var focal = new Change("mali", Noon);
        var reviewer = new Change("dakar", Noon.AddHours(1));
        var s = await store.OpenSubmissionAsync("CO-MLI", 2023, focal, Ct);
        s = await store.SaveAnswersAsync(s.Id, s.Version, new Dictionary<string, string?> { ["policy"] = "yes", ["areas"] = "health; return", ["assisted/returns/men"] = "7" }, focal, Ct);
        s = await store.ActAsync(s.Id, s.Version, SubmissionAction.Submit, null, focal, Ct);
        await Assert.ThrowsAsync<WorkflowException>(() => store.SaveAnswersAsync(s.Id, s.Version, new Dictionary<string, string?> { ["policy"] = "no" }, focal, Ct));
        await Assert.ThrowsAsync<WorkflowException>(() => store.ActAsync(s.Id, s.Version, SubmissionAction.Return, " ", reviewer, Ct));
        s = await store.ActAsync(s.Id, s.Version, SubmissionAction.Return, "Please add the women assisted.", reviewer, Ct);
        Assert.Equal((SubmissionState.Returned, "Please add the women assisted."), (s.State, s.Comment));
        s = await store.SaveAnswersAsync(s.Id, s.Version, new Dictionary<string, string?> { ["assisted/returns/women"] = "9" }, focal, Ct);
        s = await store.ActAsync(s.Id, s.Version, SubmissionAction.Submit, null, focal, Ct);
        s = await store.ActAsync(s.Id, s.Version, SubmissionAction.Approve, null, reviewer, Ct);
        Assert.Equal(SubmissionState.Approved, s.State);

        var sourceId = await store.LockYearAsync(2023, Admin, Ct);
        Assert.True(await store.IsYearLockedAsync(2023, Ct));
        await Assert.ThrowsAsync<WorkflowException>(() => store.ActAsync(s.Id, s.Version, SubmissionAction.Return, "late", reviewer, Ct));
        await Assert.ThrowsAsync<WorkflowException>(() => store.SaveQuestionnaireAsync(Questionnaire, Admin, Ct));

        // Counted data: the answers are facts (office in the office column), where queries, rules and the publish step read them.
        var observations = await CountedFacts.CurrentAsync(test.Store, "questionnaire.policy", "questionnaire.areas", "questionnaire.assisted");
        Assert.Equal(
            ["questionnaire.areas answer=health;office=CO-MLI;region=RO-DAK 1", "questionnaire.areas answer=return;office=CO-MLI;region=RO-DAK 1",
             "questionnaire.assisted column=men;office=CO-MLI;region=RO-DAK;row=returns 7", "questionnaire.assisted column=women;office=CO-MLI;region=RO-DAK;row=returns 9",
             "questionnaire.policy answer=yes;office=CO-MLI;region=RO-DAK 1"],
            observations.Select(o => $"{o.Measure} {o.Key} {o.Value:0.####}"));
        Assert.All(observations, o => Assert.Equal(sourceId, o.SourceId));
        var source = (await test.Store.SourcesAsync(Ct)).Single(x => x.Id == sourceId);
        Assert.Equal((SourceKinds.Questionnaire, 5L), (source.Kind, source.RowCount));
        var states = (await store.AuditAsync(new AuditQuery($"submission {s.Id}"), Ct)).Where(a => a.Field == "state").Select(a => $"{a.Actor}:{a.OldValue}→{a.NewValue}").Reverse();
        Assert.Equal(["mali:→draft", "mali:draft→submitted", "dakar:submitted→returned", "mali:returned→submitted", "dakar:submitted→approved"], states);
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task Answers_collected_elsewhere_are_imported_as_approved_audited_and_never_over_answers_given_on_the_platform(string engine)
    {
        await using var test = await SeededAsync(engine);
        var store = (IPlatformStore)test.Store;
        var importer = new Change("importer", Noon);
        static IReadOnlyDictionary<string, string> Answers(params (string Key, string Value)[] answers) => answers.ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);

        // One bad answer, or an office that does not exist, and nothing is written.
        var bad = await Assert.ThrowsAsync<AnswerException>(() => store.ImportApprovedAnswersAsync(2023, new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["CO-MLI"] = Answers(("policy", "yes")),
            ["RO-DAK"] = Answers(("policy", "maybe")),
        }, "answers of the 2023 paper questionnaire", importer, Ct));
        Assert.Contains("answer yes or no", bad.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<NotFoundException>(() => store.ImportApprovedAnswersAsync(2023, new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["CO-XXX"] = Answers(("policy", "yes")),
        }, "answers of the 2023 paper questionnaire", importer, Ct));
        Assert.Empty(await store.SubmissionsAsync(2023, Ct));

        // An office that started on the platform keeps its own answers: the import is refused whole.
        var own = await store.OpenSubmissionAsync("HQ", 2023, new Change("hq", Noon), Ct);
        await Assert.ThrowsAsync<WorkflowException>(() => store.ImportApprovedAnswersAsync(2023, new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["CO-MLI"] = Answers(("policy", "yes")),
            ["HQ"] = Answers(("policy", "no")),
        }, "answers of the 2023 paper questionnaire", importer, Ct));
        Assert.Equal([own.Id], (await store.SubmissionsAsync(2023, Ct)).Select(x => x.Id));

        var created = await store.ImportApprovedAnswersAsync(2023, new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["CO-MLI"] = Answers(("policy", "YES"), ("areas", "return; health")),
            ["RO-DAK"] = Answers(("policy", "no")),
        }, "answers of the 2023 paper questionnaire", importer, Ct);
        Assert.Equal([("CO-MLI", SubmissionState.Approved), ("RO-DAK", SubmissionState.Approved)], created.Select(x => (x.Office, x.State)));
        var mali = created[0];
        Assert.Equal(new Dictionary<string, string> { ["areas"] = "health; return", ["policy"] = "yes" }, await store.AnswersAsync(mali.Id, Ct));
        Assert.Equal("answers of the 2023 paper questionnaire", mali.Comment);
        var audit = (await store.AuditAsync(new AuditQuery($"submission {mali.Id}"), Ct)).Select(a => $"{a.Actor} {a.Action} {a.Field}={a.NewValue}").Order(StringComparer.Ordinal);
        Assert.Equal(["importer answer areas=health; return", "importer answer policy=yes", "importer import state=approved"], audit);

        await store.LockYearAsync(2023, Admin, Ct);
        await Assert.ThrowsAsync<WorkflowException>(() => store.ImportApprovedAnswersAsync(2023, new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["HQ"] = Answers(("policy", "no")),
        }, "late answers", importer, Ct));
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task A_number_questions_unit_is_kept_with_the_questionnaire(string engine)
    {
        await using var test = await SeededAsync(engine);
        var store = (IPlatformStore)test.Store;
        await store.SaveQuestionnaireAsync(Questionnaire with
        {
            Year = 2024,
            Sections = [Questionnaire.Sections[0] with { Questions = [new Question("budget", QuestionKind.Number, "Budget?", null, true, [], [], [], null, NumberUnit.Amount)] }],
        }, Admin, Ct);
        // A questionnaire stored before questions had a unit reads as counting.
        var document = await test.RawSqlAsync(
            "UPDATE questionnaire SET document = replace(document, ',\"Unit\":\"Count\"', '') WHERE year = 2023",
            "SELECT document FROM questionnaire WHERE year = 2023");
        Assert.DoesNotContain("Unit", (string)Assert.Single(document)!, StringComparison.Ordinal);
        Assert.Equal(NumberUnit.Amount, (await ((IPlatformStore)test.Store).QuestionnaireAsync(2024, Ct))!.Question("budget")!.Unit);
        Assert.Equal(NumberUnit.Count, (await ((IPlatformStore)test.Store).QuestionnaireAsync(2023, Ct))!.Question("assisted")!.Unit);
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task A_year_whose_question_changed_kind_since_a_locked_year_is_refused_at_the_lock_and_nothing_is_written(string engine)
    {
        await using var test = await SeededAsync(engine);
        var store = (IPlatformStore)test.Store;
        var reviewer = new Change("dakar", Noon.AddHours(1));
        async Task ApproveAsync(int year, Dictionary<string, string?> answers)
        {
            var focal = new Change("mali", Noon);
            var s = await store.OpenSubmissionAsync("CO-MLI", year, focal, Ct);
            s = await store.SaveAnswersAsync(s.Id, s.Version, answers, focal, Ct);
            s = await store.ActAsync(s.Id, s.Version, SubmissionAction.Submit, null, focal, Ct);
            await store.ActAsync(s.Id, s.Version, SubmissionAction.Approve, null, reviewer, Ct);
        }
        await ApproveAsync(2023, new() { ["policy"] = "yes" });
        await store.LockYearAsync(2023, Admin, Ct);
        // 2024 asks "policy" as a number: the measure has an answer dimension since 2023.
        await store.SaveQuestionnaireAsync(Questionnaire with
        {
            Year = 2024,
            Sections = [Questionnaire.Sections[0] with { Questions = [new Question("policy", QuestionKind.Number, "Policies?", null, true, [], [], [], null)] }],
        }, Admin, Ct);
        await ApproveAsync(2024, new() { ["policy"] = "3" });
        var before = (await test.Store.SourcesAsync(Ct)).Count;

        var error = await Assert.ThrowsAsync<WorkflowException>(() => store.LockYearAsync(2024, Admin, Ct));

        Assert.StartsWith("2024 cannot be locked: Measure 'questionnaire.policy' is stored with the dimensions (answer, region)", error.Message, StringComparison.Ordinal);
        Assert.False(await store.IsYearLockedAsync(2024, Ct));
        Assert.Equal(before, (await test.Store.SourcesAsync(Ct)).Count);
        Assert.Equal(["questionnaire.policy 2023 answer=yes;office=CO-MLI;region=RO-DAK 1"], (await CountedFacts.CurrentAsync(test.Store, "questionnaire.policy")).Select(f => f.ToString()));
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task Migration_7_moves_the_counted_rows_a_version_6_store_kept_in_observation_into_the_fact_table(string engine)
    {
        await using var test = await SeededAsync(engine);
        var store = (IPlatformStore)test.Store;
        var (focal, reviewer) = (new Change("mali", Noon), new Change("dakar", Noon.AddHours(1)));
        var s = await store.OpenSubmissionAsync("CO-MLI", 2023, focal, Ct);
        s = await store.SaveAnswersAsync(s.Id, s.Version, new Dictionary<string, string?> { ["policy"] = "yes", ["assisted/returns/women"] = "9" }, focal, Ct);
        s = await store.ActAsync(s.Id, s.Version, SubmissionAction.Submit, null, focal, Ct);
        await store.ActAsync(s.Id, s.Version, SubmissionAction.Approve, null, reviewer, Ct);
        var locked = await store.LockYearAsync(2023, Admin, Ct);
        static IEnumerable<(long, StaffMember)> Staff(params (string Nationality, string Grade, Sex Sex)[] rows) =>
            rows.Select((r, i) => ((long)i + 2, new StaffMember($"s{i}", r.Nationality, Grades.Parse(r.Grade)!, Grades.Parse(r.Grade)!.Category!.Value, r.Sex, null)));
        var withFacts = await test.Store.ImportStaffListAsync(new SourceInfo(SourceKinds.StaffList, "2022.csv", "s2022", Noon), 2022,
            Staff(("FRA", "P-3", Sex.Female), ("FRA", "P-3", Sex.Female), ("KEN", "G-4", Sex.Male)), Ct);
        var beforeFacts = await test.Store.ImportStaffListAsync(new SourceInfo(SourceKinds.StaffList, "2021.csv", "s2021", Noon), 2021,
            Staff(("SEN", "P-4", Sex.Male)), Ct);
        await test.Store.ImportPublishedFiguresAsync(new SourceInfo(SourceKinds.PublishedFigures, "r.csv", "r", Noon),
            [new(Measures.StaffHeadcount, 2005, DimensionKey.Parse("category=PH"), 669, new Provenance(0, "r.csv", "Table 4", 658))], Ct);
        var answers = await CountedFacts.CurrentAsync(test.Store, "questionnaire.policy", "questionnaire.assisted");
        var staff = await CountedFacts.CurrentAsync(test.Store, Measures.StaffHeadcount);
        var account = new Account("mali", "Mali focal point", Role.FocalPoint, "CO-MLI", null);
        await store.SaveAccountAsync(account, "HASH", Admin, Ct);

        // The store as version 6 left it: staff lists' headcounts also in observation, the locked answers only there (a
        // list imported before version 5, the fact table, is only in observation too), and no later version applied.
        var rows = await test.RawSqlAsync(
            """
            INSERT INTO observation (source_id, measure, year, dims, value, location, line)
            SELECT m.source_id, 'staff.headcount', y.year, 'category=' || m.category || ';grade=' || m.grade || ';nationality=' || m.nationality || ';sex=' || m.sex, COUNT(*), NULL, NULL
            FROM staff_member m JOIN source_scope_year y ON y.source_id = m.source_id
            GROUP BY m.source_id, y.year, m.category, m.grade, m.nationality, m.sex
            """,
            $"""
            INSERT INTO observation (source_id, measure, year, dims, value, location, line, inferred) VALUES
            ({locked}, 'questionnaire.policy', 2023, 'answer=yes;office=CO-MLI;region=RO-DAK', 1, 'submission {s.Id}', NULL, FALSE),
            ({locked}, 'questionnaire.assisted', 2023, 'column=women;office=CO-MLI;region=RO-DAK;row=returns', 9, 'submission {s.Id}', NULL, FALSE)
            """,
            $"DELETE FROM fact WHERE source_id IN ({locked}, {beforeFacts.SourceId})",
            // Versions after 6 undone: 7's rows as above, 8's to 13's tables and columns dropped, 14's partitions (PostgreSQL)
            // made one table again (a later migration adds its undoing here).
            "CREATE TABLE fact_before_14 AS SELECT * FROM fact",
            "DROP TABLE fact",
            "ALTER TABLE fact_before_14 RENAME TO fact",
            "DROP TABLE project_transaction",
            "DROP TABLE project_budget",
            "DROP TABLE project_country",
            "DROP TABLE project_office",
            "DROP TABLE project",
            "DROP TABLE question_comment",
            "DROP TABLE comment_thread",
            "DROP SEQUENCE question_comment_id_seq",
            "DROP TABLE catalog_stamp",
            "DROP TABLE data_protection_key",
            "DROP TABLE report_statement",
            "DROP TABLE web_session",
            "DROP TABLE sign_in_throttle",
            "ALTER TABLE account DROP COLUMN security_stamp",
            "ALTER TABLE account DROP COLUMN disabled",
            "DELETE FROM schema_version WHERE version >= 7",
            $"SELECT CAST((SELECT COUNT(*) FROM observation) AS TEXT) || ' rows, ' || CAST((SELECT COUNT(*) FROM fact WHERE source_id IN ({locked}, {beforeFacts.SourceId})) AS TEXT) || ' facts'");
        // The printed figure, three headcount rows (two of 2022, one of 2021) and two answers; no fact of the answers or of the 2021 list.
        Assert.Equal("6 rows, 0 facts", Assert.Single(rows));

        // Reopened (RawSqlAsync reopens the store): migration 7 has run.
        Assert.Equal(Migrations.Latest, await test.Store.SchemaVersionAsync(Ct));
        // And 10: an account made before has a stamp and is enabled, and a new password rotates the stamp.
        var platform = (IPlatformStore)test.Store;
        var migrated = await platform.AccountAsync("mali", Ct);
        Assert.Equal((account, "HASH", false, "initial"), (migrated!.Account, migrated.PasswordHash, migrated.Disabled, migrated.SecurityStamp));
        await platform.SaveAccountAsync(account, "HASH2", Admin, Ct);
        Assert.Equal(32, (await platform.AccountAsync("mali", Ct))!.SecurityStamp.Length);
        Assert.Equal(answers, await CountedFacts.CurrentAsync(test.Store, "questionnaire.policy", "questionnaire.assisted"));
        Assert.Equal(staff, await CountedFacts.CurrentAsync(test.Store, Measures.StaffHeadcount));
        Assert.Contains(staff, f => f.SourceId == beforeFacts.SourceId && f.Value == 1);
        Assert.Contains(staff, f => f.SourceId == withFacts.SourceId && f.Value == 2);
        Assert.Equal(1, Convert.ToInt32(Assert.Single(await test.RawSqlAsync("SELECT COUNT(*) FROM observation")), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(669, Assert.Single(await test.Store.PrintedObservationsAsync(null, Ct)).Value);
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task Accounts_keep_their_hash_and_a_new_password_role_scope_or_disabling_rotates_the_stamp_and_ends_their_sessions(string engine)
    {
        await using var test = await SeededAsync(engine);
        var store = (IPlatformStore)test.Store;
        var account = new Account("mali", "Mali focal point", Role.FocalPoint, "CO-MLI", null);
        await store.SaveAccountAsync(account, "HASH", Admin, Ct);
        await Assert.ThrowsAsync<AlmanacException>(() => store.SaveAccountAsync(account with { Office = null }, "HASH", Admin, Ct));
        var created = (await store.AccountAsync("mali", Ct))!;
        Assert.Equal((account, "HASH", false), (created.Account, created.PasswordHash, created.Disabled));
        Assert.NotEmpty(created.SecurityStamp);

        // Each change that must end sessions: the stamp moves, and the session started before is marked ended.
        var changes = new (string What, Func<Task> Change)[]
        {
            ("new password", () => store.SaveAccountAsync(account, "HASH2", Admin, Ct)),
            ("new role", () => store.SaveAccountAsync(account with { Role = Role.RegionalReviewer, Office = null, Region = "RO-DAK" }, "HASH2", Admin, Ct)),
            ("new scope", () => store.SaveAccountAsync(account with { Role = Role.RegionalReviewer, Office = null, Region = "HQ" }, "HASH2", Admin, Ct)),
            ("disabled", () => store.SetAccountDisabledAsync("mali", true, Admin, Ct)),
        };
        var i = 0;
        foreach (var (what, change) in changes)
        {
            var before = (await store.AccountAsync("mali", Ct))!;
            var session = new AccountSession($"session-{i++}", "mali", before.SecurityStamp, Noon, Noon, Noon.AddHours(8), null);
            await store.StartSessionAsync(session, "192.0.2.1", Ct);
            Assert.Equal(session, (await store.SessionAsync(session.Id, Ct))!.Value.Session);
            var version = store.SessionsVersion;
            await change();
            // The embedded store's only writer is this process: its sessions version moves, so servers' looks are left behind.
            Assert.True(engine == "postgres" ? store.SessionsVersion is null : store.SessionsVersion > version, what);
            var (after, stored) = (await store.SessionAsync(session.Id, Ct))!.Value;
            Assert.True(stored.SecurityStamp != before.SecurityStamp, what);
            Assert.True(after.EndedAt == Noon, what);
        }
        Assert.True((await store.AccountAsync("mali", Ct))!.Disabled);

        // A new display name (or the same account saved again) ends nothing.
        await store.SetAccountDisabledAsync("mali", false, Admin, Ct);
        var kept = (await store.AccountAsync("mali", Ct))!;
        var open = new AccountSession("session-open", "mali", kept.SecurityStamp, Noon, Noon, Noon.AddHours(8), null);
        await store.StartSessionAsync(open, "192.0.2.1", Ct);
        await store.SaveAccountAsync(kept.Account with { DisplayName = "Mali" }, "HASH2", Admin, Ct);
        await store.RehashPasswordAsync("mali", "HASH2", "HASH3", Ct);
        var (still, same) = (await store.SessionAsync(open.Id, Ct))!.Value;
        Assert.Equal((open, kept.SecurityStamp, "HASH3"), (still, same.SecurityStamp, same.PasswordHash));

        // Touched (which refuses no session: the version stands), then ended by signing out (which does: it moves).
        var touched = store.SessionsVersion;
        await store.TouchSessionAsync(open.Id, Noon.AddMinutes(5), Noon.AddMinutes(485), Ct);
        Assert.Equal(touched, store.SessionsVersion);
        Assert.Equal(open with { LastSeen = Noon.AddMinutes(5), ExpiresAt = Noon.AddMinutes(485) }, (await store.SessionAsync(open.Id, Ct))!.Value.Session);
        await store.EndSessionAsync(open.Id, Noon.AddMinutes(6), Ct);
        Assert.True(engine == "postgres" ? store.SessionsVersion is null : store.SessionsVersion > touched);
        Assert.Equal(Noon.AddMinutes(6), (await store.SessionAsync(open.Id, Ct))!.Value.Session.EndedAt);
        Assert.Null(await store.SessionAsync("no-such-session", Ct));

        var audit = await store.AuditAsync(new AuditQuery("account mali"), Ct);
        Assert.Contains(audit, a => a.Action == "sessions ended");
        Assert.Contains(audit, a => a.Action == "disable");
        Assert.Contains(audit, a => a.Action == "sign-out");
        Assert.DoesNotContain(await store.AuditAsync(new AuditQuery(), Ct), a => a.NewValue?.Contains("HASH", StringComparison.Ordinal) == true);
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task Sign_in_throttles_are_kept_per_key_cleared_for_the_account_by_a_sign_in_and_forgotten_after_a_day(string engine)
    {
        await using var test = await SeededAsync(engine);
        var store = (IPlatformStore)test.Store;
        var account = new Account("mali", "Mali focal point", Role.FocalPoint, "CO-MLI", null);
        await store.SaveAccountAsync(account, "HASH", Admin, Ct);
        string[] keys = [SignInThrottle.AddressKey("192.0.2.1"), SignInThrottle.AccountKey("mali")];
        var states = new Dictionary<string, ThrottleState>
        {
            [keys[0]] = new(11, Noon, Noon.AddSeconds(2)),
            [keys[1]] = new(6, Noon, Noon.AddSeconds(1)),
        };
        await store.RecordSignInFailureAsync("mali", "192.0.2.1", states, Noon, Ct);
        Assert.Equal(states, await store.SignInThrottlesAsync([.. keys, SignInThrottle.AccountKey("other")], Ct));
        var later = new Dictionary<string, ThrottleState> { [keys[1]] = new(7, Noon.AddMinutes(1), null) };
        await store.RecordSignInFailureAsync("mali", "192.0.2.1", later, Noon.AddMinutes(1), Ct);
        Assert.Equal(later[keys[1]], (await store.SignInThrottlesAsync(keys, Ct))[keys[1]]);
        Assert.Contains(await store.AuditAsync(new AuditQuery("account mali"), Ct), a => a.Action == "sign-in failed" && a.NewValue == "192.0.2.1");

        // The owner signs in: the account's throttle goes, the address's stays (a guesser could otherwise clear it).
        var stamp = (await store.AccountAsync("mali", Ct))!.SecurityStamp;
        await store.StartSessionAsync(new AccountSession("s", "mali", stamp, Noon.AddMinutes(2), Noon.AddMinutes(2), Noon.AddHours(8), null), "192.0.2.1", Ct);
        Assert.Equal([keys[0]], (await store.SignInThrottlesAsync(keys, Ct)).Keys);

        // A failure a day later forgets the rows idle since.
        var next = new Dictionary<string, ThrottleState> { [SignInThrottle.AccountKey("nobody")] = new(1, Noon.AddDays(2), null) };
        await store.RecordSignInFailureAsync("nobody", "192.0.2.9", next, Noon.AddDays(2), Ct);
        Assert.Empty(await store.SignInThrottlesAsync(keys, Ct));
        Assert.Single(await store.SignInThrottlesAsync([SignInThrottle.AccountKey("nobody")], Ct));
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task Accounts_are_created_once_per_name_whatever_its_case_changed_field_by_field_and_the_last_enabled_administrator_is_never_disabled_or_demoted(string engine)
    {
        await using var test = await SeededAsync(engine);
        var store = (IPlatformStore)test.Store;
        var root = new Account("root", "First administrator", Role.Administrator, null, null);
        var mali = new Account("mali", "Mali focal point", Role.FocalPoint, "CO-MLI", null);
        await store.CreateAccountAsync(root, "HASH-R", Admin, Ct);
        await store.CreateAccountAsync(mali, "HASH-M", Admin, Ct);
        Assert.Contains("'mali' is taken", (await Assert.ThrowsAsync<WorkflowException>(() => store.CreateAccountAsync(mali with { DisplayName = "again" }, "X", Admin, Ct))).Message, StringComparison.Ordinal);
        Assert.Contains("'MALI' is taken (by 'mali')", (await Assert.ThrowsAsync<WorkflowException>(() => store.CreateAccountAsync(mali with { UserName = "MALI" }, "X", Admin, Ct))).Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<NotFoundException>(() => store.UpdateAccountAsync(mali with { UserName = "nobody" }, null, Admin, Ct));
        Assert.Equal("HASH-M", (await store.AccountAsync("mali", Ct))!.PasswordHash);

        // The only enabled administrator: neither demoted nor disabled, by any of the three ways to change an account.
        foreach (var change in new Func<Task>[]
        {
            () => store.UpdateAccountAsync(root with { Role = Role.Editor }, null, Admin, Ct),
            () => store.SaveAccountAsync(root with { Role = Role.Reader }, "HASH-R", Admin, Ct),
            () => store.SetAccountDisabledAsync("root", true, Admin, Ct),
        })
        {
            var refused = await Assert.ThrowsAsync<WorkflowException>(change);
            Assert.Equal("'root' is the last enabled administrator: make another account an administrator first, so that someone can still manage the platform", refused.Message);
        }
        Assert.Equal((Role.Administrator, false), ((await store.AccountAsync("root", Ct))!.Account.Role, (await store.AccountAsync("root", Ct))!.Disabled));

        // A second administrator, disabled, does not count; enabled, it lets the first go.
        await store.UpdateAccountAsync(mali with { Role = Role.Administrator, Office = null }, null, Admin, Ct);
        await store.SetAccountDisabledAsync("mali", true, Admin, Ct);
        await Assert.ThrowsAsync<WorkflowException>(() => store.SetAccountDisabledAsync("root", true, Admin, Ct));
        await store.SetAccountDisabledAsync("mali", false, Admin, Ct);
        await store.UpdateAccountAsync(root with { Role = Role.Reader }, null, Admin, Ct);
        await Assert.ThrowsAsync<WorkflowException>(() => store.SetAccountDisabledAsync("mali", true, Admin, Ct));

        // Field by field in the audit log (the hash never); a password change by its owner and a reset by someone else apart.
        await store.UpdateAccountAsync(root with { Role = Role.Reader, DisplayName = "Former administrator" }, "HASH-R2", Admin, Ct);
        await store.UpdateAccountAsync(root with { Role = Role.Reader, DisplayName = "Former administrator" }, "HASH-R3", new Change("root", Noon), Ct);
        var audit = (await store.AuditAsync(new AuditQuery("account root"), Ct)).Select(a => (a.Action, a.Field, a.OldValue, a.NewValue)).ToList();
        Assert.Contains(("create", "role", null, "administrator"), audit);
        Assert.Contains(("update", "role", "administrator", "reader"), audit);
        Assert.Contains(("update", "display name", "First administrator", "Former administrator"), audit);
        Assert.Contains(("password reset", "password", null, null), audit);
        Assert.Contains(("password changed", "password", null, null), audit);
        Assert.DoesNotContain(await store.AuditAsync(new AuditQuery(), Ct), a => a.NewValue?.Contains("HASH", StringComparison.Ordinal) == true);

        // The list: every account, whether disabled, and its last sign-in as the audit log has it.
        await store.SetAccountDisabledAsync("root", true, Admin, Ct);
        var stamp = (await store.AccountAsync("mali", Ct))!.SecurityStamp;
        await store.StartSessionAsync(new AccountSession("s1", "mali", stamp, Noon.AddHours(1), Noon.AddHours(1), Noon.AddHours(9), null), "192.0.2.1", Ct);
        await store.StartSessionAsync(new AccountSession("s2", "mali", stamp, Noon.AddHours(2), Noon.AddHours(2), Noon.AddHours(10), null), "192.0.2.1", Ct);
        Assert.Equal(
            [new AccountListing(mali with { Role = Role.Administrator, Office = null }, false, Noon.AddHours(2)), new AccountListing(root with { Role = Role.Reader, DisplayName = "Former administrator" }, true, null)],
            await store.AccountsAsync(Ct));
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task An_answer_stored_out_of_range_is_left_out_of_results_and_stops_the_lock_by_name_until_the_office_corrects_it(string engine)
    {
        await using var test = await SeededAsync(engine);
        var store = (IPlatformStore)test.Store;
        var focal = new Change("mali", Noon);
        var reviewer = new Change("reviewer", Noon);
        // As an older version stored it: the store writes what it is given (the platform's checks are the domain's).
        var s = await store.OpenSubmissionAsync("CO-MLI", 2023, focal, Ct);
        s = await store.SaveAnswersAsync(s.Id, s.Version, new Dictionary<string, string?>
        {
            ["policy"] = "yes",
            ["assisted/returns/women"] = "79228162514264337593543950335",
            ["assisted/returns/men"] = "7",
        }, focal, Ct);
        s = await store.ActAsync(s.Id, s.Version, SubmissionAction.Submit, null, focal, Ct);
        s = await store.ActAsync(s.Id, s.Version, SubmissionAction.Approve, null, reviewer, Ct);

        var results = ResultsCalculator.Compute(Questionnaire, Offices, await store.SubmissionsWithAnswersAsync(2023, Ct));
        var women = results.Answers.Single(a => a.Answer == "returns / women");
        Assert.Equal((1, 0m, 1), (women.Overall.Count, women.Sum!.Value, women.OutOfRange));
        Assert.Equal(7m, results.Answers.Single(a => a.Answer == "returns / men").Sum);
        var outOfRange = new OutOfRangeAnswer(s.Id, "CO-MLI", 2023, SubmissionState.Approved, "assisted/returns/women", "79228162514264337593543950335");
        Assert.Equal([outOfRange], results.OutOfRange);

        var refused = await Assert.ThrowsAsync<WorkflowException>(() => store.LockYearAsync(2023, Admin, Ct));
        Assert.StartsWith($"2023 cannot be locked: 1 approved answer is outside the bounds the fact table holds (non-negative, below 10^14, at most 4 decimals), stored before answers were checked: "
            + $"office CO-MLI, question assisted, cell returns / women, value '79228162514264337593543950335' (submission {s.Id}, approved).", refused.Message, StringComparison.Ordinal);
        Assert.False(await store.IsYearLockedAsync(2023, Ct));
        Assert.Empty(await test.Store.SourcesAsync(Ct));

        // Returned to the office (approved → returned), corrected, submitted and approved again: the year locks.
        s = await store.ActAsync(s.Id, s.Version, SubmissionAction.Reopen, "correct the women assisted", Admin, Ct);
        Assert.Equal((SubmissionState.Returned, "correct the women assisted"), (s.State, s.Comment));
        s = await store.SaveAnswersAsync(s.Id, s.Version, new Dictionary<string, string?> { ["assisted/returns/women"] = "9" }, focal, Ct);
        s = await store.ActAsync(s.Id, s.Version, SubmissionAction.Submit, null, focal, Ct);
        await store.ActAsync(s.Id, s.Version, SubmissionAction.Approve, null, reviewer, Ct);
        await store.LockYearAsync(2023, Admin, Ct);
        Assert.Contains(await store.AuditAsync(new AuditQuery($"submission {s.Id}"), Ct), a => a.Action == "reopen" && a.OldValue == "approved" && a.NewValue == "returned");
    }
}
