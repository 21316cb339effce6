using Almanac.Domain.Platform;
using Almanac.Store;
using Almanac.Web.Security;
using Almanac.Web.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Almanac.Web.Pages;

/// <summary>
/// The audit log for administrators: who changed what, when, old → new; filtered by record and user, a page of
/// <see cref="PageSize"/> lines at a time through the whole log, a submission named by its office and year.
/// </summary>
public sealed class AuditModel(PlatformService platform) : PageModel
{
    public const int PageSize = 100;

    [BindProperty(SupportsGet = true)] public string? Entity { get; set; }
    [BindProperty(SupportsGet = true)] public string? Actor { get; set; }
    [BindProperty(SupportsGet = true)] public long? Before { get; set; }
    [BindProperty(SupportsGet = true)] public long? After { get; set; }

    public AuditPage Shown { get; private set; } = new([], 0, null, null);

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Shown = await platform.AuditPageAsync(CurrentAccount.Required(User),
            new AuditQuery(string.IsNullOrWhiteSpace(Entity) ? null : Entity.Trim(), string.IsNullOrWhiteSpace(Actor) ? null : Actor.Trim(), PageSize), Before, After, cancellationToken);

    /// <summary>This page's address for another page of the same filter.</summary>
    public string PageLink(long? before, long? after) =>
        "/audit" + Microsoft.AspNetCore.Http.QueryString.Create(new Dictionary<string, string?>
        {
            ["entity"] = Entity,
            ["actor"] = Actor,
            ["before"] = before?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["after"] = after?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }.Where(p => !string.IsNullOrEmpty(p.Value)));
}
