using System.Data.Common;
using System.Globalization;
using System.Text;
using Almanac.Domain.Projects;

namespace Almanac.Store.Projects;

/// <summary>
/// The projects page's reads as store queries: a filtered page of the current portfolio, the number of projects the filter
/// keeps, and one project's detail with its transactions, so that a view reads at most a page of a portfolio of 100 000
/// projects rather than the whole of it.
/// </summary>
internal sealed partial class ProjectStore
{
    public Task<PortfolioPage?> PortfolioPageAsync(PortfolioFilter filter, string? detailId, CancellationToken cancellationToken) =>
        store.ReadingAsync(async () =>
        {
            if (await CurrentVersionAsync(null, cancellationToken) is not { } sourceId || await VersionAsync(null, sourceId, cancellationToken) is not { } version) return null;
            var (where, parameters) = Where(sourceId, filter);
            var matching = Convert.ToInt32(await store.ScalarAsync(null, $"SELECT COUNT(*) FROM project p WHERE {where}", cancellationToken, [.. parameters]), CultureInfo.InvariantCulture);
            var page = $"{where} ORDER BY p.line, p.project_id LIMIT {filter.Limit.ToString(CultureInfo.InvariantCulture)} OFFSET {filter.Offset.ToString(CultureInfo.InvariantCulture)}";
            var shown = await ReadProjectsAsync(null, page, parameters, cancellationToken);
            Project? detail = null;
            IReadOnlyList<ProjectTransaction> transactions = [];
            if (detailId is not null)
            {
                detail = (await ReadProjectsAsync(null, "p.source_id = $1 AND p.project_id = $2", [sourceId, detailId], cancellationToken)).SingleOrDefault();
                if (detail is not null) transactions = await ReadTransactionsAsync(null, "source_id = $1 AND project_id = $2", [sourceId, detailId], cancellationToken);
            }
            return new PortfolioPage(version, shown, matching, detail, transactions);
        }, cancellationToken);

    /// <summary>The condition on <c>project p</c> a filter makes, with its parameters ($1 the version).</summary>
    private static (string Where, List<object?> Parameters) Where(long sourceId, PortfolioFilter filter)
    {
        var where = new StringBuilder("p.source_id = $1");
        var parameters = new List<object?> { sourceId };
        string Next(object value)
        {
            parameters.Add(value);
            return "$" + parameters.Count.ToString(CultureInfo.InvariantCulture);
        }
        if (filter.Region is { } region) where.Append($" AND p.region = {Next(region)}");
        if (filter.Country is { } country)
        {
            where.Append($" AND EXISTS (SELECT 1 FROM project_country c WHERE c.source_id = p.source_id AND c.project_id = p.project_id AND c.iso3 = {Next(country)})");
        }
        if (filter.Status is { } status) where.Append($" AND p.status = {Next((int)status)}");
        if (filter.Migof == PortfolioFilter.OutsideMigof) where.Append(" AND p.migof IS NULL");
        else if (filter.Migof is { } migof) where.Append($" AND p.migof = {Next(migof)}");
        return (where.ToString(), parameters);
    }

    /// <summary>
    /// The projects of <c>project p</c> that <paramref name="condition"/> keeps (which may end in an order and a limit),
    /// with their offices, countries and budgets, in the condition's order.
    /// </summary>
    private async Task<List<Project>> ReadProjectsAsync(DbTransaction? transaction, string condition, IReadOnlyList<object?> parameters, CancellationToken cancellationToken)
    {
        var rows = await store.RowsAsync<ProjectRow>(transaction, $"""
            SELECT p.project_id, p.line, p.title_en, p.title_fr, p.title_es, p.description_en, p.description_fr, p.description_es, p.region, p.start_date, p.end_date,
                   p.status, p.migof, p.gender_marker, p.appeal_line
            FROM project p WHERE {condition}
            """, cancellationToken, [.. parameters]);
        if (rows.Count == 0) return [];
        // The parts of exactly these projects: the same condition again, as a set of ids.
        var kept = $"source_id = $1 AND project_id IN (SELECT p.project_id FROM project p WHERE {condition})";
        var offices = (await store.RowsAsync<ProjectOfficeRow>(transaction, $"SELECT project_id, office FROM project_office WHERE {kept} ORDER BY project_id, ordinal", cancellationToken, [.. parameters]))
            .GroupBy(r => r.ProjectId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(r => r.Office).ToList(), StringComparer.Ordinal);
        var countries = (await store.RowsAsync<ProjectCountryRow>(transaction, $"SELECT project_id, iso3, percent FROM project_country WHERE {kept} ORDER BY project_id, percent DESC, iso3",
                cancellationToken, [.. parameters]))
            .GroupBy(r => r.ProjectId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(r => new CountryShare(r.Iso3, SqlStore.Normalize(r.Percent))).ToList(), StringComparer.Ordinal);
        var budgets = (await store.RowsAsync<ProjectBudgetRow>(transaction, $"SELECT project_id, year, amount_usd FROM project_budget WHERE {kept} ORDER BY project_id, year", cancellationToken, [.. parameters]))
            .GroupBy(r => r.ProjectId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(r => new YearBudget(r.Year, SqlStore.Normalize(r.AmountUsd))).ToList(), StringComparer.Ordinal);
        return [.. rows.Select(r => new Project(r.ProjectId, new ProjectTexts(r.TitleEn, r.TitleFr, r.TitleEs), new ProjectTexts(r.DescriptionEn, r.DescriptionFr, r.DescriptionEs),
            offices.GetValueOrDefault(r.ProjectId) ?? [], countries.GetValueOrDefault(r.ProjectId) ?? [], r.Region, ParseIsoDate(r.StartDate), ParseIsoDate(r.EndDate),
            (ProjectStatus)r.Status, r.Migof, r.GenderMarker, r.AppealLine, budgets.GetValueOrDefault(r.ProjectId) ?? [])
        {
            Line = r.Line,
        })];
    }

    /// <summary>The transactions of <c>project_transaction</c> that <paramref name="condition"/> keeps, in file order.</summary>
    private async Task<List<ProjectTransaction>> ReadTransactionsAsync(DbTransaction? transaction, string condition, IReadOnlyList<object?> parameters, CancellationToken cancellationToken) =>
        [.. (await store.RowsAsync<ProjectTransactionRow>(transaction, $"""
            SELECT project_id, kind, value_date, organisation, currency, amount, usd_rate, line FROM project_transaction WHERE {condition} ORDER BY line
            """, cancellationToken, [.. parameters]))
            .Select(r => new ProjectTransaction(r.ProjectId, (FundingKind)r.Kind, ParseIsoDate(r.ValueDate), r.Organisation, r.Currency, SqlStore.Normalize(r.Amount), SqlStore.Normalize(r.UsdRate))
            {
                Line = r.Line,
            })];
}
