using System.Globalization;
using System.Text.RegularExpressions;
using Almanac.Domain.Observations;
using Almanac.Domain.Reports;
using Almanac.Domain.Tables;

namespace Almanac.Ingest.Reports.Operations;

/// <summary>
/// The assisted voluntary return "Top 10 host countries" / "Top 10 countries of return" lists, printed alone or side
/// by side, with one column per year.
/// </summary>
internal static partial class ReturnsTopTables
{
    private sealed record Heading(string Title, int Size, string Role);

    private sealed class Block(Heading heading)
    {
        public Heading Heading { get; } = heading;
        public List<PendingRow> Rows { get; } = [];
        public List<UnresolvedRow> Unresolved { get; } = [];
        /// <summary>Printed rows met so far, read or not (a wrapped name left unplaced is not one).</summary>
        public int Seen { get; set; }
        public bool Full => Seen >= Heading.Size;
    }

    public static IEnumerable<ReportTable> Read(ReportDocument document)
    {
        for (var n = 1; n <= document.Lines.Count; n++)
        {
            var headings = Headings(document.Line(n));
            if (headings.Count == 0) continue;
            var (tables, last) = ReadBlock(document, n, headings);
            foreach (var table in tables) yield return table;
            n = last;
        }
    }

    /// <summary>The table's role ("host", "origin") from its id; null when the id is not one of these tables.</summary>
    public static string? RoleOf(string tableId)
    {
        foreach (var role in new[] { OperationsDimensions.RoleHost, OperationsDimensions.RoleOrigin })
        {
            var prefix = $"returns-top-{role}";
            if (tableId == prefix || tableId.StartsWith(prefix + "-", StringComparison.Ordinal)) return role;
        }
        return null;
    }

    private static (IReadOnlyList<ReportTable> Tables, int Last) ReadBlock(ReportDocument document, int headingLine, IReadOnlyList<Heading> headings)
    {
        var blocks = headings.Select(h => new Block(h)).ToList();
        IReadOnlyList<int>? years = null;
        var fragments = new List<(int Line, string Text)>();
        var last = headingLine;
        var limit = Math.Min(document.Lines.Count, headingLine + (headings.Max(h => h.Size) * 6) + 12);
        for (var n = headingLine + 1; n <= limit && !blocks.All(b => b.Full); n++)
        {
            var line = document.Line(n);
            if (line.Trim().Length == 0 || document.IsPageFurniture(n)) continue;
            if (RowTokens.IsParagraph(line)) break;
            if (RowTokens.Years(line) is { } printed)
            {
                // The heading repeats on a new page with its years; they must be the same.
                if (years is not null && !printed.SequenceEqual(years)) break;
                years ??= printed;
                continue;
            }
            if (Headings(line).Count > 0 || NumberHeading().IsMatch(line.Trim())) continue;
            var segments = RowTokens.Segments(line, document.Spaces);
            var data = segments.Where(s => s.HasNumbers).ToList();
            if (data.Count == 0)
            {
                // A name wrapped over lines, or the end of the table; prose ends it.
                fragments.Add((n, line.Trim()));
                if (fragments.Count > 3) break;
                continue;
            }
            foreach (var text in segments.Where(s => !s.HasNumbers && s.Label.Length > 0)) fragments.Add((n, text.Label));
            var open = blocks.Where(b => !b.Full).ToList();
            var targets = data.Count == blocks.Count ? blocks : data.Count == open.Count ? open : null;
            if (targets is null)
            {
                blocks[0].Unresolved.Add(new UnresolvedRow(n, line,
                    $"{data.Count} groups of numbers for {blocks.Count} side-by-side tables"));
                foreach (var block in open) block.Seen++;
                fragments.Clear();
                last = n;
                continue;
            }
            var labels = PlaceFragments(document, fragments, data, targets, n, line);
            fragments.Clear();
            for (var i = 0; i < data.Count; i++)
            {
                var label = ReportLine.WithoutFootnoteMark(labels[i]);
                targets[i].Seen++;
                if (label.Length == 0)
                {
                    targets[i].Unresolved.Add(new UnresolvedRow(n, line, "numbers without a country name"));
                    continue;
                }
                var role = TotalLabel().IsMatch(label) ? RowRole.Total : RowRole.Data;
                var iso3 = role == RowRole.Data ? document.CountryNamed(label)?.Iso3 : null;
                targets[i].Rows.Add(new PendingRow(label, iso3, role, n, line, data[i]));
            }
            last = n;
        }

        if (years is null)
        {
            throw new ReportFormatException(document.Name, headingLine,
                $"the table '{headings[0].Title}' prints no line of years for its columns");
        }
        if (years.Count % headings.Count != 0)
        {
            throw new ReportFormatException(document.Name, headingLine,
                $"{years.Count} year columns cannot be shared among {headings.Count} side-by-side tables");
        }
        if (blocks.Any(b => b.Rows.Count == 0))
        {
            throw new ReportFormatException(document.Name, headingLine,
                $"no rows could be read under '{blocks.First(b => b.Rows.Count == 0).Heading.Title}'");
        }

        var perTable = years.Count / headings.Count;
        var tables = new List<ReportTable>();
        for (var t = 0; t < blocks.Count; t++)
        {
            var columnYears = years.Skip(t * perTable).Take(perTable).ToList();
            var columns = columnYears.Select(y => y.ToString(CultureInfo.InvariantCulture)).ToList();
            var year = columnYears.Max();
            var ranked = year.ToString(CultureInfo.InvariantCulture);
            var block = blocks[t];
            var id = perTable == 1 ? $"returns-top-{block.Heading.Role}-{year}" : $"returns-top-{block.Heading.Role}";
            var lastRow = block.Rows.Select(r => r.Line).Concat(block.Unresolved.Select(u => u.Line)).Max();
            tables.Add(TableAssembler.Assemble(id, block.Heading.Title, year, new LineRange(headingLine, lastRow), columns, block.Rows,
                _ => [new RankedDescending(ranked)],
                reading => reading.All(v => v is null || (v >= 0 && v == decimal.Truncate(v.Value))),
                block.Unresolved));
        }
        return (tables, last);
    }

    /// <summary>
    /// The labels of a line's number groups, with the wrapped name fragments of the lines before placed: in front of the
    /// only group when there is one, else in front of the one group whose name they complete into a country.
    /// </summary>
    private static List<string> PlaceFragments(ReportDocument document, List<(int Line, string Text)> fragments, List<Segment> data,
        List<Block> targets, int line, string text)
    {
        var labels = data.Select(d => d.Label).ToList();
        if (fragments.Count == 0) return labels;
        var prefix = fragments.Select(f => f.Text).Aggregate(ReportLine.JoinWrapped);
        if (data.Count == 1)
        {
            labels[0] = ReportLine.JoinWrapped(prefix, labels[0]);
            return labels;
        }
        var completes = Enumerable.Range(0, data.Count)
            .Where(i => Names(document, ReportLine.JoinWrapped(prefix, labels[i])) && !Names(document, labels[i]))
            .ToList();
        if (completes.Count == 1)
        {
            labels[completes[0]] = ReportLine.JoinWrapped(prefix, labels[completes[0]]);
        }
        else
        {
            targets[0].Unresolved.Add(new UnresolvedRow(fragments[0].Line, prefix,
                $"a wrapped name that {(completes.Count == 0 ? "completes no" : "could complete more than one")} country name on line {line.ToString(CultureInfo.InvariantCulture)} ('{text}')"));
        }
        return labels;
    }

    /// <summary>Whether a label, footnote marks and letters aside, names a country.</summary>
    private static bool Names(ReportDocument document, string label) => document.CountryNamed(ReportLine.WithoutFootnoteMark(label)) is not null;

    /// <summary>The "Top N …" headings a line prints, one per side-by-side table; empty when it is not such a line.</summary>
    private static List<Heading> Headings(string line)
    {
        var trimmed = line.Trim();
        if (!HeadingStart().IsMatch(trimmed)) return [];
        var pieces = ReportLine.IsTabbed(line)
            ? ReportLine.Cells(line, SpaceLayout.SingleSpaces).Where(c => HeadingStart().IsMatch(c)).ToList()
            : HeadingSplit().Split(trimmed).Where(p => p.Length > 0).ToList();
        var headings = new List<Heading>();
        foreach (var piece in pieces)
        {
            var title = ColumnCaption().Replace(piece, "").Trim();
            var match = HeadingStart().Match(title);
            if (!match.Success) return [];
            var size = match.Groups["n"].Value.Equals("ten", StringComparison.OrdinalIgnoreCase)
                ? 10
                : int.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture);
            var role = HostWords().IsMatch(title) ? OperationsDimensions.RoleHost
                : OriginWords().IsMatch(title) ? OperationsDimensions.RoleOrigin
                : null;
            // A sentence that happens to start with "Top 10 countries…" is prose, not a heading.
            if (role is null || size is < 1 or > 100 || title.Length > 80 || title.EndsWith('.')) return [];
            headings.Add(new Heading(title, size, role));
        }
        return headings;
    }

    [GeneratedRegex(@"^Top\s+(?<n>\d{1,3}|ten)\s+\S", RegexOptions.IgnoreCase)]
    private static partial Regex HeadingStart();

    /// <summary>Splits before every "Top N" of a space-separated heading line.</summary>
    [GeneratedRegex(@"\s+(?=Top\s+(?:\d{1,3}|ten)\s)", RegexOptions.IgnoreCase)]
    private static partial Regex HeadingSplit();

    /// <summary>The caption over the number columns that a space-separated heading line runs on with.</summary>
    [GeneratedRegex(@"\s+(Number|No\.)\s+of\s+.*$", RegexOptions.IgnoreCase)]
    private static partial Regex ColumnCaption();

    [GeneratedRegex(@"^\s*(Number|No\.)\s+of\b", RegexOptions.IgnoreCase)]
    private static partial Regex NumberHeading();

    [GeneratedRegex(@"\bhost\b", RegexOptions.IgnoreCase)]
    private static partial Regex HostWords();

    [GeneratedRegex(@"\b(return|origin)\b", RegexOptions.IgnoreCase)]
    private static partial Regex OriginWords();

    [GeneratedRegex(@"^total\b", RegexOptions.IgnoreCase)]
    private static partial Regex TotalLabel();
}
