using System.Data.Common;
using Almanac.Domain.Platform;

namespace Almanac.Store.Platform;

/// <summary>
/// Offices changed one at a time (the Offices page and its API), beside the whole-file import: the same checks over the
/// offices as they would be, the same audit lines, the catalog stamp moved in the same transaction.
/// </summary>
internal sealed partial class PlatformStore
{
    public Task SaveOfficeAsync(Office office, bool create, Change change, CancellationToken cancellationToken) =>
        store.InTransactionAsync(async transaction =>
        {
            // The stamp first: on PostgreSQL a second office change waits on its row until the first commits, then reads
            // the offices that one wrote; DuckDB runs office changes alone.
            await store.StampCatalogAsync(transaction, cancellationToken);
            var stored = await ReadOfficesAsync(transaction, cancellationToken);
            var before = stored.FirstOrDefault(o => o.Code == office.Code);
            if (create && before is not null)
            {
                throw new OfficeException("code", OfficeRules.CodeTaken(office.Code, before.Name), conflict: true);
            }
            if (!create && before is null) throw NotFoundException.Office(office.Code);
            if (before == office) return;
            OfficeRules.CheckAmong(stored, office);
            var accounts = await store.RowsAsync<AccountRow>(transaction, "SELECT user_name, display_name, role, office, region FROM account", cancellationToken);
            OfficeRules.CheckAccounts(stored, office, accounts.Select(a => a.ToAccount()));
            await store.ExecuteAsync(transaction, """
                INSERT INTO office (code, name, kind, region, country) VALUES ($1, $2, $3, $4, $5)
                ON CONFLICT (code) DO UPDATE SET name = excluded.name, kind = excluded.kind, region = excluded.region, country = excluded.country
                """, cancellationToken, office.Code, office.Name, office.Kind.Code(), office.Region, office.Country);
            await AuditAsync(transaction, change, $"office {office.Code}", before is null ? "create" : "update", null, Describe(before), Describe(office), cancellationToken);
        }, cancellationToken, SqlStore.UnitAccess.WriteAlone);

    public Task DeleteOfficeAsync(string code, Change change, CancellationToken cancellationToken) =>
        store.InTransactionAsync(async transaction =>
        {
            await store.StampCatalogAsync(transaction, cancellationToken);
            var stored = await ReadOfficesAsync(transaction, cancellationToken);
            var office = stored.FirstOrDefault(o => o.Code == code) ?? throw NotFoundException.Office(code);
            var use = (await ReadOfficeUsesAsync(transaction, stored, cancellationToken)).GetValueOrDefault(code, OfficeUse.None);
            if (OfficeRules.DeleteProblem(code, use) is { } problem) throw new WorkflowException(problem);
            await store.ExecuteAsync(transaction, "DELETE FROM office WHERE code = $1", cancellationToken, code);
            await AuditAsync(transaction, change, $"office {code}", "delete", null, Describe(office), null, cancellationToken);
        }, cancellationToken, SqlStore.UnitAccess.WriteAlone);

    public Task<IReadOnlyDictionary<string, OfficeUse>> OfficeUsesAsync(CancellationToken cancellationToken) =>
        store.ReadingAsync(async () => await ReadOfficeUsesAsync(null, await ReadOfficesAsync(null, cancellationToken), cancellationToken), cancellationToken);

    private async Task<List<Office>> ReadOfficesAsync(DbTransaction? transaction, CancellationToken cancellationToken) =>
        [.. (await store.RowsAsync<OfficeRow>(transaction, $"SELECT {OfficeColumns} FROM office ORDER BY code", cancellationToken)).Select(r => r.ToOffice())];

    /// <summary>What refers to each of <paramref name="offices"/>, as one snapshot reads it (every office has an entry).</summary>
    private async Task<IReadOnlyDictionary<string, OfficeUse>> ReadOfficeUsesAsync(DbTransaction? transaction, IReadOnlyList<Office> offices, CancellationToken cancellationToken)
    {
        async Task<Dictionary<string, int>> CountsAsync(string sql)
        {
            return (await store.RowsAsync<CountRow>(transaction, sql, cancellationToken)).ToDictionary(r => r.Office, r => (int)r.Count, StringComparer.Ordinal);
        }
        var submissions = await CountsAsync("SELECT office, COUNT(*) AS count FROM submission GROUP BY office");
        var focalPoints = await CountsAsync("SELECT office, COUNT(*) AS count FROM account WHERE office IS NOT NULL GROUP BY office");
        var reviewers = await CountsAsync("SELECT region AS office, COUNT(*) AS count FROM account WHERE region IS NOT NULL GROUP BY region");
        var reporting = offices.Where(o => o.Region is not null && o.Region != o.Code).CountBy(o => o.Region!).ToDictionary(StringComparer.Ordinal);
        return offices.ToDictionary(o => o.Code, o => new OfficeUse(submissions.GetValueOrDefault(o.Code), focalPoints.GetValueOrDefault(o.Code),
            reviewers.GetValueOrDefault(o.Code), reporting.GetValueOrDefault(o.Code)), StringComparer.Ordinal);
    }

    public Task<IReadOnlyList<Office>> OfficeHierarchyAsync(CancellationToken cancellationToken) =>
        store.CatalogAsync("offices", async () =>
            (IReadOnlyList<Office>)[.. (await store.RowsAsync<OfficeRow>(null, $"SELECT {OfficeColumns} FROM office ORDER BY code", cancellationToken)).Select(r => r.ToOffice())],
            cancellationToken);
}
