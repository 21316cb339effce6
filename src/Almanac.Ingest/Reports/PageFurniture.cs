using System.Text.RegularExpressions;

namespace Almanac.Ingest.Reports;

/// <summary>
/// Finds the lines of a document that a page break leaves inside its text: page footers and running heads, page
/// numbers, and a table's title repeated as "(continued)". A bare number or a line of text is furniture only by where
/// it stands, so the whole document is looked at once: a number alone on a line is a page number when it stands next to
/// other furniture (a document symbol, "Page N", a running head) or ends a page (a form feed follows), since a number
/// alone elsewhere can be a row that prints only its total; a line of text is a running head when it stands alone more
/// than once in the document and, where it is taken for one, next to a page number or another footer.
/// </summary>
public static partial class PageFurniture
{
    /// <summary>The 1-based numbers of the furniture lines of <paramref name="lines"/> (cleaned lines, as <see cref="ReportDocument.Lines"/>).</summary>
    public static IReadOnlySet<int> Find(IReadOnlyList<string> lines)
    {
        var text = lines.Select(l => l.Trim()).ToArray();
        var furniture = new HashSet<int>();
        var footers = new bool[text.Length];
        for (var i = 0; i < text.Length; i++)
        {
            if (IsFooterText(text[i]) || IsContinuationTitle(text[i])) footers[i] = true;
        }

        // A running head prints the same words on page after page, with nothing beside them.
        var standalone = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < text.Length; i++)
        {
            if (StandsAlone(text, i) && !PageNumber().IsMatch(text[i]) && !footers[i]) standalone[text[i]] = standalone.GetValueOrDefault(text[i]) + 1;
        }
        bool IsHeadCandidate(int i) => standalone.GetValueOrDefault(text[i]) >= 2 && StandsAlone(text, i);

        var pageNumbers = new bool[text.Length];
        for (var i = 0; i < text.Length; i++)
        {
            if (!PageNumber().IsMatch(text[i])) continue;
            var before = Neighbour(text, i, -1);
            var after = Neighbour(text, i, +1);
            var endsPage = i + 1 < lines.Count && lines[i + 1].StartsWith('\f');
            if (endsPage || Anchors(before) || Anchors(after)) pageNumbers[i] = true;
        }
        bool Anchors(int i) => i >= 0 && (footers[i] || IsHeadCandidate(i));

        for (var i = 0; i < text.Length; i++)
        {
            if (footers[i] || pageNumbers[i]) furniture.Add(i + 1);
            else if (IsHeadCandidate(i) && (AtBreak(Neighbour(text, i, -1)) || AtBreak(Neighbour(text, i, +1)))) furniture.Add(i + 1);
        }
        bool AtBreak(int i) => i >= 0 && (pageNumbers[i] || (footers[i] && !IsContinuationTitle(text[i])));
        return furniture;
    }

    /// <summary>
    /// A footer or running head by its text alone: a document symbol ("C/110/4"), "Page 13", "Page 13 of 40", an annex's
    /// running head ("Annex II (English only)") or its heading alone on a line ("Annex IV"), which a table running into
    /// the annex's page carries.
    /// </summary>
    public static bool IsFooterText(string trimmed) => Footer().IsMatch(trimmed);

    /// <summary>
    /// Whether a line of running text is furniture. Prose never breaks a sentence so that a number stands alone on a
    /// line, so there a bare number is a page number wherever it stands (in a table it can be a row's only cell).
    /// </summary>
    public static bool IsProseFurniture(ReportDocument document, int number) =>
        document.IsPageFurniture(number) || PageNumber().IsMatch(document.Line(number).Trim());

    /// <summary>A title repeated on the next page of a table, marked as its continuation ("… (continued)", "… (cont'd)").</summary>
    public static bool IsContinuationTitle(string trimmed) => Continued().IsMatch(trimmed);

    private static bool StandsAlone(string[] text, int i) =>
        text[i].Length > 0 && (i == 0 || text[i - 1].Length == 0) && (i == text.Length - 1 || text[i + 1].Length == 0);

    /// <summary>The nearest line that is not blank in <paramref name="step"/>'s direction, or -1.</summary>
    private static int Neighbour(string[] text, int i, int step)
    {
        for (var j = i + step; j >= 0 && j < text.Length; j += step)
        {
            if (text[j].Length > 0) return j;
        }
        return -1;
    }

    [GeneratedRegex(@"^\d{1,3}$")]
    private static partial Regex PageNumber();

    [GeneratedRegex(@"^(?:[A-Z]{1,4}/\d+/\d+(?:/[\w.]+)?|Page\s+\d+(?:\s+of\s+\d+)?|Annex\s+[IVXLC]+(?:\s*\(English only\))?)$")]
    private static partial Regex Footer();

    [GeneratedRegex(@"\((?:continued|cont\.|cont['’]d)\)$", RegexOptions.IgnoreCase)]
    private static partial Regex Continued();
}
