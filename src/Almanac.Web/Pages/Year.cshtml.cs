using System.Globalization;
using Almanac.Domain.Platform;
using Almanac.Web.Localization;
using Almanac.Web.Security;
using Almanac.Web.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Almanac.Web.Pages;

/// <summary>
/// A year's state for everyone (open or locked, by whom, when); for headquarters, locking it after a confirmation that
/// lists every office not approved; for administrators, unlocking it. A lock or unlock that cannot be done (twice, or
/// another person's at the same moment) is shown here as a message with status 409.
/// </summary>
public sealed class YearModel(PlatformService platform, IStringLocalizer<UiText> text) : PageModel
{
    [BindProperty(SupportsGet = true)] public int Year { get; set; }

    /// <summary>How many offices were not approved when the confirmation was shown: a lock confirmed on another list is asked again.</summary>
    [BindProperty] public int? NotApprovedShown { get; set; }

    public YearLock? Lock { get; private set; }
    public SubmissionsOverview? Preview { get; private set; }
    public bool CanLock { get; private set; }
    public bool CanUnlock { get; private set; }
    public bool Confirming { get; private set; }
    public string? Message { get; private set; }
    public string? Done { get; private set; }

    public async Task OnGetAsync(bool confirm, string? done, CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        Confirming = confirm && CanLock && Lock is null;
        Done = done switch { "locked" => text["Year.DoneLocked", Year].Value, "unlocked" => text["Year.DoneUnlocked", Year].Value, _ => null };
    }

    public async Task<IActionResult> OnPostLockAsync(CancellationToken cancellationToken)
    {
        var account = CurrentAccount.Required(User);
        var preview = await platform.LockPreviewAsync(account, Year, cancellationToken);
        if (NotApprovedShown != preview.ToChase.Count)
        {
            return await RefusedAsync(text["Year.ListChanged", NotApprovedShown?.ToString(CultureInfo.InvariantCulture) ?? text["Year.None"], preview.ToChase.Count], confirm: true, cancellationToken);
        }
        try
        {
            await platform.LockYearAsync(account, Year, cancellationToken);
        }
        catch (WorkflowException error)
        {
            return await RefusedAsync(RefusalText.Say(error, text), confirm: false, cancellationToken);
        }
        return Redirect($"/year/{Year}?done=locked");
    }

    public async Task<IActionResult> OnPostUnlockAsync(CancellationToken cancellationToken)
    {
        try
        {
            await platform.UnlockYearAsync(CurrentAccount.Required(User), Year, cancellationToken);
        }
        catch (WorkflowException error)
        {
            return await RefusedAsync(RefusalText.Say(error, text), confirm: false, cancellationToken);
        }
        return Redirect($"/year/{Year}?done=unlocked");
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var account = CurrentAccount.Required(User);
        await platform.QuestionnaireAsync(Year, cancellationToken);
        Lock = await platform.YearLockAsync(Year, cancellationToken);
        CanLock = Access.CanLockYear(account);
        CanUnlock = Access.CanUnlockYear(account);
        if (CanLock) Preview = await platform.LockPreviewAsync(account, Year, cancellationToken);
    }

    private async Task<IActionResult> RefusedAsync(string message, bool confirm, CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        Message = char.ToUpperInvariant(message[0]) + message[1..] + ".";
        Confirming = confirm && Lock is null;
        Response.StatusCode = StatusCodes.Status409Conflict;
        return Page();
    }
}
