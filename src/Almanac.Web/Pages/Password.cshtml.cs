using Almanac.Domain;
using Almanac.Web.Localization;
using Almanac.Web.Security;
using Almanac.Web.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Almanac.Web.Pages;

/// <summary>
/// Changing one's own password (anyone signed in): the current password is required and checked as a sign-in is
/// (throttled alike). Every other session of the account ends; this one goes on as a new session, after a redirect so that
/// the next form carries a token of the new session.
/// </summary>
public sealed class PasswordModel(AccountService accounts, SessionService sessions, IStringLocalizer<UiText> text) : PageModel
{
    [BindProperty] public string? CurrentPassword { get; set; }
    [BindProperty] public string? NewPassword { get; set; }
    [BindProperty] public string? Confirm { get; set; }
    [BindProperty(SupportsGet = true)] public bool Changed { get; set; }

    public string? Message { get; private set; }
    public string? Field { get; private set; }

    public void OnGet() => CurrentAccount.Required(User);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var account = CurrentAccount.Required(User);
        try
        {
            if (NewPassword != Confirm) throw new Domain.Platform.AccountException("confirm", Domain.Refusal.Of("account.confirm-differs", text["Password.Differ"]));
            var stored = await accounts.ChangeOwnPasswordAsync(account, CurrentPassword ?? "", NewPassword ?? "", SessionService.AddressOf(HttpContext), cancellationToken);
            await sessions.SignInAsync(HttpContext, stored, cancellationToken);
            return Redirect("/password?changed=true");
        }
        catch (AlmanacException error) when (error is not AccessDeniedException)
        {
            Message = RefusalText.Say(error, text);
            Field = (error as Domain.Platform.AccountException)?.Field;
            return Page();
        }
    }
}
