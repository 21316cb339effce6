namespace Almanac.Ingest.Reports.Funding;

/// <summary>
/// The numbers printed under one column heading (or under a line of several headings, whose columns the extraction
/// merged), read as a column stream: the cells top to bottom, empty ones missing, then the column's total.
/// </summary>
internal sealed class ColumnBlock
{
    /// <summary>One way to read a block: each column's values, and where each printed number went (in printed order).</summary>
    /// <param name="Cells">Per printed number, top to bottom: its line, its column and its index in that column.</param>
    public sealed record Split(IReadOnlyList<IReadOnlyList<decimal>> Columns, IReadOnlyList<(int Line, int Column, int Index)> Cells);

    /// <summary>Decompositions beyond this many make the block unreadable (never guessed).</summary>
    private const int MaxDecompositions = 64;
    private const int MaxSteps = 1 << 20;

    private ColumnBlock(IReadOnlyList<string> headings, int line)
    {
        Headings = headings;
        Line = line;
    }

    public IReadOnlyList<string> Headings { get; }
    public int Line { get; }

    /// <summary>The printed column totals, one per heading; null when no reading of the block ends in its totals.</summary>
    public IReadOnlyList<NumberToken>? Totals { get; private set; }

    /// <summary>The ways to split the block's cells into its columns (one per heading, in printed order) that sum to the totals.</summary>
    public IReadOnlyList<Split> Decompositions { get; private set; } = [];

    /// <summary>Numbers under the heading that the block's reading does not take: cells of other columns or rows printed out of place.</summary>
    public IReadOnlyList<NumberToken> Orphans { get; private set; } = [];

    public bool Verified => Totals is not null && Decompositions.Count > 0;

    /// <summary>
    /// Reads a block. A single column ends at the last number that equals the sum of the numbers above it (its printed
    /// total); several merged columns end at the last line holding one number per column, and every line above is split
    /// over the columns in order in all the ways whose sums meet those totals.
    /// </summary>
    public static ColumnBlock Read(IReadOnlyList<string> headings, int line, IReadOnlyList<IReadOnlyList<NumberToken>> numberLines)
    {
        var block = new ColumnBlock(headings, line);
        if (headings.Count == 1) block.ReadSingle([.. numberLines.SelectMany(l => l)]);
        else block.ReadMerged(numberLines);
        return block;
    }

    private void ReadSingle(List<NumberToken> tokens)
    {
        decimal sum = 0;
        var end = -1;
        for (var i = 0; i < tokens.Count; i++)
        {
            if (i > 0 && sum == tokens[i].Value) end = i;
            sum += tokens[i].Value;
        }
        if (end < 0)
        {
            Orphans = tokens;
            return;
        }
        Totals = [tokens[end]];
        Decompositions = [new Split([[.. tokens.Take(end).Select(t => t.Value)]], [.. tokens.Take(end).Select((t, i) => (t.Line, 0, i))])];
        Orphans = tokens.Skip(end + 1).ToList();
    }

    private void ReadMerged(IReadOnlyList<IReadOnlyList<NumberToken>> lines)
    {
        var k = Headings.Count;
        for (var end = lines.Count - 1; end >= 0; end--)
        {
            if (lines[end].Count != k) continue;
            var totals = lines[end];
            var found = Decompose(lines.Take(end).ToList(), [.. totals.Select(t => t.Value)]);
            if (found is null || found.Count == 0) continue;
            Totals = totals;
            Decompositions = found;
            Orphans = lines.Skip(end + 1).SelectMany(l => l).ToList();
            return;
        }
        Orphans = lines.SelectMany(l => l).ToList();
    }

    /// <summary>All splits of the lines over the columns meeting the totals; null when there are too many to be useful.</summary>
    private static List<Split>? Decompose(List<IReadOnlyList<NumberToken>> lines, decimal[] totals)
    {
        var k = totals.Length;
        if (lines.Any(l => l.Count > k)) return [];
        var columns = Enumerable.Range(0, k).Select(_ => new List<decimal>()).ToArray();
        var sums = new decimal[k];
        var found = new List<Split>();
        var cells = new List<(int Line, int Column, int Index)>();
        var steps = 0;
        var overflow = false;

        void Visit(int index)
        {
            if (overflow) return;
            if (++steps > MaxSteps || found.Count > MaxDecompositions)
            {
                overflow = true;
                return;
            }
            if (index == lines.Count)
            {
                if (sums.SequenceEqual(totals)) found.Add(new Split([.. columns.Select(c => (IReadOnlyList<decimal>)[.. c])], [.. cells]));
                return;
            }
            foreach (var subset in Subsets(k, lines[index].Count))
            {
                var fits = true;
                for (var j = 0; j < subset.Length; j++)
                {
                    var c = subset[j];
                    sums[c] += lines[index][j].Value;
                    columns[c].Add(lines[index][j].Value);
                    cells.Add((lines[index][j].Line, c, columns[c].Count - 1));
                    if (sums[c] > totals[c]) fits = false;
                }
                if (fits) Visit(index + 1);
                for (var j = 0; j < subset.Length; j++)
                {
                    var c = subset[j];
                    sums[c] -= lines[index][j].Value;
                    columns[c].RemoveAt(columns[c].Count - 1);
                    cells.RemoveAt(cells.Count - 1);
                }
            }
        }

        Visit(0);
        return overflow ? null : found;
    }

    /// <summary>The increasing n-subsets of 0..k−1: the columns a line of n numbers can stand in, left to right.</summary>
    private static IEnumerable<int[]> Subsets(int k, int n)
    {
        for (var mask = 0; mask < 1 << k; mask++)
        {
            if (System.Numerics.BitOperations.PopCount((uint)mask) != n) continue;
            yield return [.. Enumerable.Range(0, k).Where(c => (mask & (1 << c)) != 0)];
        }
    }
}
