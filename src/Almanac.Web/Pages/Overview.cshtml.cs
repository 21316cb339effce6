using Almanac.Domain.Platform;
using Almanac.Web.Security;
using Almanac.Web.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Almanac.Web.Pages;

/// <summary>
/// The submissions overview for reviewers, editors and administrators: every office in scope, started or not, by name,
/// with counts per state, filters, search, sortable columns and the list of offices to chase.
/// </summary>
public sealed class OverviewModel(PlatformService platform, IOptions<PlatformOptions> options) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    [BindProperty(SupportsGet = true)] public string? State { get; set; }
    [BindProperty(SupportsGet = true)] public string? Region { get; set; }
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }
    [BindProperty(SupportsGet = true)] public bool Desc { get; set; }

    public SubmissionsOverview Overview { get; private set; } = null!;

    public int ShownYear => Year ?? options.Value.CurrentYear;

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Overview = await platform.OverviewAsync(CurrentAccount.Required(User), ShownYear,
            new OverviewFilter(Blank(State), Blank(Region), Blank(Q)?.Trim(), Blank(Sort), Desc), cancellationToken);

    /// <summary>This page's address with one filter changed (the others kept).</summary>
    public string Link(string? state = null, string? sort = null, bool keepState = true)
    {
        var sorting = sort ?? Sort;
        var descending = sort is null ? Desc : sort == (Sort ?? "office") && !Desc;
        var query = new Dictionary<string, string?>
        {
            ["year"] = ShownYear.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["state"] = keepState ? state ?? State : state,
            ["region"] = Region,
            ["q"] = Q,
            ["sort"] = sorting,
            ["desc"] = descending ? "true" : null,
        };
        return "/overview" + Microsoft.AspNetCore.Http.QueryString.Create(query.Where(p => !string.IsNullOrEmpty(p.Value)));
    }

    /// <summary>The chase list's address: the offices not approved within this region and search.</summary>
    public string ChaseLink() =>
        $"/api/overview/{ShownYear}/chase" + Microsoft.AspNetCore.Http.QueryString.Create(new Dictionary<string, string?> { ["region"] = Region, ["q"] = Q }
            .Where(p => !string.IsNullOrEmpty(p.Value)));

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
