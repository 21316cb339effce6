namespace Almanac.Ingest.Reports.Staff;

/// <summary>
/// Searches the placements of rows that read several ways against the totals row they sum to: which reading of each
/// row (and of the totals row) takes part in at least one choice of readings whose column sums are the total.
/// </summary>
internal static class TotalPlacements
{
    /// <summary>More partial sums than this at one row and that step of the search gives up.</summary>
    private const int MaxPartialSums = 1 << 16;

    /// <summary>For each part and for the total, the indices of its readings that some fitting choice uses.</summary>
    /// <param name="Parts">Per part, in order, the indices of its readings that some fitting choice uses; all empty when no choice fits.</param>
    /// <param name="Total">The indices of the totals row's readings that some fitting choice uses.</param>
    /// <param name="NotWhole">
    /// Why the readings left were not shown to make one choice that fits, or null when they were (the search was whole):
    /// too many to search whole (each reading left then fits every column on its own, and one left to a row is the only
    /// one that can), or a story of the total that places rows by some of its columns only.
    /// </param>
    public sealed record Viable(IReadOnlyList<IReadOnlyList<int>> Parts, IReadOnlyList<int> Total, string? NotWhole = null)
    {
        /// <summary>Whether every reading left is used by some choice that fits (see <see cref="NotWhole"/>).</summary>
        public bool Whole => NotWhole is null;
    }

    /// <summary>Why a search that gave up leaves readings that need not fit together.</summary>
    public const string TooManyToSearch = "the rows read several ways are too many to search together";

    /// <summary>
    /// The readings of <paramref name="parts"/> and <paramref name="totals"/> that some choice uses in which every
    /// column's parts sum to the total's (an empty cell counts 0). When the choices are too many to search whole, the
    /// readings that each column alone leaves (<see cref="Viable.Whole"/> false).
    /// </summary>
    /// <param name="checkedColumns">The columns whose sums are checked; all by default (a total wrong in a column is checked in the others).</param>
    /// <remarks>
    /// The totals row is searched as one more part with its readings negated, the choice fitting when everything sums
    /// to 0. First each column alone: a reading whose cell no choice of the others' cells in that column can complete
    /// is dropped, column after column until nothing more drops (sound, and cheap: a column's sums are few). Then the
    /// readings left are searched whole: column sums collapse many choices into one partial sum, so the search keeps
    /// the partial sums reachable from the first rows (forward) and those from which 0 is still reachable (backward)
    /// rather than every choice; a reading is used by a fitting choice when a forward sum before it plus the reading is
    /// a backward sum after it.
    /// </remarks>
    public static Viable Search(IReadOnlyList<IReadOnlyList<IReadOnlyList<decimal?>>> parts, IReadOnlyList<IReadOnlyList<decimal?>> totals,
        IReadOnlyList<int>? checkedColumns = null)
    {
        if (totals.Count == 0) return new Viable([.. parts.Select(_ => (IReadOnlyList<int>)[])], []);
        var projection = checkedColumns ?? [.. Enumerable.Range(0, totals[0].Count)];
        var columns = projection.Count;
        List<decimal[]> Vectors(IEnumerable<IReadOnlyList<decimal?>> readings, int sign) =>
            [.. readings.Select(r => projection.Select(c => sign * (r[c] ?? 0)).ToArray())];
        var rows = parts.Select(p => Vectors(p, 1)).Append(Vectors(totals, -1)).ToList();
        var alive = rows.Select(r => Enumerable.Range(0, r.Count).ToList()).ToList();

        for (var changed = true; changed;)
        {
            changed = false;
            for (var c = 0; c < columns; c++)
            {
                var kept = Used(rows, alive, v => [v[c]], 1);
                if (kept is null) continue;
                for (var i = 0; i < rows.Count; i++)
                {
                    if (kept[i].Count == alive[i].Count) continue;
                    alive[i] = kept[i];
                    changed = true;
                }
            }
        }
        var used = alive.Any(a => a.Count == 0) ? alive.Select(_ => new List<int>()).ToList()
            : alive.All(a => a.Count == 1) ? alive
            : Used(rows, alive, v => v, columns);
        var notWhole = used is null ? TooManyToSearch : null;
        used ??= alive;
        return new Viable([.. used.Take(parts.Count).Select(u => (IReadOnlyList<int>)u)], used[^1], notWhole);
    }

    /// <summary>Whether the search found no choice that fits (every part and the total left without a reading).</summary>
    public static bool NoneFits(Viable viable) => viable.Total.Count == 0;

    /// <summary>
    /// The alive readings of each row that a choice summing to 0 uses, in the projection <paramref name="project"/>
    /// (one column, or all); null when the partial sums grow too many.
    /// </summary>
    private static List<List<int>>? Used(List<List<decimal[]>> rows, List<List<int>> alive, Func<decimal[], decimal[]> project, int width)
    {
        var forward = new List<HashSet<decimal[]>> { new(SumComparer.Instance) { new decimal[width] } };
        for (var i = 0; i < rows.Count; i++)
        {
            var next = new HashSet<decimal[]>(SumComparer.Instance);
            foreach (var sum in forward[^1])
            {
                foreach (var o in alive[i]) next.Add(Add(sum, project(rows[i][o]), 1));
            }
            if (next.Count > MaxPartialSums) return null;
            forward.Add(next);
        }
        // backward[i]: what rows i.. must still sum to for the choice to reach 0.
        var backward = new HashSet<decimal[]>[rows.Count + 1];
        backward[rows.Count] = new(SumComparer.Instance) { new decimal[width] };
        for (var i = rows.Count - 1; i >= 0; i--)
        {
            backward[i] = new(SumComparer.Instance);
            foreach (var rest in backward[i + 1])
            {
                foreach (var o in alive[i]) backward[i].Add(Add(rest, project(rows[i][o]), -1));
            }
            if (backward[i].Count > MaxPartialSums) return null;
        }
        if (!backward[0].Contains(new decimal[width])) return [.. rows.Select(_ => new List<int>())];
        return [.. Enumerable.Range(0, rows.Count).Select(i =>
            alive[i].Where(o => forward[i].Any(sum => backward[i + 1].Contains(Add(sum, project(rows[i][o]), 1)))).ToList())];
    }

    private static decimal[] Add(decimal[] sum, decimal[] reading, int sign)
    {
        var result = new decimal[sum.Length];
        for (var c = 0; c < sum.Length; c++) result[c] = sum[c] + sign * reading[c];
        return result;
    }

    /// <summary>Column sums compared by value (1.0 and 1 are the same sum).</summary>
    private sealed class SumComparer : IEqualityComparer<decimal[]>
    {
        public static readonly SumComparer Instance = new();
        public bool Equals(decimal[]? x, decimal[]? y) => x is not null && y is not null && x.AsSpan().SequenceEqual(y);
        public int GetHashCode(decimal[] obj)
        {
            var hash = new HashCode();
            foreach (var v in obj) hash.Add(v);
            return hash.ToHashCode();
        }
    }
}
