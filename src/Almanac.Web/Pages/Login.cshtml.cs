using Almanac.Store;
using Almanac.Web.Localization;
using Almanac.Web.Security;
using Almanac.Web.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Almanac.Web.Pages;

/// <summary>Sign-in with a local account; repeated failures slow further attempts down (<see cref="SignInService"/>).</summary>
public sealed class LoginModel(SignInService signIn, SessionService sessions, PlatformService platform, IStringLocalizer<UiText> text) : PageModel
{
    /// <summary>Whether the store has no account yet: the page then says how the first administrator is created.</summary>
    public bool NoAccountYet { get; private set; }

    // Nullable: a field posted empty binds as null.
    [BindProperty] public string? UserName { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public string? Refusal { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        NoAccountYet = await platform.HasNoAccountAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(UserName) || string.IsNullOrEmpty(Password))
        {
            Refusal = text["Login.Missing"];
            return Page();
        }
        StoredAccount? account;
        try
        {
            account = await signIn.CheckAsync(UserName, Password, SessionService.AddressOf(HttpContext), cancellationToken);
        }
        catch (ServerBusyException)
        {
            Refusal = text["Login.Busy"];
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return Page();
        }
        if (account is null)
        {
            Refusal = text["Login.Refused"];
            return Page();
        }
        await sessions.SignInAsync(HttpContext, account, cancellationToken);
        // Only a local path: an open redirect would let a link send a user elsewhere after signing in.
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
    }
}
