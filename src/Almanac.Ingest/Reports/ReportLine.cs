using System.Text.RegularExpressions;

namespace Almanac.Ingest.Reports;

/// <summary>How a document's lines without tabs separate their cells.</summary>
public enum SpaceLayout
{
    /// <summary>One space between cells, and one more for every empty cell (the corpus extractions).</summary>
    SingleSpaces,

    /// <summary>
    /// Columns padded with spaces, as <c>pdftotext -layout</c> prints a page: a run of two or more spaces is a cell
    /// boundary, a single space stays inside a cell ("1 062", a name), and an empty cell is only blank width.
    /// </summary>
    ColumnGaps,
}

/// <summary>
/// How a printed line of an extraction is cut into cells: the one splitter every table reader uses. Cells are separated
/// by tabs (each cell whole) or, in lines without tabs, as the document's <see cref="SpaceLayout"/> says: by single
/// spaces, where every extra space is one more, empty, cell (and a space may also group thousands:
/// <see cref="RowReadings"/> decides which), or by the column gaps of a page laid out by pdftotext.
/// </summary>
public static partial class ReportLine
{
    /// <summary>Whether the line's cells are separated by tabs, so that no cell may join its neighbour.</summary>
    public static bool IsTabbed(string line) => line.Contains('\t', StringComparison.Ordinal);

    /// <summary>Whether the line's cells are whole as cut (tabs, or column gaps), rather than tokens that may join their neighbours.</summary>
    public static bool IsDelimited(string line, SpaceLayout layout) => IsTabbed(line) || layout == SpaceLayout.ColumnGaps;

    /// <summary>
    /// The line's cells: its tab cells, trimmed; with single spaces, every token between them, "" for each extra space;
    /// with column gaps, the text between runs of two or more spaces (however far the first is indented).
    /// </summary>
    public static IReadOnlyList<string> Cells(string line, SpaceLayout layout)
    {
        if (IsTabbed(line)) return [.. line.Split('\t').Select(c => c.Trim())];
        return layout == SpaceLayout.SingleSpaces ? line.Split(' ') : [.. Pieces(line).Select(p => p.Text)];
    }

    /// <summary>The headings of a heading line: its tab cells as printed (a heading may be several words, a cell empty), else its words.</summary>
    public static IReadOnlyList<string> Headings(string line) => IsTabbed(line) ? Cells(line, SpaceLayout.SingleSpaces) : Words(line);

    /// <summary>Every word of the line, whatever the layout.</summary>
    public static IReadOnlyList<string> Words(string line) =>
        line.Split(['\t', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The text with every run of whitespace as one space, trimmed: a label or heading wrapped over lines or cells, as one.</summary>
    public static string Collapse(string text) => Spaces().Replace(text, " ").Trim();

    /// <summary>
    /// A label wrapped over lines, as one: a word hyphenated at the end of a line is whole again ("Percen-" "tage"), a
    /// hyphenated name keeps its hyphen ("Guinea-" "Bissau"), and so does a compound of a prefix English always
    /// hyphenates ("non-" "member").
    /// </summary>
    public static string JoinWrapped(string first, string rest)
    {
        var joined = NameBreak().Replace(Collapse(first + " " + rest), "$1-$2");
        return WordBreak().Replace(joined, m => HyphenatedPrefixes.Contains(m.Groups["word"].Value)
            ? $"{m.Groups["word"].Value}-{m.Groups["next"].Value}"
            : m.Groups["word"].Value + m.Groups["next"].Value);
    }

    /// <summary>Prefixes printed with a hyphen before the word they join, so a line broken after one broke a compound, not a word.</summary>
    private static readonly HashSet<string> HyphenatedPrefixes = new(["non", "self"], StringComparer.OrdinalIgnoreCase);

    /// <summary>A row label without the footnote marks a layout prints after it ("Women*", "Chad¹").</summary>
    public static string WithoutFootnoteMark(string label) => FootnoteMark().Replace(label, "");

    /// <summary>
    /// A label without the footnote letters printed after it as words of their own ("Austria a", "Austria a b":
    /// superscript letters the extraction put on the line), or null when it ends in no such letter. A reader takes it only when the label
    /// without the letter is a name it knows and the label with it is not, since "a" is also a word.
    /// </summary>
    public static string? WithoutFootnoteLetter(string label) => FootnoteLetter().Match(label) is { Success: true } m ? label[..m.Index] : null;

    /// <summary>A run of a column-gapped line between gaps of two or more spaces, and the characters it spans.</summary>
    public readonly record struct Piece(string Text, int Start, int End);

    /// <summary>The runs of text of a line laid out in columns, with where each stands.</summary>
    public static IReadOnlyList<Piece> Pieces(string line) =>
        [.. PieceText().Matches(line).Select(m => new Piece(m.Value, m.Index, m.Index + m.Length))];

    /// <summary>
    /// Where each column stands on column-gapped heading lines (a heading may stand on a line above the others): the
    /// span of each heading, found as a whole word, left to right in the order of the columns; null when a heading is
    /// not printed there (the columns cannot be told by position then).
    /// </summary>
    public static IReadOnlyList<Piece>? Anchors(IReadOnlyList<string> headingLines, IReadOnlyList<string> headings)
    {
        var anchors = new List<Piece>(headings.Count);
        var from = 0;
        foreach (var heading in headings)
        {
            var pattern = new Regex($@"(?<!\S){Regex.Escape(heading)}(?!\S)", RegexOptions.CultureInvariant);
            var found = headingLines.Select(l => pattern.Match(l, Math.Min(from, l.Length))).Where(m => m.Success).MinBy(m => m.Index);
            if (found is null) return null;
            anchors.Add(new Piece(heading, found.Index, found.Index + found.Length));
            from = found.Index + found.Length;
        }
        return anchors;
    }

    /// <summary>
    /// The cells of a column-gapped row under its headings. A column reaches from where its heading starts to where the
    /// next one starts, and a piece belongs to the column its last character falls in: numbers are printed right-aligned
    /// (or centred) within their column, and a heading, however it is aligned, stands within its column. Columns no piece
    /// falls in are empty. Null when two pieces fall in one column: the positions do not decide the cells then.
    /// </summary>
    public static IReadOnlyList<string>? UnderAnchors(IReadOnlyList<Piece> pieces, IReadOnlyList<Piece> anchors)
    {
        var cells = new string[anchors.Count];
        Array.Fill(cells, "");
        var previous = -1;
        foreach (var piece in pieces)
        {
            var column = Math.Max(0, anchors.Count(a => a.Start <= piece.End - 1) - 1);
            if (column <= previous) return null;
            cells[column] = piece.Text;
            previous = column;
        }
        return cells;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"(?<word>\p{L}*\p{Ll})- (?<next>\p{Ll})")]
    private static partial Regex WordBreak();

    [GeneratedRegex(@"(\p{L})- (\p{Lu})")]
    private static partial Regex NameBreak();

    [GeneratedRegex(@"\s*[*†‡¹²³⁴⁵⁶⁷⁸⁹⁰]+$")]
    private static partial Regex FootnoteMark();

    /// <summary>One footnote letter or several ("a b", "a, b"): a label may carry more than one note.</summary>
    [GeneratedRegex(@"(?<=\S)(?: [a-e](?:, ?[a-e])*)+$")]
    private static partial Regex FootnoteLetter();

    [GeneratedRegex(@"\S+(?: \S+)*")]
    private static partial Regex PieceText();
}
