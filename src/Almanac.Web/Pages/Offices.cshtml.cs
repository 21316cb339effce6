using Almanac.Domain;
using Almanac.Domain.Platform;
using Almanac.Web.Localization;
using Almanac.Web.Security;
using Almanac.Web.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Almanac.Web.Pages;

/// <summary>
/// Offices, for administrators: every office by name with its code, kind, region, country and what refers to it,
/// searched and filtered by region; an office added, or its name, kind, region and country changed (its code is its
/// key), each checked as the CSV import checks a file, a refusal shown beside the field it names; an office deleted only
/// while nothing refers to it, which the list says office by office.
/// </summary>
public sealed class OfficesModel(PlatformService platform, IStringLocalizer<UiText> text) : PageModel
{
    /// <summary>The search text: part of an office's name, code or country.</summary>
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }

    /// <summary>The region filter: a regional office's code, the offices reporting to it and itself.</summary>
    [BindProperty(SupportsGet = true)] public string? Region { get; set; }

    /// <summary>The code of the office being changed (its form shown), or null.</summary>
    [BindProperty(SupportsGet = true)] public string? Edit { get; set; }

    [BindProperty] public string? Code { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Kind { get; set; }
    [BindProperty] public string? OfficeRegion { get; set; }
    [BindProperty] public string? Country { get; set; }

    public IReadOnlyList<OfficeListing> All { get; private set; } = [];
    public IReadOnlyList<OfficeListing> Shown { get; private set; } = [];
    public IReadOnlyList<Office> Regions { get; private set; } = [];

    /// <summary>The office being changed, as stored.</summary>
    public Office? Editing { get; private set; }

    public string? Message { get; private set; }
    public bool Failed { get; private set; }

    /// <summary>The refused field of the form just posted ("add" or "edit"), and the message, shown beside it.</summary>
    public (string Form, string Field, string Message)? FieldError { get; private set; }

    /// <summary>The message to show beside a field of a form, or null.</summary>
    public string? ErrorOf(string form, string field) => FieldError is { } e && e.Form == form && e.Field == field ? e.Message : null;

    private Account Admin()
    {
        var account = CurrentAccount.Required(User);
        if (!Access.CanAdminister(account)) throw AccessDeniedException.MayNot("change-offices", "change offices");
        return account;
    }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        All = await platform.OfficeListingsAsync(Admin(), cancellationToken);
        Regions = [.. All.Select(l => l.Office).Where(o => o.Kind == OfficeKind.RegionalOffice)];
        var search = Q?.Trim();
        if (search is { Length: > SubmissionOverview.MaxSearchLength })
        {
            Message ??= text["Offices.SearchTooLong", search.Length, SubmissionOverview.MaxSearchLength];
            Failed = true;
            search = null;
        }
        Shown = [.. All.Where(l => (string.IsNullOrEmpty(Region) || ResultsCalculator.RegionOf(l.Office) == Region) && Matches(l.Office, search))];
        Editing = Edit is null ? null : All.FirstOrDefault(l => l.Office.Code == Edit)?.Office;
        if (Edit is not null && Editing is null && Message is null)
        {
            Message = text["Offices.NoSuchOffice", Edit];
            Failed = true;
        }
        // The change form opens with the office as stored; after a refusal it keeps what was typed.
        if (Editing is not null && FieldError?.Form != "edit") (Name, Kind, OfficeRegion, Country) = (Editing.Name, Editing.Kind.Code(), Editing.Region, Editing.Country);
    }

    private static bool Matches(Office office, string? search) =>
        string.IsNullOrEmpty(search) || new[] { office.Name, office.Code, office.Country ?? "" }.Any(t => t.Contains(search, StringComparison.CurrentCultureIgnoreCase));

    public Task<IActionResult> OnPostAddAsync(CancellationToken cancellationToken) =>
        RunAsync("add", async admin =>
        {
            var added = await platform.AddOfficeAsync(admin, new OfficeFields(Code, Name, Kind, OfficeRegion, Country), cancellationToken);
            // The form is for the next office; the list shows the one added.
            (Code, Name, Kind, OfficeRegion, Country, Q, Region) = (null, null, null, null, null, added.Code, null);
            return text["Offices.Added", added.Code];
        }, cancellationToken);

    public Task<IActionResult> OnPostUpdateAsync(CancellationToken cancellationToken) =>
        RunAsync("edit", async admin =>
        {
            var changed = await platform.UpdateOfficeAsync(admin, Edit ?? "", new OfficeFields(Edit, Name, Kind, OfficeRegion, Country), cancellationToken);
            (Edit, Name, Kind, OfficeRegion, Country) = (null, null, null, null, null);
            return text["Offices.Updated", changed.Code];
        }, cancellationToken);

    public Task<IActionResult> OnPostDeleteAsync(CancellationToken cancellationToken) =>
        RunAsync("delete", async admin =>
        {
            var code = Code ?? "";
            await platform.DeleteOfficeAsync(admin, code, cancellationToken);
            Code = null;
            return text["Offices.Deleted", code];
        }, cancellationToken);

    private async Task<IActionResult> RunAsync(string form, Func<Account, Task<string>> action, CancellationToken cancellationToken)
    {
        var admin = Admin();
        try
        {
            Message = await action(admin);
        }
        catch (OfficeException error)
        {
            // Beside the field it names; the rest of the page as it was.
            FieldError = (form, error.Field, RefusalText.Say(error, text));
        }
        catch (AlmanacException error) when (error is not AccessDeniedException)
        {
            Message = RefusalText.Say(error, text);
            Failed = true;
        }
        await OnGetAsync(cancellationToken);
        return Page();
    }
}
