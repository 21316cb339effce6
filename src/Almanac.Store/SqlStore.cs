using System.Data.Common;
using System.Globalization;
using Almanac.Domain;
using Almanac.Domain.Observations;
using Almanac.Domain.Reference;
using Almanac.Domain.Reports;
using Almanac.Domain.Reports.Statements;
using Almanac.Domain.Workforce;
using Almanac.Store.Facts;
using Almanac.Store.Platform;
using Almanac.Store.Projects;
using Almanac.Store.Schema;
using Almanac.Store.Sources;

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
    internal sealed class UnitOfWork(DbConnection connection, bool writes)
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
        Sources = new SourceStore(this);
        Platform = new PlatformStore(this);
        Projects = new ProjectStore(this);
    }

    /// <summary>The fact table: observation files, the member dictionary, counted data, aggregation and rules.</summary>
    internal FactStore Facts { get; }

    /// <summary>The platform: offices, accounts and sessions, questionnaires, submissions and their comments, year locks, the audit log, the key ring.</summary>
    internal PlatformStore Platform { get; }

    /// <summary>The project portfolio: projects, their budgets and transactions, and their funding in the fact table.</summary>
    internal ProjectStore Projects { get; }

    public Task<ImportResult> ImportProjectsAsync(SourceInfo source, Domain.Projects.Portfolio portfolio, CancellationToken cancellationToken) =>
        Projects.ImportProjectsAsync(source, portfolio, cancellationToken);

    public Task<(long SourceId, Domain.Projects.Portfolio Portfolio)?> CurrentPortfolioAsync(CancellationToken cancellationToken) => Projects.CurrentPortfolioAsync(cancellationToken);

    public Task<StoredPortfolio?> PortfolioAsync(long? version, CancellationToken cancellationToken) => Projects.PortfolioAsync(version, cancellationToken);

    public Task<IReadOnlyList<PortfolioVersion>> PortfolioVersionsAsync(CancellationToken cancellationToken) => Projects.PortfolioVersionsAsync(cancellationToken);

    public Task<long> CorrectProjectAsync(long readVersion, string projectId, Domain.Projects.ProjectFields fields, Change change, CancellationToken cancellationToken) =>
        Projects.CorrectProjectAsync(readVersion, projectId, fields, change, cancellationToken);

    public Task<long> RestorePortfolioAsync(long readVersion, long restoredVersion, Change change, CancellationToken cancellationToken) =>
        Projects.RestorePortfolioAsync(readVersion, restoredVersion, change, cancellationToken);

    public Task<PortfolioPage?> PortfolioPageAsync(PortfolioFilter filter, string? detailId, CancellationToken cancellationToken) =>
        Projects.PortfolioPageAsync(filter, detailId, cancellationToken);

    /// <summary>Reference data, sources and their current years, staff lists, printed figures, rebuilt tables and statements.</summary>
    internal SourceStore Sources { get; }

    public Task ReplaceReferenceDataAsync(ReferenceData reference, CancellationToken cancellationToken) => Sources.ReplaceReferenceDataAsync(reference, cancellationToken);

    public Task<ReferenceData> LoadReferenceDataAsync(CancellationToken cancellationToken) => Sources.LoadReferenceDataAsync(cancellationToken);

    public Task<ImportResult> ImportStaffListAsync(SourceInfo source, int year, IEnumerable<(long Line, StaffMember Member)> rows, CancellationToken cancellationToken) =>
        Sources.ImportStaffListAsync(source, year, rows, cancellationToken);

    public Task<ImportResult> ImportPublishedFiguresAsync(SourceInfo source, IReadOnlyCollection<Observation> observations, CancellationToken cancellationToken) =>
        Sources.ImportPublishedFiguresAsync(source, observations, cancellationToken);

    public Task<ImportResult> ImportReportAsync(SourceInfo source, IReadOnlyList<ReportTable> tables, IReadOnlyCollection<Observation> observations,
        IReadOnlyList<OfficeStatement> statements, CancellationToken cancellationToken) =>
        Sources.ImportReportAsync(source, tables, observations, statements, cancellationToken);

    public Task<IReadOnlyList<StoredReportTable>> ReportTablesAsync(long? sourceId, CancellationToken cancellationToken) => Sources.ReportTablesAsync(sourceId, cancellationToken);

    public Task<IReadOnlyList<Observation>> PrintedObservationsAsync(long? sourceId, CancellationToken cancellationToken) => Sources.PrintedObservationsAsync(sourceId, cancellationToken);

    public Task<IReadOnlyList<Observation>> CurrentPrintedObservationsAsync(IReadOnlyCollection<string> measures, CancellationToken cancellationToken) =>
        Sources.CurrentPrintedObservationsAsync(measures, cancellationToken);

    public Task<IReadOnlyList<SourceRecord>> SourcesAsync(CancellationToken cancellationToken) => Sources.SourcesAsync(cancellationToken);

    public Task<IReadOnlyList<StoredStatement>> ReportStatementsAsync(long? sourceId, CancellationToken cancellationToken) => Sources.ReportStatementsAsync(sourceId, cancellationToken);

    public string Description { get; }

    /// <summary>The current unit of work's connection, else the store's own (migrations, imports and analytics outside the platform's units).</summary>
    internal DbConnection Connection => _unit.Value?.Connection ?? _connection;

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
        var answers = (await RowsAsync<SourceStore.ObservationRow>(transaction, $"""
            SELECT {SourceStore.ObservationRow.Columns}
            FROM observation o JOIN source s ON s.id = o.source_id
            WHERE s.kind = $1 AND NOT EXISTS (SELECT 1 FROM fact f WHERE f.source_id = s.id)
            ORDER BY o.source_id, o.measure, o.year, o.dims
            """, cancellationToken, SourceKinds.Questionnaire)).Select(o => o.ToObservation()).ToList();
        foreach (var source in answers.GroupBy(o => o.Provenance.SourceId))
        {
            await Facts.EncodeObservationsAsync(transaction, source.Key, [.. source], cancellationToken);
        }
    }

    public async Task<int> SchemaVersionAsync(CancellationToken cancellationToken) =>
        Convert.ToInt32(await ScalarAsync(null, "SELECT COALESCE(MAX(version), 0) FROM schema_version", cancellationToken), CultureInfo.InvariantCulture);

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
        // Saves handed over are written (or refused) before the store closes: an acknowledged save is never dropped.
        await Platform.SavesWrittenAsync();
        // What a closed store kept may be stale by the time the file is opened again (a tool may change it meanwhile).
        Local?.Forget();
        await _connection.DisposeAsync();
        GC.SuppressFinalize(this);
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
