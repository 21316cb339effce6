using System.Globalization;

namespace Almanac.Domain.Analytics;

/// <summary>
/// A pivot query as text, the way <c>almanac query</c>'s options and <c>GET /api/query</c>'s parameters give it, and the
/// one reading of that text into a <see cref="PivotQuery"/> (<see cref="ToQuery"/>). Lists may be given comma-separated or
/// repeated. A bad value is an <see cref="AlmanacException"/> naming the option and the value, so that both front ends
/// refuse the same input with the same words.
/// </summary>
/// <param name="Measures">Measure names ("staff.headcount").</param>
/// <param name="Rows">Dimensions down the rows ("category,grade").</param>
/// <param name="Columns">Dimensions across the columns ("sex").</param>
/// <param name="Years">Years: "2023", "2021,2023" or "2014-2023".</param>
/// <param name="Where">Filters: "category=PH", "grade=P-5|D-1", "nationality.region=Europe".</param>
/// <param name="Totals">Whether totals and sub-totals are asked.</param>
/// <param name="Show">Indicators: "share:sex", "pp:sex:2021", "yoy", "yoy%", "ratio:MEASURE", "distinct:nationality".</param>
/// <param name="Top">"DIMENSION:N", or null.</param>
public sealed record PivotQueryText(
    IReadOnlyList<string> Measures,
    IReadOnlyList<string> Rows,
    IReadOnlyList<string> Columns,
    IReadOnlyList<string> Years,
    IReadOnlyList<string> Where,
    bool Totals = false,
    IReadOnlyList<string>? Show = null,
    string? Top = null)
{
    /// <summary>What precedes an option's name in messages: "--" on the command line ("--year"), "" for the web API's parameters ("year").</summary>
    public string OptionPrefix { get; init; } = "--";

    /// <summary>Reads the text into a query; the first bad value stops it with an error naming the option and the value.</summary>
    public PivotQuery ToQuery()
    {
        var measures = List(Measures).ToList();
        if (measures.Count == 0) throw new AlmanacException($"{OptionPrefix}measure: name at least one measure (staff.headcount …).");
        var filters = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var condition in Where)
        {
            var eq = condition.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || eq == condition.Length - 1) throw new AlmanacException($"{OptionPrefix}where {InputLimits.Quote(condition)}: write DIMENSION=MEMBER or DIMENSION=A|B.");
            var dimension = condition[..eq].Trim();
            var members = condition[(eq + 1)..].Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            filters[dimension] = filters.TryGetValue(dimension, out var existing) ? [.. existing.Intersect(members)] : members;
        }
        return new PivotQuery(measures, [.. List(Rows)], [.. List(Columns)], filters, ReadYears(), Totals, [.. List(Show ?? []).Select(ReadIndicator)], ReadTop());
    }

    /// <summary>Reads a yes/no parameter ("true", "false", "1", "0", "yes", "no"; empty is no) naming it when it is neither.</summary>
    public static bool Flag(string option, string? text) => text?.Trim().ToLowerInvariant() switch
    {
        null or "" or "false" or "0" or "no" => false,
        "true" or "1" or "yes" => true,
        _ => throw new AlmanacException($"{option} {InputLimits.Quote(text)}: write true or false."),
    };

    private Indicator ReadIndicator(string text)
    {
        try
        {
            return Indicator.Parse(text);
        }
        catch (AlmanacException error)
        {
            throw new AlmanacException($"{OptionPrefix}show {InputLimits.Quote(text)}: {error.Message}", error);
        }
    }

    private TopN? ReadTop()
    {
        if (Top is null) return null;
        var colon = Top.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(Top[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1)
        {
            throw new AlmanacException($"{OptionPrefix}top {InputLimits.Quote(Top)}: write DIMENSION:N, e.g. nationality:10.");
        }
        return new TopN(Top[..colon], n);
    }

    private List<int> ReadYears()
    {
        var years = new SortedSet<int>();
        foreach (var value in List(Years))
        {
            var dash = value.IndexOf('-', 1);
            var (from, to) = dash > 0 ? (value[..dash], value[(dash + 1)..]) : (value, value);
            if (!int.TryParse(from, NumberStyles.None, CultureInfo.InvariantCulture, out var first) || !int.TryParse(to, NumberStyles.None, CultureInfo.InvariantCulture, out var last) || last < first || last - first > 500)
            {
                throw new AlmanacException($"{OptionPrefix}year {InputLimits.Quote(value)}: write 2023, 2021,2023 or 2014-2023.");
            }
            for (var year = first; year <= last; year++) years.Add(year);
        }
        return [.. years];
    }

    private static IEnumerable<string> List(IEnumerable<string> values) =>
        values.SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
}
