using System.Data.Common;
using Almanac.Store.Facts;

namespace Almanac.Store;

/// <summary>The fact table's side of the engine: its hooks for bulk loads and rule statements, and the public face of <see cref="FactStore"/>.</summary>
public abstract partial class SqlStore
{
    /// <summary>
    /// Makes the file readable as a relation with the columns measure, year, office, the header's dimensions and value
    /// (empty cells NULL) inside the transaction, and returns its SQL (a table name or a table function).
    /// </summary>
    /// <remarks>Used where the engine parses files itself (<see cref="EncodesFilesInDotNet"/> false).</remarks>
    internal virtual Task<string> StageObservationsAsync(DbTransaction transaction, string path, string name, ObservationHeader header, Func<string, string, string?> memberProblem, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"{EngineName} encodes observation files in .NET");

    /// <summary>
    /// Whether an observation file is read and encoded in .NET and its facts copied in as rows of codes (PostgreSQL), rather
    /// than parsed and encoded by the engine in SQL (DuckDB), in which case a refusal is located by reading the file again.
    /// </summary>
    internal virtual bool EncodesFilesInDotNet => false;

    /// <summary>
    /// Bulk-inserts rows of numbers only (the fact table's codes and values), in the engine's fastest form for them: by
    /// default the general one. A form for numbers may refuse <see cref="IBulkRow.Text"/> and <see cref="IBulkRow.Timestamp"/>
    /// (PostgreSQL's does).
    /// </summary>
    internal virtual Task<long> BulkInsertNumbersAsync<T>(DbTransaction transaction, string table, IReadOnlyList<string> columns, IEnumerable<T> rows, Action<T, IBulkRow> write,
        CancellationToken cancellationToken) =>
        BulkInsertAsync(transaction, table, columns, rows, write, cancellationToken);

    /// <summary>Engine settings for the duration of a bulk load (DuckDB: no insertion order to keep).</summary>
    internal virtual Task BeginBulkLoadAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    internal virtual Task EndBulkLoadAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Makes the fact table ready, in the writing transaction, for rows of these measures (ids of the measure table, whose
    /// rows may still be unwritten): every writer of facts calls it before it writes them. Returns the table a measure's
    /// rows may be bulk-loaded into directly: the fact table itself by default; on PostgreSQL the measure's partition.
    /// </summary>
    internal virtual Task<Func<int, string>> PrepareFactsAsync(DbTransaction transaction, IReadOnlyCollection<int> measureIds, CancellationToken cancellationToken) =>
        Task.FromResult<Func<int, string>>(_ => "fact");

    /// <summary>
    /// The data step of the migration that lays the fact table out as the engine reads it best (PostgreSQL: partitioned by
    /// measure, its rows moved into the partitions). Nothing by default: DuckDB's row groups keep the minimum and maximum
    /// of every column, which is what lets a query of one measure skip the others' rows.
    /// </summary>
    internal virtual Task PartitionFactsAsync(DbTransaction transaction, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Statements (<c>SET LOCAL …</c>) run before a rule statement, in its transaction: what the engine needs for one
    /// large aggregation that its defaults, set for many small statements, do not give. None by default.
    /// </summary>
    internal virtual IReadOnlyList<string> RuleStatementSettings => [];

    /// <summary>
    /// Whether a rule batch asks the engine only for the facts at the batch's finest grain (<see cref="RuleStatement.BaseSql"/>)
    /// and groups them, matches selections, adds terms and compares sides in .NET (PostgreSQL, whose row-at-a-time
    /// executor spends most of the statement grouping and aggregating millions of rows that hardly shrink), rather than in
    /// the one statement (DuckDB).
    /// </summary>
    internal virtual bool ComparesRulesInDotNet => false;

    public Task<ImportResult> ImportObservationsAsync(SourceInfo source, string path, CancellationToken cancellationToken) => Facts.ImportObservationsAsync(source, path, cancellationToken);

    public Task<FactCatalog> FactCatalogAsync(CancellationToken cancellationToken) => Facts.FactCatalogAsync(cancellationToken);

    public Task<IReadOnlyList<FactRow>> AggregateFactsAsync(FactAggregation aggregation, CancellationToken cancellationToken) => Facts.AggregateFactsAsync(aggregation, cancellationToken);

    public Task<IReadOnlyList<FactRuleBreak>> CheckFactsAsync(FactRuleBatch batch, CancellationToken cancellationToken) => Facts.CheckFactsAsync(batch, cancellationToken);

    public Task<FactValuesResult> ImportFactValuesAsync(SourceInfo source, IReadOnlyList<FactValue> values, bool dryRun, Change change, CancellationToken cancellationToken) =>
        Facts.ImportFactValuesAsync(source, values, dryRun, change, cancellationToken);
}
