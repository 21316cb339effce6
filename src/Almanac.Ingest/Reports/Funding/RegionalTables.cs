using Almanac.Domain.Reports;
using Almanac.Domain.Tables;

namespace Almanac.Ingest.Reports.Funding;

/// <summary>Builds a regional table from its layout: cell by cell when its column streams are clean, else its total row only.</summary>
internal static class RegionalTables
{
    private const int MaxCombinations = 256;

    /// <summary>The table read from clean column streams; null when the streams are not clean (see <see cref="RegionalLayout.Problem"/>).</summary>
    public static ReportTable? ReadClean(ReportDocument document, RegionalLayout layout, IReadOnlyList<string> categories)
    {
        if (layout.Problem is not null) return null;
        var columns = categories.Append(FundingText.TotalHeading).ToList();
        var sources = columns.Select(c =>
        {
            var block = layout.Blocks.Single(b => b.Headings.Contains(c, StringComparer.Ordinal));
            return (Block: block, Index: block.Headings.ToList().IndexOf(c));
        }).ToList();
        var blocks = sources.Select(s => s.Block).Distinct().ToList();
        var totalRow = new ReportRow(FundingText.TotalHeading, null, RowRole.Total, CellKind.Count, layout.TotalLine,
            [.. sources.Select(s => (ReportCell?)new ReportCell(s.Block.Totals![s.Index].Value))], layout.Region);

        var (cells, undecided, reason) = Place(layout, sources, blocks);
        if (cells is null) return Table(document, layout, columns, [totalRow], Unresolved(layout, reason!), withRows: false);
        var rows = layout.Rows.Select((label, r) => (label, r)).Where(x => !undecided.Contains(x.r))
            .Select(x => new ReportRow(x.label.Text, ResolveIso3(document, x.label.Text), RowRole.Data, CellKind.Count, x.label.Line, cells[x.r], layout.Region))
            .Append(totalRow).ToList();
        var unresolved = layout.Rows.Where((_, r) => undecided.Contains(r)).Select(l => new UnresolvedRow(l.Line, l.Text, reason!)).ToList();
        // With rows left out, the column sums would accuse the printed totals of the missing rows' amounts.
        return Table(document, layout, columns, rows, unresolved, withRows: unresolved.Count == 0);
    }

    /// <summary>
    /// A table whose column streams are interleaved beyond reading: its total row is the region's row of the solved
    /// summary (the same figures, printed in both), and its country rows are left unresolved.
    /// </summary>
    public static ReportTable FromSummary(ReportDocument document, RegionalLayout layout, IReadOnlyList<string> columns, NumberToken?[]? summaryRow)
    {
        var reason = $"the column streams are interleaved across the page ({layout.Problem}); no single placement of the values into rows is established";
        var verified = layout.VerifiedTotals();
        var rows = summaryRow is null
            ? []
            : new List<ReportRow>
            {
                new(FundingText.TotalHeading, null, RowRole.Total, CellKind.Count, layout.TotalLine,
                    [.. summaryRow.Select((t, c) => t is null ? (ReportCell?)null
                        : new ReportCell(t.Value, Inferred: !(verified.TryGetValue(columns[c], out var v) && v.Value == t.Value)))],
                    layout.Region),
            };
        var unresolved = Unresolved(layout, summaryRow is null ? reason + ", and the summary could not be solved for its total row" : reason);
        return Table(document, layout, columns, rows, unresolved, withRows: false);
    }

    /// <summary>
    /// The country a row label names. The tables print some names inverted after a comma ("Gambia, the", "Bolivia,
    /// Plurinational State of"); when a name does not resolve as printed, it is tried without the article and with the
    /// inverted part in brackets, the UN's style. A footnote mark or letter after the name is not part of it.
    /// </summary>
    public static string? ResolveIso3(ReportDocument document, string label)
    {
        label = ReportLine.WithoutFootnoteMark(label);
        if (document.CountryNamed(label) is { } country) return country.Iso3;
        var comma = label.LastIndexOf(", ", StringComparison.Ordinal);
        if (comma <= 0) return null;
        var head = label[..comma];
        var tail = label[(comma + 2)..];
        return (tail.Equals("the", StringComparison.OrdinalIgnoreCase) ? document.Reference.Resolve(head) : null)?.Iso3
            ?? document.Reference.Resolve($"{head} ({tail})")?.Iso3;
    }

    private static List<UnresolvedRow> Unresolved(RegionalLayout layout, string reason) =>
        [.. layout.Rows.Select(l => new UnresolvedRow(l.Line, l.Text, reason))];

    private static ReportTable Table(ReportDocument document, RegionalLayout layout, IReadOnlyList<string> columns, List<ReportRow> rows,
        List<UnresolvedRow> unresolved, bool withRows)
    {
        List<TableIdentity> arithmetic = [new ColumnsSum(FundingText.TotalHeading, [.. columns.Take(columns.Count - 1)])];
        if (withRows) arithmetic.Add(new RowsSum(rows.Count - 1, [.. Enumerable.Range(0, rows.Count - 1)]));
        return new ReportTable(FundingTablesReader.RegionIdPrefix + FundingText.Slug(layout.Region), layout.Title.Text, document.Identity.Year,
            new LineRange(layout.Start, Math.Max(layout.LastLine, layout.TotalLine)), columns, rows, arithmetic, unresolved);
    }

    /// <summary>
    /// Places every column's values into rows, over every way of splitting merged blocks: first with every row adding
    /// up, then (when nothing fits) allowing one row whose printed total disagrees. A row is taken when every fitting
    /// grid agrees on it; rows on which fitting grids differ are returned as undecided, never chosen between.
    /// </summary>
    private static (ReportCell?[][]? Cells, IReadOnlySet<int> Undecided, string? Reason) Place(RegionalLayout layout,
        List<(ColumnBlock Block, int Index)> sources, List<ColumnBlock> blocks)
    {
        var combinations = blocks.Aggregate((IEnumerable<Dictionary<ColumnBlock, int>>)[[]],
            (acc, b) => acc.SelectMany(d => Enumerable.Range(0, b.Decompositions.Count).Select(i => new Dictionary<ColumnBlock, int>(d) { [b] = i })))
            .Take(MaxCombinations + 1).ToList();
        if (combinations.Count > MaxCombinations) return (null, new HashSet<int>(), "merged columns split in too many ways to search");
        var rowCount = layout.Rows.Count;
        for (var tolerance = 0; tolerance <= 1; tolerance++)
        {
            var grids = new List<ReportCell?[][]>();
            foreach (var combination in combinations)
            {
                var streams = sources.Select(s => s.Block.Decompositions[combination[s.Block]].Columns[s.Index]).ToList();
                var merged = combination.Keys.Where(b => b.Headings.Count > 1).Select(b => new MergedOrder(
                    [.. b.Decompositions[combination[b]].Cells.Select(c => (c.Line, sources.FindIndex(s => s.Block == b && s.Index == c.Column)))])).ToList();
                var placement = ColumnPlacement.Place(streams.Take(streams.Count - 1).ToList(), streams[^1], rowCount, tolerance, merged);
                if (placement.Outcome == PlacementOutcome.TooLarge || (placement.Outcome == PlacementOutcome.Ambiguous && placement.Alternatives is null))
                {
                    return (null, new HashSet<int>(), "too many placements of the column values into rows fit the row totals");
                }
                var placed = placement.Outcome == PlacementOutcome.Unique ? [placement.Rows!] : placement.Alternatives ?? [];
                foreach (var rowsOf in placed)
                {
                    var grid = new ReportCell?[rowCount][];
                    for (var r = 0; r < rowCount; r++) grid[r] = new ReportCell?[streams.Count];
                    for (var c = 0; c < streams.Count; c++)
                    {
                        // A cell is read when its column printed a value for every row; otherwise the arithmetic placed it.
                        var inferred = streams[c].Count < rowCount || sources[c].Block.Headings.Count > 1;
                        for (var i = 0; i < streams[c].Count; i++) grid[rowsOf[c][i]][c] = new ReportCell(streams[c][i], inferred);
                    }
                    if (!grids.Any(g => Same(g, grid))) grids.Add(grid);
                }
            }
            if (grids.Count == 0) continue;
            var undecided = Enumerable.Range(0, rowCount).Where(r => grids.Any(g => !SameRow(g[r], grids[0][r]))).ToHashSet();
            return (grids[0], undecided, undecided.Count == 0 ? null
                : $"{grids.Count} placements of the column values into rows fit the row totals and differ on this row");
        }
        return (null, new HashSet<int>(), "no placement of the column values into rows fits the row totals");
    }

    private static bool SameRow(ReportCell?[] a, ReportCell?[] b) => a.Select(c => c?.Value).SequenceEqual(b.Select(c => c?.Value));

    private static bool Same(ReportCell?[][] a, ReportCell?[][] b) =>
        a.Zip(b).All(p => p.First.Select(c => c?.Value).SequenceEqual(p.Second.Select(c => c?.Value)));
}
