using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Almanac.Web.Pages;

/// <summary>
/// The page a person gets for an error (403, 404, 409, 400, 500…), in the site's layout with a way back home; the status
/// pages and the exception handler send page requests here, and /api keeps its ProblemDetails.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
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
        (Title, var usual) = Status switch
        {
            StatusCodes.Status400BadRequest => ("The request could not be used", "The page was sent something it cannot take."),
            StatusCodes.Status401Unauthorized => ("Please sign in", "This page is for people signed in."),
            StatusCodes.Status403Forbidden => ("Not allowed", "Your account may not open this page or do this."),
            StatusCodes.Status404NotFound => ("Not found", "There is no such page, or what it names does not exist."),
            StatusCodes.Status409Conflict => ("That could not be done now", "Something changed in the meantime."),
            StatusCodes.Status413PayloadTooLarge => ("Too much at once", "The request is larger than the server reads."),
            StatusCodes.Status503ServiceUnavailable => ("The server is busy", "The server cannot take the request now; the same request in a moment will do."),
            >= 500 => ("Something went wrong on the server", "The error has been logged; nothing you typed was saved by the failed request. Try again in a moment."),
            _ => ("The request could not be done", "The server refused the request."),
        };
        Detail = string.IsNullOrEmpty(detail) ? usual : char.ToUpperInvariant(detail[0]) + detail[1..] + (detail.EndsWith('.') ? "" : ".");
        // A server error may be the store's: the layout then reads nothing from it (the year's state).
        ViewData[QuietKey] = Status >= 500;
        OffersSignIn = Status == StatusCodes.Status401Unauthorized || User.Identity?.IsAuthenticated != true;
    }
}
