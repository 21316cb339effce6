using System.Globalization;
using Almanac.Domain;
using Almanac.Domain.Platform;
using Almanac.Ingest.Staff;
using static Almanac.Domain.Platform.QuestionnaireWorkbookLayout;

namespace Almanac.Ingest.Platform;

/// <summary>Reads a filled offline questionnaire workbook as <see cref="QuestionnaireWorkbookLayout"/> lays it out.</summary>
public static class QuestionnaireWorkbookFile
{
    /// <summary>
    /// Reads a filled workbook: its submissions and the value of every answer cell its keys name, as typed (formulas
    /// refused). Anything that is not such a workbook, is past a bound or was restructured is refused, naming the sheet and cell.
    /// </summary>
    public static IReadOnlyList<WorkbookSubmission> Read(string path, string name)
    {
        if (new FileInfo(path).Length > MaxBytes)
            throw new InputException(name, null, null, null, $"the workbook is larger than the {InputLimits.Number(MaxBytes)} bytes (8 MiB) an uploaded questionnaire workbook may have");
        if (!IsZip(path)) throw new InputException(name, null, null, null, "not an XLSX workbook: download the questionnaire workbook from the submission's page, fill it in and upload it as Excel saved it (.xlsx)");
        var sheets = XlsxRows.Sheets(path, name);
        if (sheets.Count > MaxSheets)
            throw new InputException(name, null, null, null, $"the workbook has {InputLimits.Number(sheets.Count)} sheets, more than the {InputLimits.Number(MaxSheets)} a questionnaire workbook may have");
        if (!sheets.Any(s => s.Name == KeysSheet))
            throw Restructured(name, $"it has no sheet {KeysSheet}, which a questionnaire workbook keeps hidden");
        var submissions = new List<(long Id, string Office, int Year, long Version, string Language)>();
        var cells = new List<(long Submission, string Sheet, string Cell, string Key)>();
        var marked = false;
        foreach (var (line, row) in XlsxRows.Read(path, name, KeysSheet, refuseFormulas: true))
        {
            string At(int i) => i < row.Length ? row[i] : "";
            switch (At(0))
            {
                case Marker when line == 1:
                    if (At(1) != FormatVersion) throw Restructured(name, $"its format is {InputLimits.Quote(At(1))}, where this platform reads {FormatVersion}");
                    marked = true;
                    break;
                case "submission" when marked:
                    if (submissions.Count >= MaxSubmissions)
                        throw new InputException(name, line, null, null, $"more than the {MaxSubmissions} submissions a questionnaire workbook may carry");
                    if (!long.TryParse(At(1), NumberStyles.None, CultureInfo.InvariantCulture, out var id) || !int.TryParse(At(3), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
                        || !long.TryParse(At(4), NumberStyles.None, CultureInfo.InvariantCulture, out var version) || At(2).Length == 0)
                        throw Restructured(name, $"sheet {KeysSheet}, row {line} does not name a submission");
                    submissions.Add((id, At(2), year, version, At(5)));
                    break;
                case "answer" when marked:
                    if (cells.Count >= MaxSubmissions * InputLimits.MaxAnswersPerSubmission)
                        throw new InputException(name, line, null, null, "more answer cells than a questionnaire workbook may carry");
                    if (!long.TryParse(At(1), NumberStyles.None, CultureInfo.InvariantCulture, out var of) || !submissions.Any(s => s.Id == of) || At(2).Length == 0 || At(4).Length == 0)
                        throw Restructured(name, $"sheet {KeysSheet}, row {line} does not name an answer cell");
                    cells.Add((of, At(2), At(3), At(4)));
                    break;
                default:
                    throw Restructured(name, $"sheet {KeysSheet}, row {line} is not one the platform wrote");
            }
        }
        if (!marked || submissions.Count == 0) throw Restructured(name, $"sheet {KeysSheet} names no submission");

        var values = new Dictionary<(string Sheet, string Cell), WorkbookCell>();
        foreach (var group in cells.GroupBy(c => c.Sheet, StringComparer.Ordinal))
        {
            if (!sheets.Any(s => s.Name == group.Key)) throw Restructured(name, $"its sheet {InputLimits.Quote(group.Key)} is missing");
            var wanted = new Dictionary<long, (long Submission, string Sheet, string Cell, string Key)>();
            foreach (var cell in group)
            {
                if (!wanted.TryAdd(Row(name, cell.Sheet, cell.Cell), cell)) throw Restructured(name, $"sheet {KeysSheet} names the cell {cell.Cell} of sheet {InputLimits.Quote(cell.Sheet)} twice");
            }
            var rows = new Dictionary<long, string[]>();
            foreach (var (line, row) in XlsxRows.Read(path, name, group.Key, refuseFormulas: true))
            {
                if (wanted.ContainsKey(line)) rows[line] = row;
            }
            foreach (var (line, cell) in wanted)
            {
                var row = rows.GetValueOrDefault(line) ?? [];
                var key = row.Length >= KeyColumn ? row[KeyColumn - 1] : "";
                if (key != cell.Key)
                {
                    throw new InputException(name, line, Cell(KeyColumn, (int)line), null,
                        $"sheet {InputLimits.Quote(group.Key)}, cell {Cell(KeyColumn, (int)line)}: the workbook was restructured (the hidden key of this row is {InputLimits.Quote(key)}, where the platform wrote {InputLimits.Quote(cell.Key)}); download it again and type the answers into its answer cells");
                }
                values[(group.Key, cell.Cell)] = new WorkbookCell(group.Key, cell.Cell, cell.Key, row.Length >= AnswerColumn ? row[AnswerColumn - 1] : "");
            }
        }
        return [.. submissions.Select(s => new WorkbookSubmission(s.Id, s.Office, s.Year, s.Version, s.Language,
            [.. cells.Where(c => c.Submission == s.Id).Select(c => values[(c.Sheet, c.Cell)])]))];
    }

    /// <summary>The row of an answer cell the keys name: always in the answer column.</summary>
    private static long Row(string name, string sheet, string cell)
    {
        var column = Cell(AnswerColumn, 1)[..^1];
        if (cell.StartsWith(column, StringComparison.Ordinal) && int.TryParse(cell.AsSpan(column.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var row) && row > 0
            && row <= InputLimits.MaxSheetRows)
            return row;
        throw Restructured(name, $"sheet {KeysSheet} names the cell {InputLimits.Quote(cell)} of sheet {InputLimits.Quote(sheet)}, which is not an answer cell");
    }

    private static bool IsZip(string path)
    {
        using var file = File.OpenRead(path);
        Span<byte> head = stackalloc byte[4];
        return file.Read(head) == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
    }

    private static InputException Restructured(string name, string problem) =>
        new(name, null, null, null, $"not a questionnaire workbook as the platform wrote it, or restructured since: {problem}. Download the workbook again from the submission's page");
}

/// <summary>One submission as a workbook carries it: which, at which version it was downloaded, in which language, and its answer cells.</summary>
public sealed record WorkbookSubmission(long Id, string Office, int Year, long Version, string Language, IReadOnlyList<WorkbookCell> Cells);

/// <summary>An answer cell of a workbook: where it is, the answer key it holds, and its text as typed.</summary>
public sealed record WorkbookCell(string Sheet, string Cell, string Key, string Value);
