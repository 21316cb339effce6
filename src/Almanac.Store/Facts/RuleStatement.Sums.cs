using System.Runtime.InteropServices;
using Almanac.Domain.Analytics;

namespace Almanac.Store.Facts;

internal sealed partial class RuleStatement
{
    /// <summary>How many selection columns (<c>s_…</c>) a row of <see cref="GroupedSql"/> has, after its keys.</summary>
    public int SelectionColumnCount => _selectionColumns.Count;

    /// <summary>A new accumulator for the rows of <see cref="GroupedSql"/>.</summary>
    public Sums NewSums() => new(this);

    /// <summary>
    /// The steps of <see cref="Sql"/> after <c>grouped</c>, in .NET: each row of <see cref="GroupedSql"/> is added to the
    /// selections whose required values it has (the <c>sel</c> join), per group; each check's groups are where any of
    /// its terms (or, missing as zero, its measures) has a sum, and a group is broken as
    /// <see cref="FactRuleCheck.Side"/> and <see cref="FactRuleCheck.Broken"/> decide — the meaning the SQL reproduces.
    /// </summary>
    internal sealed class Sums
    {
        private readonly RuleStatement _statement;

        /// <summary>(grouping, measure, selection values…) → the numbered selections that require exactly those.</summary>
        private readonly Dictionary<int[], List<int>> _selectionsOf = new(Codes.Comparer);

        /// <summary>Per numbered selection: its sum per group (the keys, k0, k1, …).</summary>
        private readonly Dictionary<int[], decimal>[] _sums;

        private readonly int[] _probe;
        private readonly int[] _group;

        public Sums(RuleStatement statement)
        {
            _statement = statement;
            _sums = [.. Enumerable.Range(0, statement._selections.Count).Select(_ => new Dictionary<int[], decimal>(Codes.Comparer))];
            foreach (var ((selection, measure, grouping), number) in statement._selections)
            {
                foreach (var values in statement.Rows(selection < 0 ? null : statement._batch.Selections[selection]))
                {
                    int[] key = [grouping, measure, .. values];
                    if (!_selectionsOf.TryGetValue(key, out var numbers)) _selectionsOf[key] = numbers = [];
                    numbers.Add(number);
                }
            }
            _probe = new int[2 + statement.SelectionColumnCount];
            _group = new int[statement.KeyWidth];
        }

        /// <summary>One row of <see cref="GroupedSql"/>: its grouping, measure, keys and selection values, and its sum.</summary>
        public void Add(int grouping, int measure, ReadOnlySpan<int> keys, ReadOnlySpan<int> selectionValues, decimal value)
        {
            _probe[0] = grouping;
            _probe[1] = measure;
            selectionValues.CopyTo(_probe.AsSpan(2));
            if (!_selectionsOf.TryGetValue(_probe, out var numbers)) return;
            keys.CopyTo(_group);
            foreach (var number in numbers)
            {
                ref var sum = ref CollectionsMarshal.GetValueRefOrNullRef(_sums[number], _group);
                if (System.Runtime.CompilerServices.Unsafe.IsNullRef(ref sum)) _sums[number].Add((int[])_group.Clone(), value);
                else sum += value;
            }
        }

        /// <summary>The broken groups of every check, each with its terms' sums (null where a term's selection has no row).</summary>
        public List<FactRuleBreak> Breaks()
        {
            var batch = _statement._batch;
            var breaks = new List<FactRuleBreak>();
            var groups = new HashSet<int[]>(Codes.Comparer);
            for (var c = 0; c < batch.Checks.Count; c++)
            {
                var check = batch.Checks[c];
                var g = _statement._groupingOfCheck[c];
                int Number(FactTerm term) => _statement._selections[(term.Selection, batch.Selections[term.Selection].MeasureId, g)];
                var left = check.Left.Select(t => _sums[Number(t)]).ToArray();
                var right = check.Right.Select(t => _sums[Number(t)]).ToArray();
                groups.Clear();
                foreach (var sums in left.Concat(right)) groups.UnionWith(sums.Keys);
                if (check.Missing == MissingValues.Zero)
                {
                    foreach (var measure in _statement.Measures(check)) groups.UnionWith(_sums[_statement._selections[(-1, measure, g)]].Keys);
                }
                var leftSums = new decimal?[left.Length];
                var rightSums = new decimal?[right.Length];
                foreach (var group in groups)
                {
                    for (var i = 0; i < left.Length; i++) leftSums[i] = left[i].TryGetValue(group, out var v) ? v : null;
                    for (var i = 0; i < right.Length; i++) rightSums[i] = right[i].TryGetValue(group, out var v) ? v : null;
                    if (!check.Broken(check.Side(check.Left, leftSums), check.Side(check.Right, rightSums))) continue;
                    breaks.Add(new FactRuleBreak(c, group[..check.GroupBy.Count],
                        [.. leftSums.Select(Normalize)], [.. rightSums.Select(Normalize)]));
                }
            }
            return breaks;
        }

        private static decimal? Normalize(decimal? value) => value is { } v ? SqlStore.Normalize(v) : null;
    }

    /// <summary>Arrays of codes compared by value, for the dictionaries of <see cref="Sums"/>.</summary>
    private sealed class Codes : IEqualityComparer<int[]>
    {
        public static readonly Codes Comparer = new();

        public bool Equals(int[]? x, int[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(int[] codes)
        {
            var hash = new HashCode();
            hash.AddBytes(MemoryMarshal.AsBytes(codes.AsSpan()));
            return hash.ToHashCode();
        }
    }
}
