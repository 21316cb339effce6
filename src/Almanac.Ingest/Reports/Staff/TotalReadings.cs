using Almanac.Domain.Reports;

namespace Almanac.Ingest.Reports.Staff;

/// <summary>
/// Reads a totals row that no reading fits (none is the sum of the rows it totals) for what it says: the reading that
/// is their sum but in one column, or their sum without one or two of them (a catch-all row left out) or with one of
/// them counted twice. Only a single such reading is taken; the identity it returns tells the report's error. The rows
/// a total sums are those <see cref="TotalGroups"/> gives it: a grand total's are the section totals.
/// </summary>
internal static class TotalReadings
{
    /// <summary>A reading of the totals row and the identity that reports what it says.</summary>
    public sealed record Explanation(IReadOnlyList<decimal?> Reading, TableIdentity Identity);

    /// <param name="readings">The totals row's readings (its own arithmetic may fail too: the report may get both wrong).</param>
    /// <param name="total">Index the totals row will have among the table's rows.</param>
    /// <param name="parts">Indices of the rows it totals, with their cells.</param>
    /// <param name="columnSums">
    /// The identity that reports a total the rows' column sums tell best (off in one column, or several stories at
    /// once); by default the plain column sums. A table may name its rule (women plus men).
    /// </param>
    public static Explanation? Explain(IReadOnlyList<IReadOnlyList<decimal?>> readings, int total, IReadOnlyList<(int Index, IReadOnlyList<ReportCell?> Cells)> parts,
        Func<int, IReadOnlyList<int>, TableIdentity>? columnSums = null)
    {
        columnSums ??= (t, p) => new RowsSum(t, p);
        if (readings.Count == 0 || parts.Count == 0) return null;
        var columns = readings[0].Count;
        var sums = Enumerable.Range(0, columns).Select(c => parts.Sum(p => p.Cells[c]?.Value ?? 0)).ToArray();
        decimal Cell(int part, int c) => parts[part].Cells[c]?.Value ?? 0;
        var indices = parts.Select(p => p.Index).ToList();
        var explained = new List<Explanation>();
        foreach (var reading in readings.DistinctBy(PendingRow.Key))
        {
            var printed = reading.Select(v => v ?? 0).ToArray();
            var stories = new List<TableIdentity>();
            var differing = Enumerable.Range(0, columns).Count(c => printed[c] != sums[c]);
            if (differing == 0) continue;
            // A row of zeros (a country with no staff) changes no sum: it is in no story.
            bool Zero(int part) => Enumerable.Range(0, columns).All(c => Cell(part, c) == 0);
            for (var k = 0; k < parts.Count; k++)
            {
                if (Zero(k)) continue;
                if (Enumerable.Range(0, columns).All(c => printed[c] == sums[c] - Cell(k, c))) stories.Add(new TotalExplained(total, indices, [indices[k]], []));
                if (Enumerable.Range(0, columns).All(c => printed[c] == sums[c] + Cell(k, c))) stories.Add(new TotalExplained(total, indices, [], [indices[k]]));
                for (var l = k + 1; l < parts.Count; l++)
                {
                    if (!Zero(l) && Enumerable.Range(0, columns).All(c => printed[c] == sums[c] - Cell(k, c) - Cell(l, c)))
                    {
                        stories.Add(new TotalExplained(total, indices, [indices[k], indices[l]], []));
                    }
                }
            }
            // One story names the rows; several (or only one column off) leave the column sums to say where it differs.
            if (stories.Count == 1) explained.Add(new Explanation(reading, stories[0]));
            else if (stories.Count > 1 || differing == 1) explained.Add(new Explanation(reading, columnSums(total, indices)));
        }
        return explained.Count == 1 ? explained[0] : null;
    }
}
