using System.Data.Common;
using System.Globalization;
using Almanac.Domain.Analytics;
using Almanac.Domain.Observations;
using Almanac.Domain.Projects;
using Almanac.Store.Facts;

namespace Almanac.Store.Projects;

/// <summary>Project portfolios: their tables, and their required and funded amounts in the fact table.</summary>
internal sealed partial class ProjectStore(SqlStore store)
{
    private static readonly string[] ProjectColumns =
    [
        "source_id", "project_id", "line", "title_en", "title_fr", "title_es", "description_en", "description_fr", "description_es",
        "region", "start_date", "end_date", "status", "migof", "gender_marker", "appeal_line",
    ];

    private static readonly string[] ProjectTransactionColumns =
        ["source_id", "line", "project_id", "kind", "value_date", "organisation", "currency", "amount", "usd_rate", "amount_usd"];

    public async Task<ImportResult> ImportProjectsAsync(SourceInfo source, Portfolio portfolio, CancellationToken cancellationToken)
    {
        var covered = portfolio.Years.Select(year => (Scope: Scopes.Of(ProjectMeasures.Required), Year: year)).ToArray();
        var existing = await store.Sources.FindSourceAsync(source, covered, cancellationToken);
        if (existing is not null) return existing;
        var catalog = await store.Facts.FactCatalogAsync(cancellationToken);

        await using var transaction = await store.Connection.BeginTransactionAsync(cancellationToken);
        var result = await WriteVersionAsync(transaction, source, portfolio, catalog, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    /// <summary>
    /// Writes <paramref name="portfolio"/> as a new source of kind projects in <paramref name="transaction"/> and makes it the
    /// current portfolio, superseding every earlier one: what an import and a correction on the projects page both do.
    /// </summary>
    private async Task<ImportResult> WriteVersionAsync(DbTransaction transaction, SourceInfo source, Portfolio portfolio, FactCatalog catalog, CancellationToken cancellationToken)
    {
        var covered = portfolio.Years.Select(year => (Scope: Scopes.Of(ProjectMeasures.Required), Year: year)).ToArray();
        var sourceId = await store.Sources.CreateSourceAsync(transaction, source, portfolio.Projects.Count, cancellationToken);
        await store.BulkInsertAsync(transaction, "project", ProjectColumns, portfolio.Projects, (p, row) =>
        {
            row.Bigint(sourceId);
            row.Text(p.Id);
            row.Bigint(p.Line);
            row.Text(p.Titles.En);
            row.Text(p.Titles.Fr);
            row.Text(p.Titles.Es);
            row.Text(p.Descriptions.En);
            row.Text(p.Descriptions.Fr);
            row.Text(p.Descriptions.Es);
            row.Text(p.AppealRegion);
            row.Text(IsoDate(p.Start));
            row.Text(IsoDate(p.End));
            row.Integer((int)p.Status);
            row.Text(p.Migof);
            row.Integer(p.GenderMarker);
            row.Text(p.AppealLine);
        }, cancellationToken);
        await store.BulkInsertAsync(transaction, "project_office", ["source_id", "project_id", "ordinal", "office"],
            portfolio.Projects.SelectMany(p => p.Offices.Select((office, i) => (p.Id, Ordinal: i, Office: office))), (o, row) =>
            {
                row.Bigint(sourceId);
                row.Text(o.Id);
                row.Integer(o.Ordinal);
                row.Text(o.Office);
            }, cancellationToken);
        await store.BulkInsertAsync(transaction, "project_country", ["source_id", "project_id", "iso3", "percent"],
            portfolio.Projects.SelectMany(p => p.Countries.Select(c => (p.Id, Share: c))), (c, row) =>
            {
                row.Bigint(sourceId);
                row.Text(c.Id);
                row.Text(c.Share.Iso3);
                row.Decimal(c.Share.Percent);
            }, cancellationToken);
        await store.BulkInsertAsync(transaction, "project_budget", ["source_id", "project_id", "year", "amount_usd"],
            portfolio.Projects.SelectMany(p => p.Budgets.Select(b => (p.Id, Budget: b))), (b, row) =>
            {
                row.Bigint(sourceId);
                row.Text(b.Id);
                row.Integer(b.Budget.Year);
                row.Decimal(b.Budget.AmountUsd);
            }, cancellationToken);
        await store.BulkInsertAsync(transaction, "project_transaction", ProjectTransactionColumns, portfolio.Transactions, (t, row) =>
        {
            row.Bigint(sourceId);
            row.Bigint(t.Line);
            row.Text(t.ProjectId);
            row.Integer((int)t.Kind);
            row.Text(IsoDate(t.Date));
            row.Text(t.Organisation);
            row.Text(t.Currency);
            row.Decimal(t.Amount);
            row.Decimal(t.UsdRate);
            row.Decimal(t.AmountUsd);
        }, cancellationToken);
        if (covered.Length > 0) await EncodeProjectFundingAsync(transaction, sourceId, catalog, cancellationToken);

        // A portfolio is one whole: the previous one stops being current for every year, not only those the new one covers.
        var previous = new List<long>();
        await foreach (var row in store.QueryAsync(transaction, """
            SELECT DISTINCT y.source_id FROM source_scope_year y JOIN source s ON s.id = y.source_id WHERE y.is_current AND s.kind = $1
            """, cancellationToken, SourceKinds.Projects))
        {
            previous.Add(Convert.ToInt64(row[0], CultureInfo.InvariantCulture));
        }
        if (previous.Count > 0)
        {
            await store.ExecuteAsync(transaction, """
                UPDATE source_scope_year SET is_current = FALSE WHERE is_current AND source_id IN (SELECT id FROM source WHERE kind = $1)
                """, cancellationToken, SourceKinds.Projects);
        }
        var superseded = await store.Sources.MakeCurrentAsync(transaction, sourceId, records: true, covered, cancellationToken);
        return new ImportResult(ImportOutcome.Imported, sourceId, portfolio.Projects.Count, [.. superseded.Concat(previous).Distinct().Order()]);
    }

    /// <summary>
    /// Writes the portfolio's budgets (<see cref="ProjectMeasures.Required"/>) and commitments (<see cref="ProjectMeasures.Funded"/>)
    /// to the fact table, each project's amount split among its countries by their shares.
    /// </summary>
    private async Task EncodeProjectFundingAsync(DbTransaction transaction, long sourceId, FactCatalog catalog, CancellationToken cancellationToken)
    {
        var source = sourceId.ToString(CultureInfo.InvariantCulture);
        var (region, country, migof) = (ProjectMeasures.AppealRegion, ProjectMeasures.Country, ProjectMeasures.Migof);
        // A project without countries is regional or global: its amount counts whole, under the country "Unassigned". The
        // product is widened first: DuckDB would multiply in DECIMAL(18) and overflow on amounts of a few million.
        var split = $"""
            FROM project p LEFT JOIN project_country c ON c.source_id = p.source_id AND c.project_id = p.project_id
            """;
        var keys = $"p.region AS {region}, COALESCE(c.iso3, '{Hierarchies.Unassigned}') AS {country}, COALESCE(p.migof, '{ProjectMeasures.OutsideMigof}') AS {migof}";
        await store.Facts.EncodeFactsAsync(transaction, sourceId, $"""
            (SELECT measure, year, CAST(NULL AS TEXT) AS office, {region}, {country}, {migof}, SUM(value) AS value FROM (
                SELECT '{ProjectMeasures.Required}' AS measure, b.year AS year, {keys}, CAST(b.amount_usd AS DECIMAL(38,4)) * COALESCE(c.percent, 100) / 100 AS value
                {split} JOIN project_budget b ON b.source_id = p.source_id AND b.project_id = p.project_id
                WHERE p.source_id = {source}
                UNION ALL
                SELECT '{ProjectMeasures.Funded}' AS measure, CAST(SUBSTRING(t.value_date, 1, 4) AS INTEGER) AS year, {keys}, CAST(t.amount_usd AS DECIMAL(38,4)) * COALESCE(c.percent, 100) / 100 AS value
                {split} JOIN project_transaction t ON t.source_id = p.source_id AND t.project_id = p.project_id
                WHERE p.source_id = {source} AND t.kind = {(int)FundingKind.Commitment}
             ) u GROUP BY measure, year, {region}, {country}, {migof})
            """, new ObservationHeader(ProjectMeasures.Dimensions), catalog, (_, _) => null, cancellationToken);
    }

    public async Task<(long SourceId, Portfolio Portfolio)?> CurrentPortfolioAsync(CancellationToken cancellationToken)
    {
        var found = await store.ScalarAsync(null, "SELECT MAX(id) FROM source WHERE kind = $1", cancellationToken, SourceKinds.Projects);
        if (found is null or DBNull) return null;
        var sourceId = Convert.ToInt64(found, CultureInfo.InvariantCulture);
        return (sourceId, await ReadPortfolioAsync(null, sourceId, cancellationToken));
    }

    /// <summary>The portfolio a source of kind projects holds (an import or a correction), as the transaction sees it.</summary>
    private async Task<Portfolio> ReadPortfolioAsync(DbTransaction? transaction, long sourceId, CancellationToken cancellationToken) =>
        new(await ReadProjectsAsync(transaction, "p.source_id = $1 ORDER BY p.line, p.project_id", [sourceId], cancellationToken),
            await ReadTransactionsAsync(transaction, "source_id = $1", [sourceId], cancellationToken));

    private static string IsoDate(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly ParseIsoDate(string value) => DateOnly.ParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    // The portfolio's rows as the schema keeps them, read by column name (SqlStore.RowsAsync).
    private sealed class ProjectOfficeRow
    {
        public required string ProjectId { get; init; }
        public required string Office { get; init; }
    }

    private sealed class ProjectCountryRow
    {
        public required string ProjectId { get; init; }
        public required string Iso3 { get; init; }
        public decimal Percent { get; init; }
    }

    private sealed class ProjectBudgetRow
    {
        public required string ProjectId { get; init; }
        public int Year { get; init; }
        public decimal AmountUsd { get; init; }
    }

    private sealed class ProjectRow
    {
        public required string ProjectId { get; init; }
        public long Line { get; init; }
        public required string TitleEn { get; init; }
        public string? TitleFr { get; init; }
        public string? TitleEs { get; init; }
        public required string DescriptionEn { get; init; }
        public string? DescriptionFr { get; init; }
        public string? DescriptionEs { get; init; }
        public required string Region { get; init; }
        public required string StartDate { get; init; }
        public required string EndDate { get; init; }
        public int Status { get; init; }
        public string? Migof { get; init; }
        public int GenderMarker { get; init; }
        public string? AppealLine { get; init; }
    }

    private sealed class ProjectTransactionRow
    {
        public required string ProjectId { get; init; }
        public int Kind { get; init; }
        public required string ValueDate { get; init; }
        public required string Organisation { get; init; }
        public required string Currency { get; init; }
        public decimal Amount { get; init; }
        public decimal UsdRate { get; init; }
        public long Line { get; init; }
    }
}
