using Almanac.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Almanac.Web.Pages;

/// <summary>
/// The language switch: keeps the chosen language in the culture cookie and goes back to the page it was chosen on.
/// A GET, so that it is a plain link on every page, signed in or not (it changes nothing but the reader's own cookie).
/// </summary>
public sealed class LanguageModel(IStringLocalizer<UiText> text) : PageModel
{
    public IActionResult OnGet(string? culture, string? returnUrl)
    {
        if (culture is null || !UiLanguages.Supported.Contains(culture))
        {
            HttpContext.Items[ErrorModel.DetailKey] = text["Language.Unknown", Domain.InputLimits.Quote(culture ?? ""), string.Join(", ", UiLanguages.Supported)].Value;
            return BadRequest();
        }
        UiLanguages.Remember(Response, culture, Request.IsHttps);
        // Only a local path: an open redirect would let a link send the reader elsewhere.
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl! : "/");
    }
}
