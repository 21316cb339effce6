using Almanac.Domain.Observations;
using Almanac.Domain.Reports;

namespace Almanac.Ingest.Reports;

/// <summary>
/// Finds and rebuilds one family of tables (staff statistics, funding requirements, returns…) in a published document,
/// and says what its tables mean as observations.
/// </summary>
public interface IReportTableReader
{
    /// <summary>The tables of this family the document prints. A table it finds but cannot read at all is an error
    /// (<see cref="ReportFormatException"/> naming the line); rows it cannot place go to the table's unresolved rows.</summary>
    IReadOnlyList<ReportTable> Read(ReportDocument document);

    /// <summary>The table's printed figures as observations (measures and dimensions), with the table id as location
    /// and the row's line; null when the table is not one of this reader's.</summary>
    IReadOnlyList<Observation>? ToObservations(ReportTable table, ReportDocument document);
}
