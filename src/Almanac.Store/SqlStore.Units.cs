using System.Data.Common;
using Almanac.Domain.Platform;

namespace Almanac.Store;

/// <summary>
/// Units of work: every platform call is one, on a connection of its own (<see cref="OpenConnectionAsync"/>: PostgreSQL's
/// pool, or another connection to the process's one DuckDB instance), so requests run side by side, readers and writers
/// alike. Two writers of one row: PostgreSQL makes the second wait for the first's commit; DuckDB's optimistic control
/// aborts the second, whose unit then runs again (<see cref="IsTransientConflict"/>). The few units whose check reads what
/// other writers change (a year's lock reads every submission; an account change counts the administrators) run alone:
/// <see cref="HoldWritersAsync"/>.
/// </summary>
public abstract partial class SqlStore
{
    /// <summary>The unit of work running on this asynchronous flow, if any.</summary>
    internal UnitOfWork? Unit => _unit.Value;

    /// <summary>How many times a writing unit runs before a conflict that keeps recurring is reported as such.</summary>
    private const int WriteAttempts = 8;

    /// <summary>
    /// Runs one unit of work on a connection of its own; <paramref name="access"/> says whether it reads, writes, or
    /// writes alone. A unit inside another goes on with the outer one's connection (the fact reads
    /// <see cref="ReadFactsAsync"/> runs). A writing unit the engine aborted for a conflict with another's commit runs
    /// again from the start, on a new snapshot, after a short random pause; its body must therefore be only store work
    /// (it is: the bodies are this class's).
    /// </summary>
    internal async Task<T> UnitOfWorkAsync<T>(UnitAccess access, Func<Task<T>> body, CancellationToken cancellationToken)
    {
        var writes = access != UnitAccess.Read;
        if (_unit.Value is { } outer)
        {
            if (writes && !outer.Writes) throw new InvalidOperationException("A reading unit of work cannot write: the write must be a unit of its own.");
            return await body();
        }
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // Taken before the transaction begins, so that its snapshot holds every commit the hold waited for.
                using var hold = writes ? await HoldWritersAsync(access == UnitAccess.WriteAlone, cancellationToken) : null;
                using var admission = await AdmitAsync(cancellationToken);
                await using var connection = await OpenConnectionAsync(cancellationToken);
                // The body's commands find the unit's connection through Connection; the value flows into the body's awaits
                // and never back to the caller.
                var unit = new UnitOfWork(connection, writes);
                _unit.Value = unit;
                try
                {
                    return await body();
                }
                finally
                {
                    // After the commit (the body's last step) or the rollback: see Changed. Still inside the writers' hold, so
                    // that no writer reads a year's lock between a lock's commit and this.
                    Count(unit.CatalogChanged, unit.SessionsChanged);
                    if (unit.LocksChanged) Local?.Locks.Clear();
                }
            }
            catch (Exception e) when (writes && IsTransientConflict(e))
            {
                if (attempt == WriteAttempts)
                {
                    throw new ConcurrencyException($"the change met other changes to the same records {WriteAttempts} times in a row and was not made: try again ({e.Message})");
                }
                // Random and growing, so that writers that met do not meet again: at most about 10, 20, 40, 80, then 160 ms.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 10 << Math.Min(attempt - 1, 4))), cancellationToken);
            }
        }
    }

    /// <summary>What a unit of work does: reads; writes beside other writers; or writes alone, for a check that reads what they change.</summary>
    internal enum UnitAccess
    {
        Read,
        Write,
        WriteAlone,
    }

    /// <summary>A unit of work that only reads.</summary>
    internal Task<T> ReadingAsync<T>(Func<Task<T>> body, CancellationToken cancellationToken) => UnitOfWorkAsync(UnitAccess.Read, body, cancellationToken);

    /// <summary>
    /// Whether <paramref name="exception"/> is the engine aborting a transaction for what another committed meanwhile (a
    /// row both changed, a key both inserted), so that running the unit again on a new snapshot settles it.
    /// </summary>
    internal abstract bool IsTransientConflict(Exception exception);

    /// <summary>
    /// Holds this process's writing units for one unit: shared by units that write beside each other, exclusive for one
    /// that writes alone; null where the engine's row locks do it (<see cref="Platform.PlatformStore.SerializeYearAsync"/>,
    /// <see cref="SerializeAccountChangesAsync"/>), as they must where several servers share the store.
    /// </summary>
    internal abstract ValueTask<IDisposable?> HoldWritersAsync(bool alone, CancellationToken cancellationToken);

    /// <summary>
    /// Waits, without a thread, until the engine takes one more unit of work, and holds its place until disposed; null where
    /// the engine's own pool bounds them (PostgreSQL: Npgsql's maximum pool size).
    /// </summary>
    internal virtual ValueTask<IDisposable?> AdmitAsync(CancellationToken cancellationToken) => ValueTask.FromResult<IDisposable?>(null);

    /// <summary>A writing unit of work: one transaction, committed when <paramref name="body"/> returns.</summary>
    internal async Task<T> InTransactionAsync<T>(Func<DbTransaction, Task<T>> body, CancellationToken cancellationToken, UnitAccess access = UnitAccess.Write) =>
        await UnitOfWorkAsync(access, async () =>
        {
            await using var transaction = await Connection.BeginTransactionAsync(cancellationToken);
            var result = await body(transaction);
            await transaction.CommitAsync(cancellationToken);
            _unit.Value!.Committed?.Invoke();
            return result;
        }, cancellationToken);

    internal Task<bool> InTransactionAsync(Func<DbTransaction, Task> body, CancellationToken cancellationToken, UnitAccess access = UnitAccess.Write) =>
        InTransactionAsync(async t => { await body(t); return true; }, cancellationToken, access);

    internal async Task<int> ExecuteCountAsync(DbTransaction transaction, string sql, CancellationToken cancellationToken, params object?[] parameters)
    {
        await using var command = Command(transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Account changes of two servers of one store run one after the other, so that the lock-out rule (some enabled
    /// administrator remains) holds: two administrators demoting each other at once cannot both pass the check. DuckDB has
    /// one writing process, in which an account change writes alone (<see cref="UnitAccess.WriteAlone"/>).
    /// </summary>
    internal virtual Task SerializeAccountChangesAsync(DbTransaction transaction, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The shared side of <see cref="Platform.PlatformStore.SerializeYearAsync"/>: nothing where the writer hold orders the units.</summary>
    internal virtual Task ShareYearAsync(DbTransaction transaction, int year, CancellationToken cancellationToken) => Task.CompletedTask;
}
