using Almanac.Domain;
using Almanac.Domain.Platform;
using Almanac.Web.Localization;
using Almanac.Web.Security;
using Almanac.Web.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Almanac.Web.Pages;

/// <summary>
/// One submission: the focal point answers (autosaved through the API, or saved with the form) and submits; the
/// region's reviewer returns it with a comment or approves it. Every write names the version the page was built from.
/// </summary>
public sealed class SubmissionModel(PlatformService platform, IStringLocalizer<UiText> text) : PageModel
{
    public SubmissionView? View { get; private set; }
    public IReadOnlyDictionary<string, string> Answers { get; private set; } = new Dictionary<string, string>();
    public IReadOnlyList<AnswerProblem> Missing { get; private set; } = [];
    public string? Message { get; private set; }

    /// <summary>The version the form was built from; null when the form posted none or not a whole number (refused with a message).</summary>
    [BindProperty] public long? Version { get; set; }
    [BindProperty] public string? Comment { get; set; }

    public async Task OnGetAsync(long id, CancellationToken cancellationToken)
    {
        View = await platform.ViewAsync(CurrentAccount.Required(User), id, cancellationToken);
        Answers = View.Answers;
        Version = View.Submission.Version;
    }

    public Task<IActionResult> OnPostSaveAsync(long id, CancellationToken cancellationToken) =>
        WriteAsync(id, submit: false, cancellationToken);

    public Task<IActionResult> OnPostSubmitAsync(long id, CancellationToken cancellationToken) =>
        WriteAsync(id, submit: true, cancellationToken);

    public Task<IActionResult> OnPostReturnAsync(long id, CancellationToken cancellationToken) =>
        ReviewAsync(id, SubmissionAction.Return, cancellationToken);

    public Task<IActionResult> OnPostApproveAsync(long id, CancellationToken cancellationToken) =>
        ReviewAsync(id, SubmissionAction.Approve, cancellationToken);

    private async Task<IActionResult> WriteAsync(long id, bool submit, CancellationToken cancellationToken)
    {
        var account = CurrentAccount.Required(User);
        var view = await platform.ViewAsync(account, id, cancellationToken);
        var posted = Posted(view.Questionnaire);
        var postedVersion = Version;
        try
        {
            var saved = await platform.SaveAsync(account, id, PostedVersion(), posted, cancellationToken);
            if (submit) await platform.ActAsync(account, id, saved.Version, SubmissionAction.Submit, null, cancellationToken);
        }
        catch (AlmanacException error) when (error is not AccessDeniedException and not NotFoundException)
        {
            // The page comes back with what was typed, so that nothing typed is lost from the screen.
            await OnGetAsync(id, cancellationToken);
            Answers = View!.Answers.Where(a => !posted.ContainsKey(a.Key))
                .Concat(posted.Where(p => p.Value is not null).Select(p => KeyValuePair.Create(p.Key, p.Value!)))
                .ToDictionary(StringComparer.Ordinal);
            Missing = error is IncompleteException incomplete ? incomplete.Problems : [];
            Message = error is IncompleteException ? text["Submission.Incomplete"] : error.Message;
            // A stale form keeps its version, so that saving it again is refused again until the page is reloaded.
            if (error is ConcurrencyException) Version = postedVersion;
            return Page();
        }
        return Redirect(submit ? "/" : $"/submission/{id}");
    }

    private async Task<IActionResult> ReviewAsync(long id, SubmissionAction action, CancellationToken cancellationToken)
    {
        try
        {
            await platform.ActAsync(CurrentAccount.Required(User), id, PostedVersion(), action, Comment, cancellationToken);
        }
        catch (AlmanacException error) when (error is not AccessDeniedException and not NotFoundException)
        {
            await OnGetAsync(id, cancellationToken);
            Message = error.Message;
            return Page();
        }
        return Redirect("/");
    }

    /// <summary>The version the form names, or an error saying what it posted instead (a form changed by hand or cut short).</summary>
    private long PostedVersion()
    {
        if (Version is { } version) return version;
        var posted = Request.Form["Version"].ToString();
        throw new AlmanacException(posted.Length == 0 ? text["Submission.NoVersion"] : text["Submission.BadVersion", InputLimits.Quote(posted)]);
    }

    /// <summary>Every answer key of the questionnaire as the form posted it; a multiple choice's boxes are joined.</summary>
    private Dictionary<string, string?> Posted(Questionnaire questionnaire)
    {
        var posted = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var question in questionnaire.Questions)
        {
            var keys = question.Kind == QuestionKind.Table
                ? question.Rows.SelectMany(r => question.Columns.Select(c => Answering.CellKey(question.Id, r, c)))
                : [question.Id];
            foreach (var key in keys)
            {
                var values = Request.Form["answer:" + key];
                posted[key] = values.Count == 0 ? null : string.Join(Answering.ChoiceSeparator, values.Where(v => !string.IsNullOrWhiteSpace(v)));
            }
        }
        return posted;
    }
}
