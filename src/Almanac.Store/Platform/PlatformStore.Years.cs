using System.Data.Common;
using System.Globalization;
using Almanac.Domain;
using Almanac.Domain.Platform;

namespace Almanac.Store.Platform;

/// <summary>
/// A year's lock seen and undone, the submissions overview (every office, started or not, with its focal points) and
/// the audit log by pages, in the same SQL for both engines.
/// </summary>
internal sealed partial class PlatformStore
{
    /// <summary>
    /// Orders the transactions that write a year's submissions against those that lock, unlock or import the year, on
    /// every server of the store: the year's questionnaire row is written (unchanged) by the latter, <paramref name="alone"/>,
    /// which PostgreSQL locks until the commit, and read for share by the former (<see cref="SqlStore.ShareYearAsync"/>). Whichever
    /// comes second waits and then reads what the first committed: a second lock finds the year locked, a save after a lock
    /// is refused, and a lock counts every approval committed before it. On DuckDB the writer hold does it
    /// (<see cref="SqlStore.UnitAccess.WriteAlone"/>), and the write makes a second lock of the year conflict.
    /// </summary>
    private Task SerializeYearAsync(DbTransaction transaction, int year, bool alone, CancellationToken cancellationToken) =>
        alone
            ? store.ExecuteAsync(transaction, "UPDATE questionnaire SET document = document WHERE year = $1", cancellationToken, year)
            : store.ShareYearAsync(transaction, year, cancellationToken);

    private async Task<YearLock?> ReadYearLockAsync(DbTransaction? transaction, int year, CancellationToken cancellationToken)
    {
        return (await store.RowsAsync<YearLockRow>(transaction, "SELECT year, locked_at, locked_by, source_id FROM year_lock WHERE year = $1", cancellationToken, year)).SingleOrDefault()?.ToLock();
    }

    public Task<YearLock?> YearLockAsync(int year, CancellationToken cancellationToken) =>
        store.ReadingAsync(() => ReadYearLockAsync(null, year, cancellationToken), cancellationToken);

    public Task UnlockYearAsync(int year, Change change, CancellationToken cancellationToken) =>
        store.InTransactionAsync(async transaction =>
        {
            await SerializeYearAsync(transaction, year, alone: true, cancellationToken);
            var held = await ReadYearLockAsync(transaction, year, cancellationToken) ?? throw new WorkflowException(Refusal.Of("year.not-locked", $"{year} is not locked: there is nothing to unlock", year));
            await store.ExecuteAsync(transaction, "DELETE FROM year_lock WHERE year = $1", cancellationToken, year);
            store.Unit!.LocksChanged = true;
            // The lock's figures stay in the import history but no longer count: queries and the publish step read the
            // year's questionnaire figures again only once it is locked anew (a new source, from the answers as they are then).
            await store.ExecuteAsync(transaction, "UPDATE source_scope_year SET is_current = FALSE WHERE source_id = $1 AND year = $2", cancellationToken, held.SourceId, year);
            await AuditAsync(transaction, change, $"year {year}", "unlock", "lock",
                $"locked by {held.LockedBy} at {held.LockedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC, source {held.SourceId}", null, cancellationToken);
        }, cancellationToken, SqlStore.UnitAccess.WriteAlone);

    public Task<IReadOnlyList<OfficeProgress>> SubmissionOverviewAsync(int year, CancellationToken cancellationToken) =>
        store.ReadingAsync(async () =>
        {
            var focalPoints = (await store.RowsAsync<ContactRow>(null, """
                SELECT office, user_name, display_name FROM account
                WHERE role = $1 AND office IS NOT NULL AND COALESCE(disabled, FALSE) = FALSE ORDER BY user_name
                """, cancellationToken, Role.FocalPoint.Code()))
                .GroupBy(r => r.Office, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Select(r => new FocalPointContact(r.UserName, r.DisplayName)).ToList(), StringComparer.Ordinal);
            var offices = new List<OfficeProgress>();
            var officeColumns = OfficeColumns.Split(", ");
            foreach (var (officeRow, submissionRow) in await store.RowsAsync<OfficeRow, SubmissionRow>(null, $"""
                SELECT {string.Join(", ", officeColumns.Select(c => "o." + c))}, {string.Join(", ", SubmissionColumnList.Select(c => "s." + c))}
                FROM office o LEFT JOIN submission s ON s.office = o.code AND s.year = $1
                ORDER BY o.name, o.code
                """, officeColumns.Length, cancellationToken, year))
            {
                var office = officeRow.ToOffice();
                offices.Add(new OfficeProgress(office, submissionRow?.ToSubmission(), focalPoints.TryGetValue(office.Code, out var contacts) ? contacts : []));
            }
            return (IReadOnlyList<OfficeProgress>)offices;
        }, cancellationToken);

    public Task<AuditPage> AuditPageAsync(AuditQuery query, long? before, long? after, CancellationToken cancellationToken) =>
        store.ReadingAsync(async () =>
        {
            const string Filter = "(CAST($1 AS TEXT) IS NULL OR entity = $1 OR entity LIKE $1 || ' %') AND (CAST($2 AS TEXT) IS NULL OR actor = $2)";
            var size = Math.Clamp(query.Limit, 1, 1000);
            var total = Convert.ToInt64(await store.ScalarAsync(null, $"SELECT COUNT(*) FROM audit_log WHERE {Filter}", cancellationToken, query.Entity, query.Actor),
                CultureInfo.InvariantCulture);
            // Keyset paging on the id: a page starts from the line the reader saw last, so lines written meanwhile never
            // shift it, and a page deep in a long log costs what the first one does.
            var newerPage = after is not null && before is null;
            var entries = (await store.RowsAsync<AuditRow>(null, $"""
                SELECT {AuditColumns} FROM audit_log
                WHERE {Filter} AND (CAST($3 AS BIGINT) IS NULL OR id < $3) AND (CAST($4 AS BIGINT) IS NULL OR id > $4)
                ORDER BY id {(newerPage ? "ASC" : "DESC")} LIMIT $5
                """, cancellationToken, query.Entity, query.Actor, before, newerPage ? after : null, size + 1)).Select(r => r.ToEntry()).ToList();
            var more = entries.Count > size;
            if (more) entries.RemoveAt(size);
            if (newerPage) entries.Reverse();
            long? older = entries.Count == 0 ? null : newerPage || more ? entries[^1].Id : null;
            long? newer = entries.Count == 0 ? null : newerPage ? (more ? entries[0].Id : null) : before is null ? null : entries[0].Id;
            var names = await SubmissionNamesAsync(entries, cancellationToken);
            var lines = entries.Select(e => new AuditLine(e, names.TryGetValue(e.Entity, out var name) ? name : e.Entity)).ToList();
            return new AuditPage(lines, total, older, newer);
        }, cancellationToken);

    /// <summary>"Dakar — 2023" for each "submission 37" among the entries: the office's name (its code when it has none any more) and the year.</summary>
    private async Task<Dictionary<string, string>> SubmissionNamesAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken)
    {
        const string Prefix = "submission ";
        var ids = entries.Select(e => e.Entity.StartsWith(Prefix, StringComparison.Ordinal) && long.TryParse(e.Entity.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id : (long?)null).OfType<long>().Distinct().Select(id => (object?)id).ToArray();
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        if (ids.Length == 0) return names;
        foreach (var row in await store.RowsAsync<SubmissionNameRow>(null, $"""
            SELECT s.id, s.office, s.year, o.name AS office_name FROM submission s LEFT JOIN office o ON o.code = s.office
            WHERE s.id IN ({string.Join(", ", ids.Select((_, i) => "$" + (i + 1).ToString(CultureInfo.InvariantCulture)))})
            """, cancellationToken, ids))
        {
            names[Prefix + row.Id.ToString(CultureInfo.InvariantCulture)] = $"{row.OfficeName ?? row.Office} — {row.Year.ToString(CultureInfo.InvariantCulture)}";
        }
        return names;
    }
}
