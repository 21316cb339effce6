using System.Data.Common;
using System.Globalization;
using System.Text.RegularExpressions;
using Almanac.Store.Backup;
using Almanac.Store.DuckDb;
using Almanac.Store.Schema;
using Npgsql;
using NpgsqlTypes;

namespace Almanac.Store.Postgres;

/// <summary>The multi-user store: PostgreSQL through Npgsql, same schema and behaviour as the embedded store.</summary>
public sealed partial class PostgresStore : SqlStore
{
    /// <summary>Connections a store keeps at most when the connection string does not say (Npgsql's own default is 100).</summary>
    /// <remarks>
    /// A unit of work holds one for a few milliseconds, so a small pool serves hundreds of requests; several servers and
    /// the command line share PostgreSQL's max_connections (100 by default), which one server must not take alone.
    /// </remarks>
    public const int DefaultMaxPoolSize = 16;

    private readonly NpgsqlDataSource _dataSource;

    private PostgresStore(NpgsqlDataSource dataSource, NpgsqlConnection connection, string description) : base(connection, description) =>
        _dataSource = dataSource;

    public static async Task<PostgresStore> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var named = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (!named.ContainsKey("Maximum Pool Size") && !named.ContainsKey("Max Pool Size") && !named.ContainsKey("MaxPoolSize")) builder.MaxPoolSize = DefaultMaxPoolSize;
        // One data source (one pool) per store: the platform's units of work take their connections from it; the store's
        // own connection, from the same pool, runs migrations, imports and analytics as before.
        var dataSource = NpgsqlDataSource.Create(builder);
        NpgsqlConnection connection;
        try
        {
            connection = await dataSource.OpenConnectionAsync(cancellationToken);
        }
        catch
        {
            await dataSource.DisposeAsync();
            throw;
        }
        return await MigratedAsync(new PostgresStore(dataSource, connection, $"PostgreSQL database '{builder.Database}' at {builder.Host}:{builder.Port}"), cancellationToken);
    }

    /// <summary>A pooled connection: a unit of work or a snapshot runs beside the store's work (and any other server's).</summary>
    private protected override async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken);

    /// <summary>
    /// Nothing in the process: PostgreSQL locks the rows a transaction writes (a second writer waits for the first instead of
    /// failing), and the invariants that need more take row or table locks, which hold across servers.
    /// </summary>
    internal override ValueTask<IDisposable?> HoldWritersAsync(bool alone, CancellationToken cancellationToken) => ValueTask.FromResult<IDisposable?>(null);

    /// <summary>A deadlock or a serialization failure: the server aborted the transaction, which runs again.</summary>
    internal override bool IsTransientConflict(Exception exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure };

    /// <summary>A save or a review waits while the year is being locked or unlocked, and the lock waits for them.</summary>
    internal override Task ShareYearAsync(DbTransaction transaction, int year, CancellationToken cancellationToken) =>
        ExecuteAsync(transaction, "SELECT year FROM questionnaire WHERE year = $1 FOR SHARE", cancellationToken, year);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _dataSource.DisposeAsync();
    }

    private protected override string EngineName => "postgresql";

    private protected override string SequencesSql =>
        "SELECT sequencename, start_value, last_value FROM pg_sequences WHERE schemaname = current_schema() ORDER BY sequencename";

    /// <summary>REPEATABLE READ, read only: every table is read as of the transaction's first statement, whatever commits meanwhile.</summary>
    private protected override async Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        await using var readOnly = new NpgsqlCommand("SET TRANSACTION READ ONLY", (NpgsqlConnection)connection, (NpgsqlTransaction)transaction);
        await readOnly.ExecuteNonQueryAsync(cancellationToken);
        return transaction;
    }

    /// <summary>
    /// Restores a verified backup in one transaction: every table and sequence of the schema dropped, the backup's schema
    /// created by the migrations up to its version, its rows and sequences loaded, the migrations since applied. Until it
    /// commits, other connections see the store as it was (and wait on its tables); a failure rolls all of it back.
    /// </summary>
    internal async Task RestoreAsync(string directory, BackupManifest manifest, Change change, CancellationToken cancellationToken)
    {
        await using var transaction = await Connection.BeginTransactionAsync(cancellationToken);
        // Almanac's own tables and sequences only (the store was opened, so it is at the latest schema version): another
        // application's tables in the same schema are left as they are.
        var catalog = await StoreCatalog.ReadAsync(Connection, transaction, SequencesSql, cancellationToken, await DuckDbStore.ReferenceCatalogAsync(Migrations.Latest, cancellationToken));
        foreach (var table in catalog.Tables) await ExecuteAsync(transaction, $"DROP TABLE \"{table.Name}\" CASCADE", cancellationToken);
        foreach (var sequence in catalog.Sequences) await ExecuteAsync(transaction, $"DROP SEQUENCE IF EXISTS \"{sequence.Name}\"", cancellationToken);
        await LoadBackupAsync(transaction, directory, manifest, change, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Observation files are read and encoded in .NET and their facts sent as binary rows of codes straight into the fact
    /// table (<see cref="Facts.FactStore"/>): no staging table, no statement that joins and sorts them in one backend.
    /// </summary>
    internal override bool EncodesFilesInDotNet => true;

    /// <summary>
    /// The fact table is partitioned by measure, a partition per measure: a query or rule batch of a few measures reads
    /// only their partitions (pruned at planning, the measure ids being literals), and a load needs no index built or kept
    /// up to date. The B-tree on (measure_id, year) it replaces took a third of a load of 10 million observations to build
    /// (3–5 s of 15 s on two cores; kept up to date row by row during <c>COPY</c> it doubled the load), a BRIN index half
    /// that but slowed the pivots sevenfold (bench/RESULTS.md, 2026-12-06). A partition is created as a table of its own
    /// and then attached, rather than by <c>CREATE TABLE … PARTITION OF</c>: attaching locks the fact table in SHARE UPDATE
    /// EXCLUSIVE mode, which lets queries and other writers of facts on, where creating a partition in place would lock
    /// every reader out until the load commits. Rows are best copied into their partition directly: routed by the
    /// partitioned table, a <c>COPY</c> of the same rows took a quarter to a half longer. No <c>ANALYZE</c> follows a load: with no index, the only plan for a measure's rows is to read its partition,
    /// and analysing fifty new partitions took 3.6 s of the load (1.2 s at a tenth of the statistics); autovacuum analyses
    /// a partition within a minute of its first rows. The price: a query of one year reads all its measure's years (the
    /// pivots' median went from 0.49× the DuckDB reference's time to 0.81×, bench/RESULTS.md, 2026-12-06).
    /// </summary>
    internal override async Task<Func<int, string>> PrepareFactsAsync(DbTransaction transaction, IReadOnlyCollection<int> measureIds, CancellationToken cancellationToken)
    {
        // Before migration 14 (its own data step, or a migration before it that writes facts): the one table.
        if (await FactPartitionsAsync(transaction, cancellationToken) is not { } existing) return _ => "fact";
        foreach (var id in measureIds.Where(id => !existing.Contains(id)).Distinct().Order())
        {
            var partition = FactPartition(id);
            await ExecuteAsync(transaction, $"CREATE TABLE {partition} (LIKE fact INCLUDING DEFAULTS)", cancellationToken);
            await ExecuteAsync(transaction, $"ALTER TABLE fact ATTACH PARTITION {partition} FOR VALUES IN ({id.ToString(CultureInfo.InvariantCulture)})", cancellationToken);
        }
        return FactPartition;
    }

    /// <summary>
    /// Partitions the fact table by measure (migration 14): the table as it was is renamed, a partitioned one takes its
    /// name with a partition for every measure, the rows are moved, and the old table goes with its index.
    /// </summary>
    internal override async Task PartitionFactsAsync(DbTransaction transaction, CancellationToken cancellationToken)
    {
        await ExecuteAsync(transaction, "ALTER TABLE fact RENAME TO fact_unpartitioned", cancellationToken);
        await ExecuteAsync(transaction, "CREATE TABLE fact (LIKE fact_unpartitioned INCLUDING DEFAULTS) PARTITION BY LIST (measure_id)", cancellationToken);
        var measures = new List<int>();
        await foreach (var row in QueryAsync(transaction, "SELECT id FROM measure UNION SELECT DISTINCT measure_id FROM fact_unpartitioned", cancellationToken))
        {
            measures.Add(ToInt(row[0])!.Value);
        }
        await PrepareFactsAsync(transaction, measures, cancellationToken);
        await AnalyticExecuteAsync(transaction, "INSERT INTO fact SELECT * FROM fact_unpartitioned", cancellationToken);
        await ExecuteAsync(transaction, "DROP TABLE fact_unpartitioned", cancellationToken);
    }

    /// <summary>The name of a measure's partition of the fact table.</summary>
    private static string FactPartition(int measureId) => string.Create(CultureInfo.InvariantCulture, $"fact_measure_{measureId}");

    /// <summary>The measures whose partition the fact table has, or null when it is not partitioned (before migration 14).</summary>
    private async Task<HashSet<int>?> FactPartitionsAsync(DbTransaction transaction, CancellationToken cancellationToken)
    {
        // The partitions' bounds as the catalog has them, not their names: "FOR VALUES IN (7)".
        await foreach (var row in QueryAsync(transaction, """
            SELECT c.relkind = 'p', ARRAY(SELECT pg_get_expr(p.relpartbound, p.oid) FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhrelid WHERE i.inhparent = c.oid)
            FROM pg_class c WHERE c.oid = to_regclass('fact')
            """, cancellationToken))
        {
            if (!(bool)row[0]!) return null;
            return [.. ((string[])row[1]!).Select(bound => int.Parse(PartitionBound().Match(bound).Groups[1].Value, CultureInfo.InvariantCulture))];
        }
        throw new InvalidOperationException("the store has no fact table");
    }

    [GeneratedRegex(@"^FOR VALUES IN \((\d+)\)$")]
    private static partial Regex PartitionBound();

    /// <summary>
    /// Settings of a rule batch's one statement, which reads millions of facts: with <c>base</c> aggregated first, a hash
    /// aggregation that stays in memory (1 GB for this statement only rather than the server's small default); JIT
    /// compiling the statement's expressions costs more than the run wins back; no parallel workers, since the rows go to
    /// .NET as fast as one backend sends them (<see cref="ComparesRulesInDotNet"/>): workers only added the passing of
    /// every row through the leader, and took a core from the reader (1,000 rules at 10 million observations: 13.0–13.4 s
    /// with, 11.1 s without, bench/RESULTS.md, 2026-12-06 afternoon).
    /// </summary>
    internal override IReadOnlyList<string> RuleStatementSettings { get; } = ["SET LOCAL work_mem = '1GB'", "SET LOCAL jit = off", "SET LOCAL max_parallel_workers_per_gather = 0"];

    /// <summary>
    /// Measured (bench/RESULTS.md, 2026-12-05 night and 2026-12-06): of the one statement's 42 s at 1 million
    /// observations, three quarters went to sorting and aggregating 7.7 million term rows in <c>numeric</c>, one backend;
    /// at 10 million the per-shape GROUP BYs alone took 40 s on a busy machine (3.7 million groups from 8 million rows,
    /// hash tables spilling to disk), where reading the same rows out takes a fraction of it. So the server only reads the
    /// facts at the batch's grain and .NET does the rest.
    /// </summary>
    internal override bool ComparesRulesInDotNet => true;

    protected override DbParameter Parameter(object? value) => new NpgsqlParameter { Value = value ?? DBNull.Value };

    // EXCLUSIVE lets readers (sign-in, sessions) on and makes a second server's account change wait for this transaction.
    internal override Task SerializeAccountChangesAsync(DbTransaction transaction, CancellationToken cancellationToken) =>
        ExecuteAsync(transaction, "LOCK TABLE account IN EXCLUSIVE MODE", cancellationToken);

    internal override async Task<long> BulkInsertAsync<T>(DbTransaction transaction, string table, IReadOnlyList<string> columns, IEnumerable<T> rows, Action<T, IBulkRow> write, CancellationToken cancellationToken)
    {
        long count = 0;
        // COPY runs in the connection's open transaction: a rollback discards every row it wrote.
        await using var importer = await ((NpgsqlConnection)Connection).BeginBinaryImportAsync(
            $"COPY {table} ({string.Join(", ", columns)}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        var row = new CopyRow(importer);
        foreach (var item in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await importer.StartRowAsync(cancellationToken);
            write(item, row);
            count++;
        }
        await importer.CompleteAsync(cancellationToken);
        return count;
    }

    /// <summary>
    /// Rows of numbers as binary COPY rows formatted by <see cref="BinaryCopyRows"/> and sent through Npgsql's raw COPY
    /// stream, a row formatted into one buffer. Measured against the forms before it (bench/RESULTS.md, 2026-12-06
    /// morning): Npgsql's binary importer spent a typed write per value on the client, eleven a fact row, and made the
    /// client the bottleneck; COPY's text format cost the client a formatting of every number as digits, while the server
    /// spends about as much per field on text as on binary rows (perf of the backend).
    /// </summary>
    internal override async Task<long> BulkInsertNumbersAsync<T>(DbTransaction transaction, string table, IReadOnlyList<string> columns, IEnumerable<T> rows,
        Action<T, IBulkRow> write, CancellationToken cancellationToken)
    {
        long count = 0;
        // COPY runs in the connection's open transaction: a rollback discards every row it wrote.
        var stream = await ((NpgsqlConnection)Connection).BeginRawBinaryCopyAsync($"COPY {table} ({string.Join(", ", columns)}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        try
        {
            var row = new BinaryCopyRows(stream, columns.Count);
            foreach (var item in rows)
            {
                cancellationToken.ThrowIfCancellationRequested();
                row.StartRow();
                write(item, row);
                count++;
                await row.SendWhenFullAsync(cancellationToken);
            }
            await row.EndAsync(cancellationToken);
        }
        catch
        {
            // Disposing would complete the COPY with the rows so far; cancelled, the server discards them.
            await stream.CancelAsync();
            await stream.DisposeAsync();
            throw;
        }
        await stream.DisposeAsync();
        return count;
    }

    /// <summary>
    /// Writes one row's values to the COPY stream with the column's exact type, as binary COPY requires. Synchronous: the
    /// values go to Npgsql's write buffer, which is sent as it fills.
    /// </summary>
    private sealed class CopyRow(NpgsqlBinaryImporter importer) : IBulkRow
    {
        public void Bigint(long value) => importer.Write(value, NpgsqlDbType.Bigint);

        public void Integer(int? value)
        {
            if (value is null) importer.WriteNull();
            else importer.Write(value.Value, NpgsqlDbType.Integer);
        }

        public void Decimal(decimal value) => importer.Write(value, NpgsqlDbType.Numeric);

        public void Boolean(bool value) => importer.Write(value, NpgsqlDbType.Boolean);

        public void Text(string? value)
        {
            if (value is null) importer.WriteNull();
            else importer.Write(value, NpgsqlDbType.Text);
        }

        public void Timestamp(DateTime utc) => importer.Write(DateTime.SpecifyKind(utc, DateTimeKind.Unspecified), NpgsqlDbType.Timestamp);

        public void Null() => importer.WriteNull();
    }
}
