using Almanac.Domain.Platform;
using Almanac.Store;
using Almanac.Web.Security;
using Almanac.Web.Services;

namespace Almanac.Web.Api;

/// <summary>Submissions: open, read, save answers (autosave), submit, return, approve; lock a year; the audit log.</summary>
public static class SubmissionsApi
{
    // Every field nullable: a field left out or null is refused by name (400), not taken as 0 or failing later.
    public sealed record OpenRequest(string? Office, int? Year);

    public sealed record AnswersRequest(long? Version, Dictionary<string, string?>? Answers);

    public sealed record ActionRequest(long? Version, string? Comment);

    public sealed record SubmissionDto(long Id, string Office, int Year, string State, long Version, string? Comment, DateTimeOffset UpdatedAt, string UpdatedBy)
    {
        public static SubmissionDto Of(Submission s) => new(s.Id, s.Office, s.Year, SubmissionWorkflow.Name(s.State), s.Version, s.Comment, s.UpdatedAt, s.UpdatedBy);
    }

    /// <summary>A submission with its answers and how far each section is.</summary>
    public sealed record SubmissionDetailDto(SubmissionDto Submission, IReadOnlyDictionary<string, string> Answers, bool CanAnswer, bool CanReview, bool YearLocked,
        IReadOnlyList<SectionProgress> Progress);

    /// <summary>A save's result: the submission as it now is, and each section's required shown questions answered of how many.</summary>
    public sealed record SavedDto(long Id, string Office, int Year, string State, long Version, string? Comment, DateTimeOffset UpdatedAt, string UpdatedBy,
        IReadOnlyList<SectionProgress> Progress)
    {
        public static SavedDto Of(SavedAnswers saved)
        {
            var s = saved.Submission;
            return new(s.Id, s.Office, s.Year, SubmissionWorkflow.Name(s.State), s.Version, s.Comment, s.UpdatedAt, s.UpdatedBy, saved.Progress);
        }
    }

    public sealed record CommentRequest(string? Question, string? Text);

    /// <summary>One comment of a thread.</summary>
    public sealed record CommentDto(long Id, string Author, DateTimeOffset At, string Text);

    /// <summary>The thread on one question: its comments oldest first, and whether (by whom, when) it is resolved.</summary>
    public sealed record ThreadDto(string Question, bool Resolved, string? ResolvedBy, DateTimeOffset? ResolvedAt, IReadOnlyList<CommentDto> Comments)
    {
        public static ThreadDto Of(CommentThread t) =>
            new(t.Question, t.Resolved, t.ResolvedBy, t.ResolvedAt, [.. t.Comments.Select(c => new CommentDto(c.Id, c.Author, c.At, c.Text))]);
    }

    private const string VersionMeaning = "the submission's version as last read, a whole number";

    public static void MapSubmissionsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/submissions").WithTags("Submissions").WithAlmanacErrors();
        group.MapGet("/", async (int? year, HttpContext http, PlatformService platform, CancellationToken ct) =>
            TypedResults.Ok((await platform.VisibleSubmissionsAsync(CurrentAccount.Required(http.User), year, ct)).Select(s => SubmissionDto.Of(s.Submission)).ToList()))
            .WithSummary("The submissions the account may read (its office's, its region's, or all for headquarters).");
        group.MapPost("/", async (OpenRequest request, HttpContext http, PlatformService platform, CancellationToken ct) =>
            TypedResults.Ok(SubmissionDto.Of(await platform.OpenAsync(CurrentAccount.Required(http.User),
                RequestException.Required(request.Office, "office", "the office's code"), RequestException.Required(request.Year, "year", "the year, a whole number"), ct))))
            .WithSummary("Opens the office's submission for the year, creating a draft (the office's focal point).");
        group.MapGet("/{id:long}", async (long id, HttpContext http, PlatformService platform, CancellationToken ct) =>
        {
            var view = await platform.ViewAsync(CurrentAccount.Required(http.User), id, ct);
            return TypedResults.Ok(new SubmissionDetailDto(SubmissionDto.Of(view.Submission), view.Answers, view.CanAnswer, view.CanReview, view.YearLocked, view.Progress));
        }).WithSummary("A submission with its answers.");
        group.MapPut("/{id:long}/answers", async (long id, AnswersRequest request, HttpContext http, PlatformService platform, CancellationToken ct) =>
            TypedResults.Ok(SavedDto.Of(await platform.SaveAsync(CurrentAccount.Required(http.User), id, RequestException.Required(request.Version, "version", VersionMeaning),
                RequestException.Required(request.Answers, "answers", "an object of answer keys to values (an empty value or null removes an answer)"), ct))))
            .WithSummary("Saves answers (empty removes one) at the version read; 409 when someone saved since.").ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/{id:long}/comments", async (long id, HttpContext http, PlatformService platform, CancellationToken ct) =>
            TypedResults.Ok((await platform.ThreadsAsync(CurrentAccount.Required(http.User), id, ct)).Select(ThreadDto.Of).ToList()))
            .WithSummary("The comment threads on the submission's questions, in the questionnaire's order, each oldest comment first (whoever may read the submission).");
        group.MapPost("/{id:long}/comments", async (long id, CommentRequest request, HttpContext http, PlatformService platform, CancellationToken ct) =>
            TypedResults.Ok(ThreadDto.Of(await platform.CommentAsync(CurrentAccount.Required(http.User), id,
                RequestException.Required(request.Question, "question", "the id of the question commented on"),
                RequestException.Required(request.Text, "text", $"the comment, 1 to {Domain.InputLimits.MaxThreadCommentLength} characters"), ct))))
            .WithSummary($"Comments on a question (the region's reviewer, the office's focal point, editors, administrators); text of 1 to {Domain.InputLimits.MaxThreadCommentLength} characters; "
                + "a resolved thread opens again. The submission's version does not change.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        foreach (var (path, resolved) in new[] { ("resolve", true), ("reopen", false) })
        {
            group.MapPost($"/{{id:long}}/comments/{{question}}/{path}", async (long id, string question, HttpContext http, PlatformService platform, CancellationToken ct) =>
                TypedResults.Ok(ThreadDto.Of(await platform.ResolveAsync(CurrentAccount.Required(http.User), id, question, resolved, ct))))
                .WithName($"{path}-thread").WithSummary(resolved
                    ? "Marks the thread on a question resolved (the region's reviewer); 409 when it is resolved already."
                    : "Opens a resolved thread again (the region's reviewer); 409 when it is open.")
                .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        }
        foreach (var (path, action) in new[] { ("submit", SubmissionAction.Submit), ("return", SubmissionAction.Return), ("approve", SubmissionAction.Approve) })
        {
            group.MapPost($"/{{id:long}}/{path}", async (long id, ActionRequest request, HttpContext http, PlatformService platform, CancellationToken ct) =>
                TypedResults.Ok(SubmissionDto.Of(await platform.ActAsync(CurrentAccount.Required(http.User), id, RequestException.Required(request.Version, "version", VersionMeaning),
                    action, request.Comment, ct))))
                .WithName($"{path}-submission").WithSummary(action switch
                {
                    SubmissionAction.Submit => "Submits for review (the office's focal point; every required answer given).",
                    SubmissionAction.Return => "Returns to the office with a comment (the region's reviewer).",
                    _ => "Approves (the region's reviewer).",
                }).ProducesProblem(StatusCodes.Status409Conflict);
        }
    }

    /// <summary>A stored figure outside the bounds, with the page of its submission (where the office corrects it once returned).</summary>
    public sealed record OutOfRangeDto(string Office, int Year, long Submission, string State, string Question, string Key, string Value, string Link)
    {
        public static OutOfRangeDto Of(OutOfRangeAnswer a) =>
            new(a.Office, a.Year, a.Submission, SubmissionWorkflow.Name(a.State), Answering.QuestionOf(a.Key), a.Key, a.Value, $"/submission/{a.Submission}");
    }

    public static void MapOutOfRangeApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/answers").WithTags("Submissions").WithAlmanacErrors();
        group.MapGet("/out-of-range", async (int? year, HttpContext http, PlatformService platform, CancellationToken ct) =>
            TypedResults.Ok((await platform.OutOfRangeAsync(CurrentAccount.Required(http.User), year, ct)).Select(OutOfRangeDto.Of).ToList()))
            .WithSummary("Stored number answers and table cells outside the bounds (saved before they were checked), in the unlocked years or the year given, "
                + "with the office's submission link (administrators).");
        var submissions = api.MapGroup("/submissions").WithTags("Submissions").WithAlmanacErrors();
        submissions.MapPost("/{id:long}/reopen", async (long id, ActionRequest request, HttpContext http, PlatformService platform, CancellationToken ct) =>
            TypedResults.Ok(SubmissionDto.Of(await platform.ReopenAsync(CurrentAccount.Required(http.User), id, RequestException.Required(request.Version, "version", VersionMeaning),
                request.Comment, ct))))
            .WithName("reopen-submission")
            .WithSummary("Returns a submitted or approved submission holding an out-of-range answer to its office for correction (administrators); "
                + "the comment names the answers, the office corrects and submits again, the reviewer approves again.")
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    public static void MapYearsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/years").WithTags("Years").WithAlmanacErrors();
        group.MapGet("/{year:int}", async (int year, PlatformService platform, CancellationToken ct) =>
        {
            await platform.QuestionnaireAsync(year, ct);
            return TypedResults.Ok(YearDto.Of(year, await platform.YearLockAsync(year, ct)));
        }).WithSummary("Whether a year is open or locked, and by whom and when (everyone signed in).").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{year:int}/lock", async (int year, HttpContext http, PlatformService platform, CancellationToken ct) =>
            TypedResults.Ok(new { year, source = await platform.LockYearAsync(CurrentAccount.Required(http.User), year, ct) }))
            .WithSummary("Locks a year (headquarters): its approved answers become observations for publishing; 409 when it is locked already. "
                + "GET /api/overview/{year} lists what is not approved.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{year:int}/unlock", async (int year, HttpContext http, PlatformService platform, CancellationToken ct) =>
        {
            var account = CurrentAccount.Required(http.User);
            await platform.UnlockYearAsync(account, year, ct);
            return TypedResults.Ok(YearDto.Of(year, await platform.YearLockAsync(year, ct)));
        }).WithSummary("Unlocks a locked year (administrators), audited: its submissions may change again and its figures stop counting until it is locked anew; "
                + "409 when it is not locked.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }

    /// <summary>A year's state: "open" or "locked", with when and by whom it was locked and the source of its figures.</summary>
    public sealed record YearDto(int Year, string State, DateTimeOffset? LockedAt, string? LockedBy, long? Source)
    {
        public static YearDto Of(int year, YearLock? held) => new(year, held is null ? "open" : "locked", held?.LockedAt, held?.LockedBy, held?.SourceId);
    }

    /// <summary>One office in the overview: its state, its submission (null when not started) and its focal points.</summary>
    public sealed record OfficeProgressDto(string Office, string Name, string? Region, string State, long? Submission, DateTimeOffset? UpdatedAt, string? UpdatedBy,
        IReadOnlyList<FocalPointContact> FocalPoints)
    {
        public static OfficeProgressDto Of(OfficeProgress o) =>
            new(o.Office.Code, o.Office.Name, o.Office.Region, o.State, o.Submission?.Id, o.Submission?.UpdatedAt, o.Submission?.UpdatedBy, o.FocalPoints);
    }

    /// <summary>The overview: the year's state, the offices in scope, the counts per state and the offices the filter keeps.</summary>
    public sealed record OverviewDto(YearDto Year, int InScope, IReadOnlyDictionary<string, int> Counts, IReadOnlyList<OfficeProgressDto> Offices);

    public static void MapOverviewApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/overview").WithTags("Submissions").WithAlmanacErrors();
        group.MapGet("/{year:int}", async (int year, string? state, string? region, string? q, string? sort, bool? desc, HttpContext http, PlatformService platform, CancellationToken ct) =>
        {
            var overview = await platform.OverviewAsync(CurrentAccount.Required(http.User), year, new OverviewFilter(state, region, q, sort, desc ?? false), ct);
            return TypedResults.Ok(new OverviewDto(YearDto.Of(year, overview.Lock), overview.InScope, overview.Counts.ToDictionary(c => c.State, c => c.Count),
                [.. overview.Offices.Select(OfficeProgressDto.Of)]));
        }).WithSummary("Every office in the account's scope (reviewers: their region; editors and administrators: all), started or not, by name, with counts per state "
            + $"({string.Join(", ", SubmissionOverview.States)}); filters state, region, q (words, at most {SubmissionOverview.MaxSearchLength} characters), sort "
            + $"({string.Join(", ", SubmissionOverview.SortColumns)}) and desc.");
        group.MapGet("/{year:int}/chase", async (int year, string? region, string? q, HttpContext http, PlatformService platform, CancellationToken ct) =>
        {
            var overview = await platform.OverviewAsync(CurrentAccount.Required(http.User), year, new OverviewFilter(Region: region, Search: q), ct);
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"offices-to-chase-{year}.csv\"";
            return TypedResults.Text(SubmissionOverview.ChaseCsv(overview.ToChase), "text/csv; charset=utf-8");
        }).WithSummary("The offices in scope whose questionnaire is not approved, with their focal points' user names and names (CSV; a cell that starts like a formula is quoted).");
    }

    public static void MapAuditApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/audit").WithTags("Audit").WithAlmanacErrors();
        group.MapGet("/", async (string? entity, string? actor, int? limit, HttpContext http, PlatformService platform, CancellationToken ct) =>
            TypedResults.Ok(await platform.AuditAsync(CurrentAccount.Required(http.User), new AuditQuery(entity, actor, limit ?? 200), ct)))
            .WithSummary("The audit log, newest first (administrators).");
    }
}
