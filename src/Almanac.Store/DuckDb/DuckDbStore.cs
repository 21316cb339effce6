using System.Data.Common;
using Almanac.Domain;
using Almanac.Store.Backup;
using Almanac.Store.Facts;
using DuckDB.NET.Data;
using DuckDB.NET.Native;
using Nito.AsyncEx;

namespace Almanac.Store.DuckDb;

/// <summary>
/// The embedded store: one DuckDB file, no server. DuckDB rather than SQLite because Almanac's work is analytical —
/// group-bys over millions of observations — which DuckDB's columnar, vectorized engine does an order of magnitude
/// faster, with full ACID transactions and an appender for bulk loads; its SQL is close enough to PostgreSQL's that
/// both stores share one schema text.
/// </summary>
public sealed class DuckDbStore : SqlStore
{
    private readonly string _path;

    private readonly DuckDBConnection _connection;

    private DuckDbStore(DuckDBConnection connection, string path) : base(connection, $"DuckDB at {path}")
    {
        _connection = connection;
        _path = path;
        (_local, _writers, _units) = path == InMemory ? NewShared() : ByFile.GetOrAdd(Path.GetFullPath(path), _ => NewShared());
    }

    // DuckDB lets one process write a file (the others are refused its lock), so this process's counters, writers' hold
    // and units at once are the database's: one per file, whichever of the process's stores changes it; an in-memory
    // database is its store's alone.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, (LocalChanges, AsyncReaderWriterLock, SemaphoreSlim)> ByFile = new(StringComparer.Ordinal);

    private static (LocalChanges, AsyncReaderWriterLock, SemaphoreSlim) NewShared() => (new LocalChanges(), new AsyncReaderWriterLock(), new SemaphoreSlim(UnitsAtOnce, UnitsAtOnce));

    private readonly SemaphoreSlim _units;

    /// <summary>
    /// How many units of work run inside DuckDB at once (ALMANAC_DUCKDB_UNITS overrides, 1 to 256): four per core. DuckDB.NET's
    /// calls hold their thread while the engine works, so unbounded, a burst of requests grows the thread pool and puts more
    /// transactions into the engine than there are cores, which made every one slower (measured: bench/RESULTS.md); the
    /// others wait without a thread, as for a free connection in a pool.
    /// </summary>
    private static int UnitsAtOnce =>
        int.TryParse(Environment.GetEnvironmentVariable("ALMANAC_DUCKDB_UNITS"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var units)
        && units is >= 1 and <= 256 ? units : 4 * Environment.ProcessorCount;

    internal override async ValueTask<IDisposable?> AdmitAsync(CancellationToken cancellationToken)
    {
        await _units.WaitAsync(cancellationToken);
        return new Admission(_units);
    }

    private sealed class Admission(SemaphoreSlim units) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) units.Release();
        }
    }

    private readonly LocalChanges _local;

    internal override LocalChanges? Local => _local;

    public static async Task<DuckDbStore> OpenAsync(string path, CancellationToken cancellationToken)
    {
        return await MigratedAsync(await OpenUnmigratedAsync(path, cancellationToken), cancellationToken);
    }

    /// <summary>Opens (creating when absent) a DuckDB file, or an in-memory database for <c>:memory:</c>, without applying migrations.</summary>
    private static async Task<DuckDbStore> OpenUnmigratedAsync(string path, CancellationToken cancellationToken)
    {
        if (path != InMemory)
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(path));
            if (directory is not null) Directory.CreateDirectory(directory);
        }
        var connection = new DuckDBConnection($"Data Source={path}");
        try
        {
            await connection.OpenAsync(cancellationToken);
        }
        catch (DuckDBException e) when (e.Message.Contains("lock", StringComparison.OrdinalIgnoreCase))
        {
            await connection.DisposeAsync();
            // DuckDB lets one process write a database file; its message names the process that holds it.
            throw new StoreInUseException(path, e.Message.ReplaceLineEndings(" ").Trim());
        }
        catch (DuckDBException e)
        {
            await connection.DisposeAsync();
            // A file that is no DuckDB database (a CSV given as --db, a damaged file) is refused in words, not a stack trace.
            throw new Domain.AlmanacException($"{path} cannot be opened as a store ({e.Message.ReplaceLineEndings(" ").Trim()}); nothing was changed. --db names a DuckDB file or a PostgreSQL connection string.");
        }
        var store = new DuckDbStore(connection, path);
        try
        {
            // Peak memory stays bounded at 100 million observations: DuckDB spills to disk beyond this.
            await store.ExecuteAsync(null, $"SET memory_limit = '{MemoryLimit}'", cancellationToken);
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
        return store;
    }

    private const string InMemory = ":memory:";

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, StoreCatalog> ReferenceCatalogs = new();

    /// <summary>
    /// The tables, columns and sequences of a store at a schema version, as the migrations up to it make them (in an
    /// in-memory database): what a backup of that version must hold, checked before a restore touches anything.
    /// </summary>
    internal static async Task<StoreCatalog> ReferenceCatalogAsync(int version, CancellationToken cancellationToken)
    {
        if (ReferenceCatalogs.TryGetValue(version, out var known)) return known;
        await using var store = await OpenUnmigratedAsync(InMemory, cancellationToken);
        await store.CreateSchemaAsync(null, version, cancellationToken);
        var catalog = await StoreCatalog.ReadAsync(store.Connection, null, store.SequencesSql, cancellationToken);
        // Referenced tables first: the order a restore loads them in, so that every foreign key finds its row.
        var references = new List<(string Table, string Referenced)>();
        await foreach (var row in store.QueryAsync(null, """
            SELECT table_name, referenced_table FROM duckdb_constraints()
            WHERE constraint_type = 'FOREIGN KEY' AND database_name = current_database() AND schema_name = current_schema()
            """, cancellationToken))
        {
            references.Add(((string)row[0]!, (string)row[1]!));
        }
        // A fact names its measure by id with no foreign key (a bulk load probes none); PostgreSQL needs the measures first
        // all the same, to make each one's partition before its facts arrive.
        if (catalog.Tables.Any(t => t.Name == "fact")) references.Add(("fact", "measure"));
        var ordered = new List<CatalogTable>();
        var placed = new HashSet<string>(StringComparer.Ordinal);
        while (ordered.Count < catalog.Tables.Count)
        {
            var next = catalog.Tables.First(t => !placed.Contains(t.Name) && references.All(r => r.Table != t.Name || r.Referenced == t.Name || placed.Contains(r.Referenced)));
            ordered.Add(next);
            placed.Add(next.Name);
        }
        return ReferenceCatalogs.GetOrAdd(version, catalog with { Tables = ordered });
    }

    /// <summary>
    /// Restores a verified backup into the file at <paramref name="path"/> (closed: no process holds it): the backup is
    /// loaded into a new file beside it, checkpointed and closed, then renamed over it — one rename(2), so the path names
    /// the old store or the whole new one, never a store half restored. A failure leaves the old file as it was.
    /// </summary>
    internal static async Task RestoreAsync(string path, string directory, BackupManifest manifest, Change change, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(path);
        var fresh = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.restoring-{Guid.NewGuid():N}");
        try
        {
            await using (var store = await OpenUnmigratedAsync(fresh, cancellationToken))
            {
                await store.LoadBackupAsync(null, directory, manifest, change, cancellationToken);
                await store.ExecuteAsync(null, "CHECKPOINT", cancellationToken);
            }
            // A write-ahead log belongs to the file of its name: the new file must have none, and the old one's (a store
            // closed cleanly has none) would be replayed into the new file.
            if (File.Exists(fresh + ".wal")) throw new AlmanacException($"{fresh}.wal remained after the restored store was closed; nothing was restored.");
            if (File.Exists(full + ".wal")) throw new AlmanacException($"{full}.wal exists: the store was not closed cleanly. Open it once (almanac sources) and restore again; nothing was restored.");
            File.Move(fresh, full, overwrite: true);
        }
        finally
        {
            foreach (var leftover in new[] { fresh, fresh + ".wal" }.Where(File.Exists)) File.Delete(leftover);
        }
    }

    private protected override string EngineName => "duckdb";

    private protected override string SequencesSql => """
        SELECT sequence_name, start_value, last_value FROM duckdb_sequences()
        WHERE database_name = current_database() AND schema_name = current_schema() ORDER BY sequence_name
        """;

    /// <summary>
    /// Another connection to the process's one instance of the database (DuckDB lets one process hold the file; within
    /// it any number of connections, each transaction a snapshot of its own, readers never blocked).
    /// </summary>
    private protected override async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        // DuckDB.NET shares one database instance among the connections a process opens to a file; an in-memory
        // database is reached only through its first connection, which Duplicate() shares.
        var connection = _path == InMemory ? ((DuckDBConnection)_connection).Duplicate() : new DuckDBConnection($"Data Source={_path}");
        try
        {
            await connection.OpenAsync(cancellationToken);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        return connection;
    }

    // DuckDB lets one process write the file, so an in-process hold orders every writer of the store.
    private readonly AsyncReaderWriterLock _writers;

    /// <summary>
    /// Writers side by side (shared), which DuckDB's optimistic control lets commit together unless they change one row;
    /// the few units that check what others write (a year's lock, an account change) alone: DuckDB has no row locks to wait
    /// on, and such a unit would otherwise pass its check on a snapshot without a commit that breaks it (write skew) or,
    /// writing every row it checks, conflict with a save again and again under load.
    /// </summary>
    internal override async ValueTask<IDisposable?> HoldWritersAsync(bool alone, CancellationToken cancellationToken) =>
        alone ? await _writers.WriterLockAsync(cancellationToken) : await _writers.ReaderLockAsync(cancellationToken);

    /// <summary>
    /// DuckDB aborted the transaction for another's change of a row it changed ("Conflict on update") or a key both
    /// inserted ("Failed to commit: PRIMARY KEY or UNIQUE constraint violation"): the other committed first.
    /// </summary>
    internal override bool IsTransientConflict(Exception exception) =>
        exception is DuckDBException { ErrorType: DuckDBErrorType.Transaction } duckDb
        && (duckDb.Message.Contains("Conflict on", StringComparison.Ordinal) || duckDb.Message.Contains("PRIMARY KEY or UNIQUE constraint violation", StringComparison.Ordinal));

    /// <summary>DuckDB's memory limit for this process (ALMANAC_DUCKDB_MEMORY overrides, e.g. "2GB").</summary>
    private static string MemoryLimit =>
        Environment.GetEnvironmentVariable("ALMANAC_DUCKDB_MEMORY") is { Length: > 0 } limit && limit.All(c => char.IsAsciiLetterOrDigit(c) || c == '.') ? limit : "3GB";

    /// <summary>
    /// DuckDB reads the file itself, in parallel: every cell as text, trimmed of spaces as <see cref="ObservationFile"/>
    /// trims it (a cell left empty is NULL, a declared total), checked and encoded by the SQL that reads it.
    /// </summary>
    internal override Task<string> StageObservationsAsync(DbTransaction transaction, string path, string name, ObservationHeader header, Func<string, string, string?> memberProblem, CancellationToken cancellationToken)
    {
        string[] columns = ["measure", "year", "office", .. header.Dimensions.Select(d => $"\"{d}\""), "value"];
        var types = string.Join(", ", columns.Select(c => $"'{c.Trim('"')}': 'VARCHAR'"));
        var cells = string.Join(", ", columns.Select(c => $"NULLIF(trim({c}), '') AS {c}"));
        return Task.FromResult($"(SELECT {cells} FROM read_csv('{Path.GetFullPath(path).Replace("'", "''", StringComparison.Ordinal)}', header = true, delim = ',', quote = '\"', escape = '\"', auto_detect = false, max_line_size = {InputLimits.MaxObservationLineBytes}, columns = {{{types}}}))");
    }

    /// <summary>A bulk insert need not keep the file's order; not keeping it lets DuckDB insert in parallel with less memory.</summary>
    internal override Task BeginBulkLoadAsync(CancellationToken cancellationToken) =>
        ExecuteAsync(null, "SET preserve_insertion_order = false", cancellationToken);

    internal override Task EndBulkLoadAsync(CancellationToken cancellationToken) =>
        ExecuteAsync(null, "RESET preserve_insertion_order", cancellationToken);

    protected override DbParameter Parameter(object? value) => new DuckDBParameter { Value = value ?? DBNull.Value };

    internal override Task<long> BulkInsertAsync<T>(DbTransaction transaction, string table, IReadOnlyList<string> columns, IEnumerable<T> rows, Action<T, IBulkRow> write, CancellationToken cancellationToken)
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

        public void Timestamp(DateTime utc) => Current.AppendValue(DateTime.SpecifyKind(utc, DateTimeKind.Unspecified));

        public void Null() => Current.AppendNullValue();
    }
}

/// <summary>The store's file is held by another process (a server, another command): nothing was read or written.</summary>
public sealed class StoreInUseException(string path, string detail)
    : Domain.AlmanacException($"{path} is in use by another process, which holds it until it stops ({detail}); nothing was changed.");
