using System.Collections.Immutable;

namespace Almanac.Domain.Analytics;

/// <summary>
/// A pivot query over the stored observations: measures × row dimensions × column dimensions, restricted by member
/// filters and years, with totals and sub-totals and derived indicators. Evaluate it with
/// <c>Almanac.Analytics.Query.QueryEngine.RunAsync</c>; <c>almanac query</c> and the bench build one of these.
/// </summary>
/// <remarks>
/// Dimensions are named as in the observation files ("sex", "grade", "nationality"), plus "office", "year" and "measure",
/// plus the levels a dimension rolls up to ("grade.category" or "category"; a country dimension's UN M49 region and
/// sub-region, "nationality.region", "nationality.subregion", and its membership in each year, "nationality.membership":
/// see <see cref="Hierarchies"/>). A value is the sum of the observations at the
/// finest grain a measure has (declared total rows, a dimension left empty, are never added to their parts); totals and
/// sub-totals are sums of what the query's cells add up to, along <see cref="Rows"/> and <see cref="Columns"/> (a
/// ROLLUP of each: rows "category, grade" give a sub-total per category and a grand total).
/// </remarks>
/// <param name="Measures">One or more measure names ("staff.headcount").</param>
/// <param name="Rows">Dimensions along the rows, outermost first.</param>
/// <param name="Columns">Dimensions along the columns, outermost first. "measure" and "year" go here when neither
/// axis names them and the query has more than one of them.</param>
/// <param name="Where">Dimension → the members kept (a parent member keeps its children: category=PH keeps P-1…E-2).</param>
/// <param name="Years">The years asked; empty for every year in the store.</param>
/// <param name="Totals">Whether to add totals and sub-totals along rows and columns (never over measures or years).</param>
/// <param name="Show">Derived indicators computed beside each value.</param>
/// <param name="Top">Keeps the N largest members of a dimension and adds the rest up as "Others".</param>
public sealed record PivotQuery(
    IReadOnlyList<string> Measures,
    IReadOnlyList<string> Rows,
    IReadOnlyList<string> Columns,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Where,
    IReadOnlyList<int> Years,
    bool Totals = false,
    IReadOnlyList<Indicator>? Show = null,
    TopN? Top = null)
{
    /// <summary>A query of one measure with nothing else set; use <c>with</c> to add the rest.</summary>
    public static PivotQuery Of(params string[] measures) =>
        new(measures, [], [], ImmutableDictionary<string, IReadOnlyList<string>>.Empty, []);

    public IReadOnlyList<Indicator> Indicators => Show ?? [];
}

/// <summary>Keep the <paramref name="Count"/> largest members of <paramref name="Dimension"/> (by the query's first value), the rest as one "Others" member.</summary>
public sealed record TopN(string Dimension, int Count)
{
    /// <summary>The member the remainder is shown as.</summary>
    public const string Others = "Others";
}

/// <summary>A derived indicator shown beside each value of a pivot query.</summary>
public abstract record Indicator
{
    /// <summary>Name of the series in results and output headers ("share:sex", "pp:sex", "yoy", "ratio:b").</summary>
    public abstract string Name { get; }

    /// <summary>Reads the command-line form: share:DIM, pp:DIM (since the previous year), pp:DIM:YEAR (since YEAR), yoy, yoy%, ratio:MEASURE, distinct:DIM.</summary>
    public static Indicator Parse(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var (kind, argument) = colon < 0 ? (text, "") : (text[..colon], text[(colon + 1)..]);
        return (kind, argument) switch
        {
            ("share", { Length: > 0 }) => new ShareOf(argument),
            ("pp", { Length: > 0 }) when argument.Split(':') is [var dimension] => new PercentagePointChange(dimension),
            ("pp", { Length: > 0 }) when argument.Split(':') is [var dimension, var since] && int.TryParse(since, System.Globalization.CultureInfo.InvariantCulture, out var year) =>
                new PercentagePointChange(dimension, year),
            ("yoy", "") => new YearOverYear(Percent: false),
            ("yoy%", "") => new YearOverYear(Percent: true),
            ("ratio", { Length: > 0 }) => new RatioTo(argument),
            ("distinct", { Length: > 0 }) when !argument.Contains(':', StringComparison.Ordinal) => new DistinctCount(argument),
            _ => throw new AlmanacException($"'{text}' is not an indicator: use share:DIMENSION, pp:DIMENSION[:SINCE-YEAR], yoy, yoy%, ratio:MEASURE or distinct:DIMENSION."),
        };
    }
}

/// <summary>The value as a whole percentage of the total over <paramref name="Dimension"/> (% women: share:sex, read in the F cells).</summary>
public sealed record ShareOf(string Dimension) : Indicator
{
    public override string Name => $"share:{Dimension}";
}

/// <summary>
/// The change of <see cref="ShareOf"/> <paramref name="Dimension"/> in percentage points, since <paramref name="Since"/>
/// (the previous year when null): the difference of the two whole percentages, as the annexes print it.
/// </summary>
public sealed record PercentagePointChange(string Dimension, int? Since = null) : Indicator
{
    public override string Name => Since is null ? $"pp:{Dimension}" : $"pp:{Dimension}:{Since}";
}

/// <summary>The change since the previous year: as a difference, or as a whole percentage of the previous year's value.</summary>
public sealed record YearOverYear(bool Percent) : Indicator
{
    public override string Name => Percent ? "yoy%" : "yoy";
}

/// <summary>The value divided by another measure's value at the same coordinates.</summary>
public sealed record RatioTo(string Measure) : Indicator
{
    public override string Name => $"ratio:{Measure}";
}

/// <summary>
/// The number of distinct members of <paramref name="Dimension"/> (a dimension or a level, on an axis or not) with a
/// non-zero value in the cell: distinct:nationality is the nationalities represented. A total counts its members again
/// rather than adding up its parts' counts, since one nationality is in several parts.
/// </summary>
public sealed record DistinctCount(string Dimension) : Indicator
{
    public override string Name => $"distinct:{Dimension}";
}

/// <summary>
/// The answer to a <see cref="PivotQuery"/> in long form: one cell per combination of members, each with the value and
/// every indicator asked. A member is null where the cell is a total over that dimension.
/// </summary>
/// <param name="Dimensions">Row dimensions then column dimensions; "measure" and "year" are among them.</param>
/// <param name="RowDimensionCount">How many of <see cref="Dimensions"/> run along the rows.</param>
/// <param name="Series">"value" then each indicator's name, in the order of <see cref="QueryCell.Values"/>.</param>
public sealed record QueryResult(IReadOnlyList<string> Dimensions, int RowDimensionCount, IReadOnlyList<string> Series, IReadOnlyList<QueryCell> Cells, MemberRanking? Ranking = null);

/// <summary>The members <c>--top</c> kept of <paramref name="Dimension"/>, largest first: the order they are shown in.</summary>
public sealed record MemberRanking(string Dimension, IReadOnlyList<string> Members)
{
    /// <summary>A member's place in the ranking; members outside it (Others) after every ranked one.</summary>
    public int RankOf(string member)
    {
        for (var i = 0; i < Members.Count; i++)
        {
            if (string.Equals(Members[i], member, StringComparison.Ordinal)) return i;
        }
        return int.MaxValue;
    }
}

/// <summary>One cell of a query result: its members (aligned with <see cref="QueryResult.Dimensions"/>, null for a total) and values (aligned with <see cref="QueryResult.Series"/>).</summary>
public sealed record QueryCell(IReadOnlyList<string?> Members, IReadOnlyList<decimal?> Values)
{
    /// <summary>The member of the dimension at <paramref name="index"/>.</summary>
    public string? this[int index] => Members[index];
}
