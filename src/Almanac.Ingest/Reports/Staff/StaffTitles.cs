using System.Text.RegularExpressions;
using Almanac.Domain.Workforce;

namespace Almanac.Ingest.Reports.Staff;

/// <summary>
/// Finds the staff tables by the wording of their titles, whatever the annex numbers, skipping the table of contents
/// (whose entries are tabbed after the annex number).
/// </summary>
internal static partial class StaffTitles
{
    /// <summary>The title line of each staff table the document prints, in document order.</summary>
    public static IReadOnlyList<(string Id, int Line)> Find(ReportDocument document)
    {
        var found = new List<(string Id, int Line)>();
        for (var n = 1; n <= document.Lines.Count; n++)
        {
            var line = document.Line(n);
            if (line.Contains('\t', StringComparison.Ordinal)) continue;
            var id = IdOf(ReportLine.Collapse(line));
            if (id is not null && found.All(f => f.Id != id) && HeadingsFollow(document, id, n)) found.Add((id, n));
        }
        return found;
    }

    private static string? IdOf(string line)
    {
        var table = TableTitle().Match(line);
        if (table.Success)
        {
            var body = table.Groups["body"].Value.ToLowerInvariant();
            if (body.Contains("p-5 and higher", StringComparison.Ordinal)) return StaffTableIds.Table3;
            if (body.StartsWith("number of men and women", StringComparison.Ordinal)) return StaffTableIds.Table1;
            if (body.Contains("number of women", StringComparison.Ordinal) && body.Contains("increase/decrease", StringComparison.Ordinal)) return StaffTableIds.Table2;
            if (body.Contains("international and national staff", StringComparison.Ordinal)) return StaffTableIds.Table4;
            return null;
        }
        if (line.StartsWith("Annex", StringComparison.Ordinal)) return null;
        if (line.TrimEnd('.', ' ').EndsWith("by nationality, grade and sex", StringComparison.OrdinalIgnoreCase))
        {
            if (line.Contains("General Service", StringComparison.OrdinalIgnoreCase)) return StaffTableIds.GeneralServiceAnnex;
            if (line.Contains("Professional", StringComparison.OrdinalIgnoreCase)) return StaffTableIds.ProfessionalAnnex;
        }
        if (line.StartsWith("Number of Member State and non-member State nationalities", StringComparison.OrdinalIgnoreCase)) return StaffTableIds.NationalitiesAnnex;
        return null;
    }

    /// <summary>A title is a table's only when its column headings follow closely; a sentence that words the same is not.</summary>
    private static bool HeadingsFollow(ReportDocument document, string id, int line)
    {
        for (var n = line + 1; n <= Math.Min(line + 16, document.Lines.Count); n++)
        {
            var text = document.Line(n);
            var words = ReportLine.Words(text);
            var found = id switch
            {
                StaffTableIds.GeneralServiceAnnex or StaffTableIds.ProfessionalAnnex => StaffLines.IsGradeHeader(text),
                StaffTableIds.Table2 => words.Count(w => Grades.Parse(w) is not null) >= 3,
                _ => words.Count(StaffLines.IsYear) >= 3,
            };
            if (found) return true;
        }
        return false;
    }

    /// <summary>The title as printed: its line and the lines it wraps onto, up to the blank line or headings after it.</summary>
    public static string TitleText(ReportDocument document, int line)
    {
        var parts = new List<string> { document.Line(line).Trim() };
        for (var n = line + 1; n <= Math.Min(line + 2, document.Lines.Count); n++)
        {
            var text = document.Line(n);
            var words = ReportLine.Words(text);
            if (words.Count == 0 || text.Contains('\t', StringComparison.Ordinal) || words.Count(StaffLines.IsYear) >= 3
                || StaffLines.IsGradeHeader(text) || words.Any(w => PrintedNumber.IsCell(w) && !StaffLines.IsYear(w))) break;
            parts.Add(text.Trim());
        }
        return ReportLine.Collapse(string.Join(' ', parts));
    }

    [GeneratedRegex(@"^Table\s+\d+\s*[.:]\s*(?<body>.+)$")]
    private static partial Regex TableTitle();
}
