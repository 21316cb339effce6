using System.Data.Common;
using System.Globalization;
using Almanac.Domain;
using Almanac.Domain.Observations;
using Almanac.Domain.Reference;
using Almanac.Domain.Reports;
using Almanac.Domain.Reports.Statements;
using Almanac.Domain.Workforce;
using Almanac.Store.Facts;
using Almanac.Store.Schema;

namespace Almanac.Store;

/// <summary>
/// The store logic both engines share: migrations, reference data, sources and their current years, observations.
/// Engines differ only in how they open connections and bulk-load rows.
/// </summary>
/// <remarks>SQL uses positional parameters ($1, $2, …), which DuckDB and Npgsql both accept.</remarks>
public abstract partial class SqlStore : IAlmanacStore, IPlatformStore
{
    private readonly DbConnection _connection;

    // The unit of work running on this asynchronous flow, if any.
    private readonly AsyncLocal<UnitOfWork?> _unit = new();

    /// <summary>A unit of work: its connection, whether it writes, and what it read or changed that caches care about.</summary>
    private sealed class UnitOfWork(DbConnection connection, bool writes)
    {
        public DbConnection Connection { get; } = connection;

        public bool Writes { get; } = writes;

        /// <summary>The store's catalog stamp as this unit first read it (<see cref="CatalogAsync"/>).</summary>
        public string? CatalogStamp { get; set; }

        public bool CatalogChanged { get; set; }

        public bool SessionsChanged { get; set; }

        /// <summary>A year's lock was made or undone: <see cref="LocalChanges.Locks"/> are forgotten when the unit ends.</summary>
        public bool LocksChanged { get; set; }

        /// <summary>What the unit keeps in memory once its transaction has committed (<see cref="InTransactionAsync{T}"/>), never before.</summary>
        public Action? Committed { get; set; }
    }

    protected SqlStore(DbConnection connection, string description)
    {
        _connection = connection;
        Description = description;
        Facts = new FactStore(this);
    }

    /// <summary>The fact table: observation files, the member dictionary, counted data, aggregation and rules.</summary>
    internal FactStore Facts { get; }

    public string Description { get; }

    /// <summary>The current unit of work's connection, else the store's own (migrations, imports and analytics outside the platform's units).</summary>
    internal DbConnection Connection => _unit.Value?.Connection ?? _connection;

    private static readonly string[] StaffMemberColumns = ["source_id", "line", "staff_id", "nationality", "grade", "category", "sex", "duty_station"];
    private static readonly string[] ObservationColumns = ["source_id", "measure", "year", "dims", "value", "location", "line", "inferred"];
    private static readonly string[] ReportTableColumns = ["source_id", "table_id", "title", "year", "first_line", "last_line", "layout"];
    private static readonly string[] SourceScopeYearColumns = ["source_id", "scope", "year", "is_current"];

    /// <summary>
    /// Loads rows into a table inside the open transaction by the engine's bulk path, so that a rollback discards them;
    /// returns how many were written. <paramref name="columns"/> are all the table's columns in the schema's order, and
    /// <paramref name="write"/> gives one row's values in that order.
    /// </summary>
    /// <remarks>
    /// One statement per row (or even 250 rows per statement) made a report's few thousand figures take most of the
    /// import; a bulk path loads them in milliseconds on both engines.
    /// </remarks>
    internal abstract Task<long> BulkInsertAsync<T>(DbTransaction transaction, string table, IReadOnlyList<string> columns, IEnumerable<T> rows, Action<T, IBulkRow> write, CancellationToken cancellationToken);

    /// <summary>Appends printed observations of one source: the one writer for printed figures and rebuilt reports.</summary>
    private Task<long> InsertObservationsAsync(DbTransaction transaction, long sourceId, IEnumerable<Observation> observations, CancellationToken cancellationToken) =>
        BulkInsertAsync(transaction, "observation", ObservationColumns, observations, (o, row) =>
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

    protected abstract DbParameter Parameter(object? value);

    /// <summary>
    /// A new connection of its own to the same database, which runs beside the store's own and every other: a platform
    /// unit of work's, or a backup's snapshot.
    /// </summary>
    private protected abstract Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>Applies every migration newer than the store's version, each in its own transaction.</summary>
    public Task MigrateAsync(CancellationToken cancellationToken) => MigrateAsync(null, cancellationToken);

    /// <summary>
    /// Applies every migration newer than the store's version, recorded in schema_version: each in its own transaction,
    /// or all in <paramref name="shared"/> (a restore, which commits or rolls back as one).
    /// </summary>
    private protected async Task MigrateAsync(DbTransaction? shared, CancellationToken cancellationToken)
    {
        await ExecuteAsync(shared, SchemaVersionTable, cancellationToken);
        var current = Convert.ToInt32(await ScalarAsync(shared, "SELECT COALESCE(MAX(version), 0) FROM schema_version", cancellationToken), CultureInfo.InvariantCulture);
        if (current > Migrations.Latest)
        {
            throw new AlmanacException($"{Description} has schema version {current}, newer than this Almanac knows ({Migrations.Latest}): upgrade Almanac.");
        }
        foreach (var migration in Migrations.All.Where(m => m.Version > current))
        {
            await InStepAsync(shared, transaction => ApplyMigrationAsync(transaction, migration, record: true, cancellationToken), cancellationToken);
        }
    }

    private const string SchemaVersionTable = "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TIMESTAMP NOT NULL)";

    /// <summary>Runs <paramref name="body"/> in <paramref name="shared"/>, or in a transaction of its own that it commits.</summary>
    private protected async Task InStepAsync(DbTransaction? shared, Func<DbTransaction, Task> body, CancellationToken cancellationToken)
    {
        if (shared is not null)
        {
            await body(shared);
            return;
        }
        await using var transaction = await Connection.BeginTransactionAsync(cancellationToken);
        await body(transaction);
        await transaction.CommitAsync(cancellationToken);
        // A step outside the units of work (an import, a migration, a restore) may change anything caches hold: see Changed.
        Count(catalog: true, sessions: true);
        Local?.Forget();
    }

    /// <summary>One migration's data step and statements, and (when <paramref name="record"/>) its row in schema_version.</summary>
    private async Task ApplyMigrationAsync(DbTransaction transaction, Migration migration, bool record, CancellationToken cancellationToken)
    {
        if (migration.Before is { } step) await step(this, transaction, cancellationToken);
        foreach (var statement in migration.Statements)
        {
            await ExecuteAsync(transaction, statement, cancellationToken);
        }
        if (!record) return;
        await ExecuteAsync(transaction, "INSERT INTO schema_version (version, description, applied_at) VALUES ($1, $2, $3)", cancellationToken,
            migration.Version, migration.Description, DateTime.UtcNow);
    }

    /// <summary>
    /// Creates the schema as migrations 1 … <paramref name="version"/> leave it, with an empty schema_version (a restore
    /// then loads the backup's rows, schema_version's among them), in an empty database.
    /// </summary>
    private protected async Task CreateSchemaAsync(DbTransaction? shared, int version, CancellationToken cancellationToken)
    {
        await ExecuteAsync(shared, SchemaVersionTable, cancellationToken);
        foreach (var migration in Migrations.All.Where(m => m.Version <= version))
        {
            await InStepAsync(shared, transaction => ApplyMigrationAsync(transaction, migration, record: false, cancellationToken), cancellationToken);
        }
    }

    /// <summary>
    /// Migration 7's data step: makes sure the counted data a store of an earlier version kept in <c>observation</c> is
    /// in the fact table before the migration removes it there. A staff list imported before the fact table existed
    /// (version 5) is encoded from its staff rows; a locked questionnaire year from its answer rows.
    /// </summary>
    internal async Task MoveCountedObservationsToFactsAsync(DbTransaction transaction, CancellationToken cancellationToken)
    {
        var lists = new List<(long Source, int Year)>();
        await foreach (var row in QueryAsync(transaction, """
            SELECT s.id, y.year FROM source s JOIN source_scope_year y ON y.source_id = s.id
            WHERE s.kind = $1 AND NOT EXISTS (SELECT 1 FROM fact f WHERE f.source_id = s.id)
            ORDER BY s.id
            """, cancellationToken, SourceKinds.StaffList))
        {
            lists.Add((Convert.ToInt64(row[0], CultureInfo.InvariantCulture), ToInt(row[1])!.Value));
        }
        foreach (var (source, year) in lists)
        {
            await Facts.EncodeStaffListAsync(transaction, source, year, await Facts.FactCatalogAsync(transaction, cancellationToken), cancellationToken);
        }
        var answers = new List<Observation>();
        await foreach (var row in QueryAsync(transaction, """
            SELECT o.measure, o.year, o.dims, o.value, o.source_id, s.name, o.location, o.line, o.inferred
            FROM observation o JOIN source s ON s.id = o.source_id
            WHERE s.kind = $1 AND NOT EXISTS (SELECT 1 FROM fact f WHERE f.source_id = s.id)
            ORDER BY o.source_id, o.measure, o.year, o.dims
            """, cancellationToken, SourceKinds.Questionnaire))
        {
            answers.Add(ReadObservation(row));
        }
        foreach (var source in answers.GroupBy(o => o.Provenance.SourceId))
        {
            await Facts.EncodeObservationsAsync(transaction, source.Key, [.. source], cancellationToken);
        }
    }

    public async Task<int> SchemaVersionAsync(CancellationToken cancellationToken) =>
        Convert.ToInt32(await ScalarAsync(null, "SELECT COALESCE(MAX(version), 0) FROM schema_version", cancellationToken), CultureInfo.InvariantCulture);

    public async Task ReplaceReferenceDataAsync(ReferenceData reference, CancellationToken cancellationToken)
    {
        await using var transaction = await Connection.BeginTransactionAsync(cancellationToken);
        foreach (var table in new[] { "country_alias", "membership", "country" })
        {
            await ExecuteAsync(transaction, $"DELETE FROM {table}", cancellationToken);
        }
        foreach (var country in reference.Countries)
        {
            await ExecuteAsync(transaction,
                "INSERT INTO country (iso3, iso2, m49, name_en, name_fr, name_es, region_m49, region_name, subregion_m49, subregion_name) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                cancellationToken, country.Iso3, country.Iso2, country.M49, country.Name, country.NameFr, country.NameEs,
                country.Region?.Code, country.Region?.Name, country.SubRegion?.Code, country.SubRegion?.Name);
            foreach (var alias in country.Aliases.Distinct(StringComparer.Ordinal))
            {
                await ExecuteAsync(transaction, "INSERT INTO country_alias (iso3, alias) VALUES ($1, $2)", cancellationToken, country.Iso3, alias);
            }
        }
        foreach (var period in reference.Membership)
        {
            await ExecuteAsync(transaction, "INSERT INTO membership (iso3, status, since, until) VALUES ($1, $2, $3, $4)", cancellationToken,
                period.Iso3, period.Status.ToString(), period.Since, period.Until);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<ReferenceData> LoadReferenceDataAsync(CancellationToken cancellationToken)
    {
        var aliases = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        await foreach (var row in QueryAsync("SELECT iso3, alias FROM country_alias ORDER BY iso3, alias", cancellationToken))
        {
            var iso3 = (string)row[0]!;
            if (!aliases.TryGetValue(iso3, out var list)) aliases[iso3] = list = [];
            list.Add((string)row[1]!);
        }
        var countries = new List<Country>();
        await foreach (var row in QueryAsync("SELECT iso3, iso2, m49, name_en, name_fr, name_es, region_m49, region_name, subregion_m49, subregion_name FROM country ORDER BY iso3", cancellationToken))
        {
            var iso3 = (string)row[0]!;
            countries.Add(new Country(iso3, (string?)row[1], (string?)row[2], (string)row[3]!, [.. aliases.GetValueOrDefault(iso3) ?? []], (string?)row[4], (string?)row[5],
                Area(row[6], row[7]), Area(row[8], row[9])));
        }
        var membership = new List<MembershipPeriod>();
        await foreach (var row in QueryAsync("SELECT iso3, status, since, until FROM membership ORDER BY iso3, since", cancellationToken))
        {
            membership.Add(new MembershipPeriod((string)row[0]!, Enum.Parse<MembershipStatus>((string)row[1]!), ToInt(row[2])!.Value, ToInt(row[3])));
        }
        return new ReferenceData(countries, membership);
    }

    private static M49Area? Area(object? code, object? name) => code is string c && name is string n ? new M49Area(c, n) : null;

    public async Task<ImportResult> ImportStaffListAsync(SourceInfo source, int year, IEnumerable<(long Line, StaffMember Member)> rows, CancellationToken cancellationToken)
    {
        var existing = await FindSourceAsync(source, [(Scopes.Of(Measures.StaffHeadcount), year)], cancellationToken);
        if (existing is not null) return existing;
        var catalog = await FactCatalogAsync(cancellationToken);

        await using var transaction = await Connection.BeginTransactionAsync(cancellationToken);
        var sourceId = await CreateSourceAsync(transaction, source, 0, cancellationToken);
        var count = await BulkInsertAsync(transaction, "staff_member", StaffMemberColumns, rows, (r, row) =>
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
        await ExecuteAsync(transaction, "UPDATE source SET row_count = $1 WHERE id = $2", cancellationToken, count, sourceId);
        await Facts.EncodeStaffListAsync(transaction, sourceId, year, catalog, cancellationToken);
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
        await foreach (var row in QueryAsync(transaction, """
            SELECT s.id, s.name, s.row_count FROM source_scope_year y JOIN source s ON s.id = y.source_id
            WHERE y.is_current AND y.scope = $1 AND y.year = $2 AND s.kind = $3
            """, cancellationToken, Scopes.Of(Measures.StaffHeadcount), year, SourceKinds.StaffList))
        {
            var current = Convert.ToInt64(row[2], CultureInfo.InvariantCulture);
            if (staff * 2 < current)
            {
                throw new DestructiveImportException(
                    $"{source.Name} would replace {InputLimits.Number(current)} staff of {year} (source {row[0]}, {row[1]}) with {InputLimits.Number(staff)}.");
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
        var holders = new SortedSet<long>();
        await foreach (var row in QueryAsync("""
            SELECT y.source_id, y.scope, y.year FROM source_scope_year y JOIN source s ON s.id = y.source_id WHERE y.is_current AND s.kind = $1
            """, cancellationToken, SourceKinds.PublishedReport))
        {
            if (wanted.Contains(((string)row[1]!, ToInt(row[2])!.Value))) holders.Add(Convert.ToInt64(row[0], CultureInfo.InvariantCulture));
        }
        foreach (var id in holders)
        {
            await foreach (var row in QueryAsync("""
                SELECT s.name, s.row_count, (SELECT COUNT(*) FROM report_table t WHERE t.source_id = s.id), (SELECT MAX(t.year) FROM report_table t WHERE t.source_id = s.id)
                FROM source s WHERE s.id = $1
                """, cancellationToken, id))
            {
                var (oldFigures, oldTables) = (Convert.ToInt64(row[1], CultureInfo.InvariantCulture), Convert.ToInt64(row[2], CultureInfo.InvariantCulture));
                if (ToInt(row[3]) != year || (tables.Count >= oldTables && figures >= oldFigures)) continue;
                throw new DestructiveImportException(
                    $"{source.Name} would supersede the report of {year} imported as source {id} ({row[0]}): {InputLimits.Number(oldTables)} tables and " +
                    $"{InputLimits.Number(oldFigures)} printed figures replaced by {InputLimits.Number(tables.Count)} tables and {InputLimits.Number(figures)} figures.");
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

        await using var transaction = await Connection.BeginTransactionAsync(cancellationToken);
        var sourceId = await CreateSourceAsync(transaction, source, observations.Count, cancellationToken);
        await InsertObservationsAsync(transaction, sourceId, observations, cancellationToken);
        await BulkInsertAsync(transaction, "report_table", ReportTableColumns, tables, (t, row) =>
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
        var tables = new List<StoredReportTable>();
        await foreach (var row in QueryAsync("""
            SELECT t.source_id, s.name, t.layout FROM report_table t JOIN source s ON s.id = t.source_id
            WHERE CAST($1 AS BIGINT) IS NULL OR t.source_id = $1
            ORDER BY t.source_id, t.first_line, t.table_id
            """, cancellationToken, sourceId))
        {
            tables.Add(new StoredReportTable(Convert.ToInt64(row[0], CultureInfo.InvariantCulture), (string)row[1]!, ReportTableJson.Deserialize((string)row[2]!)));
        }
        return tables;
    }

    public async Task<IReadOnlyList<Observation>> PrintedObservationsAsync(long? sourceId, CancellationToken cancellationToken)
    {
        var result = new List<Observation>();
        await foreach (var row in QueryAsync("""
            SELECT o.measure, o.year, o.dims, o.value, o.source_id, s.name, o.location, o.line, o.inferred
            FROM observation o JOIN source s ON s.id = o.source_id
            WHERE s.kind IN ($1, $2) AND (CAST($3 AS BIGINT) IS NULL OR o.source_id = $3)
            ORDER BY o.source_id, o.measure, o.year, o.dims, o.line
            """, cancellationToken, SourceKinds.PublishedFigures, SourceKinds.PublishedReport, sourceId))
        {
            result.Add(ReadObservation(row));
        }
        return result;
    }

    public async Task<IReadOnlyList<Observation>> CurrentPrintedObservationsAsync(IReadOnlyCollection<string> measures, CancellationToken cancellationToken)
    {
        var result = new List<Observation>();
        foreach (var measure in measures)
        {
            await foreach (var row in QueryAsync("""
                SELECT o.measure, o.year, o.dims, o.value, o.source_id, s.name, o.location, o.line, o.inferred
                FROM observation o
                JOIN source_scope_year y ON y.source_id = o.source_id AND y.year = o.year AND y.scope = $2 AND y.is_current
                JOIN source s ON s.id = o.source_id
                WHERE o.measure = $1 AND s.kind IN ($3, $4)
                ORDER BY o.year, o.dims, o.source_id, o.line
                """, cancellationToken, measure, Scopes.Of(measure), SourceKinds.PublishedFigures, SourceKinds.PublishedReport))
            {
                result.Add(ReadObservation(row));
            }
        }
        return result;
    }

    private static Observation ReadObservation(object?[] row) =>
        new((string)row[0]!, ToInt(row[1])!.Value, DimensionKey.Parse((string)row[2]!),
            Normalize(Convert.ToDecimal(row[3], CultureInfo.InvariantCulture)),
            new Provenance(Convert.ToInt64(row[4], CultureInfo.InvariantCulture), (string)row[5]!, (string?)row[6], ToInt(row[7]),
                row[8] is not null && Convert.ToBoolean(row[8], CultureInfo.InvariantCulture)));

    public async Task<IReadOnlyList<SourceRecord>> SourcesAsync(CancellationToken cancellationToken)
    {
        var years = new Dictionary<long, List<SourceYear>>();
        await foreach (var row in QueryAsync("SELECT source_id, year, scope, is_current FROM source_scope_year ORDER BY source_id, year, scope", cancellationToken))
        {
            var id = Convert.ToInt64(row[0], CultureInfo.InvariantCulture);
            if (!years.TryGetValue(id, out var list)) years[id] = list = [];
            list.Add(new SourceYear(ToInt(row[1])!.Value, (string)row[2]!, Convert.ToBoolean(row[3], CultureInfo.InvariantCulture)));
        }
        var sources = new List<SourceRecord>();
        await foreach (var row in QueryAsync("SELECT id, kind, name, sha256, imported_at, row_count FROM source ORDER BY id DESC", cancellationToken))
        {
            var id = Convert.ToInt64(row[0], CultureInfo.InvariantCulture);
            sources.Add(new SourceRecord(id, (string)row[1]!, (string)row[2]!, (string)row[3]!,
                new DateTimeOffset(DateTime.SpecifyKind((DateTime)row[4]!, DateTimeKind.Utc)),
                Convert.ToInt64(row[5], CultureInfo.InvariantCulture), years.GetValueOrDefault(id) ?? []));
        }
        return sources;
    }

    /// <summary>The opened store with its pending migrations applied; closed again when they fail.</summary>
    private protected static async Task<TStore> MigratedAsync<TStore>(TStore store, CancellationToken cancellationToken) where TStore : SqlStore
    {
        try
        {
            await store.MigrateAsync(cancellationToken);
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
        return store;
    }

    public virtual async ValueTask DisposeAsync()
    {
        // What a closed store kept may be stale by the time the file is opened again (a tool may change it meanwhile).
        Local?.Forget();
        await _connection.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>An import of the same kind and content for the same scopes and years is the same import: report it, write nothing.</summary>
    private async Task<ImportResult?> FindSourceAsync(SourceInfo source, IReadOnlyCollection<(string Scope, int Year)> years, CancellationToken cancellationToken)
    {
        var candidates = new List<(long Id, long Rows)>();
        await foreach (var row in QueryAsync("SELECT id, row_count FROM source WHERE kind = $1 AND sha256 = $2 ORDER BY id DESC", cancellationToken, source.Kind, source.Sha256))
        {
            candidates.Add((Convert.ToInt64(row[0], CultureInfo.InvariantCulture), Convert.ToInt64(row[1], CultureInfo.InvariantCulture)));
        }
        foreach (var (id, rows) in candidates)
        {
            var covered = new List<(string, int)>();
            await foreach (var row in QueryAsync("SELECT scope, year FROM source_scope_year WHERE source_id = $1", cancellationToken, id))
            {
                covered.Add(((string)row[0]!, ToInt(row[1])!.Value));
            }
            if (covered.Order().SequenceEqual(years.Order())) return new ImportResult(ImportOutcome.Unchanged, id, rows, []);
        }
        return null;
    }

    internal async Task<long> CreateSourceAsync(DbTransaction transaction, SourceInfo source, long rowCount, CancellationToken cancellationToken) =>
        Convert.ToInt64(await ScalarAsync(transaction, """
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
        var holders = new List<(long SourceId, (string Scope, int Year) Key, bool Records)>();
        await foreach (var row in QueryAsync(transaction, """
            SELECT y.source_id, y.scope, y.year, s.kind FROM source_scope_year y JOIN source s ON s.id = y.source_id WHERE y.is_current
            """, cancellationToken))
        {
            var key = ((string)row[1]!, ToInt(row[2])!.Value);
            if (wanted.Contains(key)) holders.Add((Convert.ToInt64(row[0], CultureInfo.InvariantCulture), key, (string)row[3]! == SourceKinds.StaffList));
        }
        HashSet<(string Scope, int Year)> outranked = records ? [] : holders.Where(h => h.Records).Select(h => h.Key).ToHashSet();
        await BulkInsertAsync(transaction, "source_scope_year", SourceScopeYearColumns, covered, (c, row) =>
        {
            row.Bigint(sourceId);
            row.Text(c.Scope);
            row.Integer(c.Year);
            row.Boolean(!outranked.Contains(c));
        }, cancellationToken);
        var superseded = holders.Where(h => !outranked.Contains(h.Key)).Select(h => h.SourceId).Distinct().Order().ToList();
        if (superseded.Count == 0) return superseded;
        await ExecuteAsync(transaction, """
            UPDATE source_scope_year SET is_current = FALSE
            WHERE is_current AND source_id <> $1 AND EXISTS (
                SELECT 1 FROM source_scope_year n
                WHERE n.source_id = $1 AND n.is_current AND n.scope = source_scope_year.scope AND n.year = source_scope_year.year)
            """, cancellationToken, sourceId);
        return superseded;
    }

    internal async Task ExecuteAsync(DbTransaction? transaction, string sql, CancellationToken cancellationToken, params object?[] parameters)
    {
        await using var command = Command(transaction, sql, parameters);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    internal async Task<object?> ScalarAsync(DbTransaction? transaction, string sql, CancellationToken cancellationToken, params object?[] parameters)
    {
        await using var command = Command(transaction, sql, parameters);
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    internal IAsyncEnumerable<object?[]> QueryAsync(string sql, CancellationToken cancellationToken, params object?[] parameters) =>
        QueryAsync(null, sql, cancellationToken, parameters);

    internal IAsyncEnumerable<object?[]> QueryAsync(DbTransaction? transaction, string sql, CancellationToken cancellationToken, params object?[] parameters) =>
        QueryAsync(transaction, sql, analytic: false, cancellationToken, parameters);

    /// <summary>
    /// A statement over the fact table, which may run for minutes at 100 million facts: no client-side time limit
    /// (Npgsql's default is 30 s; cancellation still stops it).
    /// </summary>
    internal IAsyncEnumerable<object?[]> AnalyticQueryAsync(DbTransaction? transaction, string sql, CancellationToken cancellationToken) =>
        QueryAsync(transaction, sql, analytic: true, cancellationToken);

    /// <summary>A statement over the fact table that returns no rows, as <see cref="AnalyticQueryAsync"/>: no client-side time limit.</summary>
    internal async Task AnalyticExecuteAsync(DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = Command(transaction, sql, []);
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async IAsyncEnumerable<object?[]> QueryAsync(DbTransaction? transaction, string sql, bool analytic, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken, params object?[] parameters)
    {
        await using var command = Command(transaction, sql, parameters);
        if (analytic) command.CommandTimeout = 0;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var values = new object?[reader.FieldCount];
            for (var i = 0; i < values.Length; i++) values[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            yield return values;
        }
    }

    private DbCommand Command(DbTransaction? transaction, string sql, object?[] parameters)
    {
        var command = Connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var value in parameters) command.Parameters.Add(Parameter(value));
        return command;
    }

    /// <summary>Drops the trailing zeros a DECIMAL(18,4) column adds, so that 2994 reads back as 2994 and not 2994.0000.</summary>
    internal static decimal Normalize(decimal value) => value / 1.000000000000000000000000000000000m;

    internal static int? ToInt(object? value) => value is null ? null : Convert.ToInt32(value, CultureInfo.InvariantCulture);
}
