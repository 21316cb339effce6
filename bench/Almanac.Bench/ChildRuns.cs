using System.Diagnostics;
using System.Globalization;
using Almanac.Domain.Workforce;
using Almanac.Ingest.Reference;
using Almanac.Ingest.Staff;
using Almanac.Store;
using CsvHelper;
using CsvHelper.Configuration;
using DuckDB.NET.Data;

namespace Almanac.Bench;

/// <summary>
/// The measured runs. Each runs in its own process (the harness re-invokes this assembly), so that its peak memory
/// is its own and not the generator's or an earlier run's.
/// </summary>
public static class ChildRuns
{
    public const int Year = 2023;

    /// <summary>The columns of the staff list file, typed as the store's staff_member table types them.</summary>
    public const string CsvColumns =
        "{'staff_id': 'VARCHAR', 'nationality': 'VARCHAR', 'grade': 'VARCHAR', 'category': 'VARCHAR', 'sex': 'VARCHAR', 'duty_station': 'VARCHAR'}";

    /// <summary>
    /// Exactly what <c>almanac import staff</c> does on a new store: open it (migrations), load the reference data
    /// (<c>almanac init</c>; untimed), then the timed import: stream, validate, checksum and write in one transaction.
    /// </summary>
    public static async Task<Measurement> AlmanacImportAsync(string csv, string database, CancellationToken cancellationToken)
    {
        var reference = ReferenceDataReader.ReadEmbedded();
        Measurement m;
        await using (var store = await AlmanacStores.OpenAsync(database, cancellationToken))
        {
            await store.ReplaceReferenceDataAsync(reference, cancellationToken);
            m = await TimeAsync(async () =>
            {
                var result = await new StaffImporter(store, TimeProvider.System).ImportAsync(csv, Year, cancellationToken);
                if (result.Outcome != ImportOutcome.Imported) throw new InvalidOperationException($"expected a new import, got {result.Outcome}");
                return result.RowCount;
            });
        }
        return WithPeak(m);
    }

    /// <summary>The reference: DuckDB itself loading the same file with read_csv into a table of the same columns.</summary>
    public static async Task<Measurement> DuckDbReadCsvAsync(string csv, string database, CancellationToken cancellationToken)
    {
        Measurement m;
        await using (var connection = new DuckDBConnection($"Data Source={database}"))
        {
            await connection.OpenAsync(cancellationToken);
            await ExecuteAsync(connection, """
                CREATE TABLE staff_csv (staff_id TEXT NOT NULL, nationality TEXT NOT NULL, grade TEXT NOT NULL,
                    category TEXT NOT NULL, sex TEXT NOT NULL, duty_station TEXT)
                """, cancellationToken);
            m = await TimeAsync(async () => await ExecuteAsync(connection,
                $"INSERT INTO staff_csv SELECT * FROM read_csv('{csv.Replace("'", "''", StringComparison.Ordinal)}', header = true, columns = {CsvColumns})",
                cancellationToken));
        }
        return WithPeak(m);
    }

    /// <summary>Times one piece of work that returns its row count, with the page faults it caused.</summary>
    private static async Task<Measurement> TimeAsync(Func<Task<long>> work)
    {
        var m = new Measurement();
        var faults = ProcFs.MinorFaults() ?? 0;
        var stopwatch = Stopwatch.StartNew();
        m["rows"] = await work();
        stopwatch.Stop();
        m["timed_faults"] = (ProcFs.MinorFaults() ?? double.NaN) - faults;
        m["seconds"] = stopwatch.Elapsed.TotalSeconds;
        return m;
    }

    /// <summary>Adds the process's peak working set, read after the store is closed so that its final flush counts.</summary>
    private static Measurement WithPeak(Measurement m)
    {
        m["peak_bytes"] = ProcFs.PeakWorkingSetBytes() ?? double.NaN;
        return m;
    }

    /// <summary>
    /// The Almanac import again, taken apart with stopwatches: the same calls <see cref="StaffImporter"/> makes, with
    /// the row stream wrapped so that the time spent producing rows (read, UTF-8 check, CSV parse, validation) is
    /// told from the time the store spends between rows (the appender) and after the last row (flush, aggregate,
    /// commit). Then, standalone on the same file and store: the CSV parse alone and the aggregate query alone.
    /// </summary>
    public static async Task<Measurement> ProfileAsync(string csv, string database, CancellationToken cancellationToken)
    {
        var reference = ReferenceDataReader.ReadEmbedded();
        var m = new Measurement();
        var clock = new StreamClock();
        await using (var store = await AlmanacStores.OpenAsync(database, cancellationToken))
        {
            await store.ReplaceReferenceDataAsync(reference, cancellationToken);
            var total = Stopwatch.StartNew();

            var t = Stopwatch.GetTimestamp();
            var loaded = await store.LoadReferenceDataAsync(cancellationToken);
            m["load_reference"] = Stopwatch.GetElapsedTime(t).TotalSeconds;

            var rows = StaffListReader.Read(csv, loaded);

            t = Stopwatch.GetTimestamp();
            var checksum = await StaffListReader.ChecksumAsync(csv, cancellationToken);
            m["checksum"] = Stopwatch.GetElapsedTime(t).TotalSeconds;

            var source = new SourceInfo(SourceKinds.StaffList, Path.GetFileName(csv), checksum, TimeProvider.System.GetUtcNow());
            var start = Stopwatch.GetTimestamp();
            var result = await store.ImportStaffListAsync(source, Year, clock.Wrap(rows), cancellationToken);
            var end = Stopwatch.GetTimestamp();
            total.Stop();

            m["rows"] = result.RowCount;
            m["seconds"] = total.Elapsed.TotalSeconds;
            m["store_before_rows"] = Seconds(clock.FirstCall - start);
            m["first_row"] = Seconds(clock.FirstRow);
            m["produce_rows"] = Seconds(clock.Inside - clock.FirstRow);
            m["append"] = Seconds(clock.LastReturn - clock.FirstCall - clock.Inside);
            m["store_after_rows"] = Seconds(end - clock.LastReturn);
        }

        // Standalone pieces, on a warm file cache like the import's.
        m["parse_only"] = ParseOnly(csv);

        var p = Stopwatch.GetTimestamp();
        long validated = 0;
        foreach (var _ in StaffListReader.Read(csv, reference)) validated++;
        m["read_validate_only"] = Stopwatch.GetElapsedTime(p).TotalSeconds;

        await using (var connection = new DuckDBConnection($"Data Source={database}"))
        {
            await connection.OpenAsync(cancellationToken);
            var a = Stopwatch.GetTimestamp();
            await ExecuteAsync(connection, """
                CREATE TEMP TABLE aggregate_check AS
                SELECT 'category=' || category || ';grade=' || grade || ';nationality=' || nationality || ';sex=' || sex AS dims, COUNT(*) AS value
                FROM staff_member WHERE source_id = (SELECT MAX(id) FROM source)
                GROUP BY category, grade, nationality, sex
                """, cancellationToken);
            m["aggregate_only"] = Stopwatch.GetElapsedTime(a).TotalSeconds;
        }
        m["peak_bytes"] = ProcFs.PeakWorkingSetBytes() ?? double.NaN;
        m["gc0"] = GC.CollectionCount(0);
        m["gc1"] = GC.CollectionCount(1);
        m["gc2"] = GC.CollectionCount(2);
        m["gc_pause"] = GC.GetTotalPauseDuration().TotalSeconds;
        m["allocated_bytes"] = GC.GetTotalAllocatedBytes();
        return m;
    }

    /// <summary>CsvHelper's parser over the file with the reader's configuration, cells only: no validation, no store.</summary>
    private static double ParseOnly(string csv)
    {
        var t = Stopwatch.GetTimestamp();
        using var reader = new StreamReader(csv, new System.Text.UTF8Encoding(false, true), detectEncodingFromByteOrderMarks: false);
        var config = new CsvConfiguration(CultureInfo.InvariantCulture) { DetectDelimiter = true, DetectDelimiterValues = [",", ";", "\t"] };
        using var parser = new CsvParser(reader, config);
        long cells = 0;
        while (parser.Read()) cells += parser.Record?.Length ?? 0;
        return cells > 0 ? Stopwatch.GetElapsedTime(t).TotalSeconds : double.NaN;
    }

    private static double Seconds(long ticks) => (double)ticks / Stopwatch.Frequency;

    private static async Task<int> ExecuteAsync(DuckDBConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Times a row stream from the consumer's side: the time inside MoveNext is the producer's.</summary>
    private sealed class StreamClock
    {
        public long FirstCall { get; private set; }
        public long FirstRow { get; private set; }
        public long Inside { get; private set; }
        public long LastReturn { get; private set; }

        public IEnumerable<(long Line, StaffMember Member)> Wrap(IEnumerable<(long Line, StaffMember Member)> rows)
        {
            using var e = rows.GetEnumerator();
            while (true)
            {
                var t0 = Stopwatch.GetTimestamp();
                if (FirstCall == 0) FirstCall = t0;
                var more = e.MoveNext();
                var t1 = Stopwatch.GetTimestamp();
                if (FirstRow == 0) FirstRow = t1 - t0;
                Inside += t1 - t0;
                if (!more)
                {
                    LastReturn = t1;
                    yield break;
                }
                yield return e.Current;
            }
        }
    }
}
