using System.Globalization;
using System.Text.Json;
using Almanac.Domain;
using Almanac.Store.DuckDb;
using Almanac.Store.Postgres;
using Almanac.Store.Schema;

namespace Almanac.Store.Backup;

/// <summary>What a restore did: the backup it read, the store it wrote, and where the content it replaced was backed up first.</summary>
/// <param name="SchemaVersion">The restored store's schema version: the backup's, or this Almanac's after the migrations since.</param>
/// <param name="Replaced">The backup of what the store held before (with <c>--replace</c>), or null when it held nothing.</param>
public sealed record RestoreResult(BackupManifest Backup, string Store, int SchemaVersion, string? Replaced);

/// <summary>
/// Restoring a backup directory into a store of either engine (a backup is engine-neutral: a DuckDB backup restores
/// into PostgreSQL and the reverse). The manifest and every file's checksum are checked before anything is touched; the
/// restore is then atomic: one transaction on PostgreSQL, a new file renamed over the old one on DuckDB.
/// </summary>
public static class StoreBackups
{
    private static readonly JsonSerializerOptions ManifestJson = new(BackupManifest.Json)
    {
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    /// <summary>
    /// Reads a backup directory's manifest and checks it whole without writing anything: its format, a schema version this
    /// Almanac knows, exactly the tables, columns and sequences a store of that version has, and every table file's size and
    /// SHA-256. A problem is a <see cref="BackupException"/> naming the file and what is wrong.
    /// </summary>
    public static async Task<BackupManifest> VerifyAsync(string directory, CancellationToken cancellationToken)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        if (!Directory.Exists(full)) throw new BackupException(full, "no such directory");
        var shown = Path.Combine(full, BackupManifest.FileName);
        var info = new FileInfo(shown);
        if (!info.Exists) throw new BackupException(shown, "missing: the directory is not an Almanac backup (almanac backup writes its manifest last, so a backup cut short has none)");
        if (info.Length > BackupManifest.MaxBytes) throw new BackupException(shown, $"larger than {BackupManifest.MaxBytes} bytes, the most a manifest may be");
        BackupManifest? read;
        try
        {
            read = JsonSerializer.Deserialize<BackupManifest>(await File.ReadAllBytesAsync(shown, cancellationToken), ManifestJson);
        }
        catch (JsonException e)
        {
            throw new BackupException(shown, $"not a backup manifest ({e.Message})");
        }
        var manifest = read ?? throw new BackupException(shown, "not a backup manifest (null)");
        if (manifest.Format != BackupManifest.FormatName) throw new BackupException(shown, $"format '{manifest.Format}' is not '{BackupManifest.FormatName}'");
        if (manifest.FormatVersion != BackupManifest.CurrentFormatVersion)
        {
            throw new BackupException(shown, $"format version {manifest.FormatVersion}; this Almanac reads version {BackupManifest.CurrentFormatVersion}");
        }
        if (manifest.SchemaVersion > Migrations.Latest)
        {
            throw new BackupException(shown, $"the backup is of schema version {manifest.SchemaVersion}, newer than this Almanac knows ({Migrations.Latest}): restore it with the Almanac that took it, or a newer one");
        }
        if (manifest.SchemaVersion < 1) throw new BackupException(shown, $"schema version {manifest.SchemaVersion} is not one of a store");
        var expected = await DuckDbStore.ReferenceCatalogAsync(manifest.SchemaVersion, cancellationToken);
        CheckTables(shown, manifest, expected);
        foreach (var table in manifest.Tables)
        {
            var path = Path.Combine(full, table.File);
            if (!File.Exists(path)) throw new BackupException(path, "missing");
            var (bytes, sha256) = await BackupRows.HashAsync(path, cancellationToken);
            if (bytes != table.Bytes) throw new BackupException(path, $"{bytes} bytes where {BackupManifest.FileName} says {table.Bytes}: the file was changed or cut short");
            if (!string.Equals(sha256, table.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                throw new BackupException(path, $"SHA-256 {sha256} where {BackupManifest.FileName} says {table.Sha256}: the file was changed or damaged");
            }
        }
        return manifest;
    }

    /// <summary>The manifest's tables, columns and sequences against those of a store of its schema version, as migrations make it.</summary>
    private static void CheckTables(string shown, BackupManifest manifest, StoreCatalog expected)
    {
        var tables = expected.Tables.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var table in manifest.Tables)
        {
            if (!seen.Add(table.Name)) throw new BackupException(shown, $"table {InputLimits.Quote(table.Name)} is listed twice");
            if (!tables.TryGetValue(table.Name, out var known))
            {
                throw new BackupException(shown, $"unknown table {InputLimits.Quote(table.Name)}: a store of schema version {manifest.SchemaVersion} has no such table");
            }
            if (table.File != BackupManifest.TableFile(table.Name))
            {
                throw new BackupException(shown, $"table '{table.Name}' names the file {InputLimits.Quote(table.File)}; its file is {BackupManifest.TableFile(table.Name)}");
            }
            if (table.Rows < 0 || table.Bytes < 0) throw new BackupException(shown, $"table '{table.Name}': a negative count");
            var have = string.Join(", ", table.Columns.Select(c => $"{c.Name} {c.Type}"));
            var want = string.Join(", ", known.Columns.Select(c => $"{c.Name} {c.Type}"));
            if (have != want) throw new BackupException(shown, $"table '{table.Name}' has columns {InputLimits.Quote(have)} where schema version {manifest.SchemaVersion} has ({want})");
        }
        if (expected.Tables.FirstOrDefault(t => !seen.Contains(t.Name)) is { } missing)
        {
            throw new BackupException(shown, $"table '{missing.Name}' of schema version {manifest.SchemaVersion} is not in the backup");
        }
        var sequences = manifest.Sequences.Select(s => s.Name).Order(StringComparer.Ordinal).ToList();
        var known2 = expected.Sequences.Select(s => s.Name).Order(StringComparer.Ordinal).ToList();
        if (!sequences.SequenceEqual(known2, StringComparer.Ordinal))
        {
            throw new BackupException(shown, $"sequences {InputLimits.Quote(string.Join(", ", sequences))} where schema version {manifest.SchemaVersion} has ({string.Join(", ", known2)})");
        }
        if (manifest.Sequences.FirstOrDefault(s => s.Next < 1) is { } bad) throw new BackupException(shown, $"sequence '{bad.Name}': next value {bad.Next} is not positive");
    }

    /// <summary>
    /// Restores a backup into the store <paramref name="target"/> names (either engine, whichever the backup came from),
    /// after <see cref="VerifyAsync"/>. A store holding anything beyond <c>init</c>'s reference data is refused
    /// (<see cref="RestoreRefusedException"/>) unless <paramref name="replace"/>, and then first backed up beside the
    /// backup directory (<see cref="RestoreResult.Replaced"/>). Pending migrations are applied to an older backup's schema.
    /// </summary>
    public static async Task<RestoreResult> RestoreAsync(string target, string directory, bool replace, Change change, CancellationToken cancellationToken)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        var manifest = await VerifyAsync(full, cancellationToken);
        string? kept = null;
        string description;
        var store = (SqlStore)await AlmanacStores.OpenAsync(target, cancellationToken);
        try
        {
            description = store.Description;
            var content = await store.ContentAsync(cancellationToken);
            if (content.Count > 0)
            {
                var holds = string.Join(", ", content.Select(c => $"{c.Table} ({InputLimits.Number(c.Rows)} rows)"));
                if (!replace) throw new RestoreRefusedException($"{store.Description} is not empty: it holds {holds}. A restore replaces all of it; nothing was written. To replace it all the same, run the command again with --replace (what it replaces is backed up first).");
                kept = $"{full}-replaced-{change.At.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}";
                await store.BackupAsync(kept, change, cancellationToken);
            }
            if (store is PostgresStore postgres) await Wrapped(() => postgres.RestoreAsync(full, manifest, change, cancellationToken));
        }
        finally
        {
            await store.DisposeAsync();
        }
        if (!AlmanacStores.IsPostgres(target)) await Wrapped(() => DuckDbStore.RestoreAsync(target, full, manifest, change, cancellationToken));
        await using var restored = await AlmanacStores.OpenAsync(target, cancellationToken);
        return new RestoreResult(manifest, description, await restored.SchemaVersionAsync(cancellationToken), kept);
    }

    /// <summary>A row of a table file that is not what its manifest says, reported as the backup's fault with nothing written.</summary>
    private static async Task Wrapped(Func<Task> restore)
    {
        try
        {
            await restore();
        }
        catch (System.Data.Common.DbException e)
        {
            throw new AlmanacException($"the store refused the backup's rows ({e.Message.ReplaceLineEndings(" ")}); nothing was restored.", e);
        }
        catch (InputException e)
        {
            throw new AlmanacException($"{e.Message}; nothing was restored.", e);
        }
    }
}

/// <summary>A restore refused because the store holds content it would replace (without <c>--replace</c>); nothing was written.</summary>
public sealed class RestoreRefusedException(string message) : AlmanacException(message);
