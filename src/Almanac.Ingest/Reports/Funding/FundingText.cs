using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Almanac.Domain.Reference;

namespace Almanac.Ingest.Reports.Funding;

/// <summary>One printed number of a column-stream table, with its line and the footnote marker printed with it ("*160,763,674"), if any.</summary>
internal sealed record NumberToken(decimal Value, int Line, string? Marker = null);

/// <summary>A label as printed (wrapped lines joined) and the line it starts on.</summary>
internal sealed record PrintedLabel(string Text, int Line);

/// <summary>How the funding tables print their text: headings, number lines, labels; no line numbers or names assumed.</summary>
internal static partial class FundingText
{
    public const string TotalHeading = "Total";

    /// <summary>A Migration Governance Framework category heading ("Principle 1", "Objective 3").</summary>
    public static bool IsCategory(string text) => Category().IsMatch(text.Trim());

    /// <summary>The column headings a line holds ("Objective 2 Objective 3" is two), or null when it is not a heading line.</summary>
    public static IReadOnlyList<string>? Headings(string line)
    {
        var t = ReportLine.Collapse(line);
        if (!HeadingLine().IsMatch(t)) return null;
        return [.. HeadingItem().Matches(t).Select(m => m.Value)];
    }

    /// <summary>The numbers of a line made only of printed numbers (a dash counts as zero), or null.</summary>
    public static IReadOnlyList<NumberToken>? Numbers(string line, int lineNumber)
    {
        var parts = ReportLine.Words(line);
        if (parts.Count == 0) return null;
        var tokens = new List<NumberToken>(parts.Count);
        foreach (var part in parts)
        {
            switch (PrintedNumber.TryParse(part, out var value))
            {
                case PrintedNumber.Shape.Number:
                    tokens.Add(new NumberToken(value, lineNumber, Marker(part)));
                    break;
                case PrintedNumber.Shape.Dash:
                    tokens.Add(new NumberToken(0, lineNumber));
                    break;
                default:
                    return null;
            }
        }
        return tokens;
    }

    /// <summary>
    /// A footnote: a line that starts with a marker (a run of stars) followed by words, as printed under a table
    /// ("* Includes institutional initiatives not related to …"); null for any other line.
    /// </summary>
    public static (string Marker, string Text)? Footnote(string line)
    {
        var match = FootnoteLine().Match(line);
        return match.Success ? (match.Groups[1].Value, ReportLine.Collapse(match.Groups[2].Value)) : null;
    }

    /// <summary>Whether a footnote says that the figure it marks includes something ("Includes …", "Including …").</summary>
    public static bool SaysIncludes(string footnote) => Includes().IsMatch(footnote);

    /// <summary>A line of text that is neither blank, nor numbers, nor a column heading: a label, a title or page furniture.</summary>
    public static bool IsText(string line, int lineNumber) =>
        line.Trim().Length > 0 && Numbers(line, lineNumber) is null && Headings(line) is null;

    /// <summary>Whether a label line is the "Total" row's, also with a footnote mark after it ("Total*").</summary>
    public static bool IsTotalLabel(string line) => ReportLine.WithoutFootnoteMark(line.Trim()) == TotalHeading;

    /// <summary>
    /// The first line of the run of label lines that ends at <paramref name="last"/> (a label list printed one a line):
    /// it goes up over text lines, and over a page break when text stands above it too.
    /// </summary>
    public static int TopOfLabels(ReportDocument document, int last)
    {
        var top = last;
        while (top > 1)
        {
            var above = top - 1;
            if (IsText(document.Line(above), above) && !document.IsPageBreak(above))
            {
                top = above;
                continue;
            }
            var over = above;
            while (over > 1 && document.IsPageBreak(over)) over--;
            if (over == above || !IsText(document.Line(over), over) || document.IsPageBreak(over)) break;
            top = over;
        }
        return top;
    }

    /// <summary>
    /// Prose (a narrative sentence) rather than table text: long and mostly lower case. Tables print short labels,
    /// titles and captions only, so prose marks where the last table has ended.
    /// </summary>
    public static bool IsProse(string line)
    {
        var t = line.Trim();
        return t.Length >= 55 && t.Count(char.IsLower) > t.Length / 2;
    }

    /// <summary>A heading printed in capitals ("ASIA AND THE PACIFIC").</summary>
    public static bool IsCapitals(string line)
    {
        var t = line.Trim();
        return t.Any(char.IsLetter) && !t.Any(char.IsLower);
    }

    /// <summary>Whitespace collapsed and case folded, to compare a printed name with its capitalised heading.</summary>
    public static string Fold(string text) => ReportLine.Collapse(text).ToUpperInvariant();

    /// <summary>A stable identifier: lower-case ASCII letters and digits, runs of anything else as one hyphen.</summary>
    public static string Slug(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var ch in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(ch) == UnicodeCategory.NonSpacingMark) continue;
            if (char.IsAsciiLetterOrDigit(ch)) builder.Append(char.ToLowerInvariant(ch));
            else if (builder.Length > 0 && builder[^1] != '-') builder.Append('-');
        }
        return builder.ToString().Trim('-');
    }

    /// <summary>The MiGOF dimension member of a category heading: "Principle 1" → "principle-1".</summary>
    public static string MigofMember(string category) => Slug(category);

    /// <summary>Categories in the framework's order: principles, then objectives, each by number.</summary>
    public static IReadOnlyList<string> Ordered(IEnumerable<string> categories) =>
    [
        .. categories.Distinct(StringComparer.Ordinal)
            .OrderBy(c => c.StartsWith("Objective", StringComparison.Ordinal) ? 1 : 0)
            .ThenBy(c => int.Parse(c.Split(' ')[^1], CultureInfo.InvariantCulture)),
    ];

    /// <summary>
    /// Joins wrapped row labels. A line is continued by the next when it does not name a country on its own and the
    /// next line does not either (or the line ends in a comma or a hyphen, or the next starts in lower case, or the two
    /// together name a country); the first label of a list (a scope such as "Regional initiatives") is continued only
    /// where it is plainly unfinished (the next line in lower case, or a word broken at a hyphen).
    /// </summary>
    public static List<PrintedLabel> JoinCountryLabels(IReadOnlyList<PrintedLabel> lines, ReferenceData reference, bool firstIsScope)
    {
        var labels = new List<PrintedLabel>();
        for (var i = 0; i < lines.Count; i++)
        {
            var current = lines[i];
            var scope = firstIsScope && labels.Count == 0;
            while (i + 1 < lines.Count
                && (scope ? Unfinished(current.Text, lines[i + 1].Text)
                    : reference.Resolve(current.Text) is null && ContinuesCountry(current.Text, lines[i + 1].Text, reference)))
            {
                current = current with { Text = ReportLine.JoinWrapped(current.Text, lines[i + 1].Text) };
                i++;
            }
            labels.Add(current);
        }
        return labels;
    }

    /// <summary>
    /// Joins wrapped region labels. The longest run of lines from a line that makes a heading of the document (its
    /// region in capitals) is one label, however many lines the name was wrapped over; a line that starts no such run
    /// is continued by lines in lower case, or after a word broken at a hyphen.
    /// </summary>
    public static List<PrintedLabel> JoinRegionLabels(IReadOnlyList<PrintedLabel> lines, IReadOnlySet<string> foldedHeadings)
    {
        var labels = new List<PrintedLabel>();
        for (var i = 0; i < lines.Count; i++)
        {
            var current = lines[i];
            // A footnote letter may follow any of the name's lines ("Central and North America a" "and the Caribbean"):
            // the run is also tried without them, and taken so when only that makes a heading.
            var text = current.Text;
            var bare = Bare(text);
            var (heading, name) = (-1, (string?)null);
            for (var k = 0; i + k < lines.Count && k < MaxWrappedLines && !IsTotalLabel(lines[i + k].Text); k++)
            {
                if (k > 0)
                {
                    text = ReportLine.JoinWrapped(text, lines[i + k].Text);
                    bare = ReportLine.JoinWrapped(bare, Bare(lines[i + k].Text));
                }
                if ((foldedHeadings.Contains(Fold(text)) ? text : foldedHeadings.Contains(Fold(bare)) ? bare : null) is { } found)
                {
                    (heading, name) = (k, found);
                }
            }
            if (heading >= 0)
            {
                current = current with { Text = name! };
                i += heading;
            }
            else
            {
                while (i + 1 < lines.Count && !IsTotalLabel(lines[i + 1].Text) && Unfinished(current.Text, lines[i + 1].Text))
                {
                    current = current with { Text = ReportLine.JoinWrapped(current.Text, lines[i + 1].Text) };
                    i++;
                }
            }
            labels.Add(current);
        }
        return labels;
    }

    /// <summary>
    /// A label without the footnote mark printed after it ("Burundi*", "Rwanda¹"), and without a footnote letter ("Liberia
    /// a") when the label without it is one <paramref name="known"/> knows and the label with it is not ("a" is a word too).
    /// </summary>
    public static string Unmarked(string label, Func<string, bool> known)
    {
        var text = ReportLine.WithoutFootnoteMark(label.Trim());
        return ReportLine.WithoutFootnoteLetter(text) is { } bare && known(bare) && !known(text) ? bare : text;
    }

    /// <summary>The most lines a label is wrapped over: a long region's name in a narrow column takes four.</summary>
    private const int MaxWrappedLines = 6;

    private static string Bare(string line) => ReportLine.WithoutFootnoteLetter(line) ?? line;

    /// <summary>A label line that the next one plainly continues: the next starts in lower case, or a word breaks at a hyphen.</summary>
    private static bool Unfinished(string current, string next) =>
        StartsLower(next) || (current.TrimEnd().EndsWith('-') && next.TrimStart() is { Length: > 0 } t && char.IsLetter(t[0]));

    private static bool ContinuesCountry(string current, string next, ReferenceData reference) =>
        !IsTotalLabel(next)
        && (current.TrimEnd().EndsWith(',') || Unfinished(current, next) || char.IsAsciiDigit(next.TrimStart()[0])
            || reference.Resolve(ReportLine.JoinWrapped(current, next)) is not null || reference.Resolve(next) is null);

    /// <summary>The footnote marker printed before or after a number ("*160,763,674"), or null.</summary>
    private static string? Marker(string cell)
    {
        var t = cell.Trim();
        var before = t.Length - t.TrimStart('*').Length;
        var after = t.Length - t.TrimEnd('*').Length;
        return before > 0 ? t[..before] : after > 0 ? t[^after..] : null;
    }

    private static bool StartsLower(string text) => text.TrimStart() is { Length: > 0 } t && char.IsLower(t[0]);

    [GeneratedRegex(@"^(Principle|Objective) \d+$")]
    private static partial Regex Category();

    [GeneratedRegex(@"^((Principle|Objective) \d+|Total)( ((Principle|Objective) \d+|Total))*$")]
    private static partial Regex HeadingLine();

    [GeneratedRegex(@"(Principle|Objective) \d+|Total")]
    private static partial Regex HeadingItem();

    [GeneratedRegex(@"^\s*(\*+)\s*(\p{L}.*)$")]
    private static partial Regex FootnoteLine();

    [GeneratedRegex(@"^(includes?|including)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Includes();

}
