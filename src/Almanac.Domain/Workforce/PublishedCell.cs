namespace Almanac.Domain.Workforce;

/// <summary>One figure as a report printed it: table, section, row label, column header, the printed text and its line.</summary>
/// <param name="Value">As printed, without thousands separators or % sign: "2994", "47", "+26", "-" (no change), "N/A".</param>
public sealed record PublishedCell(string Table, string Section, string Row, string Column, string Value, int Line)
{
    /// <summary>The printed figure as a number; null for "-" and "N/A".</summary>
    public decimal? Number => decimal.TryParse(Value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : null;
}
