using System.Globalization;
using System.Text;
using Almanac.Domain.Reference;
using Almanac.Domain.Reports;
using Almanac.Ingest.Reports;

namespace Almanac.Tests;

/// <summary>
/// The text of a document after a layout mutation, line by line, with the line of the original each line comes from
/// (0 for a line the mutation inserted): what is read from line n of the mutation is compared with what was read from
/// <c>Origin[n - 1]</c> of the original.
/// </summary>
/// <param name="AddedCells">
/// Cells the mutation printed that the original has not, keyed as <see cref="MutationHarness.CellKey"/> keys them (a row it
/// inserted has a negative origin of its own): the read of the mutation must give them too.
/// </param>
public sealed record MutatedText(IReadOnlyList<string> Lines, IReadOnlyList<int> Origin, IReadOnlyDictionary<string, decimal>? AddedCells = null)
{
    public IReadOnlyDictionary<string, decimal> Added => AddedCells ?? new Dictionary<string, decimal>();

    public string Text => string.Join('\n', Lines);

    /// <summary>The original line a 1-based line of the mutated text comes from; 0 when the mutation inserted it.</summary>
    public int OriginOf(int line) => line >= 1 && line <= Origin.Count ? Origin[line - 1] : 0;
}

/// <summary>
/// A table the reader found in the original, as the mutations see it: where it stands, the line of each of its rows with
/// the row's printed cells (label first), the lines above its first row that print its column headings, and, for a table
/// of countries, countries it does not print that could stand in it (see <see cref="AbsentCountry"/>).
/// </summary>
public sealed record TableRegion(string TableId, string Title, int First, int Last, IReadOnlyList<string> Columns,
    IReadOnlyDictionary<int, IReadOnlyList<string>> RowCells, IReadOnlyList<int> HeadingLines, IReadOnlyList<AbsentCountry> Absent)
{
    public bool Contains(int line) => line >= First && line <= Last;
}

/// <summary>
/// A country a table of countries does not print, with where it would stand: in the part (<paramref name="Section"/>) of
/// the row printed on <paramref name="BeforeLine"/>, the first of that part whose name sorts after it, a part whose
/// countries mostly have the country's membership status in the report's year.
/// </summary>
public sealed record AbsentCountry(string Name, string Iso3, string? Section, int BeforeLine);

/// <summary>
/// One way another extraction of the same PDF lays out the tables: a pure function of the original's lines, the table
/// regions its read found and a seed (the same seed, the same text). Each region draws from a sequence of its own
/// (<see cref="RegionSeed"/>), so that a region a reader starts or stops finding leaves the other regions' mutations
/// as they were.
/// </summary>
/// <param name="Apply">The mutation of the lines, given the regions and each region's random sequence.</param>
/// <param name="AppliesTo">The tables the mutation can change (null: every table); a document with none is left as it is.</param>
public sealed record LayoutMutation(string Name, string Description, Func<IReadOnlyList<string>, IReadOnlyList<TableRegion>, Func<TableRegion, Random>, MutatedText> Apply,
    Func<TableRegion, bool>? AppliesTo = null)
{
    public bool Applies(TableRegion region) => AppliesTo?.Invoke(region) ?? true;

    public MutatedText Mutate(IReadOnlyList<string> lines, IReadOnlyList<TableRegion> regions, int seed) =>
        Apply(lines, regions, region => new Random(RegionSeed(seed, region, lines)));

    /// <summary>
    /// A region's seed: the mutation's seed with the region's own identity, its table's id and the text of its first
    /// line, hashed stably (FNV-1a; <see cref="string.GetHashCode()"/> differs from process to process). Not the region's
    /// place among the regions: that moves when a reader finds a region more or fewer.
    /// </summary>
    public static int RegionSeed(int seed, TableRegion region, IReadOnlyList<string> lines)
    {
        var first = region.First >= 1 && region.First <= lines.Count ? lines[region.First - 1].TrimEnd('\r') : "";
        var hash = 14695981039346656037UL;
        foreach (var ch in $"{seed.ToString(CultureInfo.InvariantCulture)}\n{region.TableId}\n{first}")
        {
            hash = (hash ^ ch) * 1099511628211UL;
        }
        return (int)(hash ^ (hash >> 32)) & int.MaxValue;
    }

    public override string ToString() => Name;
}

/// <summary>
/// The layouts that other extractions of a report's PDF give its tables (issue 18): column gaps as pdftotext
/// <c>-layout</c> prints them, the single-space layout with stray spaces, labels wrapped over lines, page furniture and
/// repeated headings inside a table, a table split over pages, hyphenated and accented names. None knows a report: each
/// works on the table regions and printed cells the reader found in the original.
/// </summary>
public static class LayoutMutations
{
    public static IReadOnlyList<LayoutMutation> All { get; } =
    [
        new("column-gaps", "pdftotext -layout: cells padded into columns 2–5 spaces apart, numbers right-aligned, headings centred, a page break before", ColumnGaps),
        new("stray-spaces", "single spaces between cells, stray leading and trailing spaces, a cell shifted by one space", StraySpaces),
        new("wrapped-labels", "labels of two words or more wrapped over two or three lines, the figures on the first or the last", WrappedLabels),
        new("page-furniture", "page footers and headers, footnote markers and the column headings again inside a table", PageFurniture),
        new("page-split", "the table split over two pages, its title and headings repeated on the second", PageSplit),
        new("names", "hyphenated and accented names: accents dropped or decomposed, apostrophes curled, names hyphenated over two lines", Names),
        new("total-only", "rows that print only their total: a country with no staff, every part empty and the total 0, its name on one line or wrapped with the 0 alone below", TotalOnly,
            region => TotalOnlyPlaces(region).Count > 0),
    ];

    public static LayoutMutation Named(string name) => All.Single(m => m.Name == name);

    /// <summary>The gap <see cref="ColumnGapLines"/> puts between columns when none is chosen: pdftotext's usual three spaces.</summary>
    public const string DefaultGap = "   ";

    /// <summary>
    /// Rows of cells as pdftotext -layout prints a page's table: the first cell left-aligned, numbers right-aligned,
    /// other cells (headings) centred, each column as wide as its widest cell, columns <paramref name="gap"/> apart.
    /// </summary>
    public static IReadOnlyList<string> ColumnGapLines(IReadOnlyList<IReadOnlyList<string>> rows, string gap = DefaultGap)
    {
        // A line of one cell (a section heading, a note) runs across the columns rather than widening the first.
        var widths = Enumerable.Range(0, rows.Count == 0 ? 0 : rows.Max(r => r.Count)).Select(c => rows.Max(r => c < r.Count ? r[c].Length : 0)).ToList();
        var lines = new List<string>(rows.Count);
        foreach (var cells in rows)
        {
            var line = new StringBuilder();
            for (var c = 0; c < cells.Count; c++)
            {
                var cell = cells[c];
                if (c > 0) line.Append(gap);
                line.Append(c == 0 ? cell.PadRight(widths[c])
                    : PrintedNumber.IsCell(cell) || cell.Length == 0 ? cell.PadLeft(widths[c])
                    : Centre(cell, widths[c]));
            }
            lines.Add(line.ToString().TrimEnd());
        }
        return lines;
    }

    private static string Centre(string text, int width) => text.PadLeft(text.Length + ((width - text.Length) / 2)).PadRight(width);

    /// <summary>
    /// The printed cells of a row's line, label part first: its tab cells, or, in the single-space layout, its tokens
    /// matched from the right against the row's numbers (a number may be two tokens, "1 062"; an empty cell is an empty
    /// token). Null when the line does not print the row's cells that way (the layout then says nothing about the cells).
    /// </summary>
    public static IReadOnlyList<string>? PrintedCells(string line, ReportRow row)
    {
        if (ReportLine.IsTabbed(line)) return [.. line.Split('\t').Select(c => c.Trim())];
        // A label on a line of its own (its figures printed in column blocks elsewhere, or on a later line).
        if (!ReportLine.Words(line).Any(PrintedNumber.IsCell)) return [ReportLine.Collapse(line)];
        var tokens = line.Split(' ');
        var k = tokens.Length - 1;
        var cells = new List<string>();
        for (var c = row.Cells.Count - 1; c >= 0; c--)
        {
            if (k < 0) return null;
            if (row.Cells[c] is not { } cell)
            {
                if (tokens[k].Length != 0) return null;
                cells.Add("");
                k--;
                continue;
            }
            if (Reads(tokens[k], cell.Value))
            {
                cells.Add(tokens[k]);
                k--;
            }
            else if (k >= 1 && Reads(tokens[k - 1] + " " + tokens[k], cell.Value))
            {
                cells.Add(tokens[k - 1] + " " + tokens[k]);
                k -= 2;
            }
            else return null;
        }
        cells.Add(string.Join(' ', tokens[..(k + 1)]).Trim());
        cells.Reverse();
        return cells;
    }

    private static bool Reads(string token, decimal value) => PrintedNumber.TryParse(token, out var read) switch
    {
        PrintedNumber.Shape.Number => read == value,
        PrintedNumber.Shape.Dash => value == 0,
        _ => false,
    };

    /// <summary>The regions of the tables of a read, with each row's printed cells and the heading lines above the first row.</summary>
    public static IReadOnlyList<TableRegion> Regions(ReportExtraction original)
    {
        var regions = new List<TableRegion>();
        // The text's figures are sentences, not a table's layout: the mutations model what extraction does to tables.
        foreach (var table in original.Tables.Where(t => t.Id != Ingest.Reports.Narrative.NarrativeFiguresReader.TableId))
        {
            var rowCells = new Dictionary<int, IReadOnlyList<string>>();
            foreach (var row in table.Rows)
            {
                if (rowCells.ContainsKey(row.Line)) continue;
                if (PrintedCells(original.Document.Line(row.Line), row) is { } cells) rowCells[row.Line] = cells;
            }
            var firstRow = table.Rows.Count == 0 ? table.Lines.Last + 1 : table.Rows.Min(r => r.Line);
            var headings = new List<int>();
            // Below the title, a line that prints a column heading as a word of its own is a heading line.
            for (var n = table.Lines.First + 1; n < firstRow; n++)
            {
                if (ReportLine.Words(original.Document.Line(n)).Any(w => table.Columns.Contains(w, StringComparer.Ordinal))) headings.Add(n);
            }
            regions.Add(new TableRegion(table.Id, table.Title, table.Lines.First, table.Lines.Last, table.Columns, rowCells, headings, Absent(original.Document, table)));
        }
        return regions;
    }

    /// <summary>For a table whose rows are countries with a Total column, the reference's countries it does not print, placed by name.</summary>
    private static List<AbsentCountry> Absent(ReportDocument document, ReportTable table)
    {
        var countries = table.Rows.Where(r => r.Iso3 is not null).ToList();
        if (countries.Count < 3 || !table.Columns.Contains("Total", StringComparer.Ordinal)) return [];
        var reference = document.Reference;
        var year = document.Identity.Year;
        var printed = countries.Select(r => r.Iso3!).ToHashSet(StringComparer.Ordinal);
        var absent = new List<AbsentCountry>();
        // Each part of the table (Member States, the others) takes the countries of its rows' usual status.
        var parts = countries.GroupBy(r => r.Section).Select(g => (Rows: g.ToList(),
            Status: g.GroupBy(r => reference.StatusIn(r.Iso3!, year)).OrderByDescending(s => s.Count()).First().Key)).ToList();
        foreach (var country in reference.Countries)
        {
            if (printed.Contains(country.Iso3) || reference.Resolve(country.Name)?.Iso3 != country.Iso3) continue;
            var key = ReferenceData.SortKey(country.Name);
            var status = reference.StatusIn(country.Iso3, year);
            foreach (var part in parts.Where(p => p.Status == status))
            {
                if (part.Rows.FirstOrDefault(r => string.CompareOrdinal(ReferenceData.SortKey(r.Label), key) > 0) is { } after)
                {
                    absent.Add(new AbsentCountry(country.Name, country.Iso3, after.Section, after.Line));
                }
            }
        }
        return absent;
    }

    /// <summary>A text being mutated: lines with their origins, edited in place.</summary>
    private sealed class Edit
    {
        public Edit(IReadOnlyList<string> lines)
        {
            Lines = [.. lines];
            Origin = [.. Enumerable.Range(1, lines.Count)];
        }

        public List<string> Lines { get; }
        public List<int> Origin { get; }

        /// <summary>The original lines replaced so far.</summary>
        private readonly HashSet<int> edited = [];

        /// <summary>Where original line <paramref name="line"/> stands now (0-based), or -1 once it is gone.</summary>
        public int IndexOf(int line) => Origin.IndexOf(line);

        /// <summary>
        /// Replaces an original line by lines written from cleaned text. A line without tabs gets back the one trailing
        /// space every line of a single-space extraction ends with (which cleaning drops): further ones are empty cells.
        /// A line already replaced stays as the first edit left it: two tables side by side share their lines, and each
        /// mutation writes a line from the original text, so a second edit would undo the first or leave half of it.
        /// </summary>
        public void Replace(int line, IReadOnlyList<string> with)
        {
            if (!edited.Add(line)) return;
            with = [.. with.Select(l => ReportLine.IsTabbed(l) ? l : l + " ")];
            var at = IndexOf(line);
            Lines.RemoveAt(at);
            Origin.RemoveAt(at);
            Lines.InsertRange(at, with);
            Origin.InsertRange(at, with.Select(_ => line));
        }

        public void InsertBefore(int line, IReadOnlyList<string> inserted, int origin = 0)
        {
            var at = IndexOf(line);
            Lines.InsertRange(at, inserted);
            Origin.InsertRange(at, inserted.Select(_ => origin));
        }

        public Dictionary<string, decimal> AddedCells { get; } = new(StringComparer.Ordinal);

        public MutatedText Done() => new(Lines, Origin, AddedCells);
    }

    private static string Raw(IReadOnlyList<string> lines, int line) => ReportDocument.Clean(lines[line - 1]);

    /// <summary>Each table's rows and heading lines laid out in columns; a page break (form feed) before the first table makes the text pdftotext's.</summary>
    private static MutatedText ColumnGaps(IReadOnlyList<string> lines, IReadOnlyList<TableRegion> regions, Func<TableRegion, Random> seeded)
    {
        var edit = new Edit(lines);
        foreach (var region in regions)
        {
            var random = seeded(region);
            var grid = new List<(int Line, IReadOnlyList<string> Cells)>();
            for (var n = region.First; n <= region.Last; n++)
            {
                var text = Raw(lines, n);
                if (region.RowCells.TryGetValue(n, out var cells)) grid.Add((n, cells));
                // Headings stand over their columns by name: a tab extraction may print one a cell away from its column.
                else if (n > region.First && HeadingCells(text, region.Columns) is { } headings) grid.Add((n, headings));
                else if (ReportLine.IsTabbed(text)) grid.Add((n, [.. text.Split('\t').Select(c => c.Trim())]));
            }
            var gap = new string(' ', random.Next(2, 6));
            var laidOut = ColumnGapLines([.. grid.Select(g => g.Cells)], gap);
            for (var i = 0; i < grid.Count; i++) edit.Replace(grid[i].Line, [laidOut[i]]);
        }
        var first = regions.Count == 0 ? 1 : regions.Min(r => r.First);
        var at = edit.IndexOf(first);
        edit.Lines[at] = "\f" + edit.Lines[at];
        return edit.Done();
    }

    /// <summary>
    /// A heading line's cells with each column heading over its column (label column first): the words before the first
    /// heading are the label cell, a word that names no column (a spanning heading, "Sex") takes the next free column.
    /// Null when no word is a column heading, or the headings are not in the columns' order.
    /// </summary>
    private static string[]? HeadingCells(string line, IReadOnlyList<string> columns)
    {
        var cells = new string[columns.Count + 1];
        Array.Fill(cells, "");
        var tabbed = ReportLine.IsTabbed(line);
        var words = tabbed ? line.Split('\t').Select(c => c.Trim()).ToList() : [.. ReportLine.Words(line)];
        if (!words.Any(w => columns.Contains(w, StringComparer.Ordinal))) return null;
        var column = 0;
        var named = 0;
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            if (word.Length == 0) continue;
            if (tabbed && i == 0)
            {
                cells[0] = word;
                continue;
            }
            var at = -1;
            for (var c = column; c < columns.Count; c++)
            {
                if (string.Equals(columns[c], word, StringComparison.Ordinal))
                {
                    at = c;
                    break;
                }
            }
            if (at >= 0)
            {
                cells[at + 1] = word;
                column = at + 1;
                named++;
            }
            else if (!tabbed && named == 0 && column == 0) cells[0] = ReportLine.Collapse(cells[0] + " " + word);
            else if (column < columns.Count) cells[++column] = word;
            else return null;
        }
        return named == 0 ? null : cells;
    }

    /// <summary>
    /// Tab rows as single spaces (one space per cell boundary, one more per empty cell); some lines gain stray leading or
    /// trailing spaces, and in some rows a number cell moves one space to the right.
    /// </summary>
    private static MutatedText StraySpaces(IReadOnlyList<string> lines, IReadOnlyList<TableRegion> regions, Func<TableRegion, Random> seeded)
    {
        var edit = new Edit(lines);
        foreach (var region in regions)
        {
            var random = seeded(region);
            for (var n = region.First; n <= region.Last; n++)
            {
                var text = Raw(lines, n);
                if (text.Trim().Length == 0) continue;
                IReadOnlyList<string> cells = region.RowCells.TryGetValue(n, out var c) ? c : ReportLine.IsTabbed(text) ? [.. text.Split('\t').Select(x => x.Trim())] : [text];
                var spaced = cells.ToList();
                if (region.RowCells.ContainsKey(n) && random.Next(4) == 0 && spaced.Count > 2)
                {
                    var shifted = random.Next(1, spaced.Count);
                    spaced[shifted] = " " + spaced[shifted];
                }
                var line = string.Join(' ', spaced);
                if (random.Next(3) == 0) line = " " + line;
                if (random.Next(3) == 0) line += " ";
                edit.Replace(n, [line]);
            }
        }
        return edit.Done();
    }

    /// <summary>Labels of two words or more over two or three lines, the figures on the first line or on the last.</summary>
    private static MutatedText WrappedLabels(IReadOnlyList<string> lines, IReadOnlyList<TableRegion> regions, Func<TableRegion, Random> seeded)
    {
        var edit = new Edit(lines);
        foreach (var region in regions)
        {
            var random = seeded(region);
            foreach (var (n, cells) in region.RowCells.OrderBy(r => r.Key))
            {
                var words = cells[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (words.Length < 2 || random.Next(2) == 0) continue;
                var parts = Math.Min(words.Length, random.Next(2, 4));
                var cut = Cut(words, parts);
                var tabbed = ReportLine.IsTabbed(Raw(lines, n));
                var figures = tabbed ? string.Join('\t', cells.Skip(1)) : string.Join(' ', cells.Skip(1));
                var separator = cells.Count == 1 ? "" : tabbed ? "\t" : " ";
                var wrapped = random.Next(2) == 0
                    ? [cut[0] + separator + figures, .. cut.Skip(1)]
                    : cut.Take(cut.Count - 1).Append(cut[^1] + separator + figures).ToList();
                edit.Replace(n, wrapped);
            }
        }
        return edit.Done();
    }

    /// <summary>The words as <paramref name="parts"/> lines of about equal length.</summary>
    private static List<string> Cut(string[] words, int parts)
    {
        var lines = new List<string>();
        var per = (int)Math.Ceiling(words.Length / (double)parts);
        for (var i = 0; i < words.Length; i += per) lines.Add(string.Join(' ', words.Skip(i).Take(per)));
        return lines;
    }

    /// <summary>A page footer and header between two rows, footnote markers on some labels, the column headings again further down.</summary>
    private static MutatedText PageFurniture(IReadOnlyList<string> lines, IReadOnlyList<TableRegion> regions, Func<TableRegion, Random> seeded)
    {
        var edit = new Edit(lines);
        foreach (var region in regions)
        {
            var random = seeded(region);
            var rows = region.RowCells.Keys.Order().ToList();
            if (rows.Count < 3) continue;
            foreach (var n in rows.Where(_ => random.Next(6) == 0))
            {
                var at = edit.IndexOf(n);
                var cells = region.RowCells[n];
                if (cells[0].Length == 0) continue;
                var marker = random.Next(3) switch { 0 => "*", 1 => "¹", _ => " a" };
                var text = edit.Lines[at];
                var label = text.IndexOf(cells[0], StringComparison.Ordinal);
                if (label < 0) continue;
                edit.Lines[at] = text.Insert(label + cells[0].Length, marker);
            }
            var page = random.Next(2, 120).ToString(CultureInfo.InvariantCulture);
            var footer = random.Next(2) == 0 ? [page] : new[] { "", $"Page {page}", "" };
            edit.InsertBefore(rows[random.Next(1, rows.Count)], [.. footer, "", Header(region, random), ""]);
            if (region.HeadingLines.Count > 0) edit.InsertBefore(rows[random.Next(1, rows.Count)], [.. region.HeadingLines.Select(h => Raw(lines, h))]);
        }
        return edit.Done();
    }

    private static string Header(TableRegion region, Random random) =>
        random.Next(2) == 0 ? "International Organization for Migration (IOM)" : $"{random.Next(2) switch { 0 => "C/", _ => "S/" }}{random.Next(100, 120)}/{random.Next(1, 9)}";

    /// <summary>The table split at a row: the page ends, the next starts with a header, the title marked as continued and the headings.</summary>
    private static MutatedText PageSplit(IReadOnlyList<string> lines, IReadOnlyList<TableRegion> regions, Func<TableRegion, Random> seeded)
    {
        var edit = new Edit(lines);
        foreach (var region in regions)
        {
            var random = seeded(region);
            var rows = region.RowCells.Keys.Order().ToList();
            if (rows.Count < 3) continue;
            var page = random.Next(2, 120);
            List<string> inserted = ["", page.ToString(CultureInfo.InvariantCulture), "", Header(region, random), "", $"{region.Title} (continued)", ""];
            inserted.AddRange(region.HeadingLines.Select(h => Raw(lines, h)));
            inserted.Add("");
            edit.InsertBefore(rows[random.Next(1, rows.Count)], inserted);
        }
        return edit.Done();
    }

    /// <summary>
    /// Names as other extractions print them: accents decomposed (a letter and a combining mark) or dropped, apostrophes
    /// curled or straightened, a hyphenated name or a long word broken over two lines at a hyphen.
    /// </summary>
    private static MutatedText Names(IReadOnlyList<string> lines, IReadOnlyList<TableRegion> regions, Func<TableRegion, Random> seeded)
    {
        var edit = new Edit(lines);
        foreach (var region in regions)
        {
            var random = seeded(region);
            var changedAny = false;
            (int Line, string Before, string Label, string After)? plain = null;
            foreach (var (n, cells) in region.RowCells.OrderBy(r => r.Key))
            {
                var label = cells[0];
                if (label.Length == 0) continue;
                var text = Raw(lines, n);
                var at = text.IndexOf(label, StringComparison.Ordinal);
                if (at < 0) continue;
                var rest = text[(at + label.Length)..];
                var before = text[..at];
                var changed = true;
                if (label.Any(ch => ch > '\u007f' && char.IsLetter(ch)))
                {
                    var decomposed = label.Normalize(NormalizationForm.FormD);
                    var other = random.Next(2) == 0 ? decomposed : new string([.. decomposed.Where(ch => CharUnicodeInfo.GetUnicodeCategory(ch) != UnicodeCategory.NonSpacingMark)]);
                    edit.Replace(n, [before + other + rest]);
                }
                else if (label.Contains('\'', StringComparison.Ordinal) || label.Contains('’', StringComparison.Ordinal))
                {
                    edit.Replace(n, [before + (label.Contains('\'', StringComparison.Ordinal) ? label.Replace('\'', '’') : label.Replace('’', '\'')) + rest]);
                }
                else if (Hyphen(label) is var hyphen and > 0 && random.Next(2) == 0) edit.Replace(n, [before + label[..(hyphen + 1)], label[(hyphen + 1)..] + rest]);
                else if (LongWord(label) is { } word && random.Next(3) == 0)
                {
                    var cut = BreakIn(label, word, random);
                    edit.Replace(n, [before + label[..cut] + "-", label[cut..] + rest]);
                }
                else
                {
                    changed = false;
                    if (Hyphen(label) > 0 || LongWord(label) is not null) plain ??= (n, before, label, rest);
                }
                changedAny |= changed;
            }
            // A table whose names the draws all passed over (plain names, few long) still gets one broken: a mutation that
            // leaves a table as it was tests nothing of it.
            if (!changedAny && plain is var (line, head, name, tail))
            {
                var cut = Hyphen(name) is var at and > 0 ? at + 1 : BreakIn(name, LongWord(name)!, random);
                edit.Replace(line, [head + name[..cut] + (Hyphen(name) > 0 ? "" : "-"), name[cut..] + tail]);
            }
        }
        return edit.Done();
    }

    /// <summary>Where a hyphenated name can break after its hyphen (a letter before it), else -1.</summary>
    private static int Hyphen(string label) => label.IndexOf('-', StringComparison.Ordinal) is var at and > 0 && char.IsLetter(label[at - 1]) ? at : -1;

    /// <summary>A word of the label long enough to be hyphenated over two lines, else null.</summary>
    private static string? LongWord(string label) => label.Split(' ').FirstOrDefault(w => w.Length >= 9 && w.All(char.IsLetter));

    /// <summary>Where a long word of the label breaks: three letters at least on either line.</summary>
    private static int BreakIn(string label, string word, Random random) => label.IndexOf(word, StringComparison.Ordinal) + random.Next(3, word.Length - 3);

    /// <summary>
    /// A country with no staff printed among the rows of a table of countries, as a report prints one: every part empty
    /// and the total 0, in the layout of the row below it; a name of two words or more is sometimes wrapped, with the 0
    /// alone on a line below the name (as pdftotext prints a row whose name is taller than its figures).
    /// </summary>
    private static MutatedText TotalOnly(IReadOnlyList<string> lines, IReadOnlyList<TableRegion> regions, Func<TableRegion, Random> seeded)
    {
        var edit = new Edit(lines);
        var inserted = 0;
        foreach (var region in regions)
        {
            var random = seeded(region);
            var candidates = TotalOnlyPlaces(region);
            var used = new HashSet<int>();
            for (var k = 0; k < 2; k++)
            {
                // Two countries before two different rows: a draw that met a row twice left a table one country short.
                var open = candidates.Where(c => !used.Contains(c.BeforeLine)).ToList();
                if (open.Count == 0) break;
                var country = open[random.Next(open.Count)];
                used.Add(country.BeforeLine);
                var total = region.Columns.ToList().IndexOf("Total");
                var tabbed = ReportLine.IsTabbed(Raw(lines, country.BeforeLine));
                var figures = Enumerable.Range(0, region.Columns.Count).Select(c => c == total ? "0" : "").ToList();
                var separator = tabbed ? "\t" : " ";
                var tail = tabbed ? "" : " ";
                var words = country.Name.Split(' ');
                List<string> row = words.Length >= 2 && random.Next(2) == 0
                    ? [string.Join(' ', words[..(words.Length / 2)]) + tail, string.Join(' ', words[(words.Length / 2)..]) + tail, "", string.Join(separator, figures.Prepend("")) + tail, ""]
                    : [string.Join(separator, figures.Prepend(country.Name)) + tail];
                var origin = -++inserted;
                edit.InsertBefore(country.BeforeLine, row, origin);
                edit.AddedCells[MutationHarness.CellKey(region.TableId, origin, country.Iso3, country.Section, "Total", total)] = 0m;
            }
        }
        return edit.Done();
    }

    /// <summary>
    /// The absent countries of a table that can be printed before a row printed with its name and figures on one line
    /// (not in column blocks, not a wrapped name), so that the rows keep the order of their names.
    /// </summary>
    private static List<AbsentCountry> TotalOnlyPlaces(TableRegion region) =>
        [.. region.Absent.Where(a => region.RowCells.TryGetValue(a.BeforeLine, out var below) && below.Count >= region.Columns.Count + 1 && below[0].Length > 0)];
}
