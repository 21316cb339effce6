using System.Data.Common;
using System.Globalization;
using Almanac.Domain;
using Almanac.Store.Backup;

namespace Almanac.Store;

/// <summary>Takes a consistent backup of a store that may be in use (a web server's).</summary>
public interface IStoreBackup
{
    /// <summary>
    /// Writes every table and sequence of the store, read in one snapshot transaction on a connection of its own (the
    /// store's other callers go on meanwhile), into <paramref name="directory"/> (new, or empty) with its manifest; the
    /// files appear under that name only once complete. Audited as <paramref name="change"/>, whose time is the backup's.
    /// </summary>
    Task<BackupManifest> BackupAsync(string directory, Change change, CancellationToken cancellationToken);
}

/// <summary>Backups and restores in the SQL both engines share; the engines say how to take a snapshot and how a restore stays atomic.</summary>
public abstract partial class SqlStore : IStoreBackup
{
    /// <summary>Tables a store has rows in as soon as <c>init</c> ran: the project's reference data, and the schema's own record.</summary>
    private static readonly HashSet<string> SetUpTables = new(["schema_version", "country", "country_alias", "membership"], StringComparer.Ordinal);

    /// <summary>The engine's name in a backup's manifest ("duckdb", "postgresql").</summary>
    private protected abstract string EngineName { get; }

    /// <summary>The engine's sequences of the current schema: name, start value, last value given (null when none was).</summary>
    private protected abstract string SequencesSql { get; }

    /// <summary>A read-only transaction that sees one state of the whole database however long it runs.</summary>
    private protected virtual async Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(cancellationToken);

    public async Task<BackupManifest> BackupAsync(string directory, Change change, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(directory);
        if (File.Exists(full)) throw new AlmanacException($"{full} is a file: a backup goes into a new or empty directory; nothing was written.");
        if (Directory.Exists(full) && Directory.EnumerateFileSystemEntries(full).Any())
        {
            throw new AlmanacException($"{full} is not empty: a backup goes into a new or empty directory, so that it never mixes with another's files; nothing was written.");
        }
        var parent = Path.GetDirectoryName(full) ?? throw new AlmanacException($"{full}: a backup needs a directory of its own, not a file system's root.");
        Directory.CreateDirectory(parent);
        // Written under another name and renamed when complete: a directory named as asked is always a whole backup.
        var partial = Path.Combine(parent, $".{Path.GetFileName(full)}.partial-{Guid.NewGuid():N}");
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(partial);
        else Directory.CreateDirectory(partial, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        try
        {
            var manifest = await WriteSnapshotAsync(partial, change.At, cancellationToken);
            if (Directory.Exists(full)) Directory.Delete(full);
            Directory.Move(partial, full);
            await InTransactionAsync(transaction => Platform.AuditAsync(transaction, change, "store", "backup", null, null,
                $"{full}: schema version {manifest.SchemaVersion}, {manifest.Tables.Count} tables, {manifest.Rows} rows", cancellationToken), cancellationToken);
            return manifest;
        }
        finally
        {
            if (Directory.Exists(partial)) Directory.Delete(partial, recursive: true);
        }
    }

    private async Task<BackupManifest> WriteSnapshotAsync(string directory, DateTimeOffset createdAt, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = await BeginSnapshotAsync(connection, cancellationToken);
        int version;
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version";
            version = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        }
        var catalog = await StoreCatalog.ReadAsync(connection, transaction, SequencesSql, cancellationToken, await DuckDb.DuckDbStore.ReferenceCatalogAsync(version, cancellationToken));
        var tables = new List<BackupTable>();
        foreach (var table in catalog.Tables)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandTimeout = 0;
            command.CommandText = $"SELECT {string.Join(", ", table.Columns.Select(c => $"\"{c.Name}\""))} FROM \"{table.Name}\"";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var file = BackupManifest.TableFile(table.Name);
            var (rows, bytes, sha256) = await BackupRows.WriteAsync(Path.Combine(directory, file), reader, table.Columns, cancellationToken);
            tables.Add(new BackupTable(table.Name, file, rows, bytes, sha256, table.Columns));
        }
        await transaction.CommitAsync(cancellationToken);
        var manifest = new BackupManifest(BackupManifest.FormatName, BackupManifest.CurrentFormatVersion, EngineName, version, createdAt, tables,
            [.. catalog.Sequences.Select(s => new BackupSequence(s.Name, s.Next))]);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = BackupRows.OwnerOnly;
        await using (var file = new FileStream(Path.Combine(directory, BackupManifest.FileName), options))
        {
            await System.Text.Json.JsonSerializer.SerializeAsync(file, manifest, BackupManifest.Json, cancellationToken);
            file.Flush(flushToDisk: true);
        }
        return manifest;
    }

    /// <summary>The tables holding rows beyond what <c>init</c> puts in every store, with their row counts: what a restore would replace.</summary>
    internal async Task<IReadOnlyList<(string Table, long Rows)>> ContentAsync(CancellationToken cancellationToken)
    {
        var catalog = await StoreCatalog.ReadAsync(Connection, null, SequencesSql, cancellationToken, await DuckDb.DuckDbStore.ReferenceCatalogAsync(await SchemaVersionAsync(cancellationToken), cancellationToken));
        var content = new List<(string, long)>();
        foreach (var table in catalog.Tables.Where(t => !SetUpTables.Contains(t.Name)))
        {
            var rows = Convert.ToInt64(await ScalarAsync(null, $"SELECT COUNT(*) FROM \"{table.Name}\"", cancellationToken), CultureInfo.InvariantCulture);
            if (rows > 0) content.Add((table.Name, rows));
        }
        return content;
    }

    /// <summary>
    /// Loads a verified backup into this store's empty database: the schema as the backup's version had it, the rows, the
    /// sequences, then the migrations since, and an audit line. All in <paramref name="shared"/> when given (PostgreSQL:
    /// one transaction); otherwise step by step into a database no one else sees yet (DuckDB: a new file swapped in once complete).
    /// </summary>
    private protected async Task LoadBackupAsync(DbTransaction? shared, string directory, BackupManifest manifest, Change change, CancellationToken cancellationToken)
    {
        await CreateSchemaAsync(shared, manifest.SchemaVersion, cancellationToken);
        // In the reference schema's order, referenced tables first (the manifest lists the same tables, verified).
        var order = (await DuckDb.DuckDbStore.ReferenceCatalogAsync(manifest.SchemaVersion, cancellationToken)).Tables.Select(t => t.Name).ToList();
        await InStepAsync(shared, async transaction =>
        {
            foreach (var table in manifest.Tables.OrderBy(t => order.IndexOf(t.Name)))
            {
                var name = Path.Combine(Path.GetFileName(directory), table.File);
                var types = table.Columns.Select(c => c.Type).ToArray();
                if (table.Name == "fact") await PrepareFactsAsync(transaction, await MeasureIdsAsync(transaction, cancellationToken), cancellationToken);
                long rows;
                try
                {
                    rows = await BulkInsertAsync(transaction, table.Name, [.. table.Columns.Select(c => $"\"{c.Name}\"")],
                        BackupRows.Read(Path.Combine(directory, table.File), name, table.Columns), (values, row) => WriteRow(values, types, row), cancellationToken);
                }
                catch (DbException e)
                {
                    throw new BackupException(name, $"the store refused its rows ({e.Message.ReplaceLineEndings(" ")})");
                }
                if (rows != table.Rows) throw new BackupException(name, $"{rows} rows where {BackupManifest.FileName} says {table.Rows}");
            }
            foreach (var sequence in manifest.Sequences)
            {
                await ExecuteAsync(transaction, $"DROP SEQUENCE {sequence.Name}", cancellationToken);
                await ExecuteAsync(transaction, $"CREATE SEQUENCE {sequence.Name} START {sequence.Next.ToString(CultureInfo.InvariantCulture)}", cancellationToken);
            }
        }, cancellationToken);
        await MigrateAsync(shared, cancellationToken);
        await InStepAsync(shared, async transaction =>
        {
            // The backup's stamp may be one a running server has cached for other offices or questionnaires.
            await StampCatalogAsync(transaction, cancellationToken);
            await Platform.AuditAsync(transaction, change, "store", "restore", null, null,
                $"{directory}: the {manifest.Engine} backup of {manifest.CreatedAt:u} at schema version {manifest.SchemaVersion}", cancellationToken);
        }, cancellationToken);
    }

    private async Task<List<int>> MeasureIdsAsync(DbTransaction transaction, CancellationToken cancellationToken)
    {
        var ids = new List<int>();
        await foreach (var row in QueryAsync(transaction, "SELECT id FROM measure", cancellationToken)) ids.Add(ToInt(row[0])!.Value);
        return ids;
    }

    private static void WriteRow(object?[] values, string[] types, IBulkRow row)
    {
        for (var i = 0; i < values.Length; i++)
        {
            switch (values[i])
            {
                case null: row.Null(); break;
                case string text: row.Text(text); break;
                case int integer when types[i] == BackupTypes.Integer: row.Integer(integer); break;
                case long bigint: row.Bigint(bigint); break;
                case decimal number: row.Decimal(number); break;
                case bool boolean: row.Boolean(boolean); break;
                case DateTime at: row.Timestamp(at); break;
                default: throw new InvalidOperationException($"no bulk value for {values[i]!.GetType()}");
            }
        }
    }
}

/// <summary>A backup that cannot be restored: names the file and what is wrong with it; nothing was written.</summary>
public sealed class BackupException(string file, string problem) : AlmanacException($"{file}: {problem}; nothing was restored.")
{
    public string File { get; } = file;
}
