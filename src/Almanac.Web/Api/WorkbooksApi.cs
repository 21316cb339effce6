using Almanac.Web.Localization;
using Almanac.Web.Security;
using Almanac.Web.Services;

namespace Almanac.Web.Api;

/// <summary>Offline questionnaires: a submission, or a region's, as an Excel workbook; the filled workbook back.</summary>
public static class WorkbooksApi
{
    public static void MapWorkbooksApi(this RouteGroupBuilder api)
    {
        var submissions = api.MapGroup("/submissions").WithTags("Submissions").WithAlmanacErrors();
        submissions.MapGet("/{id:long}/workbook", async (long id, string? lang, HttpContext http, QuestionnaireWorkbooks workbooks, PlatformService platform, CancellationToken ct) =>
        {
            var account = CurrentAccount.Required(http.User);
            var view = await platform.ViewAsync(account, id, ct);
            var language = Language(lang);
            return TypedResults.File(await workbooks.DownloadAsync(account, id, language, ct), ExportFormats.XlsxType,
                $"questionnaire-{view.Submission.Year}-{view.Office.Code}-v{view.Submission.Version}.xlsx");
        }).WithName("submission-workbook").WithSummary("The submission as an offline workbook (XLSX) in the language asked (lang=en|fr|es, else the reader's): whoever may read it.");
        submissions.MapPost("/{id:long}/workbook", async (long id, HttpContext http, QuestionnaireWorkbooks workbooks, PlatformService platform, CancellationToken ct) =>
        {
            var account = CurrentAccount.Required(http.User);
            // Whoever may not change the submission's answers is refused before its body is read (up to 8 MiB of it).
            var view = await platform.ViewAsync(account, id, ct);
            if (!view.CanAnswer) throw AccessDeniedException.MayNot("change-answers", $"change the answers of office {view.Office.Code}", view.Office.Code);
            var saved = await workbooks.UploadAsync(account, http.Request.Body, $"workbook of submission {id}", id, ct);
            return TypedResults.Ok(SubmissionsApi.SavedDto.Of(saved.Single()));
        }).WithName("upload-submission-workbook")
            .WithSummary("Saves the answers of a filled workbook of this submission (the request body, XLSX): checked as the form's; each problem names its sheet and cell; "
                + "409 when the submission changed since the download.")
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        api.MapGroup("/workbooks").WithTags("Submissions").WithAlmanacErrors().MapGet("/{year:int}", async (int year, string? region, string? lang, HttpContext http, QuestionnaireWorkbooks workbooks, CancellationToken ct) =>
            TypedResults.File(await workbooks.DownloadRegionAsync(CurrentAccount.Required(http.User), year, region, Language(lang), ct), ExportFormats.XlsxType,
                $"questionnaire-{year}-{region ?? "region"}.xlsx"))
            .WithSummary("Every submission of the year in a region (the reviewer's own when none is named) that the account reads, as one workbook: a sheet set per office.");
    }

    private static string Language(string? lang) => lang is { } asked && UiLanguages.Supported.Contains(asked) ? asked : UiLanguages.Current;
}
