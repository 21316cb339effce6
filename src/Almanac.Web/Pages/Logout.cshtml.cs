using Almanac.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Almanac.Web.Pages;

/// <summary>Signs out (a POST with the antiforgery token, so that a link elsewhere cannot sign anyone out); the session ends on every server.</summary>
public sealed class LogoutModel(SessionService sessions) : PageModel
{
    public IActionResult OnGet() => Redirect("/");

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await sessions.SignOutAsync(HttpContext, cancellationToken);
        return Redirect("/login");
    }
}
