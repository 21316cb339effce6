namespace Almanac.Ingest.Reports.Staff;

/// <summary>
/// Which rows each totals row of a staff table sums: the rows it follows since the previous total, or, for a total
/// that follows no such row, the totals since the previous grand total (a grand total whose parts are the section
/// totals). A total with neither sums nothing and is checked against nothing.
/// </summary>
internal static class TotalGroups
{
    /// <summary>For each totals row (by index) that sums something, the indices of its parts, in order.</summary>
    /// <param name="count">The rows of the table, by index.</param>
    /// <param name="isTotal">Whether a row is a totals row.</param>
    /// <param name="isPart">Whether a row is one a total sums (a count, not a percentage or a change).</param>
    public static Dictionary<int, IReadOnlyList<int>> Of(int count, Func<int, bool> isTotal, Func<int, bool> isPart)
    {
        var groups = new Dictionary<int, IReadOnlyList<int>>();
        var start = 0;
        var sectionTotals = new List<int>();
        for (var t = 0; t < count; t++)
        {
            if (!isTotal(t)) continue;
            var parts = Enumerable.Range(start, t - start).Where(i => isPart(i) && !isTotal(i)).ToList();
            start = t + 1;
            if (parts.Count > 0)
            {
                groups[t] = parts;
                sectionTotals.Add(t);
            }
            // One section's total printed again is no grand total: only several totals have one.
            else if (sectionTotals.Count > 1)
            {
                groups[t] = sectionTotals;
                sectionTotals = [];
            }
        }
        return groups;
    }
}
