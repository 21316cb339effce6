using System.Globalization;
using System.Text;
using Almanac.Domain;
using Almanac.Domain.Publishing;
using CsvHelper;

namespace Almanac.Publish;

/// <summary>
/// A <see cref="DataSheet"/> as a CSV download: UTF-8 with a byte-order mark, because Excel (the spreadsheet most people
/// open a download with) reads a CSV without one in the machine's legacy code page and mangles every accent ("Côte
/// d’Ivoire"); LibreOffice and scripts (CsvHelper, pandas with utf-8-sig) read it too. Comma-separated, a header row of
/// the column names, numbers plain with '.' ("1492", "47.5": a percentage as its number of per cent), text cells passed
/// through <see cref="SpreadsheetText.Cell"/> so that none runs as a formula.
/// </summary>
public static class DataSheetCsv
{
    /// <summary>The bytes of the file, the byte-order mark first.</summary>
    public static byte[] Write(DataSheet sheet)
    {
        ArgumentNullException.ThrowIfNull(sheet);
        var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = new CsvWriter(text, CultureInfo.InvariantCulture, leaveOpen: true))
        {
            foreach (var column in sheet.Columns) csv.WriteField(SpreadsheetText.Cell(column.Name));
            csv.NextRecord();
            foreach (var row in sheet.Rows)
            {
                for (var c = 0; c < sheet.Columns.Count; c++)
                {
                    var cell = c < row.Count ? row[c] : DataCell.Empty;
                    csv.WriteField(sheet.Columns[c].IsText ? SpreadsheetText.Cell(cell.Text) : Number(cell.Number));
                }
                csv.NextRecord();
            }
        }
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    private static string Number(decimal? value) => value is { } v ? (v / 1.000000000000000000000000000000000m).ToString(CultureInfo.InvariantCulture) : "";
}
