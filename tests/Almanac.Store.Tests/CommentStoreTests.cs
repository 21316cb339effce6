using Almanac.Domain;
using Almanac.Domain.Platform;
using Almanac.Tests;

namespace Almanac.Store.Tests;

/// <summary>Comment threads on a submission's questions, against the embedded store and PostgreSQL alike.</summary>
public sealed class CommentStoreTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly Change Admin = new("admin", Noon);

    private static readonly Questionnaire Questionnaire = new(2023, "Institutional questionnaire 2023", "sp", [
        new QuestionnaireSection("s1", "One", null, [
            new Question("policy", QuestionKind.YesNo, "Policy?", null, true, [], [], [], null),
            new Question("products", QuestionKind.Number, "How many products?", null, true, [], [], [], null),
        ]),
    ]);

    private static async Task<(TestStore Test, IPlatformStore Store, Submission Submission)> SeededAsync(string engine)
    {
        var test = await TestStores.CreateAsync(engine);
        var store = (IPlatformStore)test.Store;
        await store.ImportOfficesAsync([
            new("RO-DAK", "Regional Office Dakar", OfficeKind.RegionalOffice, "RO-DAK", "SEN"),
            new("CO-MLI", "Mali", OfficeKind.CountryOffice, "RO-DAK", "MLI"),
        ], Admin, Ct);
        await store.SaveQuestionnaireAsync(Questionnaire, Admin, Ct);
        return (test, store, await store.OpenSubmissionAsync("CO-MLI", 2023, new Change("mali", Noon), Ct));
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task Comments_form_a_thread_per_question_in_the_order_written_with_author_and_time_and_leave_the_version_alone(string engine)
    {
        var (test, store, submission) = await SeededAsync(engine);
        await using var _ = test;
        var reviewer = new Change("dakar", Noon.AddMinutes(1));
        var focal = new Change("mali", Noon.AddMinutes(2));

        await store.AddCommentAsync(submission.Id, "products", "  Twelve products, or the hub's six?  ", reviewer, Ct);
        await store.AddCommentAsync(submission.Id, "policy", "Which policy?", reviewer, Ct);
        var thread = await store.AddCommentAsync(submission.Id, "products", "Six: the hub counted them.", focal, Ct);
        Assert.Equal(("products", false), (thread.Question, thread.Resolved));
        Assert.Equal([("dakar", Noon.AddMinutes(1), "Twelve products, or the hub's six?"), ("mali", Noon.AddMinutes(2), "Six: the hub counted them.")],
            thread.Comments.Select(c => (c.Author, c.At, c.Text)));

        await test.ReopenAsync();
        store = (IPlatformStore)test.Store;
        var threads = await store.CommentThreadsAsync(submission.Id, Ct);
        Assert.Equal(["policy", "products"], threads.Select(t => t.Question));
        Assert.Equal(thread.Comments, threads[1].Comments);
        Assert.True(threads[1].Comments[0].Id < threads[1].Comments[1].Id);
        // A comment is not an answer: the open form's version stays valid.
        Assert.Equal(submission.Version, (await store.SubmissionAsync(submission.Id, Ct))!.Version);
        Assert.Empty(await store.CommentThreadsAsync(submission.Id + 1, Ct));

        var audit = (await store.AuditAsync(new AuditQuery($"submission {submission.Id}"), Ct)).Where(a => a.Action == "question comment").Reverse().ToList();
        Assert.Equal([("dakar", "products", "Twelve products, or the hub's six?"), ("dakar", "policy", "Which policy?"), ("mali", "products", "Six: the hub counted them.")],
            audit.Select(a => (a.Actor, a.Field!, a.NewValue!)));
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task A_thread_is_resolved_and_reopened_once_each_and_a_new_comment_opens_it_again(string engine)
    {
        var (test, store, submission) = await SeededAsync(engine);
        await using var _ = test;
        var reviewer = new Change("dakar", Noon.AddMinutes(1));
        await Assert.ThrowsAsync<NotFoundException>(() => store.SetThreadResolvedAsync(submission.Id, "products", true, reviewer, Ct));
        await store.AddCommentAsync(submission.Id, "products", "Twelve?", reviewer, Ct);

        var resolved = await store.SetThreadResolvedAsync(submission.Id, "products", true, new Change("dakar", Noon.AddMinutes(5)), Ct);
        Assert.Equal((true, "dakar", Noon.AddMinutes(5)), (resolved.Resolved, resolved.ResolvedBy, resolved.ResolvedAt));
        Assert.Equal(resolved, Assert.Single(await store.CommentThreadsAsync(submission.Id, Ct)) with { Comments = resolved.Comments });
        var twice = await Assert.ThrowsAsync<WorkflowException>(() => store.SetThreadResolvedAsync(submission.Id, "products", true, reviewer, Ct));
        Assert.Contains("resolved already", twice.Message, StringComparison.Ordinal);

        var reopened = await store.SetThreadResolvedAsync(submission.Id, "products", false, reviewer, Ct);
        Assert.Equal((false, null, null), (reopened.Resolved, reopened.ResolvedBy, reopened.ResolvedAt));
        await Assert.ThrowsAsync<WorkflowException>(() => store.SetThreadResolvedAsync(submission.Id, "products", false, reviewer, Ct));

        await store.SetThreadResolvedAsync(submission.Id, "products", true, reviewer, Ct);
        var replied = await store.AddCommentAsync(submission.Id, "products", "One more thing.", new Change("mali", Noon.AddMinutes(9)), Ct);
        Assert.False(replied.Resolved);
        Assert.Equal(2, replied.Comments.Count);

        var actions = (await store.AuditAsync(new AuditQuery($"submission {submission.Id}"), Ct)).Where(a => a.Field == "products").Reverse().Select(a => $"{a.Actor} {a.Action}");
        Assert.Equal(["dakar question comment", "dakar thread resolved", "dakar thread reopened", "dakar thread resolved", "mali question comment", "mali thread reopened"], actions);
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task A_comment_out_of_bounds_of_a_missing_submission_or_of_a_locked_year_is_refused_and_nothing_is_written(string engine)
    {
        var (test, store, submission) = await SeededAsync(engine);
        await using var _ = test;
        var reviewer = new Change("dakar", Noon);
        Assert.Equal("a comment needs text", (await Assert.ThrowsAsync<AlmanacException>(() => store.AddCommentAsync(submission.Id, "products", "   ", reviewer, Ct))).Message);
        var tooLong = await Assert.ThrowsAsync<AlmanacException>(() => store.AddCommentAsync(submission.Id, "products", new string('x', InputLimits.MaxThreadCommentLength + 1), reviewer, Ct));
        Assert.Equal($"a comment has at most {InputLimits.MaxThreadCommentLength} characters (this one has {InputLimits.MaxThreadCommentLength + 1})", tooLong.Message);
        await Assert.ThrowsAsync<NotFoundException>(() => store.AddCommentAsync(submission.Id + 1, "products", "Hello", reviewer, Ct));
        Assert.Empty(await store.CommentThreadsAsync(submission.Id, Ct));

        // At the bound: the longest comment is kept whole, and a full thread takes no more.
        var longest = new string('y', InputLimits.MaxThreadCommentLength);
        for (var i = 0; i < InputLimits.MaxCommentsPerThread; i++) await store.AddCommentAsync(submission.Id, "products", i == 0 ? longest : $"comment {i}", reviewer, Ct);
        var full = await Assert.ThrowsAsync<WorkflowException>(() => store.AddCommentAsync(submission.Id, "products", "one too many", reviewer, Ct));
        Assert.Contains($"holds {InputLimits.MaxCommentsPerThread} comments", full.Message, StringComparison.Ordinal);
        var thread = Assert.Single(await store.CommentThreadsAsync(submission.Id, Ct));
        Assert.Equal((InputLimits.MaxCommentsPerThread, longest), (thread.Comments.Count, thread.Comments[0].Text));
        // Another question's thread is not full.
        await store.AddCommentAsync(submission.Id, "policy", "Which policy?", reviewer, Ct);

        await store.LockYearAsync(2023, Admin, Ct);
        var locked = await Assert.ThrowsAsync<WorkflowException>(() => store.AddCommentAsync(submission.Id, "policy", "Too late", reviewer, Ct));
        Assert.Contains("2023 is locked", locked.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<WorkflowException>(() => store.SetThreadResolvedAsync(submission.Id, "policy", true, reviewer, Ct));
        var after = await store.CommentThreadsAsync(submission.Id, Ct);
        Assert.Equal([(1, false), (InputLimits.MaxCommentsPerThread, false)], after.Select(t => (t.Comments.Count, t.Resolved)));
    }
}
