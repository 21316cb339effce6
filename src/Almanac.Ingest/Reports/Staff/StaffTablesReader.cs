using System.Globalization;
using Almanac.Domain.Observations;
using Almanac.Domain.Reports;
using Almanac.Domain.Tables;
using Almanac.Domain.Workforce;
using Almanac.Ingest.Published;

namespace Almanac.Ingest.Reports.Staff;

/// <summary>
/// Rebuilds the staff statistics of an annual report (Tables 1–4, the annexes by nationality, grade and sex, the
/// nationalities represented) as tables, and says what they mean as observations.
/// </summary>
public sealed class StaffTablesReader : IReportTableReader
{
    public IReadOnlyList<ReportTable> Read(ReportDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (document.Identity.Kind != DocumentKind.AnnualReport) return [];
        var titles = StaffTitles.Find(document);
        var tables = new List<ReportTable>(titles.Count);
        for (var i = 0; i < titles.Count; i++)
        {
            var (id, line) = titles[i];
            var end = titles.Where(t => t.Line > line).Select(t => t.Line).DefaultIfEmpty(document.Lines.Count + 1).Min();
            tables.Add(id is StaffTableIds.GeneralServiceAnnex or StaffTableIds.ProfessionalAnnex
                ? StaffNationalityAnnex.Read(document, id, line, end)
                : StaffYearTable.Read(document, id, line, end));
        }
        return [.. tables.OrderBy(t => Order(t.Id))];
    }

    private static int Order(string id)
    {
        for (var i = 0; i < StaffTableIds.All.Count; i++)
        {
            if (StaffTableIds.All[i] == id) return i;
        }
        return int.MaxValue;
    }

    public IReadOnlyList<Observation>? ToObservations(ReportTable table, ReportDocument document)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(document);
        return table.Id switch
        {
            StaffTableIds.GeneralServiceAnnex => AnnexObservations(table, document, StaffCategory.GeneralService),
            StaffTableIds.ProfessionalAnnex => AnnexObservations(table, document, StaffCategory.Professional),
            StaffTableIds.Table1 or StaffTableIds.Table2 or StaffTableIds.Table3 or StaffTableIds.Table4 or StaffTableIds.NationalitiesAnnex
                => PrintedFigureObservations(table, document),
            _ => null,
        };
    }

    /// <summary>The name the published-figures files give the table ("Table1"… and "AnnexIV").</summary>
    internal static string PublishedName(string tableId) => tableId switch
    {
        StaffTableIds.Table1 => "Table1",
        StaffTableIds.Table2 => "Table2",
        StaffTableIds.Table3 => "Table3",
        StaffTableIds.Table4 => "Table4",
        StaffTableIds.NationalitiesAnnex => "AnnexIV",
        _ => throw new ArgumentException($"'{tableId}' is not kept as published figures.", nameof(tableId)),
    };

    /// <summary>Tables 1–4 and the nationalities annex mean what the published-figures files mean: one mapping for both.</summary>
    private static List<Observation> PrintedFigureObservations(ReportTable table, ReportDocument document)
    {
        // Cell by cell, so that each observation keeps whether its cell was placed by arithmetic.
        var observations = new List<Observation>();
        foreach (var row in table.Rows)
        {
            for (var c = 0; c < table.Columns.Count; c++)
            {
                if (row.Cells[c] is not { } cell) continue;
                var printed = new PublishedCell(PublishedName(table.Id), "", row.Label, table.Columns[c], cell.Value.ToString(CultureInfo.InvariantCulture), row.Line);
                observations.AddRange(PublishedFigures.ToObservations([printed], document.Name, document.Identity.Year)
                    .Select(o => o with { Provenance = new Provenance(0, document.Name, table.Id, row.Line, cell.Inferred) }));
            }
        }
        return observations;
    }

    private static List<Observation> AnnexObservations(ReportTable table, ReportDocument document, StaffCategory category)
    {
        var year = document.Identity.Year;
        var observations = new List<Observation>();
        foreach (var row in table.Rows)
        {
            var rowProvenance = new Provenance(0, document.Name, table.Id, row.Line);
            DimensionKey Key(string? grade, Sex? sex)
            {
                var key = StaffKeys.Of(category, grade, sex);
                if (row.Role == RowRole.Total)
                {
                    // A section's total is kept apart from the annex's own total, which the tables print again.
                    return row.Section is null ? key
                        : key.With(Dimensions.Membership, row.Section == StaffNationalityAnnex.MemberStates ? Dimensions.MembershipMember : Dimensions.MembershipNonMember);
                }
                return key.With(Dimensions.Nationality, row.Iso3
                    ?? throw new ReportFormatException(document.Name, row.Line, $"{table.Title}: '{row.Label}' is not a country Almanac knows"));
            }
            var measure = row.Role == RowRole.Total ? Measures.StaffHeadcount : Measures.StaffAnnexHeadcount;
            for (var c = 0; c < table.Columns.Count; c++)
            {
                if (row.Cells[c] is not { } cell) continue;
                var column = table.Columns[c];
                var key = column switch
                {
                    "Total" => Key(null, null),
                    "F" => Key(null, Sex.Female),
                    "M" => Key(null, Sex.Male),
                    _ => Key(Grades.Parse(column)!.Code, null),
                };
                observations.Add(new Observation(measure, year, key, cell.Value, rowProvenance with { Inferred = cell.Inferred }));
            }
        }
        return observations;
    }
}
