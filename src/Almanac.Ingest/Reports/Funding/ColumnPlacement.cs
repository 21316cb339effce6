namespace Almanac.Ingest.Reports.Funding;

/// <summary>How a search for the placement of column values into rows ended.</summary>
public enum PlacementOutcome
{
    /// <summary>Exactly one placement fits.</summary>
    Unique,
    /// <summary>No placement fits.</summary>
    None,
    /// <summary>Two or more placements fit; none is chosen.</summary>
    Ambiguous,
    /// <summary>The search outgrew its budget; treated like ambiguity.</summary>
    TooLarge,
}

/// <summary>
/// Columns the extraction merged into one stream in the page's top-to-bottom order: each printed number's line and
/// column (an index into the placed columns, parts then total), in printed order.
/// </summary>
public sealed record MergedOrder(IReadOnlyList<(int Line, int Column)> Sequence);

/// <summary>The result of <see cref="ColumnPlacement.Place"/>: for each column (parts, then the total column) the row of each value.</summary>
/// <param name="Mismatches">Rows the placement leaves with parts that do not sum to the row's total (at most the tolerance).</param>
/// <param name="Alternatives">When ambiguous and few enough to list (at most <see cref="ColumnPlacement.MaxAlternatives"/>), every fitting placement.</param>
public sealed record Placement(PlacementOutcome Outcome, IReadOnlyList<IReadOnlyList<int>>? Rows, IReadOnlyList<int> Mismatches,
    IReadOnlyList<IReadOnlyList<IReadOnlyList<int>>>? Alternatives = null);

/// <summary>
/// Places column streams into rows. A column-stream extraction prints each column's non-empty cells top to bottom
/// with the empty ones simply missing, so a column with fewer values than rows could sit in several ways; the
/// row identity (parts sum to the row's total) decides, and only a single fitting placement is accepted.
/// </summary>
public static class ColumnPlacement
{
    /// <summary>More distinct search states than this and the search gives up (reported as <see cref="PlacementOutcome.TooLarge"/>).</summary>
    public const int StateBudget = 2_000_000;

    /// <summary>Ambiguous placements up to this many are listed, so that the cells they agree on can still be told.</summary>
    public const int MaxAlternatives = 64;

    /// <summary>
    /// Finds the placements of <paramref name="parts"/> and <paramref name="totals"/> (each a column's values in printed
    /// order, column total excluded) into <paramref name="rows"/> rows such that in every row the parts sum to the total
    /// (an absent cell counting as zero), allowing at most <paramref name="tolerance"/> rows whose printed total
    /// disagrees with its parts.
    /// </summary>
    /// <param name="merged">Merged streams whose numbers must fill rows in printed order (a later number never in an
    /// earlier row, numbers of one line in one row).</param>
    public static Placement Place(IReadOnlyList<IReadOnlyList<decimal>> parts, IReadOnlyList<decimal> totals, int rows, int tolerance = 0,
        IReadOnlyList<MergedOrder>? merged = null)
    {
        ArgumentNullException.ThrowIfNull(parts);
        ArgumentNullException.ThrowIfNull(totals);
        var columns = parts.Append(totals).ToArray();
        if (columns.Any(c => c.Count > rows) || columns.Length > 16) return new Placement(PlacementOutcome.None, null, []);
        var search = new Search(columns, parts.Count, rows, tolerance, merged ?? []);
        var start = new int[columns.Length];
        var count = search.Count(0, start, 0);
        if (search.OverBudget) return new Placement(PlacementOutcome.TooLarge, null, []);
        if (count == 0) return new Placement(PlacementOutcome.None, null, []);
        if (count > 1)
        {
            return new Placement(PlacementOutcome.Ambiguous, null, [], count > MaxAlternatives ? null : search.All());
        }
        var (placed, mismatches) = search.Walk();
        return new Placement(PlacementOutcome.Unique, placed, mismatches);
    }

    private sealed class Search(IReadOnlyList<decimal>[] columns, int partCount, int rows, int tolerance, IReadOnlyList<MergedOrder> merged)
    {
        private readonly Dictionary<string, int> _memo = new(StringComparer.Ordinal);

        public bool OverBudget { get; private set; }

        private const int Cap = MaxAlternatives + 1;

        /// <summary>Number of placements from this state on, capped just above <see cref="MaxAlternatives"/>.</summary>
        public int Count(int row, int[] next, int misses)
        {
            if (OverBudget) return Cap;
            if (row == rows) return next.Select((n, c) => n == columns[c].Count).All(b => b) ? 1 : 0;
            var key = Key(row, next, misses);
            if (_memo.TryGetValue(key, out var known)) return known;
            if (_memo.Count >= StateBudget)
            {
                OverBudget = true;
                return Cap;
            }
            var total = 0;
            foreach (var (mask, miss) in Choices(row, next, misses))
            {
                total += Count(row + 1, Advance(next, mask), misses + miss);
                if (total >= Cap) break;
            }
            total = Math.Min(total, Cap);
            _memo[key] = total;
            return total;
        }

        /// <summary>Every placement (there are few: <see cref="Count"/> said so), each as the row of every value, column by column.</summary>
        public List<IReadOnlyList<IReadOnlyList<int>>> All()
        {
            var all = new List<IReadOnlyList<IReadOnlyList<int>>>();
            var path = new List<int>();

            void Descend(int row, int[] next, int misses)
            {
                if (row == rows)
                {
                    var placed = columns.Select(_ => new List<int>()).ToArray();
                    for (var r = 0; r < rows; r++)
                    {
                        for (var c = 0; c < columns.Length; c++)
                        {
                            if ((path[r] & (1 << c)) != 0) placed[c].Add(r);
                        }
                    }
                    all.Add(placed);
                    return;
                }
                foreach (var (mask, miss) in Choices(row, next, misses))
                {
                    var after = Advance(next, mask);
                    if (Count(row + 1, after, misses + miss) == 0) continue;
                    path.Add(mask);
                    Descend(row + 1, after, misses + miss);
                    path.RemoveAt(path.Count - 1);
                }
            }

            Descend(0, new int[columns.Length], 0);
            return all;
        }

        /// <summary>Follows the single placement once <see cref="Count"/> has found exactly one.</summary>
        public (IReadOnlyList<IReadOnlyList<int>> Rows, IReadOnlyList<int> Mismatches) Walk()
        {
            var placed = columns.Select(_ => new List<int>()).ToArray();
            var mismatches = new List<int>();
            var next = new int[columns.Length];
            var misses = 0;
            for (var row = 0; row < rows; row++)
            {
                foreach (var (mask, miss) in Choices(row, next, misses))
                {
                    var after = Advance(next, mask);
                    if (Count(row + 1, after, misses + miss) == 0) continue;
                    for (var c = 0; c < columns.Length; c++)
                    {
                        if ((mask & (1 << c)) != 0) placed[c].Add(row);
                    }
                    if (miss == 1) mismatches.Add(row);
                    next = after;
                    misses += miss;
                    break;
                }
            }
            return (placed, mismatches);
        }

        /// <summary>The sets of columns whose next value may go into this row, and whether the row then misses its total.</summary>
        private IEnumerable<(int Mask, int Miss)> Choices(int row, int[] next, int misses)
        {
            var left = rows - row - 1;
            for (var mask = 0; mask < 1 << columns.Length; mask++)
            {
                var possible = true;
                decimal sum = 0, rowTotal = 0;
                for (var c = 0; c < columns.Length && possible; c++)
                {
                    var take = (mask & (1 << c)) != 0;
                    var remaining = columns[c].Count - next[c] - (take ? 1 : 0);
                    if (remaining < 0 || remaining > left)
                    {
                        possible = false;
                        continue;
                    }
                    if (!take) continue;
                    if (c < partCount) sum += columns[c][next[c]];
                    else rowTotal = columns[c][next[c]];
                }
                if (!possible || !KeepsOrder(next, mask)) continue;
                if (sum == rowTotal) yield return (mask, 0);
                else if (misses < tolerance) yield return (mask, 1);
            }
        }

        /// <summary>Whether, after this row, each merged stream has placed exactly a prefix of its numbers ending at a line's end.</summary>
        private bool KeepsOrder(int[] next, int mask)
        {
            foreach (var group in merged)
            {
                var sequence = group.Sequence;
                var placed = 0;
                foreach (var column in sequence.Select(s => s.Column).Distinct())
                {
                    placed += next[column] + ((mask & (1 << column)) != 0 ? 1 : 0);
                }
                // More placed than the stream holds: the streams no longer match the columns (a damaged page).
                if (placed > sequence.Count) return false;
                if (placed < sequence.Count && placed > 0 && sequence[placed - 1].Line == sequence[placed].Line) return false;
                var counts = new Dictionary<int, int>();
                for (var i = 0; i < placed; i++) counts[sequence[i].Column] = counts.GetValueOrDefault(sequence[i].Column) + 1;
                foreach (var column in sequence.Select(s => s.Column).Distinct())
                {
                    if (counts.GetValueOrDefault(column) != next[column] + ((mask & (1 << column)) != 0 ? 1 : 0)) return false;
                }
            }
            return true;
        }

        private int[] Advance(int[] next, int mask)
        {
            var after = (int[])next.Clone();
            for (var c = 0; c < columns.Length; c++)
            {
                if ((mask & (1 << c)) != 0) after[c]++;
            }
            return after;
        }

        private static string Key(int row, int[] next, int misses) => $"{row}|{misses}|{string.Join(',', next)}";
    }
}
