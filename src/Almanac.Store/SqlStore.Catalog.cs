using System.Collections.Concurrent;
using System.Data.Common;
using Almanac.Domain.Platform;

namespace Almanac.Store;

/// <summary>
/// The catalog — offices, frameworks, questionnaires — read on nearly every request and changed a few times a year, kept
/// in memory and checked against the store's catalog stamp, so that a request reads one row instead of parsing them.
/// </summary>
/// <remarks>
/// Every write of the catalog sets a new random stamp in its own transaction; a cached value is used only while the stamp
/// read before it is still the store's. Two servers of one PostgreSQL database, or a CLI beside a server, therefore never
/// serve each other's stale catalog; a random stamp rather than a counter, so that a restored backup (which brings the
/// stamp of its day, then gets a new one) can never match a value cached before. Where this process is the database's
/// only writer (<see cref="LocalChanges"/>), the stamp is a counter in memory instead, and a cached value costs no read.
/// </remarks>
public abstract partial class SqlStore
{
    private sealed record CatalogEntry(string Stamp, object Value);

    private readonly ConcurrentDictionary<string, CatalogEntry> _catalog = new(StringComparer.Ordinal);

    /// <summary>
    /// Counters of the changes made to a database that no other process can change (DuckDB lets one process write a
    /// file), shared by every store this process opens on it: they move after each commit that changes the catalog or
    /// may refuse a session, so that caches compare a number in memory where they would otherwise ask the store.
    /// </summary>
    internal sealed class LocalChanges
    {
        public long Catalog;
        public long Sessions;

        /// <summary>
        /// What this process last committed of each submission it wrote, with its answers: a unit that writes the
        /// submission at the version its caller holds finds there what it would otherwise read. Sound because every change
        /// of a submission's answers or state moves its version and is committed by this process, and ids are never reused;
        /// a step outside the units (a restore) forgets everything (<see cref="Forget"/>).
        /// </summary>
        public readonly ConcurrentDictionary<long, (Submission Submission, IReadOnlyDictionary<string, string> Answers)> Submissions = new();

        /// <summary>Each year's lock as a writing unit last read it: a lock or unlock runs alone and forgets them after its commit.</summary>
        public readonly ConcurrentDictionary<int, bool> Locks = new();

        /// <summary>The most submissions kept; past it the memory starts again (a year of every office fits many times).</summary>
        public const int MaxSubmissions = 20_000;

        /// <summary>Keeps <paramref name="submission"/> as committed, unless a later version is kept already.</summary>
        public void Keep(Submission submission, IReadOnlyDictionary<string, string> answers)
        {
            if (Submissions.Count >= MaxSubmissions) Submissions.Clear();
            Submissions.AddOrUpdate(submission.Id, (submission, answers), (_, kept) => kept.Submission.Version > submission.Version ? kept : (submission, answers));
        }

        public void Forget()
        {
            Submissions.Clear();
            Locks.Clear();
        }
    }

    /// <summary>This process's counters of the database's changes when it is the only writer; null where other processes may write (PostgreSQL).</summary>
    internal virtual LocalChanges? Local => null;

    /// <inheritdoc cref="IPlatformStore.SessionsVersion"/>
    public long? SessionsVersion => Local is { } local ? Volatile.Read(ref local.Sessions) : null;

    /// <summary>The cached catalog value under <paramref name="key"/>, or <paramref name="read"/>'s, which must return an immutable value.</summary>
    internal async Task<T> CatalogAsync<T>(string key, Func<Task<T>> read, CancellationToken cancellationToken)
    {
        if (Local is { } local)
        {
            // Read before the value, as the store's stamp below: a change committed meanwhile moves it after its commit.
            var counted = "local " + Volatile.Read(ref local.Catalog).ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (_catalog.TryGetValue(key, out var hit) && hit.Stamp == counted) return (T)hit.Value;
            return await ReadingAsync(async () => Kept(key, counted, await read()), cancellationToken);
        }
        return await ReadingAsync(async () =>
        {
            // The stamp first: a change committed between the two reads is then cached under the older stamp and read again
            // next time, never the other way round. One read per unit of work: a save asks for its office and its questionnaire.
            var unit = _unit.Value!;
            var stamp = unit.CatalogStamp ??= (string)(await ScalarAsync(null, "SELECT COALESCE(MAX(stamp), '') FROM catalog_stamp", cancellationToken))!;
            if (_catalog.TryGetValue(key, out var cached) && cached.Stamp == stamp) return (T)cached.Value;
            return Kept(key, stamp, await read());
        }, cancellationToken);
    }

    private T Kept<T>(string key, string stamp, T value)
    {
        // Only what exists is kept: the keys then stay as few as the catalog's entries, whatever years are asked for.
        if (value is not null) _catalog[key] = new CatalogEntry(stamp, value);
        return value;
    }

    /// <summary>Marks the catalog changed, in the transaction that changes it.</summary>
    internal Task StampCatalogAsync(DbTransaction transaction, CancellationToken cancellationToken)
    {
        Changed(catalog: true);
        return ExecuteAsync(transaction, "INSERT INTO catalog_stamp (id, stamp) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET stamp = excluded.stamp", cancellationToken, Guid.NewGuid().ToString("N"));
    }

    /// <summary>
    /// Notes a change to the catalog or to what keeps a session open, for <see cref="Local"/>'s counters: they move at once
    /// and again after the unit of work's commit (<see cref="UnitOfWorkAsync"/>), so that a value read from a snapshot
    /// before the commit is never kept under the counter that follows it.
    /// </summary>
    internal void Changed(bool catalog = false, bool sessions = false)
    {
        if (_unit.Value is { } unit)
        {
            unit.CatalogChanged |= catalog;
            unit.SessionsChanged |= sessions;
            // The stamp read before the change is no longer the store's, even inside this unit.
            if (catalog) unit.CatalogStamp = null;
        }
        Count(catalog, sessions);
    }

    private void Count(bool catalog, bool sessions)
    {
        if (Local is not { } local) return;
        if (catalog) Interlocked.Increment(ref local.Catalog);
        if (sessions) Interlocked.Increment(ref local.Sessions);
    }
}
