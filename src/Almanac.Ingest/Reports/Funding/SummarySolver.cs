namespace Almanac.Ingest.Reports.Funding;

/// <summary>What the summary solver knows of one region before solving: the numbers its regional table prints, and the columns of some.</summary>
/// <param name="Printed">Every number the regional table prints.</param>
/// <param name="Known">Column index (categories, then the total at index = category count) → the region's printed total of that column, where the regional table reads it cleanly.</param>
internal sealed record RegionEvidence(IReadOnlySet<decimal> Printed, IReadOnlyDictionary<int, decimal> Known);

/// <summary>
/// Rebuilds the summary (rows: regions and other scopes, then "Total"; columns: the categories, then the total) from its
/// numbers printed in no usable order. A region's row is the set of summary numbers its own regional table also prints;
/// its total is the largest; which category each other number is comes from the regional table where it reads cleanly,
/// and otherwise from the column sums, searched over every assignment and accepted only when exactly one fits.
/// </summary>
internal static class SummarySolver
{
    /// <summary>The solved grid (row → column → token), or null with the reason.</summary>
    public static (NumberToken?[][]? Grid, string? Problem) Solve(IReadOnlyList<NumberToken> tokens, IReadOnlyList<RegionEvidence?> rows, int totalRow, int categories)
    {
        var width = categories + 1;
        if (tokens.Count != rows.Count * width)
        {
            return (null, $"the summary prints {tokens.Count} numbers, not the {rows.Count * width} its {rows.Count} rows and {width} columns need");
        }
        var claimedBy = new int[tokens.Count];
        Array.Fill(claimedBy, -1);
        for (var r = 0; r < rows.Count; r++)
        {
            if (rows[r] is not { } evidence) continue;
            for (var t = 0; t < tokens.Count; t++)
            {
                if (!evidence.Printed.Contains(tokens[t].Value)) continue;
                if (claimedBy[t] >= 0) return (null, $"the summary figure {tokens[t].Value:#,0} (line {tokens[t].Line}) is printed in two regional tables");
                claimedBy[t] = r;
            }
        }
        var grid = new NumberToken?[rows.Count][];
        var unknown = new List<NumberToken>[rows.Count];
        for (var r = 0; r < rows.Count; r++)
        {
            grid[r] = new NumberToken?[width];
            unknown[r] = [];
            if (rows[r] is not { } evidence) continue;
            var mine = Enumerable.Range(0, tokens.Count).Where(t => claimedBy[t] == r).Select(t => tokens[t]).ToList();
            if (mine.Count != width) return (null, $"{mine.Count} summary figures, not {width}, are printed in the regional table of row {r + 1}");
            var total = mine.MaxBy(t => t.Value)!;
            grid[r][categories] = total;
            mine.Remove(total);
            foreach (var (column, value) in evidence.Known.Where(k => k.Key < categories))
            {
                var token = mine.FirstOrDefault(t => t.Value == value);
                if (token is null) return (null, $"the regional table's total {value:#,0} of a column is not in the summary's row {r + 1}");
                grid[r][column] = token;
                mine.Remove(token);
            }
            unknown[r] = mine;
        }
        var free = Enumerable.Range(0, tokens.Count).Where(t => claimedBy[t] < 0).Select(t => tokens[t]).ToList();
        if (free.Count == 0) return (null, "every summary figure is printed in a regional table; none is left for the totals");
        var grand = free.MaxBy(t => t.Value)!;
        free.Remove(grand);
        grid[totalRow][categories] = grand;
        var others = Enumerable.Range(0, rows.Count).Where(r => r != totalRow && rows[r] is null).ToList();
        if (others.Count != 1) return (null, $"{others.Count} summary rows are neither a region with its own table nor the total; only one can be solved from the column sums");
        var other = others[0];

        var search = new ColumnSearch(grid, unknown, free, categories, totalRow, other);
        var count = search.Run();
        return count switch
        {
            0 => (null, "no assignment of the summary figures to columns makes every column sum to its total"),
            > 1 => (null, "more than one assignment of the summary figures to columns makes every column sum to its total"),
            _ => (search.Solution, null),
        };
    }

    private sealed class ColumnSearch(NumberToken?[][] grid, List<NumberToken>[] unknown, List<NumberToken> free, int categories, int totalRow, int other)
    {
        private const int MaxSteps = 5_000_000;
        private readonly bool[][] _usedUnknown = [.. unknown.Select(u => new bool[u.Count])];
        private readonly bool[] _usedFree = new bool[free.Count];
        private int _found;
        private int _steps;

        public NumberToken?[][]? Solution { get; private set; }

        public int Run()
        {
            Column(0, 0, 0);
            return _steps > MaxSteps ? 2 : _found;
        }

        /// <summary>Fills column <paramref name="c"/> region by region, then pairs its sum with a free column total and other-row cell.</summary>
        private void Column(int c, int r, decimal sum)
        {
            if (_found > 1 || ++_steps > MaxSteps) return;
            if (c == categories)
            {
                var last = Enumerable.Range(0, free.Count).Where(i => !_usedFree[i]).ToList();
                if (last.Count != 1) return;
                grid[other][categories] = free[last[0]];
                _found++;
                Solution ??= [.. grid.Select(row => (NumberToken?[])row.Clone())];
                return;
            }
            if (r == grid.Length)
            {
                for (var t = 0; t < free.Count; t++)
                {
                    if (_usedFree[t]) continue;
                    for (var g = 0; g < free.Count; g++)
                    {
                        if (g == t || _usedFree[g] || free[t].Value - free[g].Value != sum) continue;
                        _usedFree[t] = _usedFree[g] = true;
                        grid[totalRow][c] = free[t];
                        grid[other][c] = free[g];
                        Column(c + 1, 0, 0);
                        _usedFree[t] = _usedFree[g] = false;
                    }
                }
                return;
            }
            if (r == totalRow || r == other)
            {
                Column(c, r + 1, sum);
                return;
            }
            if (grid[r][c] is { } known)
            {
                Column(c, r + 1, sum + known.Value);
                return;
            }
            for (var i = 0; i < unknown[r].Count; i++)
            {
                if (_usedUnknown[r][i]) continue;
                _usedUnknown[r][i] = true;
                grid[r][c] = unknown[r][i];
                Column(c, r + 1, sum + unknown[r][i].Value);
                grid[r][c] = null;
                _usedUnknown[r][i] = false;
            }
        }
    }
}
