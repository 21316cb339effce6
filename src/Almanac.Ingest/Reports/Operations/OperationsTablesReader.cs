using Almanac.Domain.Observations;
using Almanac.Domain.Reports;
using Almanac.Domain.Tables;

namespace Almanac.Ingest.Reports.Operations;

/// <summary>
/// The annual reports' operational tables: the assisted voluntary return top-10 lists ("returns-top-host",
/// "returns-top-origin", or "…-YYYY" when a list prints one year) and the expenditure table ("expenditure").
/// </summary>
public sealed class OperationsTablesReader : IReportTableReader
{
    public IReadOnlyList<ReportTable> Read(ReportDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (document.Identity.Kind != DocumentKind.AnnualReport) return [];
        return [.. ReturnsTopTables.Read(document), .. ExpenditureTable.Read(document)];
    }

    public IReadOnlyList<Observation>? ToObservations(ReportTable table, ReportDocument document)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(document);
        if (ReturnsTopTables.RoleOf(table.Id) is { } role) return Returns(table, role, document);
        if (table.Id == ExpenditureTable.Id) return Expenditure(table, document);
        return null;
    }

    private static List<Observation> Returns(ReportTable table, string role, ReportDocument document)
    {
        var observations = new List<Observation>();
        foreach (var row in table.Rows)
        {
            var key = DimensionKey.Of((OperationsDimensions.Role, role));
            // A country outside the reference data keeps its printed name, so that the figure is not lost.
            if (row.Role == RowRole.Data) key = key.With(OperationsDimensions.Country, row.Iso3 ?? row.Label);
            for (var c = 0; c < table.Columns.Count; c++)
            {
                if (row.Cells[c] is not { } cell || ExpenditureTable.YearOf(table.Columns[c]) is not { } year) continue;
                observations.Add(new Observation(OperationsMeasures.ReturnsAssisted, year, key, cell.Value, Provenance(table, row, document)));
            }
        }
        return observations;
    }

    private static List<Observation> Expenditure(ReportTable table, ReportDocument document)
    {
        var scale = ExpenditureTable.Scale(document.Line(table.Lines.First))
            ?? throw new ReportFormatException(document.Name, table.Lines.First, "the expenditure table names no currency unit");
        var observations = new List<Observation>();
        foreach (var row in table.Rows)
        {
            var key = row.Role == RowRole.Total ? DimensionKey.Empty : DimensionKey.Of((OperationsDimensions.Programme, Programme(row.Label)));
            for (var c = 0; c < table.Columns.Count; c++)
            {
                if (row.Cells[c] is not { } cell) continue;
                var column = table.Columns[c];
                var (measure, year, value) = ExpenditureTable.YearOf(column) is { } y
                    ? (OperationsMeasures.ExpenditureUsd, y, cell.Value * scale)
                    : ExpenditureTable.IsPercentColumn(column)
                        ? (OperationsMeasures.ExpenditureChangePercent, table.Year, cell.Value)
                        : (OperationsMeasures.ExpenditureChangeUsd, table.Year, cell.Value * scale);
                observations.Add(new Observation(measure, year, key, value, Provenance(table, row, document)));
            }
        }
        return observations;
    }

    /// <summary>"Administrative programme" → "administrative"; other labels as lower-case words joined by hyphens.</summary>
    private static string Programme(string label)
    {
        var lower = label.ToLowerInvariant();
        if (lower.Contains("administrative", StringComparison.Ordinal)) return "administrative";
        if (lower.Contains("operational", StringComparison.Ordinal)) return "operational";
        return string.Join('-', lower.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(w => new string([.. w.Where(char.IsLetterOrDigit)])).Where(w => w.Length > 0));
    }

    private static Provenance Provenance(ReportTable table, ReportRow row, ReportDocument document) =>
        new(0, document.Name, table.Id, row.Line);
}
