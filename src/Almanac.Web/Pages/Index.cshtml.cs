using Almanac.Domain.Platform;
using Almanac.Store;
using Almanac.Web.Security;
using Almanac.Web.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Almanac.Web.Pages;

/// <summary>The home page: a focal point's own questionnaire, a reviewer's or headquarters' list of submissions.</summary>
public sealed class IndexModel(PlatformService platform, IPlatformStore store, IOptions<PlatformOptions> options) : PageModel
{
    public int Year => options.Value.CurrentYear;
    public IReadOnlyList<Office> AnsweringOffices { get; private set; } = [];
    public IReadOnlyList<(Submission Submission, Office Office)> Submissions { get; private set; } = [];
    public bool Reviewing { get; private set; }
    public bool CanLock { get; private set; }
    public bool CanSeeResults { get; private set; }
    public bool Locked { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var account = CurrentAccount.Required(User);
        AnsweringOffices = await platform.AnsweringOfficesAsync(account, cancellationToken);
        // By office name, as people look an office up (the store lists them by code).
        Submissions = [.. (await platform.VisibleSubmissionsAsync(account, Year, cancellationToken)).OrderBy(s => s.Office.Name, StringComparer.CurrentCultureIgnoreCase)];
        Reviewing = account.Role is Role.RegionalReviewer or Role.Editor or Role.Administrator;
        CanLock = Access.CanLockYear(account);
        CanSeeResults = Access.CanSeeResults(account);
        Locked = await store.IsYearLockedAsync(Year, cancellationToken);
    }

    public async Task<IActionResult> OnPostOpenAsync(string office, CancellationToken cancellationToken)
    {
        var submission = await platform.OpenAsync(CurrentAccount.Required(User), office, Year, cancellationToken);
        return Redirect($"/submission/{submission.Id}");
    }
}
