using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Runtime.InteropServices;
using Almanac.Domain;

namespace Almanac.Store.Facts;

internal sealed partial class FactStore
{
    /// <summary>Facts a reading thread writes to its spill file at once: one chunk, column after column.</summary>
    private const int SpillChunkRows = 40_000;

    /// <summary>Facts held at once between the spill files and the engine, sorted by measure and year (about 100 MB each of two).</summary>
    private const int EncodedBatchRows = 50 * SpillChunkRows;

    /// <summary>The least of a file one reading thread takes (a smaller file is read by one), and the most threads.</summary>
    private const long MinimumPartBytes = 4 << 20;

    private const int MaximumParts = 8;

    private static readonly string[] FactColumnNames =
        ["source_id", "measure_id", "year", "office", .. Enumerable.Range(1, FactColumns.Slots).Select(i => "d" + i.ToString(CultureInfo.InvariantCulture)), "value"];

    /// <summary>
    /// Encodes an observation file in .NET for an engine that takes rows of codes faster than it joins and sorts text
    /// (<see cref="SqlStore.EncodesFilesInDotNet"/>). The file is read once, in parts of whole lines on as many threads as
    /// there are cores (<see cref="FilePart"/>): each part's reading finds its (measure, year) pairs and members and
    /// writes its lines, numbered as it met them, to a spill file of its own in the temporary directory (8 bytes a line,
    /// 4 a member column, 16 the value: 44 bytes a line of 5 columns, 4.4 GB at 100 million; deleted when the load ends).
    /// Then the members join the dictionary in name order, once all are known, and the spill files are sent in file order
    /// through the engine's bulk load for numbers (<see cref="SqlStore.BulkInsertNumbersAsync"/>), translated to codes
    /// and sorted by measure and year in batches of <see cref="EncodedBatchRows"/> so that a measure's rows lie on
    /// adjacent pages, the next batch read on a thread of its own while the current one is sent. Parsing the file a second
    /// time instead of spilling kept the client as busy as the server during the send, on a machine of two cores
    /// (bench/RESULTS.md, 2026-12-06 night). A line a reading refuses stops the load; the caller reads the file again to name it.
    /// </summary>
    private async Task<(List<(string Measure, int Year)> Pairs, long Rows)> EncodeFileAsync(DbTransaction transaction, long sourceId, string path, string name,
        ObservationHeader header, FactCatalog catalog, Func<string, string, string?> memberProblem, CancellationToken cancellationToken)
    {
        var parts = FilePart.Split(path, Math.Clamp(Environment.ProcessorCount, 1, MaximumParts), MinimumPartBytes);
        var readings = parts.Select(part => new PartReading(part, new ObservationScanner(name, header, memberProblem))).ToList();
        try
        {
            using (var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                // A refusal stops the other parts' readings (cancelled, they add no exception of their own).
                await Task.WhenAll(readings.Select(reading => Task.Factory.StartNew(() =>
                {
                    try
                    {
                        reading.Scan(path, stop.Token);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        stop.Cancel();
                        throw;
                    }
                }, stop.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default)));
            }
            var rows = readings.Sum(r => r.Rows);
            if (rows == 0) return ([], 0);

            var columns = readings[0].Scanner.Columns;
            var pairs = readings.SelectMany(r => r.Found.Select(p => (Measure: r.Scanner.Measures[p.Key.Measure - 1], p.Key.Year, p.Value.Used, p.Value.Totals)))
                .GroupBy(p => (p.Measure, p.Year))
                .Select(g => (g.Key.Measure, g.Key.Year, Used: columns.Select((_, i) => g.Any(p => p.Used[i])).ToArray(), Totals: columns.Select((_, i) => g.Any(p => p.Totals[i])).ToArray()))
                .OrderBy(p => p.Measure, StringComparer.Ordinal).ThenBy(p => p.Year).ToList();
            var members = columns.Select((column, i) => (column, i)).ToDictionary(c => c.column,
                c => new SortedSet<string>(readings.SelectMany(r => r.Scanner.MembersOf(c.i)), StringComparer.Ordinal), StringComparer.Ordinal);
            var (measureIds, codes) = await RegisterAsync(transaction, header.Dimensions, pairs, members, catalog, cancellationToken);

            // Each (measure id, year) pair's place in the order the facts are written; each part's numbers as the store's.
            var rankOf = pairs.Select(p => (Id: measureIds[p.Measure], p.Year)).Order().Select((k, rank) => (k, rank)).ToDictionary(x => x.k, x => x.rank);
            foreach (var reading in readings) reading.Translate(measureIds, codes);
            var written = await SendAsync(transaction, sourceId, readings, rows, columns.Count, rankOf, cancellationToken);
            // Every line spilled is sent, or the spill files were not what the readings wrote.
            if (written != rows) throw new DbExceptionForDiagnosis($"{written} rows written of {rows} read");
            await store.AfterFactsLoadedAsync(transaction, cancellationToken);
            return ([.. pairs.Select(p => (p.Measure, p.Year))], rows);
        }
        finally
        {
            foreach (var reading in readings) await reading.Spill.DisposeAsync();
        }
    }

    /// <summary>
    /// Sends the parts' spilled facts in batches sorted by <paramref name="rankOf"/>, reading the next batch on a thread of
    /// its own while the current one is sent, so that the engine is not idle while the client reads. The first batch is
    /// small, so that the engine starts early. Returns the number of facts sent.
    /// </summary>
    private async Task<long> SendAsync(DbTransaction transaction, long sourceId, List<PartReading> readings, long rows, int columns,
        Dictionary<(int Measure, int Year), int> rankOf, CancellationToken cancellationToken)
    {
        var capacity = (int)Math.Min((rows + SpillChunkRows - 1) / SpillChunkRows * SpillChunkRows, EncodedBatchRows);
        EncodedFacts[] buffers = [new(capacity, columns), new(capacity, columns)];
        var batch = buffers[0];
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var ready = new BlockingCollection<(EncodedFacts Batch, ArraySegment<int> Order)>(boundedCapacity: 1);
        using var free = new BlockingCollection<EncodedFacts>(boundedCapacity: buffers.Length);
        foreach (var buffer in buffers) free.Add(buffer, stop.Token);
        foreach (var reading in readings) reading.Spill.Position = 0;
        var reader = Task.Factory.StartNew(() =>
        {
            try
            {
                var part = 0;
                for (var limit = Math.Max(SpillChunkRows, capacity / 16 / SpillChunkRows * SpillChunkRows); part < readings.Count; limit = capacity)
                {
                    var next = free.Take(stop.Token);
                    next.Clear();
                    while (part < readings.Count && readings[part].ReadInto(next, limit, rankOf)) part++;
                    ready.Add((next, next.InOrder(rankOf.Count)), stop.Token);
                }
            }
            finally
            {
                ready.CompleteAdding();
            }
        }, stop.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        IEnumerable<int> Sorted()
        {
            foreach (var (next, order) in ready.GetConsumingEnumerable(stop.Token))
            {
                batch = next;
                foreach (var row in order) yield return row;
                free.Add(next, stop.Token);
            }
        }
        try
        {
            return await store.BulkInsertNumbersAsync(transaction, "fact", FactColumnNames, Sorted(), (i, row) =>
            {
                row.Bigint(sourceId);
                row.Integer(batch.Measure[i]);
                row.Integer(batch.Year[i]);
                for (var slot = 0; slot <= FactColumns.Slots; slot++) row.Integer(slot < columns ? batch.Members[slot][i] : 0);
                row.Decimal(batch.Value[i]);
            }, cancellationToken);
        }
        finally
        {
            // A failed send stops the reader; a failed read ends the batches early and is thrown here.
            await stop.CancelAsync();
            try
            {
                await reader;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }
        }
    }

    /// <summary>One part of the file as its thread read it: what it found, and its lines spilled as numbered in the reading.</summary>
    private sealed class PartReading(FilePart part, ObservationScanner scanner)
    {
        private int[] _measureIds = [];
        private int[][] _codes = [];

        public ObservationScanner Scanner => scanner;

        /// <summary>The (measure, year) pairs of the part, with the member columns each uses and those it leaves empty (totals).</summary>
        public Dictionary<(int Measure, int Year), (bool[] Used, bool[] Totals)> Found { get; } = [];

        public FileStream Spill { get; } = new(Path.Combine(Path.GetTempPath(), $"almanac-facts-{Guid.NewGuid():N}.bin"), FileMode.CreateNew, FileAccess.ReadWrite,
            FileShare.None, 1 << 20, FileOptions.DeleteOnClose | FileOptions.SequentialScan);

        public long Rows { get; private set; }

        public void Scan(string path, CancellationToken cancellationToken)
        {
            try
            {
                ScanPart(path, cancellationToken);
            }
            catch (InputException e)
            {
                // A part numbers its lines from its start and cannot go back to find the bytes that are not UTF-8: the
                // caller's reading of the whole file names the line.
                throw new DbExceptionForDiagnosis($"{e.Message} (in the part from byte {part.Start})");
            }
        }

        private void ScanPart(string path, CancellationToken cancellationToken)
        {
            using var reading = scanner.Open(path, part);
            var chunk = new EncodedFacts(SpillChunkRows, scanner.Columns.Count);
            for (var more = true; more;)
            {
                cancellationToken.ThrowIfCancellationRequested();
                chunk.Clear();
                more = reading.Read(SpillChunkRows, (measure, year, members, value) =>
                {
                    if (!Found.TryGetValue((measure, year), out var pair)) Found[(measure, year)] = pair = (new bool[members.Length], new bool[members.Length]);
                    for (var i = 0; i < members.Length; i++)
                    {
                        if (members[i] == 0) pair.Totals[i] = true;
                        else pair.Used[i] = true;
                    }
                    chunk.Add(measure, year, members, value);
                }, out var refused);
                if (refused is not null) throw new DbExceptionForDiagnosis(part.Start == 0 ? $"line {refused}" : $"line {refused} of the part from byte {part.Start}");
                Rows += chunk.Count;
                chunk.WriteTo(Spill);
            }
        }

        /// <summary>Learns the store's measure id and member codes for the numbers of the reading (number 0, a total, is code 0).</summary>
        public void Translate(Dictionary<string, int> measureIds, Dictionary<string, Dictionary<string, int>> codes)
        {
            _measureIds = [0, .. scanner.Measures.Select(m => measureIds[m])];
            _codes = [.. scanner.Columns.Select((column, i) => scanner.MembersOf(i).Select(m => codes[column][m]).Prepend(0).ToArray())];
        }

        /// <summary>Reads spilled facts into the batch, as the store numbers them, until it holds <paramref name="limit"/>; returns whether the part is all read.</summary>
        public bool ReadInto(EncodedFacts batch, int limit, Dictionary<(int Measure, int Year), int> rankOf) => batch.ReadFrom(Spill, limit, _measureIds, _codes, rankOf);
    }

    /// <summary>
    /// Facts one array per column: a chunk of a spill file as its reading numbered them, or a batch read back from the
    /// spill files as the store numbers them and put in order by a counting sort.
    /// </summary>
    private sealed class EncodedFacts(int capacity, int columns)
    {
        private readonly int[] _rank = new int[capacity];
        private int[] _order = [];

        public int Capacity { get; } = capacity;

        public int Count { get; private set; }

        public int[] Measure { get; } = new int[capacity];

        public int[] Year { get; } = new int[capacity];

        public int[][] Members { get; } = [.. Enumerable.Range(0, columns).Select(_ => new int[capacity])];

        public decimal[] Value { get; } = new decimal[capacity];

        public void Clear() => Count = 0;

        public void Add(int measure, int year, ReadOnlySpan<int> members, decimal value)
        {
            Measure[Count] = measure;
            Year[Count] = year;
            for (var i = 0; i < members.Length; i++) Members[i][Count] = members[i];
            Value[Count] = value;
            Count++;
        }

        /// <summary>Appends the facts held to the spill file: their count, then each column's values as they lie in memory.</summary>
        public void WriteTo(Stream spill)
        {
            if (Count == 0) return;
            Span<byte> count = stackalloc byte[sizeof(int)];
            BinaryPrimitives.WriteInt32LittleEndian(count, Count);
            spill.Write(count);
            spill.Write(MemoryMarshal.AsBytes(Measure.AsSpan(0, Count)));
            spill.Write(MemoryMarshal.AsBytes(Year.AsSpan(0, Count)));
            foreach (var column in Members) spill.Write(MemoryMarshal.AsBytes(column.AsSpan(0, Count)));
            spill.Write(MemoryMarshal.AsBytes(Value.AsSpan(0, Count)));
        }

        /// <summary>
        /// Reads chunks written by <see cref="WriteTo"/> after the facts held while a whole chunk fits under
        /// <paramref name="limit"/> (a multiple of <see cref="SpillChunkRows"/>), numbering measures and members as the
        /// store does and ranking each fact by its (measure id, year). Returns whether the spill file is all read.
        /// </summary>
        public bool ReadFrom(Stream spill, int limit, int[] measureIds, int[][] codes, Dictionary<(int Measure, int Year), int> rankOf)
        {
            Span<byte> count = stackalloc byte[sizeof(int)];
            while (Count + SpillChunkRows <= limit)
            {
                if (spill.Position == spill.Length) return true;
                spill.ReadExactly(count);
                var n = BinaryPrimitives.ReadInt32LittleEndian(count);
                spill.ReadExactly(MemoryMarshal.AsBytes(Measure.AsSpan(Count, n)));
                spill.ReadExactly(MemoryMarshal.AsBytes(Year.AsSpan(Count, n)));
                foreach (var column in Members) spill.ReadExactly(MemoryMarshal.AsBytes(column.AsSpan(Count, n)));
                spill.ReadExactly(MemoryMarshal.AsBytes(Value.AsSpan(Count, n)));
                for (var i = Count; i < Count + n; i++)
                {
                    Measure[i] = measureIds[Measure[i]];
                    _rank[i] = rankOf[(Measure[i], Year[i])];
                }
                for (var c = 0; c < Members.Length; c++)
                {
                    var (column, code) = (Members[c], codes[c]);
                    for (var i = Count; i < Count + n; i++) column[i] = code[column[i]];
                }
                Count += n;
            }
            return spill.Position == spill.Length;
        }

        /// <summary>The rows by rank, those of one rank in the order read (a counting sort: one pass to count, one to place).</summary>
        public ArraySegment<int> InOrder(int ranks)
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
