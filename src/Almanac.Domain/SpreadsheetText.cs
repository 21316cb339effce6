using System.Globalization;

namespace Almanac.Domain;

/// <summary>
/// Keeps a CSV cell from being run as a formula when a spreadsheet opens the file (CSV or formula injection, OWASP): a
/// text cell that begins with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a carriage return gets a leading single
/// quote, which spreadsheets show as text. A cell that is a plain number ("-5", "+3", "2.5") is left as it is, so that
/// numbers stay numbers: a number is never a formula. Every CSV writer passes its cells through <see cref="Cell"/>.
/// </summary>
/// <remarks>
/// XLSX needs none of this: its text cells are written as shared strings, which a spreadsheet never evaluates; only a
/// formula element would be, and Almanac writes none.
/// </remarks>
public static class SpreadsheetText
{
    /// <summary>The prefix that makes a spreadsheet read a cell as text.</summary>
    public const char TextPrefix = '\'';

    /// <summary>The characters a spreadsheet takes as the start of a formula.</summary>
    public static bool IsFormulaStart(char c) => c is '=' or '+' or '-' or '@' or '\t' or '\r';

    /// <summary>The cell as a CSV writer should write it: a formula-like text cell quoted; numbers and other text unchanged.</summary>
    public static string Cell(string? text)
    {
        if (string.IsNullOrEmpty(text) || !IsFormulaStart(text[0]) || IsPlainNumber(text)) return text ?? "";
        return TextPrefix + text;
    }

    /// <summary>
    /// A cell read back from a file Almanac wrote: the quote <see cref="Cell"/> put before a formula-like text removed, so
    /// that an export imported again gives the same values.
    /// </summary>
    public static string Restore(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length > 1 && text[0] == TextPrefix && IsFormulaStart(text[1]) ? text[1..] : text;
    }

    // A sign, digits and at most one decimal point: what the writers write for a number, and what no spreadsheet runs.
    private static bool IsPlainNumber(string text) =>
        decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _);
}
