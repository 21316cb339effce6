using System.Globalization;
using System.Text;
using Almanac.Domain;
using Almanac.Domain.Workforce;
using CsvHelper;

namespace Almanac.Ingest.Staff;

/// <summary>Writes a staff list as CSV UTF-8 in the layout <see cref="StaffListReader"/> reads.</summary>
public static class StaffListWriter
{
    public static void Write(string path, IEnumerable<StaffMember> staff)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        writer.NewLine = "\n";
        using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture);
        foreach (var header in new[] { StaffColumns.Id, StaffColumns.Nationality, StaffColumns.Grade, StaffColumns.Category, StaffColumns.Sex, StaffColumns.DutyStation })
        {
            csv.WriteField(header);
        }
        csv.NextRecord();
        foreach (var s in staff)
        {
            // Codes the domain checked, except the id and duty station, which are text a spreadsheet must not run.
            csv.WriteField(SpreadsheetText.Cell(s.StaffId));
            csv.WriteField(s.Nationality);
            csv.WriteField(s.Grade.Code);
            csv.WriteField(s.Category.Code());
            csv.WriteField(s.Sex.Code());
            csv.WriteField(SpreadsheetText.Cell(s.DutyStation));
            csv.NextRecord();
        }
    }
}
