using System.Globalization;
using System.Text;

namespace Almanac.Domain.Publishing;

/// <summary>
/// How Almanac names things in SDMX: dataflows and dimensions after its indicators and dimensions, codes after its
/// members, one rule each, shared by the SDMX-CSV and structure writers and by <c>import sdmx</c>, which inverts them.
/// </summary>
/// <remarks>
/// SDMX ids (the schema's IDType) are made of <c>A-Z a-z 0-9 _ @ $ -</c>; component ids (NCNameIDType) begin with a
/// letter. A code keeps every letter and digit, and every <c>-</c> and <c>_</c> after its first character; any other
/// character — and a first character that is not a letter or a digit — is written <c>$</c> and the four hexadecimal
/// digits of its UTF-16 unit: "P-5+" is <c>P-5$002B</c>, "_T" is <c>$005FT</c>. Since <c>$</c> appears only to start an
/// escape, a code reads back to exactly one member (the rule is injective), a member's code never changes, and no
/// member takes the <c>_</c>-led ids SDMX keeps for its cross-domain codes (<c>_T</c>, the total). A code never begins
/// with <c>-</c> or <c>@</c>, so a CSV writer has no formula-like cell to guard. The printed member is the code's name.
/// </remarks>
public static class SdmxIds
{
    /// <summary>The maintenance agency of every structure Almanac writes.</summary>
    public const string Agency = "ALMANAC";

    /// <summary>The version of every structure Almanac writes.</summary>
    public const string Version = "1.0";

    /// <summary>The code of a dimension a figure is not broken down by: SDMX's cross-domain code for a total.</summary>
    public const string Total = "_T";

    /// <summary>
    /// The dimension of a dataflow whose figures are broken down by nothing (SDMX asks at least one besides time): SDMX's
    /// cross-domain frequency, always <see cref="Annual"/>.
    /// </summary>
    public const string Frequency = "FREQ";

    /// <summary>The name of <see cref="Frequency"/>'s concept and codelist.</summary>
    public const string FrequencyName = "frequency";

    /// <summary>The one code of <see cref="Frequency"/>: annual, as every Almanac figure is.</summary>
    public const string Annual = "A";

    private const char Escape = '$';

    /// <summary>The dataflow id of an indicator: "staff.headcount" → "STAFF_HEADCOUNT".</summary>
    public static string Dataflow(string indicator) => Component(indicator, $"indicator '{indicator}'");

    /// <summary>The full reference of an indicator's dataflow, as SDMX-CSV's STRUCTURE_ID gives it: "ALMANAC:STAFF_HEADCOUNT(1.0)".</summary>
    public static string StructureId(string indicator) => $"{Agency}:{Dataflow(indicator)}({Version})";

    /// <summary>
    /// The id of a dimension (or a dataflow): upper-cased, every character but a letter, a digit or '_' made '_'. Two names
    /// may give one id ("staff.headcount", "staff_headcount"); the writers refuse such pairs where they meet.
    /// </summary>
    public static string Component(string name, string what)
    {
        ArgumentNullException.ThrowIfNull(name);
        var builder = new StringBuilder(name.Length);
        foreach (var ch in name.ToUpperInvariant()) builder.Append(ch is (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' ? ch : '_');
        if (builder.Length == 0 || builder[0] is < 'A' or > 'Z')
        {
            throw new AlmanacException($"The {what} gives no SDMX id: it needs to start with a letter.");
        }
        return builder.ToString();
    }

    /// <summary>The SDMX code of a member (see the remarks): "P-5+" → "P-5$002B", "AFG" → "AFG".</summary>
    public static string Code(string member)
    {
        ArgumentException.ThrowIfNullOrEmpty(member);
        var builder = new StringBuilder(member.Length + 4);
        for (var i = 0; i < member.Length; i++)
        {
            var ch = member[i];
            if (char.IsAsciiLetterOrDigit(ch) || (i > 0 && ch is '-' or '_')) builder.Append(ch);
            else builder.Append(Escape).Append(((int)ch).ToString("X4", CultureInfo.InvariantCulture));
        }
        return builder.ToString();
    }

    /// <summary>The member a code was written for, or null when no member gives this code (not one the rule writes).</summary>
    public static string? Member(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        var builder = new StringBuilder(code.Length);
        for (var i = 0; i < code.Length; i++)
        {
            if (code[i] != Escape)
            {
                builder.Append(code[i]);
                continue;
            }
            if (i + 4 >= code.Length || !ushort.TryParse(code.AsSpan(i + 1, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var unit)) return null;
            builder.Append((char)unit);
            i += 4;
        }
        var member = builder.ToString();
        // Only the rule's own spelling reads back ("$0041" is not how "A" is written, nor "$002b" how "+" is).
        return member.Length > 0 && Code(member) == code ? member : null;
    }
}
