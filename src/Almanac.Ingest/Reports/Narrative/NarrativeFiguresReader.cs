using Almanac.Domain.Observations;
using Almanac.Domain.Reports;
using Almanac.Domain.Tables;

namespace Almanac.Ingest.Reports.Narrative;

/// <summary>
/// Figures the annual reports state in their text about what their staff tables print — the number of staff, staff
/// in a category or at a grade, the nationalities and Member States represented, the shares of women, of men and of a
/// category — found by the kind of statement (<see cref="StaffStatementGrammar"/>) and gathered as one table,
/// "narrative-figures", so that the audit compares each with the tables (the same fact printed twice, or the counts
/// the tables print).
/// </summary>
/// <remarks>Sentences wrap over lines; they are matched on each paragraph's joined text and placed at the line where the figure is printed.</remarks>
public sealed class NarrativeFiguresReader : IReportTableReader
{
    public const string TableId = "narrative-figures";
    private const string Column = "Value";

    public IReadOnlyList<ReportTable> Read(ReportDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (document.Identity.Kind != DocumentKind.AnnualReport) return [];
        var statements = Statements(document);
        if (statements.Count == 0) return [];
        var rows = statements.Select(s => new ReportRow(s.Label, null, RowRole.Data, s.CellKind, s.Line, [new ReportCell(s.Value)])).ToList();
        return [new ReportTable(TableId, "Figures stated in the text", document.Identity.Year,
            new LineRange(statements.Min(s => s.Line), statements.Max(s => s.Line)), [Column], rows, [], [])];
    }

    public IReadOnlyList<Observation>? ToObservations(ReportTable table, ReportDocument document)
    {
        ArgumentNullException.ThrowIfNull(table);
        return table.Id != TableId
            ? null
            : [.. Statements(document).Select(s => new Observation(s.Measure, s.Year, s.Key, s.Value, new Provenance(0, document.Name, TableId, s.Line)))];
    }

    /// <summary>The statements about the staff tables an annual report's text makes, in text order; none for another kind of document.</summary>
    public static IReadOnlyList<StaffStatement> Statements(ReportDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return document.Identity.Kind != DocumentKind.AnnualReport
            ? []
            : [.. StaffStatementGrammar.Find(NarrativeText.Paragraphs(document), document.Identity.Year)];
    }
}
