namespace Almanac.Ingest.Reports.Funding;

/// <summary>
/// One regional table as the extraction prints it: the row labels (possibly in two lists when the table runs over a
/// page), the column blocks, and whether the blocks read as clean column streams.
/// </summary>
internal sealed class RegionalLayout
{
    private RegionalLayout(string region, PrintedLabel title, int start, int end)
    {
        Region = region;
        Title = title;
        Start = start;
        End = end;
    }

    /// <summary>The region's name as the summary prints it.</summary>
    public string Region { get; }

    /// <summary>The table's heading (the region in capitals) and its line.</summary>
    public PrintedLabel Title { get; }
    public int Start { get; }
    public int End { get; }
    public IReadOnlyList<PrintedLabel> Rows { get; private set; } = [];

    /// <summary>The line of the "Total" row label; 0 when the labels do not end in one.</summary>
    public int TotalLine { get; private set; }
    public IReadOnlyList<ColumnBlock> Blocks { get; private set; } = [];
    public IReadOnlyList<NumberToken> Tokens { get; private set; } = [];

    /// <summary>Why the blocks are not clean column streams (one verified block per column, no number left over); null when they are.</summary>
    public string? Problem { get; private set; }

    /// <summary>The last line holding a number of the table.</summary>
    public int LastLine => Tokens.Count == 0 ? Start : Tokens[^1].Line;

    /// <summary>Reads lines <paramref name="start"/>..<paramref name="end"/> (1-based, inclusive); <paramref name="start"/> holds the first row label.</summary>
    public static RegionalLayout Read(ReportDocument document, int start, int end, IReadOnlyList<string> categories, IReadOnlyList<PrintedLabel> regions)
    {
        var title = FindTitle(document, start, end, regions)
            ?? throw new ReportFormatException(document.Name, start, "a regional funding table whose region heading (in capitals, as named in the summary) was not found");
        var layout = new RegionalLayout(title.Region, title.Heading, start, end);
        layout.ReadLabels(document);
        layout.ReadBlocks(document, categories);
        return layout;
    }

    private static (string Region, PrintedLabel Heading)? FindTitle(ReportDocument document, int start, int end, IReadOnlyList<PrintedLabel> regions)
    {
        for (var n = start; n <= end; n++)
        {
            var line = document.Line(n);
            if (!FundingText.IsCapitals(line)) continue;
            var region = regions.FirstOrDefault(r => FundingText.Fold(r.Text) == FundingText.Fold(line));
            if (region is not null) return (region.Text, new PrintedLabel(line.Trim(), n));
        }
        return null;
    }

    private void ReadLabels(ReportDocument document)
    {
        // A footnote mark is never part of a label; a footnote letter is not when the label without it is a country or the scope.
        bool Known(string label) => FundingTablesReader.IsScope(label) || RegionalTables.ResolveIso3(document, label) is not null;
        var raw = new List<PrintedLabel>();
        var n = Start;
        for (; n <= End; n++)
        {
            var text = document.Line(n).Trim();
            if (document.IsPageBreak(n)) continue;
            if (text.Length == 0) break;
            if (FundingText.IsTotalLabel(text))
            {
                TotalLine = n;
                break;
            }
            raw.Add(new PrintedLabel(FundingText.Unmarked(text, Known), n));
        }
        if (TotalLine == 0)
        {
            // The list was cut by a page: its rest is the run of text lines standing right above a "Total" label.
            for (var t = n + 1; t <= End && TotalLine == 0; t++)
            {
                if (!FundingText.IsTotalLabel(document.Line(t)) || !FundingText.IsText(document.Line(t - 1), t - 1)) continue;
                var first = Math.Max(FundingText.TopOfLabels(document, t - 1), n + 1);
                raw.AddRange(Enumerable.Range(first, t - first).Where(l => !document.IsPageBreak(l)).Select(l => new PrintedLabel(FundingText.Unmarked(document.Line(l), Known), l)));
                TotalLine = t;
            }
        }
        Rows = [.. FundingText.JoinCountryLabels(raw, document.Reference, firstIsScope: true).Select(l => l with { Text = FundingText.Unmarked(l.Text, Known) })];
    }

    private void ReadBlocks(ReportDocument document, IReadOnlyList<string> categories)
    {
        var blocks = new List<ColumnBlock>();
        var tokens = new List<NumberToken>();
        var stray = 0;
        (IReadOnlyList<string> Headings, int Line)? open = null;
        var numberLines = new List<IReadOnlyList<NumberToken>>();

        void Close()
        {
            if (open is { } o) blocks.Add(ColumnBlock.Read(o.Headings, o.Line, numberLines));
            numberLines = [];
        }

        for (var n = Start; n <= End; n++)
        {
            var line = document.Line(n);
            if (document.IsPageFurniture(n)) continue;
            if (n != TotalLine && FundingText.Headings(line) is { } headings)
            {
                Close();
                open = (headings, n);
                continue;
            }
            if (FundingText.Numbers(line, n) is not { } numbers) continue;
            tokens.AddRange(numbers);
            if (open is null) stray += numbers.Count;
            else numberLines.Add(numbers);
        }
        Close();
        Blocks = blocks;
        Tokens = tokens;
        Problem = CleanProblem(categories, stray);
    }

    private string? CleanProblem(IReadOnlyList<string> categories, int stray)
    {
        if (TotalLine == 0) return "the row labels do not end in a 'Total' row";
        if (stray > 0) return $"{stray} numbers stand before any column heading";
        foreach (var column in categories.Append(FundingText.TotalHeading))
        {
            var count = Blocks.Count(b => b.Headings.Contains(column, StringComparer.Ordinal));
            if (count != 1) return $"column '{column}' is headed {count} times";
        }
        var unread = Blocks.FirstOrDefault(b => !b.Verified);
        if (unread is not null) return $"the numbers under '{string.Join(" ", unread.Headings)}' (line {unread.Line}) do not end in a total they sum to";
        var orphaned = Blocks.FirstOrDefault(b => b.Orphans.Count > 0);
        if (orphaned is not null) return $"{orphaned.Orphans.Count} numbers under '{string.Join(" ", orphaned.Headings)}' (line {orphaned.Line}) follow its total";
        var counts = Blocks.SelectMany(b => b.Decompositions[0].Columns).Select(c => c.Count).ToList();
        if (counts.Any(c => c > Rows.Count)) return "a column has more values than the table has rows";
        return null;
    }

    /// <summary>The printed total of each column whose block reads cleanly (a verified single-column block), by heading.</summary>
    public IReadOnlyDictionary<string, NumberToken> VerifiedTotals()
    {
        var totals = new Dictionary<string, NumberToken>(StringComparer.Ordinal);
        foreach (var block in Blocks.Where(b => b.Verified))
        {
            for (var i = 0; i < block.Headings.Count; i++)
            {
                if (!totals.TryAdd(block.Headings[i], block.Totals![i])) totals.Remove(block.Headings[i]);
            }
        }
        return totals;
    }
}
