using System.Globalization;
using Almanac.Domain;
using Almanac.Domain.Platform;
using Almanac.Domain.Projects;
using Almanac.Web.Localization;
using Almanac.Web.Security;
using Almanac.Web.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Almanac.Web.Pages;

/// <summary>
/// The project portfolio: the current version's projects filtered by appeal region, country, status and MiGOF node, a
/// page at a time; a project's detail (offices, countries and shares, budget by year, transactions, framework node,
/// gender marker, appeal line); for administrators, a project corrected (a new version of the portfolio, refused with the
/// field named as the import refuses a cell, or when someone changed the portfolio since the page was read) and an earlier
/// version restored. Read-only for the other roles that see results.
/// </summary>
public sealed class ProjectsModel(PlatformService platform, IStringLocalizer<UiText> text) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Region { get; set; }
    [BindProperty(SupportsGet = true)] public string? Country { get; set; }
    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(SupportsGet = true)] public string? Migof { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int? PageNumber { get; set; }

    /// <summary>The project whose detail is shown, or null.</summary>
    [BindProperty(SupportsGet = true)] public string? Id { get; set; }

    /// <summary>The version of the portfolio the correction or restore form was read from.</summary>
    [BindProperty] public long Version { get; set; }

    /// <summary>The version a restore makes current again.</summary>
    [BindProperty] public long Restore { get; set; }

    [BindProperty] public string? TitleEn { get; set; }
    [BindProperty] public string? TitleFr { get; set; }
    [BindProperty] public string? TitleEs { get; set; }
    [BindProperty(Name = "ProjectStatus")] public string? ProjectStatus { get; set; }
    [BindProperty] public string? Start { get; set; }
    [BindProperty] public string? End { get; set; }
    [BindProperty] public string? GenderMarker { get; set; }
    [BindProperty] public string? Countries { get; set; }
    [BindProperty] public string? AppealLine { get; set; }

    public ProjectFilter Filter { get; private set; } = new(null, null, null, null, 1);
    public ProjectsView View { get; private set; } = new(null, [], false);

    /// <summary>The project whose detail is shown, as the current version has it.</summary>
    public Project? Detail { get; private set; }

    /// <summary>The Strategic Plan nodes that continue the detail's MiGOF node, through the frameworks' crosswalk.</summary>
    public IReadOnlyList<FrameworkNode> StrategicPlanNodes { get; private set; } = [];

    public string? Message { get; private set; }
    public bool Failed { get; private set; }

    /// <summary>The refused field of the correction just posted, and the message shown beside it.</summary>
    public (string Field, string Message)? FieldError { get; private set; }

    public string? ErrorOf(string field) => FieldError is { } e && e.Field == field ? e.Message : null;

    public int Pages => Math.Max(1, (View.Matching + ProjectFilter.PageSize - 1) / ProjectFilter.PageSize);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var (filter, dropped) = new ProjectFilter(Region, Country, Status, Migof, PageNumber ?? 1).Check();
        Filter = filter;
        if (dropped.Count > 0 && Message is null)
        {
            Message = text["Projects.FilterDropped", string.Join(", ", dropped)];
            Failed = true;
        }
        View = await platform.ProjectsAsync(CurrentAccount.Required(User), filter, Id, cancellationToken);
        Detail = Id is null ? null : View.Page?.Detail;
        if (Detail is not null)
        {
            var frameworks = await platform.FrameworksAsync(cancellationToken);
            var plan = frameworks.FirstOrDefault(f => f.Id == ProjectFrameworks.StrategicPlan);
            StrategicPlanNodes = plan is null ? [] : [.. ProjectFrameworks.StrategicPlanNodes(Detail, Crosswalk.Of(frameworks)).Select(plan.Node).OfType<FrameworkNode>()];
        }
        if (Id is not null && Detail is null && Message is null)
        {
            Message = text["Projects.NoSuchProject", InputLimits.Quote(Id)];
            Failed = true;
        }
        // The correction form opens with the project as stored; after a refusal it keeps what was typed.
        if (Detail is not null && FieldError is null)
        {
            var f = ProjectFields.Of(Detail);
            (TitleEn, TitleFr, TitleEs, ProjectStatus, Start, End, GenderMarker, Countries, AppealLine) =
                (f.TitleEn, f.TitleFr, f.TitleEs, f.Status, f.Start, f.End, f.GenderMarker, f.Countries, f.AppealLine);
        }
    }

    public Task<IActionResult> OnPostCorrectAsync(CancellationToken cancellationToken) =>
        RunAsync(async account =>
        {
            var fields = new ProjectFields(TitleEn, TitleFr, TitleEs, ProjectStatus, Start, End, GenderMarker, Countries, AppealLine);
            var now = await platform.CorrectProjectAsync(account, Version, Id ?? "", fields, cancellationToken);
            return now == Version ? text["Projects.Unchanged", Id ?? ""] : text["Projects.Corrected", Id ?? "", Number(now)];
        }, cancellationToken);

    public Task<IActionResult> OnPostRestoreAsync(CancellationToken cancellationToken) =>
        RunAsync(async account =>
        {
            var now = await platform.RestorePortfolioAsync(account, Version, Restore, cancellationToken);
            return text["Projects.Restored", Number(Restore), Number(now)];
        }, cancellationToken);

    private async Task<IActionResult> RunAsync(Func<Account, Task<string>> action, CancellationToken cancellationToken)
    {
        var account = CurrentAccount.Required(User);
        try
        {
            Message = await action(account);
        }
        catch (ProjectException error)
        {
            FieldError = (error.Field, RefusalText.Say(error, text));
        }
        catch (AlmanacException error) when (error is not AccessDeniedException)
        {
            Message = RefusalText.Say(error, text);
            Failed = true;
        }
        await OnGetAsync(cancellationToken);
        return Page();
    }

    /// <summary>This page's address with the filter, another page or project.</summary>
    public string Link(int? page = null, string? id = null) =>
        "/projects" + Microsoft.AspNetCore.Http.QueryString.Create(new Dictionary<string, string?>
        {
            ["region"] = Filter.Region,
            ["country"] = Filter.Country,
            ["status"] = Filter.Status,
            ["migof"] = Filter.Migof,
            ["page"] = (page ?? Filter.Page) is > 1 and var p ? p.ToString(CultureInfo.InvariantCulture) : null,
            ["id"] = id,
        }.Where(p => !string.IsNullOrEmpty(p.Value)));

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
