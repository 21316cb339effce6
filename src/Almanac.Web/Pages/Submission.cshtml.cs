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
/// region's reviewer returns it with a comment or approves it; both comment on its questions in threads. Every write of
/// answers names the version the page was built from.
/// </summary>
public sealed class SubmissionModel(PlatformService platform, QuestionnaireWorkbooks workbooks, IStringLocalizer<UiText> text) : PageModel
{
    /// <summary>The form field prefix of a thread's new comment: "thread:" and the question id.</summary>
    public const string ThreadTextPrefix = "thread:";

    public SubmissionView? View { get; private set; }
    public IReadOnlyDictionary<string, string> Answers { get; private set; } = new Dictionary<string, string>();

    /// <summary>The comment threads by question id.</summary>
    public IReadOnlyDictionary<string, CommentThread> Threads { get; private set; } = new Dictionary<string, CommentThread>();

    /// <summary>Messages shown beside each question, by question id: answers refused or missing.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> FieldErrors { get; private set; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>A refused comment or resolution, shown beside its thread: the question, the message and the text typed.</summary>
    public (string Question, string Message, string? Text)? ThreadError { get; private set; }

    public string? Message { get; private set; }

    /// <summary>Whether the page comes right after this submission was submitted (it then says so, and what happens next).</summary>
    public bool JustSubmitted { get; private set; }

    /// <summary>The version the form was built from; null when the form posted none or not a whole number (refused with a message).</summary>
    [BindProperty] public long? Version { get; set; }
    [BindProperty] public string? Comment { get; set; }

    /// <summary>A filled offline workbook to upload.</summary>
    [BindProperty] public IFormFile? Workbook { get; set; }

    /// <summary>An upload's refusal, one line per cell to correct (sheet, cell, value and problem).</summary>
    public IReadOnlyList<string> WorkbookErrors { get; private set; } = [];

    /// <summary>The version a workbook's upload saved, when the page comes right after one.</summary>
    public long? UploadedVersion { get; private set; }

    /// <summary>The question a thread's button names (comment, resolve, reopen).</summary>
    [BindProperty] public string? Question { get; set; }

    public async Task OnGetAsync(long id, bool submitted, long? uploaded, CancellationToken cancellationToken)
    {
        await LoadAsync(id, cancellationToken);
        UploadedVersion = uploaded;
        JustSubmitted = submitted && View!.Submission.State == SubmissionState.Submitted;
    }

    private async Task LoadAsync(long id, CancellationToken cancellationToken)
    {
        var account = CurrentAccount.Required(User);
        View = await platform.ViewAsync(account, id, cancellationToken);
        Answers = View.Answers;
        Version = View.Submission.Version;
        Threads = (await platform.ThreadsAsync(account, id, cancellationToken)).ToDictionary(t => t.Question, StringComparer.Ordinal);
    }

    public Task<IActionResult> OnPostSaveAsync(long id, CancellationToken cancellationToken) =>
        WriteAsync(id, submit: false, cancellationToken);

    public Task<IActionResult> OnPostSubmitAsync(long id, CancellationToken cancellationToken) =>
        WriteAsync(id, submit: true, cancellationToken);

    public Task<IActionResult> OnPostReturnAsync(long id, CancellationToken cancellationToken) =>
        ReviewAsync(id, SubmissionAction.Return, cancellationToken);

    public Task<IActionResult> OnPostApproveAsync(long id, CancellationToken cancellationToken) =>
        ReviewAsync(id, SubmissionAction.Approve, cancellationToken);

    public Task<IActionResult> OnPostCommentAsync(long id, CancellationToken cancellationToken) =>
        ThreadAsync(id, (account, question) => platform.CommentAsync(account, id, question, Request.Form[ThreadTextPrefix + question].ToString(), cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostResolveAsync(long id, CancellationToken cancellationToken) =>
        ThreadAsync(id, (account, question) => platform.ResolveAsync(account, id, question, resolved: true, cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostReopenAsync(long id, CancellationToken cancellationToken) =>
        ThreadAsync(id, (account, question) => platform.ResolveAsync(account, id, question, resolved: false, cancellationToken), cancellationToken);

    private async Task<IActionResult> WriteAsync(long id, bool submit, CancellationToken cancellationToken)
    {
        var account = CurrentAccount.Required(User);
        var view = await platform.ViewAsync(account, id, cancellationToken);
        var posted = Posted(view.Questionnaire);
        var postedVersion = Version;
        try
        {
            var saved = await platform.SaveAsync(account, id, PostedVersion(), posted, cancellationToken);
            if (submit) await platform.ActAsync(account, id, saved.Submission.Version, SubmissionAction.Submit, null, cancellationToken);
        }
        catch (AlmanacException error) when (error is not AccessDeniedException and not NotFoundException)
        {
            // The page comes back with what was typed, so that nothing typed is lost from the screen.
            await LoadAsync(id, cancellationToken);
            Answers = View!.Answers.Where(a => !posted.ContainsKey(a.Key))
                .Concat(posted.Where(p => p.Value is not null).Select(p => KeyValuePair.Create(p.Key, p.Value!)))
                .ToDictionary(StringComparer.Ordinal);
            if (error is FieldProblemsException fields)
            {
                FieldErrors = fields.Fields.GroupBy(f => f.Question, StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g.Select(f => RefusalText.Say(f, text))], StringComparer.Ordinal);
            }
            Message = error switch
            {
                IncompleteException { Problems.Count: var n } => text["Form.Incomplete", n],
                AnswersRefusedException { Fields.Count: var n } => text["Form.Refused", n],
                _ => RefusalText.Say(error, text),
            };
            // A stale form keeps its version, so that saving it again is refused again until the page is reloaded.
            if (error is ConcurrencyException) Version = postedVersion;
            return Page();
        }
        return Redirect(submit ? $"/submission/{id}?submitted=true" : $"/submission/{id}");
    }

    /// <summary>Saves a filled offline workbook of this submission; refused, the page says why, each cell to correct listed.</summary>
    public async Task<IActionResult> OnPostWorkbookAsync(long id, CancellationToken cancellationToken)
    {
        var account = CurrentAccount.Required(User);
        try
        {
            if (Workbook is not { Length: > 0 } upload) throw new AlmanacException(text["Submission.Workbook.NoFile"]);
            await using var content = upload.OpenReadStream();
            var saved = await workbooks.UploadAsync(account, content, Path.GetFileName(upload.FileName), id, cancellationToken);
            return Redirect($"/submission/{id}?uploaded={saved.Single().Submission.Version}");
        }
        catch (AlmanacException error) when (error is not AccessDeniedException and not NotFoundException)
        {
            await LoadAsync(id, cancellationToken);
            Message = error is WorkbookRefusedException { Fields.Count: var n } ? text["Form.Refused", n] : RefusalText.Say(error, text);
            if (error is WorkbookRefusedException refused) WorkbookErrors = [.. refused.Fields.Select(p => RefusalText.Say(p, text))];
            return Page();
        }
    }

    private async Task<IActionResult> ReviewAsync(long id, SubmissionAction action, CancellationToken cancellationToken)
    {
        try
        {
            await platform.ActAsync(CurrentAccount.Required(User), id, PostedVersion(), action, Comment, cancellationToken);
        }
        catch (AlmanacException error) when (error is not AccessDeniedException and not NotFoundException)
        {
            await LoadAsync(id, cancellationToken);
            Message = RefusalText.Say(error, text);
            return Page();
        }
        return Redirect("/");
    }

    /// <summary>A thread's action on the question the button names; refused, the page comes back with the message beside the thread and the text typed.</summary>
    private async Task<IActionResult> ThreadAsync(long id, Func<Account, string, Task<CommentThread>> act, CancellationToken cancellationToken)
    {
        var question = Question ?? "";
        try
        {
            await act(CurrentAccount.Required(User), question);
        }
        catch (AlmanacException error) when (error is not AccessDeniedException)
        {
            await LoadAsync(id, cancellationToken);
            ThreadError = (question, RefusalText.Say(error, text), Request.Form[ThreadTextPrefix + question].ToString());
            return Page();
        }
        return Redirect($"/submission/{id}#thread-{Uri.EscapeDataString(question)}");
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
