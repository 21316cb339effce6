using System.Data.Common;
using Almanac.Domain.Workforce;
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

    protected override Task<long> BulkInsertStaffAsync(DbTransaction transaction, long sourceId, IEnumerable<(long Line, StaffMember Member)> rows, CancellationToken cancellationToken)
    {
        long count = 0;
        // The appender writes into the connection's open transaction: a rollback discards every appended row.
        using (var appender = ((DuckDBConnection)Connection).CreateAppender("staff_member"))
        {
            foreach (var (line, member) in rows)
            {
                cancellationToken.ThrowIfCancellationRequested();
                appender.CreateRow()
                    .AppendValue(sourceId)
                    .AppendValue(line)
                    .AppendValue(member.StaffId)
                    .AppendValue(member.Nationality)
                    .AppendValue(member.Grade.Code)
                    .AppendValue(member.Category.Code())
                    .AppendValue(member.Sex.Code())
                    .AppendValue(member.DutyStation)
                    .EndRow();
                count++;
            }
        }
        return Task.FromResult(count);
    }
}