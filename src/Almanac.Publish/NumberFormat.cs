using System.Globalization;
using Almanac.Domain.Tables;

namespace Almanac.Publish;

/// <summary>Prints numbers as the reports print them: "2 994", "47%", "+26", "-" for no change, "N/A".</summary>
public static class NumberFormat
{
    public static string Format(Cell cell)
    {
        if (cell.NotApplicable) return "N/A";
        if (cell.Value is not { } value) return "";
        return cell.Kind switch
        {
            CellKind.Percent => Count(value) + "%",
            CellKind.PercentagePointChange => value == 0 ? "-" : (value > 0 ? "+" : "") + Count(value),
            _ => Count(value),
        };
    }

    /// <summary>Whole numbers with a space between thousands; decimals kept as they are.</summary>
    public static string Count(decimal value)
    {
        var format = new NumberFormatInfo { NumberGroupSeparator = " ", NumberDecimalSeparator = ".", NegativeSign = "-" };
        return value == decimal.Truncate(value)
            ? value.ToString("#,0", format)
            : value.ToString("#,0.##", format);
    }
}