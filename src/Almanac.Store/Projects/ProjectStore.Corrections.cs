using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Almanac.Domain;
using Almanac.Domain.Platform;
using Almanac.Domain.Projects;

namespace Almanac.Store.Projects;

/// <summary>
/// Corrections of the portfolio from the projects page. A correction writes a new version of the portfolio (a source of
/// kind projects, as an import writes one) with the project changed, superseding the one the page read: the history is
/// the sources themselves, every earlier version stays readable and can be made current again, and the funding figures
/// follow the correction through the one path an import takes, with no second copy of the projects to keep in step.
/// </summary>
internal sealed partial class ProjectStore
{
    /// <summary>The most versions the projects page lists.</summary>
    public const int MaxListedVersions = 50;

    public Task<StoredPortfolio?> PortfolioAsync(long? sourceId, CancellationToken cancellationToken) =>
        store.ReadingAsync(async () =>
        {
            var id = sourceId ?? await CurrentVersionAsync(null, cancellationToken);
            if (id is not { } found || await VersionAsync(null, found, cancellationToken) is not { } version) return null;
            return new StoredPortfolio(version, await ReadPortfolioAsync(null, found, cancellationToken), found == await CurrentVersionAsync(null, cancellationToken));
        }, cancellationToken);

    public Task<IReadOnlyList<PortfolioVersion>> PortfolioVersionsAsync(CancellationToken cancellationToken) =>
        store.ReadingAsync(async () => (IReadOnlyList<PortfolioVersion>)[.. (await store.RowsAsync<VersionRow>(null, $"""
            SELECT id AS source_id, name, imported_at, row_count FROM source WHERE kind = $1 ORDER BY id DESC LIMIT {MaxListedVersions}
            """, cancellationToken, SourceKinds.Projects)).Select(r => r.ToVersion())], cancellationToken);

    public async Task<long> CorrectProjectAsync(long readVersion, string projectId, ProjectFields fields, Change change, CancellationToken cancellationToken)
    {
        var reference = await store.ReadingAsync(() => store.Sources.LoadReferenceDataAsync(cancellationToken), cancellationToken);
        return await store.InTransactionAsync(async transaction =>
        {
            await RefuseStaleAsync(transaction, readVersion, cancellationToken);
            var portfolio = await ReadPortfolioAsync(transaction, readVersion, cancellationToken);
            var before = portfolio.Projects.FirstOrDefault(p => p.Id == projectId)
                ?? throw new NotFoundException(Refusal.Of("not-found.project", $"no project {InputLimits.Quote(projectId)}", InputLimits.Quote(projectId)));
            var after = ProjectCorrections.Checked(before, fields, text => reference.Resolve(text)?.Iso3);
            var changes = ProjectCorrections.Differences(before, after);
            if (changes.Count == 0) return readVersion;
            var corrected = portfolio with { Projects = [.. portfolio.Projects.Select(p => p.Id == projectId ? after with { Line = p.Line } : p)] };
            var name = $"correction of project {projectId} by {change.Actor}";
            var written = await WriteVersionAsync(transaction, VersionSource(name, change, readVersion), corrected, await store.Facts.FactCatalogAsync(transaction, cancellationToken), cancellationToken);
            foreach (var (field, old, value) in changes)
            {
                await store.Platform.AuditAsync(transaction, change, $"project {projectId}", "correct", field, old, value, cancellationToken);
            }
            await store.Platform.AuditAsync(transaction, change, "portfolio", "correct", "version", Version(readVersion), Version(written.SourceId), cancellationToken);
            return written.SourceId;
        }, cancellationToken, SqlStore.UnitAccess.WriteAlone);
    }

    public Task<long> RestorePortfolioAsync(long readVersion, long restoredVersion, Change change, CancellationToken cancellationToken) =>
        store.InTransactionAsync(async transaction =>
        {
            await RefuseStaleAsync(transaction, readVersion, cancellationToken);
            if (restoredVersion == readVersion || await VersionAsync(transaction, restoredVersion, cancellationToken) is not { } restored)
            {
                throw new NotFoundException(Refusal.Of("not-found.portfolio-version", $"no earlier version {restoredVersion} of the portfolio", restoredVersion));
            }
            var current = await ReadPortfolioAsync(transaction, readVersion, cancellationToken);
            var portfolio = await ReadPortfolioAsync(transaction, restoredVersion, cancellationToken);
            var name = $"version {restoredVersion} restored by {change.Actor}";
            var written = await WriteVersionAsync(transaction, VersionSource(name, change, readVersion), portfolio, await store.Facts.FactCatalogAsync(transaction, cancellationToken), cancellationToken);
            // What the restore changes, project by project, as a correction would audit it.
            var before = current.Projects.ToDictionary(p => p.Id, StringComparer.Ordinal);
            foreach (var project in portfolio.Projects)
            {
                if (!before.TryGetValue(project.Id, out var was)) continue;
                foreach (var (field, old, value) in ProjectCorrections.Differences(was, project))
                {
                    await store.Platform.AuditAsync(transaction, change, $"project {project.Id}", "restore", field, old, value, cancellationToken);
                }
            }
            await store.Platform.AuditAsync(transaction, change, "portfolio", "restore", "version", Version(readVersion),
                $"{Version(written.SourceId)} (a copy of {Version(restored.SourceId)}, {restored.Name})", cancellationToken);
            return written.SourceId;
        }, cancellationToken, SqlStore.UnitAccess.WriteAlone);

    /// <summary>
    /// Refuses a change made on a version of the portfolio that is no longer current: someone imported, corrected or
    /// restored since the page read it. The update is the change's claim on the version: on PostgreSQL, of two changes
    /// made on one version the second waits for the first, then fails as a conflict, runs again and is refused here.
    /// </summary>
    private async Task RefuseStaleAsync(DbTransaction transaction, long readVersion, CancellationToken cancellationToken)
    {
        await store.ExecuteAsync(transaction, "UPDATE source SET row_count = row_count WHERE id = $1 AND kind = $2", cancellationToken, readVersion, SourceKinds.Projects);
        var current = await CurrentVersionAsync(transaction, cancellationToken);
        if (current == readVersion) return;
        if (current is not { } id || await VersionAsync(transaction, id, cancellationToken) is not { } now)
        {
            throw new NotFoundException(Refusal.Of("not-found.portfolio", "no project portfolio has been imported"));
        }
        var at = now.ImportedAt.ToString("u", CultureInfo.InvariantCulture);
        throw new ConcurrencyException(Refusal.Of("project.changed-since-read",
            $"the portfolio changed since this page read it (version {readVersion}): version {now.SourceId}, {now.Name}, at {at}. Nothing was saved: reload the page and make the change again",
            readVersion, now.SourceId, now.Name, at));
    }

    private async Task<long?> CurrentVersionAsync(DbTransaction? transaction, CancellationToken cancellationToken) =>
        await store.ScalarAsync(transaction, "SELECT MAX(id) FROM source WHERE kind = $1", cancellationToken, SourceKinds.Projects) is { } found and not DBNull
            ? Convert.ToInt64(found, CultureInfo.InvariantCulture)
            : null;

    private async Task<PortfolioVersion?> VersionAsync(DbTransaction? transaction, long sourceId, CancellationToken cancellationToken) =>
        (await store.RowsAsync<VersionRow>(transaction, "SELECT id AS source_id, name, imported_at, row_count FROM source WHERE id = $1 AND kind = $2",
            cancellationToken, sourceId, SourceKinds.Projects)).SingleOrDefault()?.ToVersion();

    /// <summary>
    /// The source of a version written on the page: its checksum is of what made it (the version it replaced, who, when),
    /// never of the portfolio, so that restoring an earlier portfolio is a new version rather than "unchanged".
    /// </summary>
    private static SourceInfo VersionSource(string name, Change change, long readVersion) =>
        new(SourceKinds.Projects, name, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            $"{name}\n{readVersion}\n{change.At.ToString("O", CultureInfo.InvariantCulture)}\n{Guid.NewGuid():N}"))), change.At);

    private static string Version(long sourceId) => "version " + sourceId.ToString(CultureInfo.InvariantCulture);

    private sealed class VersionRow
    {
        public long SourceId { get; init; }
        public required string Name { get; init; }
        public DateTime ImportedAt { get; init; }
        public long RowCount { get; init; }

        public PortfolioVersion ToVersion() => new(SourceId, Name, SqlStore.Utc(ImportedAt), RowCount);
    }
}
