namespace Almanac.Domain.Platform;

/// <summary>
/// The layout an offline questionnaire workbook shares between its writer and its reader: a hidden sheet of keys names
/// each submission (id, office, year, version at download, language) and each answer cell (submission, sheet, cell,
/// answer key); each section sheet repeats the answer key in its hidden column A beside the answer in column C, so that
/// a sheet whose rows were moved or changed is found rather than read into the wrong answers.
/// </summary>
public static class QuestionnaireWorkbookLayout
{
    /// <summary>The hidden sheet of keys.</summary>
    public const string KeysSheet = "almanac-keys";

    /// <summary>The hidden sheet of the drop-down lists' entries.</summary>
    public const string ListsSheet = "almanac-lists";

    /// <summary>What the keys sheet's A1 says, with the format's version in B1.</summary>
    public const string Marker = "almanac-questionnaire-workbook";

    /// <summary>The format's version: a reader refuses another.</summary>
    public const string FormatVersion = "1";

    /// <summary>Column (1-based) of the answer key on a section sheet (hidden).</summary>
    public const int KeyColumn = 1;

    /// <summary>Column (1-based) of the question's words.</summary>
    public const int QuestionColumn = 2;

    /// <summary>Column (1-based) of the answer, the only unlocked cells.</summary>
    public const int AnswerColumn = 3;

    /// <summary>Column (1-based) of what the answer accepts and the question's help.</summary>
    public const int HintColumn = 4;

    /// <summary>Bytes of a workbook upload: as a request body may be (<see cref="InputLimits.MaxRequestBodyBytes"/>).</summary>
    public const long MaxBytes = InputLimits.MaxRequestBodyBytes;

    /// <summary>Sheets of one workbook: a region's offices, a sheet per section each, with the instructions and the hidden sheets.</summary>
    public const int MaxSheets = 1000;

    /// <summary>Submissions one workbook may carry (a region's offices).</summary>
    public const int MaxSubmissions = 200;

    /// <summary>"C12" for a 1-based column and row.</summary>
    public static string Cell(int column, int row)
    {
        var letters = "";
        for (; column > 0; column = (column - 1) / 26) letters = (char)('A' + ((column - 1) % 26)) + letters;
        return letters + row.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
