using System.Text.RegularExpressions;

namespace Almanac.Ingest.Reports.Operations;

/// <summary>A run of a printed row: a label and the number tokens after it (several runs when tables stand side by side).</summary>
/// <param name="Tokens">Printed cells for <see cref="RowReadings.Enumerate"/>; "" is an empty cell.</param>
/// <param name="Delimited">Cells were whole as printed (tabs, column gaps), so no token may join its neighbour.</param>
internal sealed record Segment(string Label, IReadOnlyList<string> Tokens, bool Delimited)
{
    public bool HasNumbers => Tokens.Any(t => t.Length > 0);
}

/// <summary>Splits printed rows into labels and number tokens, in both layouts the reports use.</summary>
internal static partial class RowTokens
{
    /// <summary>A cell a table could hold; accounting negatives "(4.2)" count as numbers.</summary>
    public static bool IsNumber(string token) => PrintedNumber.IsCell(Unparenthesize(token));

    /// <summary>"(0.26%)" → "-0.26%": the financial tables print negatives in parentheses.</summary>
    public static string Unparenthesize(string token) =>
        token.Length > 2 && token[0] == '(' && token[^1] == ')' ? "-" + token[1..^1].Trim() : token;

    /// <summary>The label-and-numbers runs of a line; text after numbers starts a new run.</summary>
    public static IReadOnlyList<Segment> Segments(string line, SpaceLayout layout)
    {
        var delimited = ReportLine.IsDelimited(line, layout);
        // Tab cells and column-gapped cells are whole; with single spaces every extra space is an empty cell, so empty tokens are kept.
        var tokens = ReportLine.Cells(line, layout);
        var segments = new List<Segment>();
        var label = new List<string>();
        var numbers = new List<string>();
        foreach (var token in tokens)
        {
            if (token.Length > 0 && !IsNumber(token))
            {
                // Spaces before the line's first word are its indent, not empty cells of a row without a label.
                if (segments.Count == 0 && label.Count == 0 && numbers.All(n => n.Length == 0)) numbers.Clear();
                if (numbers.Count > 0)
                {
                    segments.Add(new Segment(string.Join(' ', label), [.. numbers], delimited));
                    label.Clear();
                    numbers.Clear();
                }
                label.Add(token);
                continue;
            }
            numbers.Add(Unparenthesize(token));
        }
        if (label.Count > 0 || numbers.Count > 0) segments.Add(new Segment(string.Join(' ', label), [.. numbers], delimited));
        return segments;
    }

    /// <summary>A numbered paragraph of the narrative ("235. During the year…"): the table has ended.</summary>
    public static bool IsParagraph(string line) => Paragraph().IsMatch(line);

    /// <summary>A line of years only ("2017 2016", "\t2017\t2016\t\t2017\t2016").</summary>
    public static IReadOnlyList<int>? Years(string line)
    {
        var words = ReportLine.Headings(line).Where(w => w.Length > 0).ToList();
        if (words.Count == 0 || !words.All(w => Year().IsMatch(w))) return null;
        return [.. words.Select(w => int.Parse(w, System.Globalization.CultureInfo.InvariantCulture))];
    }

    [GeneratedRegex(@"^\s*\d{1,4}\.\s+\S")]
    private static partial Regex Paragraph();

    [GeneratedRegex(@"^(19|20)\d{2}$")]
    private static partial Regex Year();
}
