using Almanac.Domain.Platform;
using Almanac.Tests;

namespace Almanac.Store.Tests;

/// <summary>
/// A year's questionnaire saved at the stamp its editor read (the designer's and the import's store method), against the
/// embedded store and PostgreSQL alike: a stale stamp, a locked year and a change that would strand stored answers are
/// refused and write nothing; a save is audited and moves the stamp.
/// </summary>
public sealed class QuestionnaireDesignStoreTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly Change Admin = new("admin", Noon);
    private static readonly Change OtherAdmin = new("admin-two", Noon.AddMinutes(5));

    private static readonly Office[] Offices =
    [
        new("HQ", "Headquarters", OfficeKind.Headquarters, null, "CHE"),
        new("RO-DAK", "Regional Office Dakar", OfficeKind.RegionalOffice, "RO-DAK", "SEN"),
        new("CO-MLI", "Mali", OfficeKind.CountryOffice, "RO-DAK", "MLI"),
        new("CO-SEN", "Senegal", OfficeKind.CountryOffice, "RO-DAK", "SEN"),
    ];

    private static readonly Questionnaire Questionnaire = new(2023, "Institutional questionnaire 2023", "sp", [
        new QuestionnaireSection("s1", "One", "objective-1", [
            new Question("policy", QuestionKind.YesNo, "Policy?", "Help", true, [], [], [], null),
            new Question("areas", QuestionKind.MultipleChoice, "Areas", null, false, ["health", "return"], [], [], null),
            new Question("assisted", QuestionKind.Table, "Assisted", null, false, [], ["returns"], ["women", "men"], null),
            new Question("notes", QuestionKind.Text, "Notes", null, false, [], [], [], null),
        ]),
    ]);

    private static async Task<TestStore> AnsweredAsync(string engine)
    {
        var test = await TestStores.CreatePlatformAsync(engine, Offices, Questionnaire, Admin);
        foreach (var (office, answers) in new[]
        {
            ("CO-MLI", new Dictionary<string, string?> { ["policy"] = "yes", ["areas"] = "health", ["assisted/returns/women"] = "12" }),
            ("CO-SEN", new Dictionary<string, string?> { ["policy"] = "no", ["areas"] = "health; return" }),
        })
        {
            var focal = new Change($"focal-{office}", Noon);
            var submission = await test.Platform.OpenSubmissionAsync(office, 2023, focal, Ct);
            await test.Platform.SaveAnswersAsync(submission.Id, submission.Version, answers, focal, Ct);
        }
        return test;
    }

    private static Questionnaire WithQuestions(params Question[] questions) => Questionnaire with { Sections = [Questionnaire.Sections[0] with { Questions = questions }] };

    /// <summary>A questionnaire as its stored document: records holding lists compare by reference, documents by content.</summary>
    private static string Json(Questionnaire? questionnaire) => System.Text.Json.JsonSerializer.Serialize(questionnaire, DocumentJson);

    private static readonly System.Text.Json.JsonSerializerOptions DocumentJson = new() { IgnoreReadOnlyProperties = true };

    private static Question Q(string id) => Questionnaire.Question(id)!;

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task A_save_at_the_stamp_read_is_audited_and_moves_the_stamp_and_a_save_at_an_older_stamp_is_refused_naming_who_changed_it(string engine)
    {
        await using var test = await AnsweredAsync(engine);
        var store = test.Platform;
        var read = (await store.StampedQuestionnaireAsync(2023, Ct))!;
        Assert.Equal((Json(Questionnaire), 2), (Json(read.Questionnaire), read.Submissions));
        Assert.Matches("^[0-9a-f]{16}$", read.Stamp);

        // Two administrators opened the same version; the first saves a new question.
        var first = WithQuestions([.. Questionnaire.Questions, new Question("partners", QuestionKind.Number, "Partners", null, false, [], [], [], null)]);
        var stamp = await store.SaveQuestionnaireAsync(first, read.Stamp, OtherAdmin, Ct);
        Assert.NotEqual(read.Stamp, stamp);
        Assert.Equal(stamp, (await store.StampedQuestionnaireAsync(2023, Ct))!.Stamp);
        var audit = await store.AuditAsync(new AuditQuery("questionnaire 2023"), Ct);
        Assert.Equal(("admin-two", "update"), (audit[0].Actor, audit[0].Action));
        Assert.Contains("\"partners\"", audit[0].NewValue, StringComparison.Ordinal);

        // The second saves from the version they read: refused, naming who came first, and nothing is written.
        var second = WithQuestions([.. Questionnaire.Questions.Select(q => q.Id == "notes" ? q with { Text = "Remarks" } : q)]);
        var stale = await Assert.ThrowsAsync<ConcurrencyException>(() => store.SaveQuestionnaireAsync(second, read.Stamp, Admin, Ct));
        Assert.Equal("the 2023 questionnaire was changed by admin-two at 2026-11-23 12:05:00Z since this page read it: nothing was saved. "
            + "Reload the designer to see their changes, then make yours again", stale.Message);
        Assert.Equal(Json(first), Json(await store.QuestionnaireAsync(2023, Ct)));
        Assert.Equal(audit.Count, (await store.AuditAsync(new AuditQuery("questionnaire 2023"), Ct)).Count);

        // At the new stamp it saves; without a stamp (an import) it replaces whatever is there.
        await store.SaveQuestionnaireAsync(second with { Sections = [first.Sections[0] with { Questions = [.. first.Questions.Select(q => q.Id == "notes" ? q with { Text = "Remarks" } : q)] }] }, stamp, Admin, Ct);
        Assert.Equal("Remarks", (await store.QuestionnaireAsync(2023, Ct))!.Question("notes")!.Text);
        await store.SaveQuestionnaireAsync(Questionnaire, Admin, Ct);
        Assert.Equal(Json(Questionnaire), Json(await store.QuestionnaireAsync(2023, Ct)));
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task A_change_that_would_strand_or_reread_stored_answers_is_refused_by_question_and_field_and_writes_nothing(string engine)
    {
        await using var test = await AnsweredAsync(engine);
        var store = test.Platform;
        var stamp = (await store.StampedQuestionnaireAsync(2023, Ct))!.Stamp;
        var changed = WithQuestions(
            Q("policy") with { Kind = QuestionKind.Text },
            Q("areas") with { Options = ["health", "protection"] },
            Q("assisted") with { Rows = ["arrivals"] });

        var refused = await Assert.ThrowsAsync<QuestionnaireRefusedException>(() => store.SaveQuestionnaireAsync(changed, stamp, Admin, Ct));

        Assert.Equal([
            ("policy", "kind", "question 'policy' is answered by 2 offices: its kind cannot change (add a question of the new kind with a new id instead)"),
            ("areas", "options", "question 'areas' is answered by 2 offices, whose answer 'health; return' it would no longer accept ('return' is not one of the options (health, protection))"),
            ("assisted", "rows", "question 'assisted' is answered by office CO-MLI, whose answer '12' it would no longer accept (no such cell in the table)"),
        ], refused.Problems.Select(p => (p.Key, p.Field!, p.Problem)));
        Assert.Equal(["policy.kind", "areas.options", "assisted.rows"], refused.Fields.Select(f => f.Key));
        Assert.Equal(Json(Questionnaire), Json(await store.QuestionnaireAsync(2023, Ct)));
        Assert.Equal(stamp, (await store.StampedQuestionnaireAsync(2023, Ct))!.Stamp);

        // An unanswered question goes, an answered one gains an option, its words change: saved.
        var allowed = WithQuestions(Q("policy") with { Text = "A policy?" }, Q("areas") with { Options = ["health", "return", "protection"] }, Q("assisted"));
        await store.SaveQuestionnaireAsync(allowed, stamp, Admin, Ct);
        Assert.Equal(Json(allowed), Json(await store.QuestionnaireAsync(2023, Ct)));
        // Removing an answered one is refused.
        var removed = await Assert.ThrowsAsync<QuestionnaireRefusedException>(() => store.SaveQuestionnaireAsync(WithQuestions(Q("areas"), Q("assisted")), null, Admin, Ct));
        Assert.Equal("The 2023 questionnaire was not saved: question 'policy' is answered by 2 offices: it cannot be removed from the questionnaire (a new question may be added instead)",
            removed.Message);
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task A_locked_years_questionnaire_cannot_change_by_any_way(string engine)
    {
        await using var test = await TestStores.CreatePlatformAsync(engine, Offices, Questionnaire, Admin);
        var store = test.Platform;
        var stamp = (await store.StampedQuestionnaireAsync(2023, Ct))!.Stamp;
        await store.LockYearAsync(2023, Admin, Ct);
        var changed = WithQuestions(Q("policy") with { Text = "Changed?" });

        var locked = await Assert.ThrowsAsync<WorkflowException>(() => store.SaveQuestionnaireAsync(changed, stamp, Admin, Ct));
        Assert.Equal("2023 is locked: its questionnaire cannot change", locked.Message);
        await Assert.ThrowsAsync<WorkflowException>(() => store.SaveQuestionnaireAsync(changed, Admin, Ct));
        Assert.Equal(Json(Questionnaire), Json(await store.QuestionnaireAsync(2023, Ct)));
        Assert.Null(await store.StampedQuestionnaireAsync(2030, Ct));
    }
}
