using System.Collections.Concurrent;
using System.Data.Common;

namespace Almanac.Store;

/// <summary>
/// The catalog — offices, frameworks, questionnaires — read on nearly every request and changed a few times a year, kept
/// in memory and checked against the store's catalog stamp, so that a request reads one row instead of parsing them.
/// </summary>
/// <remarks>
/// Every write of the catalog sets a new random stamp in its own transaction; a cached value is used only while the stamp
/// read before it is still the store's. Two servers of one PostgreSQL database, or a CLI beside a server, therefore never
/// serve each other's stale catalog; a random stamp rather than a counter, so that a restored backup (which brings the
/// stamp of its day, then gets a new one) can never match a value cached before.
/// </remarks>
public abstract partial class SqlStore
{
    private sealed record CatalogEntry(string Stamp, object Value);

    private readonly ConcurrentDictionary<string, CatalogEntry> _catalog = new(StringComparer.Ordinal);

    /// <summary>The cached catalog value under <paramref name="key"/>, or <paramref name="read"/>'s, which must return an immutable value.</summary>
    private Task<T> CatalogAsync<T>(string key, Func<Task<T>> read, CancellationToken cancellationToken) =>
        ReadingAsync(async () =>
        {
            // The stamp first: a change committed between the two reads is then cached under the older stamp and read again
            // next time, never the other way round.
            var stamp = (string)(await ScalarAsync(null, "SELECT COALESCE(MAX(stamp), '') FROM catalog_stamp", cancellationToken))!;
            if (_catalog.TryGetValue(key, out var cached) && cached.Stamp == stamp) return (T)cached.Value;
            var value = await read();
            // Only what exists is kept: the keys then stay as few as the catalog's entries, whatever years are asked for.
            if (value is not null) _catalog[key] = new CatalogEntry(stamp, value);
            return value;
        }, cancellationToken);

    /// <summary>Marks the catalog changed, in the transaction that changes it.</summary>
    private protected Task StampCatalogAsync(DbTransaction transaction, CancellationToken cancellationToken) =>
        ExecuteAsync(transaction, "INSERT INTO catalog_stamp (id, stamp) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET stamp = excluded.stamp", cancellationToken, Guid.NewGuid().ToString("N"));
}
