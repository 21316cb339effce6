using System.Runtime.InteropServices;
using Almanac.Domain.Analytics;

namespace Almanac.Store.Facts;

internal sealed partial class RuleStatement
{
    /// <summary>A new accumulator for the rows of <see cref="BaseSql"/>.</summary>
    public Sums NewSums() => new(this);

    /// <summary>
    /// The steps of <see cref="Sql"/> after <c>base</c>, in .NET: each row of <see cref="BaseSql"/> is projected on each
    /// branch of <c>grouped</c> that has its measure, and added to the selections whose required values that projection
    /// has (the <c>sel</c> join), per group; each check's groups are where any of its terms (or, missing as zero, its
    /// measures) has a sum, and a group is broken as <see cref="FactRuleCheck.Side"/> and
    /// <see cref="FactRuleCheck.Broken"/> decide — the meaning the SQL reproduces. Sums are associative, so adding the
    /// rows one by one gives what the branches' GROUP BYs and the <c>selected</c> step give.
    /// </summary>
    internal sealed class Sums
    {
        private readonly RuleStatement _statement;

        /// <summary>(grouping, measure, selection values…) → the numbered selections that require exactly those.</summary>
        private readonly Dictionary<int[], List<int>> _selectionsOf = new(Codes.Comparer);

        /// <summary>Per numbered selection: its sum per group (the keys, k0, k1, …).</summary>
        private readonly Dictionary<int[], decimal>[] _sums;

        /// <summary>Per measure, the branches of <c>grouped</c> that have it, as positions in a row of <see cref="BaseSql"/>.</summary>
        private readonly Dictionary<int, Projection[]> _projectionsOf = [];

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
            var columns = statement.BaseColumns.ToList();
            int At(string column) => columns.IndexOf(column) is >= 0 and var at ? at : throw new InvalidOperationException($"base has no column {column}");
            var projections = statement.Branches().Select(branch => (branch.Measures, Projection: new Projection(branch.Grouping,
                [.. Enumerable.Range(0, statement.KeyWidth).Select(i => i < statement._groupings[branch.Grouping].Count ? At(Code(statement._groupings[branch.Grouping][i])) : -1)],
                [.. statement._selectionColumns.Select(c => branch.Columns.Contains(c) ? At(c) : -1)]))).ToList();
            foreach (var measure in statement.MeasureIds)
            {
                _projectionsOf[measure] = [.. projections.Where(p => p.Measures.Contains(measure)).Select(p => p.Projection)];
            }
            _probe = new int[2 + statement._selectionColumns.Count];
            _group = new int[statement.KeyWidth];
        }

        /// <summary>
        /// A branch of <c>grouped</c> as positions in a row of <see cref="BaseSql"/>: where each key comes from (-1: the
        /// padding 0 of a narrower grouping) and each selection column (-1: a column outside the branch's shape).
        /// </summary>
        private sealed record Projection(int Grouping, int[] Keys, int[] Selections);

        /// <summary>One row of <see cref="BaseSql"/>: its codes in <see cref="BaseColumns"/>' order (the measure first), and its value.</summary>
        public void Add(ReadOnlySpan<int> codes, decimal value)
        {
            if (!_projectionsOf.TryGetValue(codes[0], out var projections)) return;
            _probe[1] = codes[0];
            foreach (var projection in projections)
            {
                _probe[0] = projection.Grouping;
                for (var i = 0; i < projection.Selections.Length; i++) _probe[2 + i] = projection.Selections[i] < 0 ? -1 : codes[projection.Selections[i]];
                if (!_selectionsOf.TryGetValue(_probe, out var numbers)) continue;
                for (var i = 0; i < _group.Length; i++) _group[i] = projection.Keys[i] < 0 ? 0 : codes[projection.Keys[i]];
                foreach (var number in numbers)
                {
                    ref var sum = ref CollectionsMarshal.GetValueRefOrNullRef(_sums[number], _group);
                    if (System.Runtime.CompilerServices.Unsafe.IsNullRef(ref sum)) _sums[number].Add((int[])_group.Clone(), value);
                    else sum += value;
                }
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
