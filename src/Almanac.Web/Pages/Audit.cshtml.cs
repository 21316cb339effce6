using Almanac.Domain.Platform;
using Almanac.Store;
using Almanac.Web.Security;
using Almanac.Web.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Almanac.Web.Pages;

/// <summary>The audit log for administrators: who changed what, when, old → new; filtered by record and user.</summary>
public sealed class AuditModel(PlatformService platform) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Entity { get; set; }
    [BindProperty(SupportsGet = true)] public string? Actor { get; set; }

    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Entries = await platform.AuditAsync(CurrentAccount.Required(User),
            new AuditQuery(string.IsNullOrWhiteSpace(Entity) ? null : Entity.Trim(), string.IsNullOrWhiteSpace(Actor) ? null : Actor.Trim(), 500), cancellationToken);
}
