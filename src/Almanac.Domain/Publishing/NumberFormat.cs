using System.Globalization;
using Almanac.Domain.Tables;

namespace Almanac.Domain.Publishing;

/// <summary>
/// Prints numbers as the reports print them: "2 994", "47%", "+26", "-" for no change, "N/A" in English; French and
/// Spanish follow the United Nations editorial rules of those languages ("2 994", "47 %", decimal comma).
/// </summary>
public static class NumberFormat
{
    private const char NoBreakSpace = '\u00A0';
    private const char NarrowNoBreakSpace = '\u202F';

    private static readonly NumberFormatInfo English = new() { NumberGroupSeparator = " ", NumberDecimalSeparator = ".", NegativeSign = "-" };
    private static readonly NumberFormatInfo French = new() { NumberGroupSeparator = NarrowNoBreakSpace.ToString(), NumberDecimalSeparator = ",", NegativeSign = "-" };
    private static readonly NumberFormatInfo Spanish = new() { NumberGroupSeparator = NarrowNoBreakSpace.ToString(), NumberDecimalSeparator = ",", NegativeSign = "-" };

    /// <summary>The languages a publication can be written in.</summary>
    public static IReadOnlyList<string> Languages { get; } = ["en", "fr", "es"];

    /// <summary>The cell in English, as the reports print it.</summary>
    public static string Format(Cell cell) => Format(cell, "en");

    /// <summary>The cell in the given language ("en", "fr" or "es").</summary>
    public static string Format(Cell cell, string language)
    {
        if (cell.NotApplicable) return language == "en" ? "N/A" : "s.o.";
        if (cell.Value is not { } value) return "";
        return cell.Kind switch
        {
            CellKind.Percent => Count(value, language) + (language == "en" ? "%" : NoBreakSpace + "%"),
            CellKind.PercentagePointChange => value == 0 ? "-" : (value > 0 ? "+" : "") + Count(value, language),
            _ => Count(value, language),
        };
    }

    /// <summary>Whole numbers with a space between thousands; decimals kept as they are.</summary>
    public static string Count(decimal value) => Count(value, "en");

    /// <summary>Whole numbers grouped by thousands, at most two decimals, in the given language.</summary>
    public static string Count(decimal value, string language) => Count(value, language, 2);

    /// <summary>Whole numbers grouped by thousands, at most <paramref name="decimals"/> decimals (a ratio's four), in the given language.</summary>
    public static string Count(decimal value, string language, int decimals)
    {
        var format = language switch
        {
            "en" => English,
            "fr" => French,
            "es" => Spanish,
            _ => throw new ArgumentException($"Unknown language '{language}': expected one of {string.Join(", ", Languages)}.", nameof(language)),
        };
        return value == decimal.Truncate(value)
            ? value.ToString("#,0", format)
            : value.ToString("#,0." + new string('#', decimals), format);
    }
}
