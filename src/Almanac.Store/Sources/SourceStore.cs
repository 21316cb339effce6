using System.Data.Common;
using System.Globalization;
using Almanac.Domain;
using Almanac.Domain.Observations;
using Almanac.Domain.Reference;
using Almanac.Domain.Reports;
using Almanac.Domain.Reports.Statements;
using Almanac.Domain.Workforce;

namespace Almanac.Store.Sources;

/// <summary>
/// What the store knows of its sources: reference data, the import history and which source is current per scope and
/// year, staff lists, printed figures, tables rebuilt from reports and the statements reports make about offices.
/// Its engine is <paramref name="store"/>.
/// </summary>
internal sealed partial class SourceStore(SqlStore store)
{
    private static readonly string[] StaffMemberColumns = ["source_id", "line", "staff_id", "nationality", "grade", "category", "sex", "duty_station"];
    private static readonly string[] ObservationColumns = ["source_id", "measure", "year", "dims", "value", "location", "line", "inferred"];
    private static readonly string[] ReportTableColumns = ["source_id", "table_id", "title", "year", "first_line", "last_line", "layout"];
    private static readonly string[] SourceScopeYearColumns = ["source_id", "scope", "year", "is_current"];

    /// <summary>Appends printed observations of one source: the one writer for printed figures and rebuilt reports.</summary>
    private Task<long> InsertObservationsAsync(DbTransaction transaction, long sourceId, IEnumerable<Observation> observations, CancellationToken cancellationToken) =>
        store.BulkInsertAsync(transaction, "observation", ObservationColumns, observations, (o, row) =>
        {
            row.Bigint(sourceId);
            row.Text(o.Measure);
            row.Integer(o.Year);
            row.Text(o.Key.Canonical);
            row.Decimal(o.Value);
            row.Text(o.Provenance.Location);
            row.Integer(o.Provenance.Line);
            row.Boolean(o.Provenance.Inferred);
        }, cancellationToken);

    public async Task ReplaceReferenceDataAsync(ReferenceData reference, CancellationToken cancellationToken)
    {
        await using var transaction = await store.Connection.BeginTransactionAsync(cancellationToken);
        foreach (var table in new[] { "country_alias", "membership", "country" })
        {
            await store.ExecuteAsync(transaction, $"DELETE FROM {table}", cancellationToken);
        }
        foreach (var country in reference.Countries)
        {
            await store.ExecuteAsync(transaction,
                "INSERT INTO country (iso3, iso2, m49, name_en, name_fr, name_es, region_m49, region_name, subregion_m49, subregion_name) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                cancellationToken, country.Iso3, country.Iso2, country.M49, country.Name, country.NameFr, country.NameEs,
                country.Region?.Code, country.Region?.Name, country.SubRegion?.Code, country.SubRegion?.Name);
            foreach (var alias in country.Aliases.Distinct(StringComparer.Ordinal))
            {
                await store.ExecuteAsync(transaction, "INSERT INTO country_alias (iso3, alias) VALUES ($1, $2)", cancellationToken, country.Iso3, alias);
            }
        }
        foreach (var period in reference.Membership)
        {
            await store.ExecuteAsync(transaction, "INSERT INTO membership (iso3, status, since, until) VALUES ($1, $2, $3, $4)", cancellationToken,
                period.Iso3, period.Status.ToString(), period.Since, period.Until);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<ReferenceData> LoadReferenceDataAsync(CancellationToken cancellationToken)
    {
        var aliases = (await store.RowsAsync<CountryAliasRow>(null, "SELECT iso3, alias FROM country_alias ORDER BY iso3, alias", cancellationToken))
            .GroupBy(a => a.Iso3, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(a => a.Alias).ToList(), StringComparer.Ordinal);
        var countries = (await store.RowsAsync<CountryRow>(null,
            "SELECT iso3, iso2, m49, name_en, name_fr, name_es, region_m49, region_name, subregion_m49, subregion_name FROM country ORDER BY iso3", cancellationToken))
            .Select(c => c.ToCountry(aliases.GetValueOrDefault(c.Iso3) ?? [])).ToList();
        var membership = new List<MembershipPeriod>();
        foreach (var row in await store.RowsAsync<MembershipRow>(null, "SELECT iso3, status, since, until FROM membership ORDER BY iso3, since", cancellationToken))
        {
            membership.Add(new MembershipPeriod(row.Iso3, Enum.Parse<MembershipStatus>(row.Status), row.Since, row.Until));
        }
        return new ReferenceData(countries, membership);
    }

    public async Task<ImportResult> ImportStaffListAsync(SourceInfo source, int year, IEnumerable<(long Line, StaffMember Member)> rows, CancellationToken cancellationToken)
    {
        var existing = await FindSourceAsync(source, [(Scopes.Of(Measures.StaffHeadcount), year)], cancellationToken);
        if (existing is not null) return existing;
        var catalog = await store.Facts.FactCatalogAsync(cancellationToken);

        await using var transaction = await store.Connection.BeginTransactionAsync(cancellationToken);
        var sourceId = await CreateSourceAsync(transaction, source, 0, cancellationToken);
        var count = await store.BulkInsertAsync(transaction, "staff_member", StaffMemberColumns, rows, (r, row) =>
        {
            row.Bigint(sourceId);
            row.Bigint(r.Line);
            row.Text(r.Member.StaffId);
            row.Text(r.Member.Nationality);
            row.Text(r.Member.Grade.Code);
            row.Text(r.Member.Category.Code());
            row.Text(r.Member.Sex.Code());
            row.Text(r.Member.DutyStation);
        }, cancellationToken);
        if (!source.Replace) await RefuseFewerStaffAsync(transaction, source, year, count, cancellationToken);
        await store.ExecuteAsync(transaction, "UPDATE source SET row_count = $1 WHERE id = $2", cancellationToken, count, sourceId);
        await store.Facts.EncodeStaffListAsync(transaction, sourceId, year, catalog, cancellationToken);
        var superseded = await MakeCurrentAsync(transaction, sourceId, records: true, [(Scopes.Of(Measures.StaffHeadcount), year)], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new ImportResult(ImportOutcome.Imported, sourceId, count, superseded);
    }

    /// <summary>
    /// Refuses (the transaction then writes nothing) a staff list with fewer than half the staff of the list current for
    /// the year: a year's staff do not halve from one list to the next, so such a list is a mistake (a header-only export,
    /// one category's extract) until its importer says otherwise.
    /// </summary>
    private async Task RefuseFewerStaffAsync(DbTransaction transaction, SourceInfo source, int year, long staff, CancellationToken cancellationToken)
    {
        foreach (var current in await store.RowsAsync<SourceSizeRow>(transaction, """
            SELECT s.id AS source_id, s.name, s.row_count FROM source_scope_year y JOIN source s ON s.id = y.source_id
            WHERE y.is_current AND y.scope = $1 AND y.year = $2 AND s.kind = $3
            """, cancellationToken, Scopes.Of(Measures.StaffHeadcount), year, SourceKinds.StaffList))
        {
            if (staff * 2 < current.RowCount)
            {
                throw new DestructiveImportException(
                    $"{source.Name} would replace {InputLimits.Number(current.RowCount)} staff of {year} (source {current.SourceId}, {current.Name}) with {InputLimits.Number(staff)}.");
            }
        }
    }

    /// <summary>
    /// Refuses a report that would supersede an earlier import of the same report (a published report current for a
    /// scope and year it covers, whose tables are of the same report year) with fewer tables or fewer printed figures: the
    /// first 90% of a report's text would otherwise drop most of its figures.
    /// </summary>
    private async Task RefuseSmallerReportAsync(SourceInfo source, IReadOnlyList<ReportTable> tables, int figures, IReadOnlyCollection<(string Scope, int Year)> covered, CancellationToken cancellationToken)
    {
        var year = tables.Max(t => t.Year);
        var wanted = covered.ToHashSet();
        var holders = (await store.RowsAsync<SourceYearRow>(null, """
            SELECT y.source_id, y.scope, y.year, y.is_current FROM source_scope_year y JOIN source s ON s.id = y.source_id WHERE y.is_current AND s.kind = $1
            """, cancellationToken, SourceKinds.PublishedReport))
            .Where(y => wanted.Contains((y.Scope, y.Year))).Select(y => y.SourceId).Distinct().Order().ToList();
        foreach (var id in holders)
        {
            foreach (var old in await store.RowsAsync<SourceSizeRow>(null, """
                SELECT s.id AS source_id, s.name, s.row_count, (SELECT COUNT(*) FROM report_table t WHERE t.source_id = s.id) AS tables,
                       (SELECT MAX(t.year) FROM report_table t WHERE t.source_id = s.id) AS year
                FROM source s WHERE s.id = $1
                """, cancellationToken, id))
            {
                if (old.Year != year || (tables.Count >= old.Tables && figures >= old.RowCount)) continue;
                throw new DestructiveImportException(
                    $"{source.Name} would supersede the report of {year} imported as source {id} ({old.Name}): {InputLimits.Number(old.Tables)} tables and " +
                    $"{InputLimits.Number(old.RowCount)} printed figures replaced by {InputLimits.Number(tables.Count)} tables and {InputLimits.Number(figures)} figures.");
            }
        }
    }

    public Task<ImportResult> ImportPublishedFiguresAsync(SourceInfo source, IReadOnlyCollection<Observation> observations, CancellationToken cancellationToken) =>
        ImportPrintAsync(source, [], observations, [], cancellationToken);

    public Task<ImportResult> ImportReportAsync(SourceInfo source, IReadOnlyList<ReportTable> tables, IReadOnlyCollection<Observation> observations,
        IReadOnlyList<OfficeStatement> statements, CancellationToken cancellationToken) =>
        ImportPrintAsync(source, tables, observations, statements, cancellationToken);

    /// <summary>Printed figures (and the tables they were read from) in one transaction; print becomes current per scope and year unless records are.</summary>
    private async Task<ImportResult> ImportPrintAsync(SourceInfo source, IReadOnlyList<ReportTable> tables, IReadOnlyCollection<Observation> observations,
        IReadOnlyList<OfficeStatement> statements, CancellationToken cancellationToken)
    {
        var covered = observations.Select(o => (Scope: Scopes.Of(o.Measure), o.Year)).Distinct().Order().ToArray();
        var existing = await FindSourceAsync(source, covered, cancellationToken);
        if (existing is not null)
        {
            await AddMissingStatementsAsync(existing.SourceId, statements, cancellationToken);
            return existing;
        }
        if (!source.Replace && tables.Count > 0) await RefuseSmallerReportAsync(source, tables, observations.Count, covered, cancellationToken);

        await using var transaction = await store.Connection.BeginTransactionAsync(cancellationToken);
        var sourceId = await CreateSourceAsync(transaction, source, observations.Count, cancellationToken);
        await InsertObservationsAsync(transaction, sourceId, observations, cancellationToken);
        await store.BulkInsertAsync(transaction, "report_table", ReportTableColumns, tables, (t, row) =>
        {
            row.Bigint(sourceId);
            row.Text(t.Id);
            row.Text(t.Title);
            row.Integer(t.Year);
            row.Integer(t.Lines.First);
            row.Integer(t.Lines.Last);
            row.Text(ReportTableJson.Serialize(t));
        }, cancellationToken);
        await InsertStatementsAsync(transaction, sourceId, statements, cancellationToken);
        var superseded = await MakeCurrentAsync(transaction, sourceId, records: false, covered, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new ImportResult(ImportOutcome.Imported, sourceId, observations.Count, superseded);
    }

    public async Task<IReadOnlyList<StoredReportTable>> ReportTablesAsync(long? sourceId, CancellationToken cancellationToken)
    {
        var rows = await store.RowsAsync<ReportTableRow>(null, """
            SELECT t.source_id, s.name AS source_name, t.layout FROM report_table t JOIN source s ON s.id = t.source_id
            WHERE CAST($1 AS BIGINT) IS NULL OR t.source_id = $1
            ORDER BY t.source_id, t.first_line, t.table_id
            """, cancellationToken, sourceId);
        return [.. rows.Select(t => new StoredReportTable(t.SourceId, t.SourceName, ReportTableJson.Deserialize(t.Layout)))];
    }

    public async Task<IReadOnlyList<Observation>> PrintedObservationsAsync(long? sourceId, CancellationToken cancellationToken)
    {
        var rows = await store.RowsAsync<ObservationRow>(null, $"""
            SELECT {ObservationRow.Columns}
            FROM observation o JOIN source s ON s.id = o.source_id
            WHERE s.kind IN ($1, $2) AND (CAST($3 AS BIGINT) IS NULL OR o.source_id = $3)
            ORDER BY o.source_id, o.measure, o.year, o.dims, o.line
            """, cancellationToken, SourceKinds.PublishedFigures, SourceKinds.PublishedReport, sourceId);
        return [.. rows.Select(o => o.ToObservation())];
    }

    public async Task<IReadOnlyList<Observation>> CurrentPrintedObservationsAsync(IReadOnlyCollection<string> measures, CancellationToken cancellationToken)
    {
        var result = new List<Observation>();
        foreach (var measure in measures)
        {
            var rows = await store.RowsAsync<ObservationRow>(null, $"""
                SELECT {ObservationRow.Columns}
                FROM observation o
                JOIN source_scope_year y ON y.source_id = o.source_id AND y.year = o.year AND y.scope = $2 AND y.is_current
                JOIN source s ON s.id = o.source_id
                WHERE o.measure = $1 AND s.kind IN ($3, $4)
                ORDER BY o.year, o.dims, o.source_id, o.line
                """, cancellationToken, measure, Scopes.Of(measure), SourceKinds.PublishedFigures, SourceKinds.PublishedReport);
            result.AddRange(rows.Select(o => o.ToObservation()));
        }
        return result;
    }

    public async Task<IReadOnlyList<SourceRecord>> SourcesAsync(CancellationToken cancellationToken)
    {
        var years = (await store.RowsAsync<SourceYearRow>(null, "SELECT source_id, year, scope, is_current FROM source_scope_year ORDER BY source_id, year, scope", cancellationToken))
            .GroupBy(y => y.SourceId).ToDictionary(g => g.Key, g => g.Select(y => new SourceYear(y.Year, y.Scope, y.IsCurrent)).ToList());
        var sources = await store.RowsAsync<SourceRow>(null, "SELECT id, kind, name, sha256, imported_at, row_count FROM source ORDER BY id DESC", cancellationToken);
        return [.. sources.Select(s => new SourceRecord(s.Id, s.Kind, s.Name, s.Sha256, SqlStore.Utc(s.ImportedAt), s.RowCount, years.GetValueOrDefault(s.Id) ?? []))];
    }

    /// <summary>An import of the same kind and content for the same scopes and years is the same import: report it, write nothing.</summary>
    internal async Task<ImportResult?> FindSourceAsync(SourceInfo source, IReadOnlyCollection<(string Scope, int Year)> years, CancellationToken cancellationToken)
    {
        var candidates = await store.RowsAsync<SourceSizeRow>(null, "SELECT id AS source_id, name, row_count FROM source WHERE kind = $1 AND sha256 = $2 ORDER BY id DESC",
            cancellationToken, source.Kind, source.Sha256);
        foreach (var candidate in candidates)
        {
            var covered = (await store.RowsAsync<SourceYearRow>(null, "SELECT source_id, scope, year, is_current FROM source_scope_year WHERE source_id = $1", cancellationToken, candidate.SourceId))
                .Select(y => (y.Scope, y.Year));
            if (covered.Order().SequenceEqual(years.Order())) return new ImportResult(ImportOutcome.Unchanged, candidate.SourceId, candidate.RowCount, []);
        }
        return null;
    }

    internal async Task<long> CreateSourceAsync(DbTransaction transaction, SourceInfo source, long rowCount, CancellationToken cancellationToken) =>
        Convert.ToInt64(await store.ScalarAsync(transaction, """
            INSERT INTO source (id, kind, name, sha256, imported_at, row_count) VALUES (nextval('source_id_seq'), $1, $2, $3, $4, $5) RETURNING id
            """, cancellationToken, source.Kind, source.Name, source.Sha256, source.ImportedAt.UtcDateTime, rowCount), CultureInfo.InvariantCulture);

    /// <summary>
    /// Records the scopes and years a new source covers and makes it current for each, unless records (a staff list)
    /// are current there and the new source is print, which never outranks records; returns the sources it superseded.
    /// </summary>
    /// <remarks>
    /// At most three statements however many years a source covers (a report covers a dozen, and a round trip per year
    /// was most of an import's time); the update only when there is a source to supersede.
    /// </remarks>
    internal async Task<IReadOnlyList<long>> MakeCurrentAsync(DbTransaction transaction, long sourceId, bool records, IReadOnlyCollection<(string Scope, int Year)> covered, CancellationToken cancellationToken)
    {
        var wanted = covered.ToHashSet();
        var holders = (await store.RowsAsync<SourceYearRow>(transaction, """
            SELECT y.source_id, y.scope, y.year, y.is_current, s.kind FROM source_scope_year y JOIN source s ON s.id = y.source_id WHERE y.is_current
            """, cancellationToken))
            .Where(y => wanted.Contains((y.Scope, y.Year)))
            .Select(y => (y.SourceId, Key: (y.Scope, y.Year), Records: y.Kind == SourceKinds.StaffList)).ToList();
        HashSet<(string Scope, int Year)> outranked = records ? [] : holders.Where(h => h.Records).Select(h => h.Key).ToHashSet();
        await store.BulkInsertAsync(transaction, "source_scope_year", SourceScopeYearColumns, covered, (c, row) =>
        {
            row.Bigint(sourceId);
            row.Text(c.Scope);
            row.Integer(c.Year);
            row.Boolean(!outranked.Contains(c));
        }, cancellationToken);
        var superseded = holders.Where(h => !outranked.Contains(h.Key)).Select(h => h.SourceId).Distinct().Order().ToList();
        if (superseded.Count == 0) return superseded;
        await store.ExecuteAsync(transaction, """
            UPDATE source_scope_year SET is_current = FALSE
            WHERE is_current AND source_id <> $1 AND EXISTS (
                SELECT 1 FROM source_scope_year n
                WHERE n.source_id = $1 AND n.is_current AND n.scope = source_scope_year.scope AND n.year = source_scope_year.year)
            """, cancellationToken, sourceId);
        return superseded;
    }


    private async Task InsertStatementsAsync(DbTransaction transaction, long sourceId, IReadOnlyList<OfficeStatement> statements, CancellationToken cancellationToken)
    {
        foreach (var s in statements)
        {
            await store.ExecuteAsync(transaction, """
                INSERT INTO report_statement (source_id, ordinal, paragraph, line, year, subject, count, qualifier, percent, base, role, parent, parent_line, section, text)
                VALUES ($1, $2, CAST($3 AS INTEGER), $4, $5, $6, CAST($7 AS INTEGER), $8, CAST($9 AS DECIMAL(9,4)), CAST($10 AS INTEGER), $11,
                        CAST($12 AS INTEGER), CAST($13 AS INTEGER), $14, $15)
                """, cancellationToken,
                sourceId, s.Ordinal, s.Paragraph, s.Line, s.Year, s.Subject, s.Count, OfficeStatement.QualifierName(s.Qualifier), s.Percent, s.Base,
                s.Role.ToString().ToLowerInvariant(), s.Parent, s.ParentLine, s.Section, s.Text);
        }
    }

    /// <summary>The same report imported again into a store that kept no statements when it was first imported gets them now.</summary>
    private async Task AddMissingStatementsAsync(long sourceId, IReadOnlyList<OfficeStatement> statements, CancellationToken cancellationToken)
    {
        if (statements.Count == 0) return;
        await foreach (var _ in store.QueryAsync("SELECT 1 FROM report_statement WHERE source_id = $1 LIMIT 1", cancellationToken, sourceId)) return;
        await using var transaction = await store.Connection.BeginTransactionAsync(cancellationToken);
        await InsertStatementsAsync(transaction, sourceId, statements, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<StoredStatement>> ReportStatementsAsync(long? sourceId, CancellationToken cancellationToken)
    {
        var rows = await store.RowsAsync<StatementRow>(null, """
            SELECT r.source_id, s.name AS source_name, r.ordinal, r.paragraph, r.line, r.year, r.subject, r.count, r.qualifier, r.percent, r.base,
                   r.role, r.parent, r.parent_line, r.section, r.text
            FROM report_statement r JOIN source s ON s.id = r.source_id
            WHERE CAST($1 AS BIGINT) IS NULL OR r.source_id = $1
            ORDER BY r.source_id, r.ordinal
            """, cancellationToken, sourceId);
        return [.. rows.Select(r => r.ToStored())];
    }
}
