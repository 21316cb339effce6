using System.Data.Common;
using Almanac.Domain;
using Almanac.Store.Facts;
using DuckDB.NET.Data;

namespace Almanac.Store.DuckDb;

/// <summary>
/// The embedded store: one DuckDB file, no server. DuckDB rather than SQLite because Almanac's work is analytical —
/// group-bys over millions of observations — which DuckDB's columnar, vectorized engine does an order of magnitude
/// faster, with full ACID transactions and an appender for bulk loads; its SQL is close enough to PostgreSQL's that
/// both stores share one schema text.
/// </summary>
public sealed class DuckDbStore : SqlStore
{
    private DuckDbStore(DuckDBConnection connection, string path) : base(connection, $"DuckDB at {path}") { }

    public static async Task<DuckDbStore> OpenAsync(string path, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        var connection = new DuckDBConnection($"Data Source={path}");
        try
        {
            await connection.OpenAsync(cancellationToken);
        }
        catch (DuckDBException e) when (e.Message.Contains("lock", StringComparison.OrdinalIgnoreCase))
        {
            await connection.DisposeAsync();
            // DuckDB lets one process write a database file; its message names the process that holds it.
            throw new StoreInUseException(path, e.Message.ReplaceLineEndings(" ").Trim());
        }
        var store = new DuckDbStore(connection, path);
        try
        {
            // Peak memory stays bounded at 100 million observations: DuckDB spills to disk beyond this.
            await store.ExecuteAsync(null, $"SET memory_limit = '{MemoryLimit}'", cancellationToken);
            await store.MigrateAsync(cancellationToken);
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
        return store;
    }

    /// <summary>DuckDB's memory limit for this process (ALMANAC_DUCKDB_MEMORY overrides, e.g. "2GB").</summary>
    private static string MemoryLimit =>
        Environment.GetEnvironmentVariable("ALMANAC_DUCKDB_MEMORY") is { Length: > 0 } limit && limit.All(c => char.IsAsciiLetterOrDigit(c) || c == '.') ? limit : "3GB";

    private protected override bool ParsesFilesInSql => true;

    /// <summary>DuckDB reads the file itself, in parallel: every cell as text, checked and encoded by the SQL that reads it.</summary>
    private protected override Task<string> StageObservationsAsync(DbTransaction transaction, string path, string name, ObservationHeader header, Func<string, string, string?> memberProblem, CancellationToken cancellationToken)
    {
        IEnumerable<string> columns = ["measure", "year", "office", .. header.Dimensions, "value"];
        var types = string.Join(", ", columns.Select(c => $"'{c}': 'VARCHAR'"));
        return Task.FromResult($"read_csv('{Path.GetFullPath(path).Replace("'", "''", StringComparison.Ordinal)}', header = true, delim = ',', quote = '\"', escape = '\"', auto_detect = false, max_line_size = {InputLimits.MaxObservationLineBytes}, columns = {{{types}}})");
    }

    /// <summary>A bulk insert need not keep the file's order; not keeping it lets DuckDB insert in parallel with less memory.</summary>
    private protected override Task BeginBulkLoadAsync(CancellationToken cancellationToken) =>
        ExecuteAsync(null, "SET preserve_insertion_order = false", cancellationToken);

    private protected override Task EndBulkLoadAsync(CancellationToken cancellationToken) =>
        ExecuteAsync(null, "RESET preserve_insertion_order", cancellationToken);

    protected override DbParameter Parameter(object? value) => new DuckDBParameter { Value = value ?? DBNull.Value };

    private protected override Task<long> BulkInsertAsync<T>(DbTransaction transaction, string table, IReadOnlyList<string> columns, IEnumerable<T> rows, Action<T, IBulkRow> write, CancellationToken cancellationToken)
    {
        long count = 0;
        // The appender writes into the connection's open transaction: a rollback discards every appended row. It fills
        // every column in the table's order, which is the order of the columns given.
        using (var appender = ((DuckDBConnection)Connection).CreateAppender(table))
        {
            var row = new AppenderRow();
            foreach (var item in rows)
            {
                cancellationToken.ThrowIfCancellationRequested();
                row.Current = appender.CreateRow();
                write(item, row);
                row.Current.EndRow();
                count++;
            }
        }
        return Task.FromResult(count);
    }

    /// <summary>The appender's current row, reused for every row of a load.</summary>
    private sealed class AppenderRow : IBulkRow
    {
        public IDuckDBAppenderRow Current { get; set; } = null!;

        public void Bigint(long value) => Current.AppendValue(value);

        public void Integer(int? value) => Current.AppendValue(value);

        public void Decimal(decimal value) => Current.AppendValue(value);

        public void Boolean(bool value) => Current.AppendValue(value);

        public void Text(string? value) => Current.AppendValue(value);

        public void Timestamp(DateTime utc) => Current.AppendValue(DateTime.SpecifyKind(utc, DateTimeKind.Unspecified));
    }
}

/// <summary>The store's file is held by another process (a server, another command): nothing was read or written.</summary>
public sealed class StoreInUseException(string path, string detail)
    : Domain.AlmanacException($"{path} is in use by another process, which holds it until it stops ({detail}); nothing was changed.");
