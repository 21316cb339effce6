using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Almanac.Domain;

namespace Almanac.Store.Facts;

internal sealed partial class FactStore
{
    /// <summary>Facts a reading thread gathers before they are sorted by measure and year and sent (about 100 MB).</summary>
    private const int EncodedBatchRows = 2_000_000;

    /// <summary>The least of a file one reading thread takes (a smaller file is read by one), and the most threads.</summary>
    private const long MinimumPartBytes = 4 << 20;

    private const int MaximumParts = 8;

    /// <summary>
    /// Encodes an observation file in .NET for an engine that takes rows of codes faster than it joins and sorts text
    /// (<see cref="SqlStore.EncodesFilesInDotNet"/>), in one reading: the file is read in parts of whole lines on as many
    /// threads as there are cores (<see cref="FilePart"/>); new measures and members get their ids and codes as they are
    /// met (<see cref="FactCodes"/>), so that facts are sent while the file is still being read, through the engine's bulk
    /// load for numbers (<see cref="SqlStore.BulkInsertNumbersAsync"/>), each thread's batch of
    /// <see cref="EncodedBatchRows"/> sorted by measure and year so that a measure's rows lie on adjacent pages. The
    /// dictionary's new rows are written after the facts, in the same transaction. Reading the whole file first to give
    /// codes in name order left the server idle for that reading, a fifth of the load (bench/RESULTS.md, 2026-12-06
    /// night); codes were in name order only within one load anyway. A line a reading refuses stops the load (the facts
    /// sent are rolled back with the transaction); the caller reads the file again to name it.
    /// </summary>
    private async Task<(List<(string Measure, int Year)> Pairs, long Rows)> EncodeFileAsync(DbTransaction transaction, long sourceId, string path, string name,
        ObservationHeader header, FactCatalog catalog, Func<string, string, string?> memberProblem, CancellationToken cancellationToken)
    {
        var parts = FilePart.Split(path, Math.Clamp(Environment.ProcessorCount, 1, MaximumParts), MinimumPartBytes);
        string[] columns = ["office", .. header.Dimensions];
        // The slots the file's dimensions take; the others are left to their default, 0 (migration 14): three fields a
        // row fewer to format and for the server to read, when a file has three dimensions of the six.
        string[] factColumns = ["source_id", "measure_id", "year", "office", .. header.Dimensions.Select((_, i) => "d" + (i + 1).ToString(CultureInfo.InvariantCulture)), "value"];
        var codes = new FactCodes(catalog, columns);
        var readings = parts.Select(part => new PartReading(part, new ObservationScanner(name, header, memberProblem), codes)).ToList();
        // One buffer more than there are readers, so that each reads into one while another is sent.
        var capacity = (int)Math.Min(EncodedBatchRows, new FileInfo(path).Length / 8 / parts.Count + 1);
        var buffers = Enumerable.Range(0, readings.Count + 1).Select(_ => new EncodedFacts(capacity, columns.Length)).ToList();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var ready = new BlockingCollection<(EncodedFacts Batch, ArraySegment<int> Order)>(boundedCapacity: buffers.Count);
        using var free = new BlockingCollection<EncodedFacts>(boundedCapacity: buffers.Count);
        foreach (var buffer in buffers) free.Add(buffer, stop.Token);
        var reading = readings.Count;
        var readers = readings.Select(part => Task.Factory.StartNew(() =>
        {
            try
            {
                part.Read(path, free, ready, stop.Token);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A refused line stops the other readers and the send (cancelled, they add no exception of their own).
                stop.Cancel();
                throw;
            }
            finally
            {
                if (Interlocked.Decrement(ref reading) == 0) ready.CompleteAdding();
            }
        }, stop.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToList();

        long written = 0;
        try
        {
            // A bulk load per batch and table, the batch's measures made ready first (on PostgreSQL their partitions, which
            // cannot be created on the connection while a COPY is under way, and which take rows faster than the
            // partitioned table routing them): a batch is in measure order, so a table's rows follow each other.
            foreach (var (batch, order) in ready.GetConsumingEnumerable(stop.Token))
            {
                var tableOf = await store.PrepareFactsAsync(transaction, batch.Measures, cancellationToken);
                for (var start = 0; start < order.Count;)
                {
                    var (measure, table) = (batch.Measure(order[start]), tableOf(batch.Measure(order[start])));
                    var end = start + 1;
                    for (; end < order.Count; end++)
                    {
                        if (batch.Measure(order[end]) == measure) continue;
                        measure = batch.Measure(order[end]);
                        if (tableOf(measure) != table) break;
                    }
                    written += await store.BulkInsertNumbersAsync(transaction, table, factColumns, order[start..end], (i, row) =>
                    {
                        row.Bigint(sourceId);
                        row.Integer(batch.Measure(i));
                        row.Integer(batch.Year(i));
                        foreach (var code in batch.Codes(i)) row.Integer(code);
                        row.Decimal(batch.Value(i));
                    }, cancellationToken);
                    start = end;
                }
                free.Add(batch, stop.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Stopped by a reader: its exception is the one to throw.
            await Task.WhenAll(readers);
            throw;
        }
        finally
        {
            await stop.CancelAsync();
            try
            {
                await Task.WhenAll(readers);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }
        }
        var rows = readings.Sum(r => r.Rows);
        // Every line read is sent, or a reader stopped without saying why.
        if (written != rows) throw new DbExceptionForDiagnosis($"{written} rows written of {rows} read");
        if (rows == 0) return ([], 0);

        var pairs = readings.SelectMany(r => r.Found.Select(p => (Measure: r.Scanner.Measures[p.Measure - 1], p.Year, p.Used, p.Totals)))
            .GroupBy(p => (p.Measure, p.Year))
            .Select(g => (g.Key.Measure, g.Key.Year, Used: columns.Select((_, i) => g.Any(p => p.Used[i])).ToArray(), Totals: columns.Select((_, i) => g.Any(p => p.Totals[i])).ToArray()))
            .OrderBy(p => p.Measure, StringComparer.Ordinal).ThenBy(p => p.Year).ToList();
        await RegisterAsync(transaction, header.Dimensions, pairs, codes, cancellationToken);
        return ([.. pairs.Select(p => (p.Measure, p.Year))], rows);
    }

    /// <summary>One part of the file as its thread reads it: what it found, and its lines in batches numbered as the store numbers them.</summary>
    private sealed class PartReading(FilePart part, ObservationScanner scanner, FactCodes codes)
    {
        private readonly List<int> _measureIds = [0];
        private readonly List<int>[] _codes = [.. scanner.Columns.Select(_ => new List<int> { 0 })];

        /// <summary>
        /// The pairs met, by the reading's measure number and then the year's place from <see cref="ObservationFile.MinYear"/>:
        /// a line's pair found by two indexes. Looked up in a dictionary, a pair took about a twentieth of the reading threads'
        /// time in a file whose measure changes from line to line (bench/RESULTS.md, 2026-12-06 afternoon).
        /// </summary>
        private readonly List<PairUse?[]> _pairs = [];
        private int _namesKnown;

        public ObservationScanner Scanner => scanner;

        /// <summary>The (measure, year) pairs of the part, by the reading's measure number, in the order met.</summary>
        public List<PairUse> Found { get; } = [];

        public long Rows { get; private set; }

        /// <summary>Reads the part into batches taken from <paramref name="free"/>, each sorted and handed to <paramref name="ready"/> when full.</summary>
        public void Read(string path, BlockingCollection<EncodedFacts> free, BlockingCollection<(EncodedFacts Batch, ArraySegment<int> Order)> ready, CancellationToken cancellationToken)
        {
            try
            {
                using var reading = scanner.Open(path, part);
                // The first batch is small, so that the engine starts early.
                for (var (more, first) = (true, true); more; first = false)
                {
                    var batch = free.Take(cancellationToken);
                    batch.Clear();
                    more = reading.Read(first ? Math.Max(1, batch.Capacity / 16) : batch.Capacity, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (measure, year, members, value) =>
                    {
                        var pair = Pair(measure, year, members.Length);
                        for (var i = 0; i < members.Length; i++)
                        {
                            if (members[i] == 0) pair.Totals[i] = true;
                            else pair.Used[i] = true;
                        }
                        if (scanner.NamesMet != _namesKnown) LearnNewNames();
                        batch.Add(_measureIds[measure], year, pair.Number, members, value, _codes);
                    }, out var refused);
                    if (refused is not null) throw new DbExceptionForDiagnosis(part.Start == 0 ? $"line {refused}" : $"line {refused} of the part from byte {part.Start}");
                    Rows += batch.Count;
                    ready.Add((batch, batch.Sorted(Found.Count)), cancellationToken);
                }
            }
            catch (InputException e)
            {
                // A part numbers its lines from its start and cannot go back to find the bytes that are not UTF-8: the
                // caller's reading of the whole file names the line.
                throw new DbExceptionForDiagnosis($"{e.Message} (in the part from byte {part.Start})");
            }
        }

        private PairUse Pair(int measure, int year, int columns)
        {
            while (_pairs.Count <= measure) _pairs.Add(new PairUse?[ObservationFile.MaxYear - ObservationFile.MinYear + 1]);
            ref var pair = ref _pairs[measure][year - ObservationFile.MinYear];
            if (pair is null)
            {
                pair = new PairUse(measure, year, Found.Count, new bool[columns], new bool[columns]);
                Found.Add(pair);
            }
            return pair;
        }

        /// <summary>Asks the shared codes for the store's id or code of every name the reading met since it last asked.</summary>
        private void LearnNewNames()
        {
            _namesKnown = scanner.NamesMet;
            var measures = scanner.Measures;
            while (_measureIds.Count <= measures.Count) _measureIds.Add(codes.MeasureId(measures[_measureIds.Count - 1]));
            for (var i = 0; i < _codes.Length; i++)
            {
                var (column, met) = (_codes[i], scanner.MembersOf(i));
                while (column.Count <= met.Count) column.Add(codes.Code(i, met[column.Count - 1]));
            }
        }
    }

    /// <summary>A (measure, year) pair of a part's reading: its number there (from 0, in the order met) and the member columns its lines use and leave empty (totals).</summary>
    private sealed record PairUse(int Measure, int Year, int Number, bool[] Used, bool[] Totals);

    /// <summary>
    /// A batch of facts as the store numbers them, put in order by a counting sort. A row's numbers lie side by side (its
    /// measure, year, codes and value): the rows are sent in sorted order, not in the order read, and reading a row from
    /// one place rather than from an array per column (nine cache misses a row) took the sending thread from a quarter of
    /// the client's time during COPY to a fourteenth (bench/RESULTS.md, 2026-12-06 morning).
    /// </summary>
    private sealed class EncodedFacts
    {
        private const int ValueInts = 4;
        private readonly int _columns;
        private readonly int _stride;
        private readonly int[] _cells;

        /// <summary>Each row's pair number as added, its rank in the batch's order once <see cref="Sorted"/>.</summary>
        private readonly int[] _rank;
        private int[] _order = [];

        public EncodedFacts(int capacity, int columns)
        {
            Capacity = capacity;
            _columns = columns;
            _stride = 2 + columns + ValueInts;
            _cells = new int[checked(capacity * _stride)];
            _rank = new int[capacity];
        }

        public int Capacity { get; }

        public int Count { get; private set; }

        public int Measure(int row) => _cells[row * _stride];

        public int Year(int row) => _cells[row * _stride + 1];

        /// <summary>The row's codes, a column's after another (office first).</summary>
        public ReadOnlySpan<int> Codes(int row) => _cells.AsSpan(row * _stride + 2, _columns);

        public decimal Value(int row) => MemoryMarshal.Read<decimal>(MemoryMarshal.AsBytes(_cells.AsSpan(row * _stride + 2 + _columns, ValueInts)));

        public void Clear() => Count = 0;

        /// <summary>
        /// Adds a fact: its pair by the reading's number for it (<see cref="PairUse.Number"/>), its members by the reading's
        /// numbers, put as the store's codes through <paramref name="codes"/> (by column).
        /// </summary>
        public void Add(int measure, int year, int pair, ReadOnlySpan<int> members, decimal value, List<int>[] codes)
        {
            _rank[Count] = pair;
            var row = _cells.AsSpan(Count * _stride, _stride);
            row[0] = measure;
            row[1] = year;
            for (var i = 0; i < members.Length; i++) row[2 + i] = codes[i][members[i]];
            MemoryMarshal.Write(MemoryMarshal.AsBytes(row[(2 + _columns)..]), in value);
            Count++;
        }

        /// <summary>The store's ids of the measures of the rows, as of the last <see cref="Sorted"/>.</summary>
        public IReadOnlyList<int> Measures { get; private set; } = [];

        /// <summary>The rows in (measure, year) order, those of one pair in the order read; <paramref name="pairs"/> is how many pair numbers the reading has given.</summary>
        public ArraySegment<int> Sorted(int pairs)
        {
            // Each pair number's first row, which tells its measure and year; then the batch's pairs in order, and each row's rank by its pair number.
            var first = new int[pairs];
            Array.Fill(first, -1);
            for (var i = 0; i < Count; i++)
            {
                if (first[_rank[i]] < 0) first[_rank[i]] = i;
            }
            var present = Enumerable.Range(0, pairs).Where(p => first[p] >= 0).OrderBy(p => Measure(first[p])).ThenBy(p => Year(first[p])).ToList();
            Measures = [.. present.Select(p => Measure(first[p])).Distinct()];
            var rankOf = new int[pairs];
            for (var rank = 0; rank < present.Count; rank++) rankOf[present[rank]] = rank;
            for (var i = 0; i < Count; i++) _rank[i] = rankOf[_rank[i]];
            return InOrder(present.Count);
        }

        /// <summary>The rows by rank, those of one rank in the order read (a counting sort: one pass to count, one to place).</summary>
        private ArraySegment<int> InOrder(int ranks)
        {
            var start = new int[ranks + 1];
            for (var i = 0; i < Count; i++) start[_rank[i] + 1]++;
            for (var r = 0; r < ranks; r++) start[r + 1] += start[r];
            if (_order.Length < Count) _order = new int[Capacity];
            for (var i = 0; i < Count; i++) _order[start[_rank[i]]++] = i;
            return new ArraySegment<int>(_order, 0, Count);
        }
    }
}
