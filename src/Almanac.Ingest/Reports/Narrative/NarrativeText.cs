using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Almanac.Ingest.Reports.Narrative;

/// <summary>A paragraph of running text: its lines joined, the line of any character in it, its printed number and section.</summary>
/// <param name="Number">The number printed at its start ("27." → 27), removed from <paramref name="Text"/>.</param>
/// <param name="Section">How many headings precede it in the document.</param>
internal sealed record NarrativeParagraph(string Text, int? Number, int Section, int FirstLine, IReadOnlyList<(int Offset, int Line)> Starts)
{
    /// <summary>The 1-based document line of the character at <paramref name="offset"/> of <see cref="Text"/>.</summary>
    public int LineAt(int offset)
    {
        var line = FirstLine;
        foreach (var (start, number) in Starts)
        {
            if (start > offset) break;
            line = number;
        }
        return line;
    }
}

/// <summary>A sentence of a paragraph, with its offset in the paragraph's text.</summary>
internal readonly record struct NarrativeSentence(string Text, int Offset);

/// <summary>
/// The running text of a report, whatever its layout: a paragraph per line (tabs or single spaces between table cells),
/// or paragraphs wrapped over lines with a blank line between them (pdftotext), numbered or not.
/// </summary>
internal static partial class NarrativeText
{
    /// <summary>
    /// The document's paragraphs: lines up to a blank line, a table row (a line with tabs) or the start of the next
    /// numbered paragraph are one paragraph; a word hyphenated at a line's end is joined again ("Forty-" + "eight").
    /// A short line without closing punctuation and without a paragraph number is a heading: it starts a new section.
    /// </summary>
    public static IReadOnlyList<NarrativeParagraph> Paragraphs(ReportDocument document)
    {
        var paragraphs = new List<NarrativeParagraph>();
        var text = new StringBuilder();
        var starts = new List<(int Offset, int Line)>();
        int? number = null;
        int? lastNumber = null;
        var section = 0;
        var headingSinceLast = true;

        void Flush()
        {
            if (text.Length == 0) return;
            var joined = text.ToString();
            var last = paragraphs.Count > 0 ? paragraphs[^1] : null;
            if (number is null && last is not null && !headingSinceLast && (!EndsSentence(last.Text) || char.IsLower(joined[0])))
            {
                // A page break inside a paragraph (pdftotext's blank lines, a page header between): the sentence goes on.
                var offset = last.Text.Length + 1;
                paragraphs[^1] = last with { Text = last.Text + " " + joined, Starts = [.. last.Starts, .. starts.Select(s => (s.Offset + offset, s.Line))] };
            }
            else if (number is null && IsHeading(joined))
            {
                section++;
                headingSinceLast = true;
            }
            else
            {
                // An unnumbered paragraph right after a numbered one, with no heading between, continues its numbering
                // (a page break after a finished sentence); before the first number, paragraphs have none.
                var inherited = number ?? (headingSinceLast ? null : last?.Number);
                paragraphs.Add(new NarrativeParagraph(joined, inherited, section, starts[0].Line, [.. starts]));
                headingSinceLast = false;
            }
            text.Clear();
            starts.Clear();
            number = null;
        }

        for (var lineNumber = 1; lineNumber <= document.Lines.Count; lineNumber++)
        {
            var raw = document.Line(lineNumber);
            var line = raw.Trim();
            if (PageFurniture.IsProseFurniture(document, lineNumber)) continue;
            if (line.Length == 0 || raw.Contains('\t', StringComparison.Ordinal))
            {
                Flush();
                continue;
            }
            var numbered = ParagraphNumber().Match(line);
            if (numbered.Success)
            {
                var value = int.Parse(numbered.Groups["n"].Value, CultureInfo.InvariantCulture);
                // Within wrapped text a line may begin with a number that ends the previous sentence ("… in\n12. The");
                // a paragraph number follows the last one (the extraction may have lost one or two).
                var startsParagraph = text.Length == 0 || lastNumber is null || (value > lastNumber && value <= lastNumber + 3);
                if (startsParagraph)
                {
                    Flush();
                    number = value;
                    lastNumber = value;
                    line = line[numbered.Length..];
                }
            }
            if (text.Length > 0)
            {
                // "Forty-" + "eight", "organiza-" + "tion": joined without a space; anything else with one.
                if (!(text[^1] == '-' && text.Length > 1 && char.IsLetter(text[^2]) && char.IsLower(line[0]))) text.Append(' ');
            }
            starts.Add((text.Length, lineNumber));
            text.Append(line);
        }
        Flush();
        return paragraphs;
    }

    private static bool EndsSentence(string text) => text.TrimEnd() is { Length: > 0 } t && ".!?:;)\"”’".Contains(t[^1], StringComparison.Ordinal);

    /// <summary>The sentences of a paragraph: split after '.', '!' or '?' before a capital, a digit or an opening mark, except after an abbreviation.</summary>
    public static IEnumerable<NarrativeSentence> Sentences(string paragraph)
    {
        var start = 0;
        foreach (Match boundary in SentenceBoundary().Matches(paragraph))
        {
            var before = paragraph[start..boundary.Index];
            var lastWord = before.Length == 0 ? "" : before[(before.LastIndexOf(' ') + 1)..];
            if (IsAbbreviation(lastWord)) continue;
            yield return new NarrativeSentence(paragraph[start..(boundary.Index + boundary.Value.TrimEnd().Length)], start);
            start = boundary.Index + boundary.Length;
        }
        if (start < paragraph.Length) yield return new NarrativeSentence(paragraph[start..], start);
    }

    private static bool IsAbbreviation(string word) =>
        (word.Length == 1 && char.IsLetter(word[0])) || Abbreviations.Contains(word.TrimStart('('));

    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "e.g", "i.e", "No", "Nos", "para", "paras", "Mr", "Ms", "Mrs", "Dr", "St", "vs", "cf", "approx", "Art", "Vol", "p", "pp", "U.S", "U.N",
    };

    private static bool IsHeading(string text) =>
        text.Length <= 120 && !text.EndsWith('.') && !text.EndsWith(':') && !text.EndsWith(';') && !text.EndsWith(',')
        && text.Any(char.IsLetter);

    /// <summary>The value of a number written in words ("Seventy-two", "One hundred and forty-four"), or null.</summary>
    public static int? WordsValue(string words)
    {
        var total = 0;
        var any = false;
        foreach (var part in WordSplit().Split(words.ToLowerInvariant()))
        {
            if (part.Length == 0 || part == "and") continue;
            if (part == "hundred")
            {
                total = (total == 0 ? 1 : total) * 100;
                continue;
            }
            var index = Array.IndexOf(Units, part);
            if (index >= 0)
            {
                total += index;
                any = true;
                continue;
            }
            index = Array.IndexOf(Tens, part);
            if (index < 0) return null;
            total += index * 10;
            any = true;
        }
        return any ? total : null;
    }

    private static readonly string[] Units =
    [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen",
        "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
    ];

    private static readonly string[] Tens = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];

    /// <summary>The opening of a previous year's figure at the end of a text, "(2016:", its year in the group "y".</summary>
    [GeneratedRegex(@"\((?<y>(?:19|20)\d{2})\s*:\s*$")]
    public static partial Regex PreviousYearOpening();

    [GeneratedRegex(@"^(?<n>\d{1,3})\.\s+(?=\S)")]
    private static partial Regex ParagraphNumber();

    [GeneratedRegex(@"[.!?]['’”""]?\s+(?=[A-Z0-9“""‘(])")]
    private static partial Regex SentenceBoundary();

    [GeneratedRegex(@"[\s\-‑]+")]
    private static partial Regex WordSplit();
}
