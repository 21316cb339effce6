using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Almanac.Web.Tests;

/// <summary>Reads a sheet of a workbook as the text of its cells, by row number and column letters (shared strings resolved).</summary>
internal static class XlsxCells
{
    public static SortedDictionary<int, Dictionary<string, string>> Read(SpreadsheetDocument workbook, string sheetName)
    {
        var part = workbook.WorkbookPart!;
        var sheet = part.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == sheetName);
        var worksheet = ((WorksheetPart)part.GetPartById(sheet.Id!)).Worksheet;
        var strings = part.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(i => i.InnerText).ToList() ?? [];
        // No formula anywhere: a spreadsheet would run one.
        Assert.Empty(worksheet.Descendants<CellFormula>());
        var rows = new SortedDictionary<int, Dictionary<string, string>>();
        foreach (var cell in worksheet.Descendants<Cell>())
        {
            var reference = cell.CellReference!.Value!;
            var letters = new string([.. reference.TakeWhile(char.IsLetter)]);
            var row = int.Parse(reference[letters.Length..], System.Globalization.CultureInfo.InvariantCulture);
            var text = cell.CellValue?.Text ?? "";
            if (cell.DataType?.Value == CellValues.SharedString) text = strings[int.Parse(text, System.Globalization.CultureInfo.InvariantCulture)];
            (rows.TryGetValue(row, out var cells) ? cells : rows[row] = [])[letters] = text;
        }
        return rows;
    }
}
