using System.Globalization;
using System.Text.RegularExpressions;
using Almanac.Domain.Workforce;

namespace Almanac.Ingest.Reports.Staff;

/// <summary>
/// How the staff annexes lay out one printed line: a label and its cell tokens, in the tab-separated layout or the
/// single-space-separated one where an empty cell is one extra space.
/// </summary>
internal static partial class StaffLines
{
    /// <summary>A line split into the label printed on it and the cell tokens that follow ("" is an empty cell).</summary>
    /// <param name="Delimited">The tokens are whole cells (tabs, column gaps), not tokens that may join their neighbours.</param>
    public sealed record Split(string Label, IReadOnlyList<string> Tokens, bool Delimited)
    {
        /// <summary>True when at least one token is a printed number or dash: the line carries figures.</summary>
        public bool HasFigures => Tokens.Any(t => t.Length > 0 && PrintedNumber.IsCell(t));
    }

    /// <param name="anchors">With column gaps, where the table's columns stand (<see cref="ReportLine.Anchors"/>): empty cells are told by position.</param>
    public static Split Read(string line, SpaceLayout layout, IReadOnlyList<ReportLine.Piece>? anchors = null)
    {
        if (ReportLine.IsTabbed(line))
        {
            var cells = ReportLine.Cells(line, layout);
            return new Split(Label(cells[0]), [.. cells.Skip(1)], true);
        }
        if (line.Trim().Length == 0) return new Split("", [], false);
        if (layout == SpaceLayout.ColumnGaps)
        {
            // The label is the text before the first cell, however far it is indented; every later piece is a cell.
            var pieces = ReportLine.Pieces(line);
            var first = 0;
            while (first < pieces.Count && !PrintedNumber.IsCell(pieces[first].Text)) first++;
            var figures = pieces.Skip(first).ToList();
            var placed = anchors is null ? null : ReportLine.UnderAnchors(figures, anchors);
            return new Split(Label(string.Join(' ', pieces.Take(first).Select(p => p.Text))), placed ?? [.. figures.Select(p => p.Text)], true);
        }
        var tokens = ReportLine.Cells(line, layout).ToArray();
        // A line that starts with a space before its first figure has no label on it: every token, the leading empty
        // ones too, is a cell. Spaces before a word are the extraction's stray indent: the word starts the label.
        if (line[0] == ' ')
        {
            if (tokens.FirstOrDefault(t => t.Length > 0) is not { } first || PrintedNumber.IsCell(first)) return new Split("", tokens, false);
            tokens = ReportLine.Cells(line.TrimStart(' '), layout).ToArray();
        }
        var labelEnd = 0;
        while (labelEnd < tokens.Length && tokens[labelEnd].Length > 0
            && (!PrintedNumber.IsCell(tokens[labelEnd]) || (labelEnd > 0 && IsYear(tokens[labelEnd]) && YearLinks.Contains(tokens[labelEnd - 1]))))
        {
            labelEnd++;
        }
        return new Split(Label(string.Join(' ', tokens[..labelEnd])), tokens[labelEnd..], false);
    }

    /// <summary>
    /// A label wrapped over lines, as one: a word hyphenated at the end of a line is whole again ("Percen-" "tage"), a
    /// hyphenated name keeps its hyphen ("Guinea-" "Bissau").
    /// </summary>
    public static string JoinLabel(string first, string rest) => ReportLine.JoinWrapped(first, rest);

    /// <summary>A row label as one line, without the footnote marks a layout prints after it ("Women*", "Chad¹").</summary>
    private static string Label(string text) => ReportLine.WithoutFootnoteMark(ReportLine.Collapse(text));

    /// <summary>Words after which a year belongs to the row label ("Total in 2018", "between 2016 and 2018").</summary>
    private static readonly HashSet<string> YearLinks = new(["in", "between", "and", "to", "of"], StringComparer.OrdinalIgnoreCase);

    /// <summary>The legend that closes a nationality annex ("G: General Service; …", "E-1: Director General; …").</summary>
    public static bool IsLegend(string line) => Legend().IsMatch(line.Trim());

    public static bool IsYear(string token) =>
        token.Length == 4 && (token.StartsWith("19", StringComparison.Ordinal) || token.StartsWith("20", StringComparison.Ordinal))
        && token.All(char.IsAsciiDigit);

    public static int? YearOf(string token) => IsYear(token) ? int.Parse(token, CultureInfo.InvariantCulture) : null;

    /// <summary>True for a grade heading line: at least three grades and otherwise only Total, F and M.</summary>
    public static bool IsGradeHeader(string line)
    {
        var words = ReportLine.Words(line);
        return words.Count(w => Grades.Parse(w) is not null) >= 3
            && words.All(w => Grades.Parse(w) is not null || w is "Total" or "F" or "M");
    }

    /// <summary>Joins a heading broken after a hyphen ("non- member") and collapses whitespace.</summary>
    public static string Heading(string text) => HyphenBreak().Replace(ReportLine.Collapse(text), "$1-$2");

    [GeneratedRegex(@"^(G|NO|UG|E-1|E-2)\s*:\s")]
    private static partial Regex Legend();

    [GeneratedRegex(@"(\w)- (\w)")]
    private static partial Regex HyphenBreak();
}
