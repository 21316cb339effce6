using System.Data.Common;
using System.Globalization;

namespace Almanac.Store.Facts;

internal sealed partial class FactStore
{
    /// <summary>Facts held at once between reading and sending them, sorted by measure and year (about 100 MB).</summary>
    private const int EncodedBatchRows = 2_000_000;

    private static readonly string[] FactColumnNames =
        ["source_id", "measure_id", "year", "office", .. Enumerable.Range(1, FactColumns.Slots).Select(i => "d" + i.ToString(CultureInfo.InvariantCulture)), "value"];

    /// <summary>
    /// Encodes an observation file in .NET for an engine that takes rows of codes faster than it joins and sorts text
    /// (<see cref="SqlStore.EncodesFilesInDotNet"/>): a first reading finds the (measure, year) pairs and the members, which
    /// join the dictionary; a second encodes every line and sends the facts through the engine's bulk load, sorted by
    /// measure and year in batches of <see cref="EncodedBatchRows"/> so that a measure's rows lie on adjacent pages, through
    /// the engine's bulk load for numbers (<see cref="SqlStore.BulkInsertNumbersAsync"/>).
    /// A line either reading would refuse stops the load; the caller reads the file again to name it.
    /// </summary>
    private async Task<(List<(string Measure, int Year)> Pairs, long Rows)> EncodeFileAsync(DbTransaction transaction, long sourceId, string path, string name,
        ObservationHeader header, FactCatalog catalog, Func<string, string, string?> memberProblem, CancellationToken cancellationToken)
    {
        var scanner = new ObservationScanner(name, header, memberProblem);
        var columns = scanner.Columns;
        var found = new Dictionary<(int Measure, int Year), (bool[] Used, bool[] Totals)>();
        long rows = 0;
        using (var reading = scanner.Open(path))
        {
            reading.Read(long.MaxValue, (measure, year, members, _) =>
            {
                rows++;
                if (!found.TryGetValue((measure, year), out var pair)) found[(measure, year)] = pair = (new bool[members.Length], new bool[members.Length]);
                for (var i = 0; i < members.Length; i++)
                {
                    if (members[i] == 0) pair.Totals[i] = true;
                    else pair.Used[i] = true;
                }
            }, out var refused);
            if (refused is not null) throw new DbExceptionForDiagnosis($"line {refused}");
        }
        if (rows == 0) return ([], 0);

        var pairs = found.Select(p => (Measure: scanner.Measures[p.Key.Measure - 1], p.Key.Year, p.Value.Used, p.Value.Totals))
            .OrderBy(p => p.Measure, StringComparer.Ordinal).ThenBy(p => p.Year).ToList();
        var members = columns.Select((column, i) => (column, i)).ToDictionary(c => c.column, c => new SortedSet<string>(scanner.MembersOf(c.i), StringComparer.Ordinal), StringComparer.Ordinal);
        var (measureIds, codes) = await RegisterAsync(transaction, header.Dimensions, pairs, members, catalog, cancellationToken);

        // From the reading's numbers to the store's: measure ids, member codes by column (number 0, a total, is code 0), and
        // each (measure, year) pair's place in the order the facts are written.
        var measureOf = scanner.Measures.Select(m => measureIds[m]).ToArray();
        var codeOf = columns.Select((column, i) => scanner.MembersOf(i).Select(m => codes[column][m]).Prepend(0).ToArray()).ToArray();
        var rankOf = found.Keys.OrderBy(k => measureOf[k.Measure - 1]).ThenBy(k => k.Year).Select((k, rank) => (k, rank)).ToDictionary(x => x.k, x => x.rank);

        var batch = new EncodedFacts((int)Math.Min(rows, EncodedBatchRows), columns.Count);
        IEnumerable<int> Sorted()
        {
            using var reading = scanner.Open(path);
            for (var more = true; more;)
            {
                batch.Clear();
                more = reading.Read(batch.Capacity, (measure, year, members, value) => batch.Add(rankOf[(measure, year)], measure, year, members, value), out var refused);
                if (refused is not null) throw new DbExceptionForDiagnosis($"line {refused}");
                foreach (var row in batch.InOrder(rankOf.Count)) yield return row;
            }
        }
        var written = await store.BulkInsertNumbersAsync(transaction, "fact", FactColumnNames, Sorted(), (i, row) =>
        {
            row.Bigint(sourceId);
            row.Integer(measureOf[batch.Measure[i] - 1]);
            row.Integer(batch.Year[i]);
            for (var slot = 0; slot <= FactColumns.Slots; slot++) row.Integer(slot < columns.Count ? codeOf[slot][batch.Members[slot][i]] : 0);
            row.Decimal(batch.Value[i]);
        }, cancellationToken);
        // The file was read twice; a file changed in between would not match what the first reading registered.
        if (written != rows) throw new DbExceptionForDiagnosis($"{written} rows written of {rows} read");
        await store.AfterFactsLoadedAsync(transaction, cancellationToken);
        return ([.. pairs.Select(p => (p.Measure, p.Year))], rows);
    }

    /// <summary>A batch of facts as the reading numbered them, one array per column, put in order by a counting sort.</summary>
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

        public void Add(int rank, int measure, int year, ReadOnlySpan<int> members, decimal value)
        {
            _rank[Count] = rank;
            Measure[Count] = measure;
            Year[Count] = year;
            for (var i = 0; i < members.Length; i++) Members[i][Count] = members[i];
            Value[Count] = value;
            Count++;
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
