using System.Text.RegularExpressions;
using Almanac.Domain.Reference;
using Almanac.Domain.Reports;

namespace Almanac.Ingest.Reports;

/// <summary>
/// A published document as text lines, with the extraction's markup (<c>&lt;b&gt;</c>, <c>**</c>, heading marks)
/// removed and tabs kept; line numbers are 1-based, as in the file.
/// </summary>
public sealed partial class ReportDocument
{
    public ReportDocument(string name, string sha256, IReadOnlyList<string> rawLines, DocumentIdentity identity, ReferenceData reference,
        SpaceLayout spaces = SpaceLayout.SingleSpaces)
    {
        Spaces = spaces;
        Name = name;
        Sha256 = sha256;
        RawLines = rawLines;
        Lines = [.. rawLines.Select(Clean)];
        Identity = identity;
        Reference = reference;
        furniture = new Lazy<IReadOnlySet<int>>(() => PageFurniture.Find(Lines));
    }

    private readonly Lazy<IReadOnlySet<int>> furniture;

    /// <summary>Recognizes a file's content as a published document (or throws <see cref="ReportFormatException"/> saying why not).</summary>
    public static ReportDocument FromBytes(string name, byte[] content, ReferenceData reference)
    {
        var (lines, identity, spaces) = ReportRecognizer.Recognize(name, content);
        return new ReportDocument(name, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content)), lines, identity, reference, spaces);
    }

    /// <summary>The file name as the user gave it.</summary>
    public string Name { get; }
    public string Sha256 { get; }
    public IReadOnlyList<string> RawLines { get; }

    /// <summary>Cleaned lines; <c>Lines[0]</c> is line 1.</summary>
    public IReadOnlyList<string> Lines { get; }
    public DocumentIdentity Identity { get; }
    public ReferenceData Reference { get; }

    /// <summary>How the document's lines without tabs separate their cells.</summary>
    public SpaceLayout Spaces { get; }

    /// <summary>The cleaned text of a 1-based line.</summary>
    public string Line(int number) => Lines[number - 1];

    /// <summary>
    /// Whether a 1-based line belongs to a page break: it is furniture, or a blank line whose nearest line of text on
    /// either side is. A list a page break cuts (labels printed one a line) goes on across such lines.
    /// </summary>
    public bool IsPageBreak(int number)
    {
        if (IsPageFurniture(number)) return true;
        if (Line(number).Trim().Length > 0) return false;
        return NearestText(number, -1) is { } before && IsPageFurniture(before) || NearestText(number, +1) is { } after && IsPageFurniture(after);
    }

    private int? NearestText(int number, int step)
    {
        for (var n = number + step; n >= 1 && n <= Lines.Count; n += step)
        {
            if (Line(n).Trim().Length > 0) return n;
        }
        return null;
    }

    /// <summary>The country a row label names, also when a footnote letter follows the name ("Austria a"); null when it names none.</summary>
    public Country? CountryNamed(string label) =>
        Reference.Resolve(label) ?? (ReportLine.WithoutFootnoteLetter(label) is { } bare ? Reference.Resolve(bare) : null);

    /// <summary>Whether a 1-based line is left by a page break (footer, running head, page number, a title "(continued)"): see <see cref="PageFurniture"/>.</summary>
    public bool IsPageFurniture(int number) => furniture.Value.Contains(number);

    /// <summary>
    /// Removes inline markup and heading marks, turns no-break spaces into spaces and drops the one trailing space the
    /// extraction leaves on every line (further trailing spaces are empty cells in the space-separated layout).
    /// </summary>
    public static string Clean(string raw)
    {
        var s = Markup().Replace(raw, "");
        s = s.Replace('\u00a0', ' ').Replace("\r", "", StringComparison.Ordinal);
        s = HeadingMark().Replace(s, "");
        if (s.EndsWith("  ", StringComparison.Ordinal) && s.Trim().Length > 0 && !s.Contains('\t', StringComparison.Ordinal))
        {
            // A markdown hard break ("  ") ends a heading line; a row of empty cells would not end in text.
            var body = s.TrimEnd(' ');
            if (!PrintedNumber.IsCell(body.Split(' ')[^1])) s = body;
        }
        if (s.EndsWith(' ') && !s.Contains('\t', StringComparison.Ordinal)) s = s[..^1];
        return s;
    }

    [GeneratedRegex(@"</?(b|i|u|em|strong|sup|sub)>|\*\*", RegexOptions.IgnoreCase)]
    private static partial Regex Markup();

    [GeneratedRegex(@"^\s*#{1,6}\s+")]
    private static partial Regex HeadingMark();
}
