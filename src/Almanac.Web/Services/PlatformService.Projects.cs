using Almanac.Analytics.Query;
using Almanac.Domain;
using Almanac.Domain.Analytics;
using Almanac.Domain.Platform;
using Almanac.Domain.Projects;
using Almanac.Store;

namespace Almanac.Web.Services;

/// <summary>
/// A filter of the project portfolio as the projects page's query string gives it: each value one of the closed lists
/// (appeal regions, statuses, MiGOF nodes) or a country code, and a page number; <see cref="Check"/> drops what is none.
/// </summary>
public sealed record ProjectFilter(string? Region, string? Country, string? Status, string? Migof, int Page)
{
    /// <summary>Projects a page shows.</summary>
    public const int PageSize = 50;

    /// <summary>The highest page a query string may ask for (a portfolio holds at most 100 000 projects).</summary>
    public const int MaxPage = 2000;

    /// <summary>The value a filter's query string gives for "outside MiGOF".</summary>
    public const string NoMigof = ProjectMeasures.OutsideMigof;

    /// <summary>The filter with every value it can use, and the names of the query-string fields it had to drop.</summary>
    public (ProjectFilter Filter, IReadOnlyList<string> Dropped) Check()
    {
        var dropped = new List<string>();
        string? Keep(string name, string? value, Func<string, bool> valid)
        {
            if (string.IsNullOrWhiteSpace(value)) return null;
            var trimmed = value.Trim();
            if (trimmed.Length <= 100 && valid(trimmed)) return trimmed;
            dropped.Add(name);
            return null;
        }
        var filter = new ProjectFilter(
            Keep("region", Region, ProjectCodes.AppealRegions.Contains),
            Keep("country", Country?.ToUpperInvariant(), c => c.Length == 3 && c.All(char.IsAsciiLetterUpper)),
            Keep("status", Status, s => ProjectCodes.ParseStatus(s) is not null),
            Keep("migof", Migof, m => m == NoMigof || ProjectCodes.MigofNodes.Contains(m)),
            Page is >= 1 and <= MaxPage ? Page : 1);
        if (Page is < 1 or > MaxPage) dropped.Add("page");
        return (filter, dropped);
    }

    /// <summary>The store's filter for this page: the same values, and the page's place in the portfolio.</summary>
    public PortfolioFilter ForStore() =>
        new(Region, Country, Status is null ? null : ProjectCodes.ParseStatus(Status), Migof, (Page - 1) * PageSize, PageSize);
}

/// <summary>A page of the portfolio as the store read it (null when there is no portfolio), and the versions.</summary>
public sealed record ProjectsView(PortfolioPage? Page, IReadOnlyList<PortfolioVersion> Versions, bool CanCorrect)
{
    /// <summary>The projects the filter keeps, this page's.</summary>
    public IReadOnlyList<Project> Shown => Page?.Shown ?? [];

    /// <summary>How many projects the filter keeps in all.</summary>
    public int Matching => Page?.Matching ?? 0;
}

/// <summary>An appeal region's funding in a year: what its projects require and what donors committed, in US dollars.</summary>
public sealed record RegionFunding(string Region, decimal Required, decimal Funded)
{
    /// <summary>The committed share of the requirement (0.47 for 47%); null when nothing is required.</summary>
    public decimal? Coverage => Required == 0 ? null : Funded / Required;
}

public sealed partial class PlatformService
{
    /// <summary>
    /// Required against funded by appeal region for a year (regions in the appeal's order), from the fact table's
    /// <see cref="ProjectMeasures.Required"/> and <see cref="ProjectMeasures.Funded"/> through the query engine, as the
    /// report's funding-coverage table reads them; empty when the year has no portfolio figures.
    /// </summary>
    public async Task<IReadOnlyList<RegionFunding>> FundingAsync(Account account, int year, CancellationToken cancellationToken)
    {
        Require(Access.CanSeeResults(account), "see-results", "see results across offices");
        return await store.ReadFactsAsync(async facts =>
        {
            var engine = new QueryEngine(facts);
            var catalog = await engine.CatalogAsync(cancellationToken);
            async Task<Dictionary<string, decimal>> ByRegionAsync(string measure)
            {
                if (catalog.Measure(measure) is null) return [];
                var result = await engine.RunAsync(PivotQuery.Of(measure) with { Rows = [ProjectMeasures.AppealRegion], Years = [year] }, cancellationToken);
                return result.Cells.Where(c => c[0] is not null).GroupBy(c => c[0]!, StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => g.Sum(c => c.Values[0] ?? 0), StringComparer.Ordinal);
            }
            var (required, funded) = (await ByRegionAsync(ProjectMeasures.Required), await ByRegionAsync(ProjectMeasures.Funded));
            return (IReadOnlyList<RegionFunding>)[.. ProjectCodes.AppealRegions.Where(r => required.ContainsKey(r) || funded.ContainsKey(r))
                .Select(r => new RegionFunding(r, required.GetValueOrDefault(r), funded.GetValueOrDefault(r)))];
        }, cancellationToken);
    }

    /// <summary>
    /// The current portfolio filtered and paged by the store (a page read, not the portfolio), with the project whose
    /// detail is asked for and the versions, for whoever may read projects (read-only for all but administrators,
    /// <see cref="Access.CanReadProjects"/>). An id longer than any stored cell is no project's, and is not looked up.
    /// </summary>
    public async Task<ProjectsView> ProjectsAsync(Account account, ProjectFilter filter, string? detailId, CancellationToken cancellationToken)
    {
        Require(Access.CanReadProjects(account), "read-projects", "read the project portfolio");
        var page = await store.PortfolioPageAsync(filter.ForStore(), detailId is { Length: <= InputLimits.MaxCellLength } ? detailId : null, cancellationToken);
        return new ProjectsView(page, await store.PortfolioVersionsAsync(cancellationToken), Access.CanCorrectProjects(account));
    }

    /// <summary>Corrects a project of the version the page read (administrators); returns the version now current.</summary>
    public async Task<long> CorrectProjectAsync(Account account, long readVersion, string projectId, ProjectFields fields, CancellationToken cancellationToken)
    {
        Require(Access.CanCorrectProjects(account), "correct-projects", "correct projects");
        return await store.CorrectProjectAsync(readVersion, projectId, fields, ChangeBy(account), cancellationToken);
    }

    /// <summary>Makes an earlier version of the portfolio current again (administrators); returns the version now current.</summary>
    public async Task<long> RestorePortfolioAsync(Account account, long readVersion, long restoredVersion, CancellationToken cancellationToken)
    {
        Require(Access.CanCorrectProjects(account), "correct-projects", "correct projects");
        return await store.RestorePortfolioAsync(readVersion, restoredVersion, ChangeBy(account), cancellationToken);
    }
}
