using System.Data.Common;
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
        await connection.OpenAsync(cancellationToken);
        var store = new DuckDbStore(connection, path);
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
    }
}
