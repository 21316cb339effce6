using System.Globalization;

namespace Almanac.Ingest.Reports;

/// <summary>
/// Reads one printed number as the reports print it: "2 994", "2,863,504,889", "47%", "+26", "-6", a dash for no
/// change, "N/A", a footnote star ("*160,763,674").
/// </summary>
public static class PrintedNumber
{
    /// <summary>What a printed cell holds.</summary>
    public enum Shape
    {
        /// <summary>Not a number: a word, a label.</summary>
        NotANumber,
        /// <summary>A number (possibly signed, possibly a percentage).</summary>
        Number,
        /// <summary>A lone dash: no change, or nothing to report.</summary>
        Dash,
        /// <summary>"N/A": printed as not applicable.</summary>
        NotApplicable,
    }

    /// <summary>Parses a whole cell; thousands may be grouped by spaces, no-break spaces or commas.</summary>
    public static Shape TryParse(string text, out decimal value)
    {
        value = 0;
        var s = text.Trim().Trim('*').Trim();
        if (s.Length == 0) return Shape.NotANumber;
        if (s is "-" or "–" or "—" or "‒") return Shape.Dash;
        if (s.Equals("N/A", StringComparison.OrdinalIgnoreCase) || s.Equals("n.a.", StringComparison.OrdinalIgnoreCase)) return Shape.NotApplicable;
        if (s.EndsWith('%')) s = s[..^1].TrimEnd();
        var negative = false;
        if (s.Length > 0 && s[0] is '+' or '-' or '–' or '−')
        {
            negative = s[0] != '+';
            s = s[1..].TrimStart();
        }
        if (s.Length == 0 || !char.IsAsciiDigit(s[0]) || !char.IsAsciiDigit(s[^1])) return Shape.NotANumber;
        if (!IsGrouped(s)) return Shape.NotANumber;
        var digits = s.Replace(" ", "", StringComparison.Ordinal).Replace("\u00a0", "", StringComparison.Ordinal)
            .Replace("\u202f", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal);
        if (!decimal.TryParse(digits, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value)) return Shape.NotANumber;
        if (negative) value = -value;
        return Shape.Number;
    }

    /// <summary>True when the text is a number, a dash or N/A: a cell a table could hold.</summary>
    public static bool IsCell(string text) => TryParse(text, out _) != Shape.NotANumber;

    /// <summary>Digits in groups: the first of 1–3 digits, every later one of exactly 3 after a separator; or plain digits; an optional decimal part.</summary>
    private static bool IsGrouped(string s)
    {
        var point = s.IndexOf('.', StringComparison.Ordinal);
        var whole = point < 0 ? s : s[..point];
        if (point >= 0 && (point == s.Length - 1 || !s[(point + 1)..].All(char.IsAsciiDigit))) return false;
        var groups = whole.Split([' ', ',', '\u00a0', '\u202f']);
        if (groups.Length == 1) return whole.All(char.IsAsciiDigit);
        if (groups[0].Length is < 1 or > 3 || !groups[0].All(char.IsAsciiDigit)) return false;
        return groups.Skip(1).All(g => g.Length == 3 && g.All(char.IsAsciiDigit));
    }
}
