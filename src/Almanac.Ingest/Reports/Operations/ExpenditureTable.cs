using System.Globalization;
using System.Text.RegularExpressions;
using Almanac.Domain.Reports;
using Almanac.Domain.Tables;

namespace Almanac.Ingest.Reports.Operations;

/// <summary>
/// The financial highlights' expenditure table: amounts by programme for two years under a currency unit, and the
/// difference between the years in that unit and as a percentage of the year's total expenditure.
/// </summary>
internal static partial class ExpenditureTable
{
    public const string Id = "expenditure";

    /// <summary>What the heading says about the amounts: the multiplier to whole currency units.</summary>
    public static decimal? Scale(string headingLine)
    {
        var match = Unit().Match(headingLine);
        if (!match.Success) return null;
        return match.Groups["scale"].Value.ToUpperInvariant() switch
        {
            "MILLION" or "MILLIONS" => 1_000_000m,
            "THOUSAND" or "THOUSANDS" => 1_000m,
            "BILLION" or "BILLIONS" => 1_000_000_000m,
            _ => 1m,
        };
    }

    /// <summary>Column heading of the difference printed as a percentage.</summary>
    public static bool IsPercentColumn(string column) => column.Contains('%', StringComparison.Ordinal);

    /// <summary>Whether a column heading is a year.</summary>
    public static int? YearOf(string column) =>
        column.Length == 4 && int.TryParse(column, NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year is >= 1900 and < 2100 ? year : null;

    public static IEnumerable<ReportTable> Read(ReportDocument document)
    {
        for (var n = 1; n < document.Lines.Count; n++)
        {
            if (!HeadingLine().IsMatch(document.Line(n))) continue;
            var table = ReadTable(document, n);
            yield return table;
            n = table.Lines.Last;
        }
    }

    private static ReportTable ReadTable(ReportDocument document, int headingLine)
    {
        var heading = document.Line(headingLine);
        var headerLine = NextNonBlank(document, headingLine);
        if (headerLine is null) throw new ReportFormatException(document.Name, headingLine, "the expenditure table has no column headings");
        var columns = Columns(heading, document.Line(headerLine.Value));
        if (!columns.Any(c => YearOf(c) is not null))
        {
            throw new ReportFormatException(document.Name, headerLine, "the expenditure table's column headings name no year");
        }

        var found = new List<PendingRow>();
        var unresolved = new List<UnresolvedRow>();
        var fragments = new List<string>();
        var last = headerLine.Value;
        for (var n = headerLine.Value + 1; n <= document.Lines.Count; n++)
        {
            var line = document.Line(n);
            if (line.Trim().Length == 0 || document.IsPageFurniture(n)) continue;
            if (RowTokens.IsParagraph(line)) break;
            // The column headings again, on the next page of a table split over two.
            if (ReportLine.Collapse(line) == ReportLine.Collapse(document.Line(headerLine.Value))) continue;
            var segments = RowTokens.Segments(line, document.Spaces);
            if (segments.Count == 1 && !segments[0].HasNumbers)
            {
                // A label wrapped over lines, or prose after the table.
                if (found.Count > 0 && found[^1].Role == RowRole.Total) break;
                fragments.Add(line.Trim());
                if (fragments.Count > 3) break;
                continue;
            }
            if (segments.Count != 1)
            {
                unresolved.Add(new UnresolvedRow(n, line, "text between the numbers of a row"));
                last = n;
                continue;
            }
            var label = string.Join(' ', fragments.Append(segments[0].Label).Where(t => t.Length > 0));
            fragments.Clear();
            var role = TotalLabel().IsMatch(label) ? RowRole.Total : RowRole.Data;
            found.Add(new PendingRow(label, null, role, n, line, segments[0]));
            last = n;
        }
        if (found.Count == 0) throw new ReportFormatException(document.Name, headingLine, "no rows could be read in the expenditure table");

        var words = ReportLine.Headings(heading);
        var title = words.Count > 0 ? words[0] : "Expenditure";
        var years = columns.Select(YearOf).OfType<int>().ToList();
        return TableAssembler.Assemble(Id, title, years.Max(), new LineRange(headingLine, last), columns, found,
            rows => Arithmetic(rows, columns), _ => true, unresolved);
    }

    /// <summary>
    /// Parts sum to the total in every column; the difference is the later year less the earlier; the percentage is the
    /// difference over the later year's total.
    /// </summary>
    private static List<TableIdentity> Arithmetic(IReadOnlyList<ReportRow> rows, IReadOnlyList<string> columns)
    {
        var identities = new List<TableIdentity>();
        var years = columns.Where(c => YearOf(c) is not null).OrderBy(c => YearOf(c)).ToList();
        var difference = columns.Where(c => YearOf(c) is null && !IsPercentColumn(c)).ToList();
        var percent = columns.Where(IsPercentColumn).ToList();
        if (years.Count == 2 && difference.Count == 1) identities.Add(new ColumnsDifference(difference[0], years[0], years[1]));
        var total = rows.Select((r, i) => (r, i)).Where(x => x.r.Role == RowRole.Total).Select(x => x.i).ToList();
        if (total.Count == 1)
        {
            var parts = Enumerable.Range(0, total[0]).Where(i => rows[i].Role == RowRole.Data).ToList();
            if (parts.Count > 0) identities.Add(new RowsSum(total[0], parts));
            if (difference.Count == 1 && percent.Count == 1 && years.Count > 0)
            {
                identities.Add(new ShareOfTotal(percent[0], difference[0], total[0], years[^1]));
            }
        }
        return identities;
    }

    /// <summary>
    /// Column headings from the two heading lines: years as printed; other columns as "group, caption"
    /// ("Difference, USD million"), the group being the heading above them.
    /// </summary>
    private static List<string> Columns(string heading, string header)
    {
        if (ReportLine.IsTabbed(header))
        {
            var top = ReportLine.Cells(heading, SpaceLayout.SingleSpaces);
            var sub = ReportLine.Cells(header, SpaceLayout.SingleSpaces);
            var columns = new List<string>();
            for (var c = 1; c < sub.Count; c++)
            {
                if (sub[c].Length == 0) continue;
                if (YearOf(sub[c]) is not null)
                {
                    columns.Add(sub[c]);
                    continue;
                }
                var group = Enumerable.Range(1, Math.Min(c, top.Count - 1)).Reverse().Select(i => top[i]).FirstOrDefault(t => t.Length > 0);
                columns.Add(group is null || Unit().IsMatch(group) ? sub[c] : $"{group}, {sub[c]}");
            }
            return columns;
        }

        // Space layout: years are single words; the captions after them start at "%" or at the currency.
        var words = ReportLine.Words(header);
        var result = words.TakeWhile(w => YearOf(w) is not null).ToList();
        var rest = string.Join(' ', words.Skip(result.Count));
        var captions = CaptionStart().Split(rest).Select(p => p.Trim()).Where(p => p.Length > 0).ToList();
        var unit = Unit().Match(heading);
        var groupName = unit.Success ? heading[(unit.Index + unit.Length)..].Trim() : "";
        result.AddRange(captions.Select(c => groupName.Length > 0 ? $"{groupName}, {c}" : c));
        return result;
    }

    private static int? NextNonBlank(ReportDocument document, int line)
    {
        for (var n = line + 1; n <= document.Lines.Count; n++)
        {
            if (document.Line(n).Trim().Length > 0) return n;
        }
        return null;
    }

    [GeneratedRegex(@"^Expenditures?(\t|\s+)(USD|CHF)\b")]
    private static partial Regex HeadingLine();

    [GeneratedRegex(@"\b(USD|CHF)(\s+(?<scale>millions?|thousands?|billions?))?\b", RegexOptions.IgnoreCase)]
    private static partial Regex Unit();

    [GeneratedRegex(@"\s+(?=%|USD\b|CHF\b)")]
    private static partial Regex CaptionStart();

    [GeneratedRegex(@"^total\b", RegexOptions.IgnoreCase)]
    private static partial Regex TotalLabel();
}
