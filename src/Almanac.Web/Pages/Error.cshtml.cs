using Almanac.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Almanac.Web.Pages;

/// <summary>
/// The page a person gets for an error (403, 404, 409, 400, 500…), in the site's layout with a way back home; the status
/// pages and the exception handler send page requests here, and /api keeps its ProblemDetails.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorModel(IStringLocalizer<UiText> text) : PageModel
{
    /// <summary>The key under which <see cref="RequestErrors"/> leaves an error's message for this page.</summary>
    public const string DetailKey = "almanac.error.detail";

    /// <summary>The view-data key that tells the layout not to read the store (the error may be the store's).</summary>
    public const string QuietKey = "almanac.quiet";

    public int Status { get; private set; }
    public string Title { get; private set; } = "";
    public string Detail { get; private set; } = "";
    public bool OffersSignIn { get; private set; }

    // Every method: a failed form post is shown by this page as it re-runs the post's request. The status is read from
    // the route, not bound: binding would read that request's form, which may be the very thing refused (too many fields).
    public void OnGet() => Show();

    public void OnPost() => Show();

    private void Show()
    {
        var status = int.TryParse(RouteData.Values["status"]?.ToString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var given) ? given : 0;
        Status = status is >= 400 and <= 599 ? status : StatusCodes.Status404NotFound;
        Response.StatusCode = Status;
        // An unhandled exception's text stays in the log: only an Almanac error's message, meant for people, is shown.
        var detail = HttpContext.Items[DetailKey] as string;
        // Each status its title and usual words (Error.404.Title, Error.404.Detail…); another 5xx as a 500, another 4xx as refused.
        var key = Status switch
        {
            400 or 401 or 403 or 404 or 409 or 413 or 503 => Status.ToString(System.Globalization.CultureInfo.InvariantCulture),
            >= 500 => "500",
            _ => "Other",
        };
        Title = text[$"Error.{key}.Title"];
        var usual = text[$"Error.{key}.Detail"];
        Detail = string.IsNullOrEmpty(detail) ? usual : char.ToUpperInvariant(detail[0]) + detail[1..] + (detail.EndsWith('.') ? "" : ".");
        // A server error may be the store's: the layout then reads nothing from it (the year's state).
        ViewData[QuietKey] = Status >= 500;
        OffersSignIn = Status == StatusCodes.Status401Unauthorized || User.Identity?.IsAuthenticated != true;
    }
}
