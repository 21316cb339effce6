using Almanac.Domain.Observations;
using Almanac.Domain.Reports;
using Almanac.Domain.Tables;

namespace Almanac.Ingest.Reports.Funding;

/// <summary>
/// Rebuilds the funding requirements tables of a Migration Initiatives appeal: the summary (regions × MiGOF categories)
/// and one table per region (its countries × the same categories), from a column-stream extraction.
/// </summary>
/// <remarks>
/// A row's <see cref="ReportRow.Line"/> is the line of its label (the first line when the label wraps): in a column
/// stream a row's numbers are spread over as many lines as it has cells, while its label is printed once.
/// </remarks>
public sealed class FundingTablesReader : IReportTableReader
{
    public const string SummaryId = "funding-summary";
    public const string RegionIdPrefix = "funding-region-";
    private const string RegionalInitiatives = "Regional initiatives";

    public IReadOnlyList<ReportTable> Read(ReportDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (document.Identity.Kind != DocumentKind.FundingAppeal) return [];
        var starts = Enumerable.Range(1, document.Lines.Count).Where(n => StartsRegionalTable(document, n)).ToList();
        var firstHeading = Enumerable.Range(1, document.Lines.Count)
            .FirstOrDefault(n => FundingText.Headings(document.Line(n)) is { } h && h.Any(FundingText.IsCategory));
        if (firstHeading == 0) return [];
        var summaryEnd = starts.FirstOrDefault(s => s > firstHeading, document.Lines.Count + 1) - 1;
        var categories = FundingText.Ordered(Enumerable.Range(firstHeading, summaryEnd - firstHeading + 1)
            .SelectMany(n => FundingText.Headings(document.Line(n)) ?? []).Where(FundingText.IsCategory));

        var regions = SummaryLabels(document, firstHeading, summaryEnd);
        var layouts = new List<RegionalLayout>();
        foreach (var start in starts.Where(s => s > firstHeading))
        {
            var end = Math.Min(starts.FirstOrDefault(s => s > start, document.Lines.Count + 1), ProseAfter(document, start)) - 1;
            layouts.Add(RegionalLayout.Read(document, start, end, categories, regions));
        }

        var regionals = layouts.Select(l => (Layout: l, Clean: RegionalTables.ReadClean(document, l, categories))).ToList();
        var summaryTokens = Enumerable.Range(firstHeading, summaryEnd - firstHeading + 1)
            .Where(n => !document.IsPageFurniture(n)).SelectMany(n => FundingText.Numbers(document.Line(n), n) ?? []).ToList();
        if (summaryTokens.Count == 0) throw new ReportFormatException(document.Name, firstHeading, "the funding summary prints no figures under its column headings");

        var totalRow = regions.Count - 1;
        var evidence = regions.Select((label, r) => r == totalRow ? null : Evidence(label, regionals, categories)).ToList();
        var (grid, problem) = SummarySolver.Solve(summaryTokens, evidence, totalRow, categories.Count);

        var columns = categories.Append(FundingText.TotalHeading).ToList();
        var footnotes = Enumerable.Range(firstHeading, summaryEnd - firstHeading + 1)
            .Select(n => FundingText.Footnote(document.Line(n))).OfType<(string Marker, string Text)>()
            .GroupBy(f => f.Marker, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Text, StringComparer.Ordinal);
        var tables = new List<ReportTable>
        {
            Summary(document, firstHeading, summaryTokens, regions, regionals.Select(r => r.Layout).ToList(), columns, grid, problem, footnotes),
        };
        foreach (var (layout, clean) in regionals)
        {
            var summaryRow = regions.FindIndex(r => r.Text == layout.Region);
            tables.Add(clean ?? RegionalTables.FromSummary(document, layout, columns, grid?[summaryRow]));
        }
        return tables;
    }

    public IReadOnlyList<Observation>? ToObservations(ReportTable table, ReportDocument document)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(document);
        var regional = table.Id.StartsWith(RegionIdPrefix, StringComparison.Ordinal);
        if (!regional && table.Id != SummaryId) return null;
        var totalColumn = table.Columns.Count - 1;
        var observations = new List<Observation>();
        foreach (var row in table.Rows)
        {
            var key = DimensionKey.Empty;
            if (regional)
            {
                key = key.With(FundingDimensions.Region, table.Id[RegionIdPrefix.Length..]);
                if (row.Role == RowRole.Data)
                {
                    key = row.Iso3 is { } iso3
                        ? key.With(FundingDimensions.Country, iso3)
                        : key.With(FundingDimensions.Scope, FundingText.Slug(row.Label));
                }
            }
            else if (row.Role == RowRole.Data)
            {
                key = row.Section is { } region
                    ? key.With(FundingDimensions.Region, FundingText.Slug(region))
                    : key.With(FundingDimensions.Scope, FundingDimensions.ScopeGlobal);
            }
            for (var c = 0; c < table.Columns.Count; c++)
            {
                if (row.Cells[c] is not { } cell) continue;
                var cellKey = c == totalColumn ? key : key.With(FundingDimensions.Migof, FundingText.MigofMember(table.Columns[c]));
                observations.Add(new Observation(FundingMeasures.Requirement, document.Identity.Year, cellKey, cell.Value,
                    new Provenance(0, document.Name, table.Id, row.Line)));
            }
        }
        return observations;
    }

    /// <summary>The summary's row labels: the run of text lines standing right above its "Total" label, wrapped names joined.</summary>
    private static List<PrintedLabel> SummaryLabels(ReportDocument document, int first, int last)
    {
        var headings = Enumerable.Range(1, document.Lines.Count).Select(document.Line)
            .Where(FundingText.IsCapitals).Select(FundingText.Fold).ToHashSet(StringComparer.Ordinal);
        for (var n = first; n <= last; n++)
        {
            if (!FundingText.IsTotalLabel(document.Line(n)) || !FundingText.IsText(document.Line(n - 1), n - 1)) continue;
            var top = FundingText.TopOfLabels(document, n - 1);
            var raw = Enumerable.Range(top, n - top + 1).Where(l => !document.IsPageBreak(l))
                .Select(l => new PrintedLabel(ReportLine.WithoutFootnoteMark(document.Line(l).Trim()), l)).ToList();
            var labels = FundingText.JoinRegionLabels(raw, headings);
            if (labels.Count > 2) return labels;
        }
        throw new ReportFormatException(document.Name, first, "the funding summary's row labels (a list ending in 'Total') were not found");
    }

    private static RegionEvidence? Evidence(PrintedLabel label, List<(RegionalLayout Layout, ReportTable? Clean)> regionals, IReadOnlyList<string> categories)
    {
        var match = regionals.FirstOrDefault(r => r.Layout.Region == label.Text);
        if (match.Layout is null) return null;
        var known = new Dictionary<int, decimal>();
        if (match.Clean is { } clean)
        {
            var total = clean.Rows.Single(r => r.Role == RowRole.Total);
            for (var c = 0; c < total.Cells.Count; c++)
            {
                if (total.Cells[c] is { } cell) known[c] = cell.Value;
            }
        }
        else
        {
            foreach (var (heading, token) in match.Layout.VerifiedTotals())
            {
                var c = heading == FundingText.TotalHeading ? categories.Count : categories.ToList().IndexOf(heading);
                if (c >= 0) known[c] = token.Value;
            }
        }
        return new RegionEvidence(match.Layout.Tokens.Select(t => t.Value).ToHashSet(), known);
    }

    private static ReportTable Summary(ReportDocument document, int firstHeading, List<NumberToken> tokens, List<PrintedLabel> labels,
        List<RegionalLayout> layouts, List<string> columns, NumberToken?[][]? grid, string? problem, IReadOnlyDictionary<string, string> footnotes)
    {
        var title = Enumerable.Range(Math.Max(1, firstHeading - 10), tokens[^1].Line - firstHeading + 11).Select(document.Line)
            .FirstOrDefault(l => FundingText.Fold(l) == "FUNDING REQUIREMENTS")?.Trim() ?? "Funding requirements";
        var lines = new LineRange(Math.Min(firstHeading, labels[0].Line), Math.Max(tokens[^1].Line, labels[^1].Line));
        if (grid is null)
        {
            var unresolved = labels.Select(l => new UnresolvedRow(l.Line, l.Text, problem!)).ToList();
            return new ReportTable(SummaryId, title, document.Identity.Year, lines, columns, [], [], unresolved);
        }
        var rows = new List<ReportRow>();
        for (var r = 0; r < labels.Count; r++)
        {
            var isTotal = r == labels.Count - 1;
            var region = layouts.Any(l => l.Region == labels[r].Text) ? labels[r].Text : null;
            // The summary's figures are printed in no usable order, so every column is placed by arithmetic.
            var cells = grid[r].Select(t => t is null ? (ReportCell?)null : new ReportCell(t.Value, Inferred: true)).ToList();
            rows.Add(new ReportRow(labels[r].Text, null, isTotal ? RowRole.Total : RowRole.Data, CellKind.Count, labels[r].Line, cells, region));
        }
        var parts = Enumerable.Range(0, rows.Count - 1).ToList();
        IReadOnlyList<TableIdentity> arithmetic =
        [
            new ColumnsSum(FundingText.TotalHeading, columns[..^1], Footnoted: FootnotedTotals(grid, footnotes)),
            new RowsSum(rows.Count - 1, parts),
        ];
        return new ReportTable(SummaryId, title, document.Identity.Year, lines, columns, rows, arithmetic, []);
    }

    /// <summary>
    /// The rows whose printed total carries a footnote marker whose footnote says the figure includes something (the
    /// appeal stars the global row's total: "* Includes institutional initiatives not related to …" the categories),
    /// and the totals row when it sums such a total. Which rows is read from the markers, not from names or lines.
    /// </summary>
    private static List<FootnotedTotal>? FootnotedTotals(NumberToken?[][] grid, IReadOnlyDictionary<string, string> footnotes)
    {
        var totalRow = grid.Length - 1;
        var footnoted = new List<FootnotedTotal>();
        for (var r = 0; r < grid.Length; r++)
        {
            if (grid[r][^1]?.Marker is { } marker && footnotes.TryGetValue(marker, out var text) && FundingText.SaysIncludes(text))
            {
                footnoted.Add(new FootnotedTotal(r, $"{marker} {text}"));
            }
        }
        if (footnoted.Count > 0 && footnoted[^1].Row != totalRow)
        {
            // The grand total is the sum of the row totals, so it includes whatever the footnoted ones include.
            footnoted.Add(new FootnotedTotal(totalRow, string.Join(" ", footnoted.Select(f => f.Footnote).Distinct(StringComparer.Ordinal))));
        }
        return footnoted.Count > 0 ? footnoted : null;
    }

    /// <summary>
    /// Whether a regional table's row labels start at line <paramref name="n"/>: its first label is the regional
    /// initiatives' scope, on one line or wrapped over several (the next in lower case, or a word broken at a hyphen),
    /// and a label follows it.
    /// </summary>
    private static bool StartsRegionalTable(ReportDocument document, int n)
    {
        if (!document.Line(n).TrimStart().StartsWith(RegionalInitiatives[..1], StringComparison.OrdinalIgnoreCase)) return false;
        var labels = new List<PrintedLabel>();
        // The scope's two words, each possibly broken at a hyphen, and the label after them.
        for (var k = n; k <= document.Lines.Count && labels.Count < 5 && FundingText.IsText(document.Line(k), k); k++)
        {
            labels.Add(new PrintedLabel(FundingText.Unmarked(document.Line(k), IsScope), k));
        }
        var scope = FundingText.JoinCountryLabels(labels, document.Reference, firstIsScope: true);
        return scope.Count >= 2 && IsScope(FundingText.Unmarked(scope[0].Text, IsScope));
    }

    /// <summary>Whether a label is the regional initiatives' scope, the first row of every regional table.</summary>
    internal static bool IsScope(string label) => string.Equals(label, RegionalInitiatives, StringComparison.OrdinalIgnoreCase);

    /// <summary>The first line of prose after a table's start: where the last table of the series has certainly ended.</summary>
    private static int ProseAfter(ReportDocument document, int start)
    {
        for (var n = start; n <= document.Lines.Count; n++)
        {
            if (FundingText.IsProse(document.Line(n)) && !document.IsPageFurniture(n)) return n;
        }
        return document.Lines.Count + 1;
    }
}
