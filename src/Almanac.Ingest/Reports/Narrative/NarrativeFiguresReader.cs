using System.Globalization;
using System.Text.RegularExpressions;
using Almanac.Domain.Observations;
using Almanac.Domain.Reports;
using Almanac.Domain.Tables;
using Almanac.Domain.Workforce;

namespace Almanac.Ingest.Reports.Narrative;

/// <summary>
/// Figures the annual reports state in their text that their tables also print — the nationalities represented among
/// Professional staff, the share of women at P-5 and above — gathered as one table, "narrative-figures", so that the
/// audit compares each with the table (the same fact printed twice).
/// </summary>
/// <remarks>Sentences wrap over lines; they are matched on each paragraph's joined text and placed at the line where the figure is printed.</remarks>
public sealed partial class NarrativeFiguresReader : IReportTableReader
{
    public const string TableId = "narrative-figures";
    private const string Column = "Value";

    /// <summary>A statement found in the text: what it says, the year, the figure and its line.</summary>
    private sealed record Statement(string Label, string Measure, DimensionKey Key, int Year, decimal Value, CellKind Kind, int Line);

    public IReadOnlyList<ReportTable> Read(ReportDocument document)
    {
        if (document.Identity.Kind != DocumentKind.AnnualReport) return [];
        var statements = Find(document).ToList();
        if (statements.Count == 0) return [];
        var rows = statements.Select(s => new ReportRow(s.Label, null, RowRole.Data, s.Kind, s.Line, [new ReportCell(s.Value)])).ToList();
        return [new ReportTable(TableId, "Figures stated in the text", document.Identity.Year,
            new LineRange(statements.Min(s => s.Line), statements.Max(s => s.Line)), [Column], rows, [], [])];
    }

    public IReadOnlyList<Observation>? ToObservations(ReportTable table, ReportDocument document) =>
        table.Id != TableId
            ? null
            : [.. Find(document).Select(s => new Observation(s.Measure, s.Year, s.Key, s.Value, new Provenance(0, document.Name, TableId, s.Line)))];

    private static IEnumerable<Statement> Find(ReportDocument document)
    {
        var year = document.Identity.Year;
        var professionalPercentKey = StaffKeys.Of(StaffCategory.Professional, Dimensions.GradeP5AndHigher, null);
        foreach (var paragraph in NarrativeText.Paragraphs(document))
        {
            var (text, lineAt) = (paragraph.Text, (Func<int, int>)paragraph.LineAt);
            foreach (Match m in RepresentedWithPrevious().Matches(text))
            {
                yield return Nationalities(year, m.Groups["count"], lineAt);
                var previous = int.Parse(m.Groups["year"].Value, CultureInfo.InvariantCulture);
                yield return Nationalities(previous, m.Groups["previous"], lineAt);
            }
            foreach (Match m in RepresentedAtProfessionalLevel().Matches(text))
            {
                yield return Nationalities(year, m.Groups["count"], lineAt);
            }
            foreach (Match m in WomenAtP5AndAbove().Matches(text))
            {
                var at = int.Parse(m.Groups["year"].Value, CultureInfo.InvariantCulture);
                yield return new Statement($"Women's share of P-5 and higher positions in {at} (per cent)", Measures.WomenPercent, professionalPercentKey, at,
                    decimal.Parse(m.Groups["percent"].Value, CultureInfo.InvariantCulture), CellKind.Percent, lineAt(m.Groups["percent"].Index));
            }
        }
    }

    private static Statement Nationalities(int year, Group count, Func<int, int> lineAt) =>
        new($"Nationalities represented among Professional staff in {year}", Measures.NationalitiesRepresented, DimensionKey.Empty, year,
            decimal.Parse(count.Value, CultureInfo.InvariantCulture), CellKind.Count, lineAt(count.Index));

    [GeneratedRegex(@"Professional (?:category|level|staff)\W+represented (?<count>\d{2,3}) nationalities \((?<year>(?:19|20)\d{2}): (?<previous>\d{2,3})\)", RegexOptions.IgnoreCase)]
    private static partial Regex RepresentedWithPrevious();

    [GeneratedRegex(@"(?<count>\d{2,3}) nationalities represented at the international professional level", RegexOptions.IgnoreCase)]
    private static partial Regex RepresentedAtProfessionalLevel();

    [GeneratedRegex(@"P-5 and above levels?, with women holding (?<percent>\d{1,3}) per cent of positions in (?<year>(?:19|20)\d{2})", RegexOptions.IgnoreCase)]
    private static partial Regex WomenAtP5AndAbove();
}
