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

    public sealed record SubmissionDetailDto(SubmissionDto Submission, IReadOnlyDictionary<string, string> Answers, bool CanAnswer, bool CanReview, bool YearLocked);

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
            return TypedResults.Ok(new SubmissionDetailDto(SubmissionDto.Of(view.Submission), view.Answers, view.CanAnswer, view.CanReview, view.YearLocked));
        }).WithSummary("A submission with its answers.");
        group.MapPut("/{id:long}/answers", async (long id, AnswersRequest request, HttpContext http, PlatformService platform, CancellationToken ct) =>
            TypedResults.Ok(SubmissionDto.Of(await platform.SaveAsync(CurrentAccount.Required(http.User), id, RequestException.Required(request.Version, "version", VersionMeaning),
                RequestException.Required(request.Answers, "answers", "an object of answer keys to values (an empty value or null removes an answer)"), ct))))
            .WithSummary("Saves answers (empty removes one) at the version read; 409 when someone saved since.").ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
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
        group.MapPost("/{year:int}/lock", async (int year, HttpContext http, PlatformService platform, CancellationToken ct) =>
            TypedResults.Ok(new { year, source = await platform.LockYearAsync(CurrentAccount.Required(http.User), year, ct) }))
            .WithSummary("Locks a year (headquarters): its approved answers become observations for publishing.");
    }

    public static void MapAuditApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/audit").WithTags("Audit").WithAlmanacErrors();
        group.MapGet("/", async (string? entity, string? actor, int? limit, HttpContext http, PlatformService platform, CancellationToken ct) =>
            TypedResults.Ok(await platform.AuditAsync(CurrentAccount.Required(http.User), new AuditQuery(entity, actor, limit ?? 200), ct)))
            .WithSummary("The audit log, newest first (administrators).");
    }
}
