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

    /// <summary>What a totals row says while its rows are undecided: the placements the story leaves them.</summary>
    /// <param name="Viable">Per part and for the total, the readings some choice fitting the story uses.</param>
    /// <param name="DecidesTotal">
    /// Whether the total is decided too (the columns it gets right decide it); when a row is left out or counted twice,
    /// the total is read for that story once its rows are placed (<see cref="Explain"/>).
    /// </param>
    public sealed record Placements(TotalPlacements.Viable Viable, bool DecidesTotal);

    /// <summary>
    /// Rows that read several ways and a total that no choice of their readings fits (<see cref="TotalPlacements"/>):
    /// the total is searched for the same stories as <see cref="Explain"/> tells — one row left out, one counted twice,
    /// and, failing those, one column wrong (the rows placed by the other columns, which some choice fits), several when
    /// the total breaks its own arithmetic or, over many rows, several (<see cref="ColumnsGotRight"/>). Only a single
    /// row story is taken. Null when no story fits.
    /// </summary>
    /// <param name="totalWrongWithin">Whether the totals row breaks its own arithmetic (its grades do not sum to its Total), so that it is misprinted whatever the rows read.</param>
    public static Placements? ExplainUndecided(IReadOnlyList<IReadOnlyList<IReadOnlyList<decimal?>>> parts, IReadOnlyList<IReadOnlyList<decimal?>> totals,
        bool totalWrongWithin = false)
    {
        if (parts.Count == 0 || totals.Count == 0 || parts.Any(p => p.Count == 0)) return null;
        var columns = totals[0].Count;
        static bool Zero(IReadOnlyList<decimal?> reading) => reading.All(v => (v ?? 0) == 0);
        var stories = new List<TotalPlacements.Viable>();
        for (var k = 0; k < parts.Count && stories.Count < 2; k++)
        {
            if (parts[k].All(Zero)) continue;
            // Left out: the total is searched against the other rows. A row left out is placed by nothing, so only one
            // that reads one way can be (else the total could not be checked against it after all).
            IReadOnlyList<IReadOnlyList<decimal?>> none = [new decimal?[columns]];
            if (parts[k].Count == 1 && TotalPlacements.Search([.. parts.Select((p, i) => i == k ? none : p)], totals) is { Whole: true } left && !TotalPlacements.NoneFits(left))
            {
                stories.Add(left with { Parts = [.. left.Parts.Select((u, i) => i == k ? [0] : u)] });
            }
            // Counted twice: each of its readings twice.
            IReadOnlyList<IReadOnlyList<decimal?>> twice = [.. parts[k].Select(r => (IReadOnlyList<decimal?>)[.. r.Select(v => v * 2)])];
            if (TotalPlacements.Search([.. parts.Select((p, i) => i == k ? twice : p)], totals) is { Whole: true } doubled && !TotalPlacements.NoneFits(doubled))
            {
                stories.Add(doubled);
            }
        }
        if (stories.Count == 1) return new Placements(stories[0], false);
        if (stories.Count > 1) return null;
        var right = Enumerable.Range(0, columns).Where(c => TotalPlacements.Search(parts, totals, [c]) is { Whole: true } one && !TotalPlacements.NoneFits(one)).ToList();
        // One column wrong: the others place the rows. Several, when the total breaks its own arithmetic: it is misprinted
        // for certain, the columns no reading of the rows makes it are its errors whatever the rows read, and the other
        // columns, most of the table's, place the rows if they fit together. (A total that holds within itself and is off
        // in several columns tells no such story.)
        var oneWrong = right.Count == columns - 1;
        if (oneWrong || (totalWrongWithin && right.Count * 2 > columns && right.Count < columns))
        {
            if (TotalPlacements.Search(parts, totals, right) is { Whole: true } placed && !TotalPlacements.NoneFits(placed)) return new Placements(placed, true);
            if (oneWrong) return null;
        }
        return parts.Count > columns ? ColumnsGotRight(parts, totals) : null;
    }

    /// <summary>
    /// A total wrong in several columns, over more rows than it has columns (an annex): the rows are placed by the
    /// columns it gets right, grown one at a time (a column kept when some choice still fits it with every column kept
    /// before), as long as they are most of the table. With few rows a total off in several columns is as likely rows
    /// misread as a total misprinted, and no story is told. Rows that read several ways can meet a wrong total by moving
    /// a cell into its column, so the columns kept depend on the order they are tried in: they are grown from the left
    /// and from the right, and a row is placed only where both place it alike (else its placements are left, not
    /// called ambiguous: no choice fits the whole total).
    /// </summary>
    private static Placements? ColumnsGotRight(IReadOnlyList<IReadOnlyList<IReadOnlyList<decimal?>>> parts, IReadOnlyList<IReadOnlyList<decimal?>> totals)
    {
        var columns = totals[0].Count;
        TotalPlacements.Viable? Placed(IEnumerable<int> order)
        {
            var kept = new List<int>();
            foreach (var c in order)
            {
                if (TotalPlacements.Search(parts, totals, [.. kept, c]) is { Whole: true } fits && !TotalPlacements.NoneFits(fits)) kept.Add(c);
            }
            return kept.Count == columns || kept.Count * 2 <= columns ? null : TotalPlacements.Search(parts, totals, [.. kept.Order()]);
        }
        if (Placed(Enumerable.Range(0, columns)) is not { } fromLeft || Placed(Enumerable.Range(0, columns).Reverse()) is not { } fromRight) return null;
        var alike = fromLeft.Parts.Zip(fromRight.Parts).All(p => p.First.SequenceEqual(p.Second)) && fromLeft.Total.SequenceEqual(fromRight.Total);
        static IReadOnlyList<int> Both(IReadOnlyList<int> a, IReadOnlyList<int> b) => [.. a.Union(b).Order()];
        var notWhole = !alike ? "the columns its total gets right, which place the rows, are not the same tried from the left as from the right"
            : fromLeft.NotWhole ?? fromRight.NotWhole;
        return new Placements(new TotalPlacements.Viable([.. fromLeft.Parts.Zip(fromRight.Parts, Both)], Both(fromLeft.Total, fromRight.Total), notWhole), true);
    }
}
