namespace Almanac.Ingest.Reports;

/// <summary>Every table reader Almanac has, in the order they run.</summary>
public static class ReportReaders
{
    public static IReadOnlyList<IReportTableReader> All { get; } = [new Staff.StaffTablesReader(), new Funding.FundingTablesReader(), new Operations.OperationsTablesReader(), new Narrative.NarrativeFiguresReader()];
}
