using System.Globalization;
using Almanac.Domain.Observations;
using Almanac.Domain.Publishing;
using Almanac.Domain.Tables;

namespace Almanac.Domain.Reports;

/// <summary>
/// How many data rows print a value above zero in <paramref name="Column"/>, per group of sections and over all of
/// them: a fact the document also prints as a single figure (the nationalities represented are the countries of the
/// Professional annex with staff, Member States and non-member States apart). Rows of a country in
/// <paramref name="NotCounted"/> (pseudo-nationalities such as "Other") or of no country are not counted. While rows
/// of the table are unresolved the count is bounded by what they can hold (<see cref="UnresolvedRow.Possible"/>): a
/// row whose every reading prints a value surely counts, one whose readings disagree, or that nothing bounds, counts
/// 0 or 1.
/// </summary>
/// <param name="Measure">The measure of the printed figure the count is compared with.</param>
/// <param name="Sections">Each section as printed → the canonical key of the count it adds to; the count over all sections has the empty key.</param>
public sealed record CountOfRowsWithValue(string Column, string Measure, IReadOnlyDictionary<string, string> Sections, IReadOnlyList<string> NotCounted) : TableIdentity
{
    /// <summary>Nothing to check within the table: the count is held against the printed figure by <see cref="ReportAudit"/>.</summary>
    public override IEnumerable<Finding> Check(ReportTable table, string source) => [];

    public override IEnumerable<DerivedFact> Derive(ReportTable table)
    {
        // A row unresolved without saying what it can hold (another reader's) could be anything: nothing is derived.
        if (table.Unresolved.Any(u => u.Possible is null)) yield break;
        var column = table.ColumnIndex(Column);
        var withValue = table.Rows.Where(r => r.Role == RowRole.Data && r.Section is not null && table.Cell(r, Column)?.Value > 0).ToList();
        // The unresolved data rows that may print a value: a country not among those never counted (or a name Almanac does not know).
        var possible = table.Unresolved
            .Where(u => u.Possible is { Role: RowRole.Data, Section: not null } p && (p.Iso3 is null || !NotCounted.Contains(p.Iso3, StringComparer.Ordinal))
                && (p.Range(column)?.High ?? 1) > 0)
            .ToList();
        if (withValue.Count + possible.Count == 0 || withValue.Any(r => !Sections.ContainsKey(r.Section!)) || possible.Any(u => !Sections.ContainsKey(u.Possible!.Section!))) yield break;
        var counted = withValue.Where(r => r.Iso3 is { } iso3 && !NotCounted.Contains(iso3, StringComparer.Ordinal)).ToList();
        var left = withValue.Except(counted).Select(r => $"'{r.Label}'").ToList();
        var aside = left.Count == 0 ? "" : $"; {string.Join(", ", left)} not counted (no nationality of its own)";
        // Surely counted: a known country whose every reading prints a value.
        bool Sure(UnresolvedRow u) => u.Possible!.Iso3 is not null && u.Possible.Range(column) is { Low: > 0 };
        foreach (var group in Sections.GroupBy(s => s.Value, s => s.Key, StringComparer.Ordinal))
        {
            var rows = counted.Where(r => group.Contains(r.Section!, StringComparer.Ordinal)).ToList();
            var open = possible.Where(u => group.Contains(u.Possible!.Section!, StringComparer.Ordinal)).ToList();
            yield return Fact(table, DimensionKey.Parse(group.Key), rows, open, Sure, $" under '{string.Join("', '", group)}'", aside);
        }
        yield return Fact(table, DimensionKey.Empty, counted, possible, Sure, "", aside);
    }

    private DerivedFact Fact(ReportTable table, DimensionKey key, List<ReportRow> rows, List<UnresolvedRow> open, Func<UnresolvedRow, bool> sure, string where, string aside)
    {
        var low = rows.Count + open.Count(sure);
        var high = rows.Count + open.Count;
        if (open.Count == 0)
        {
            return new DerivedFact(Measure, table.Year, key, low, high, $"{table.Title} lists {rows.Count} countries with {Column} above zero{where}{Lines(rows)}{aside}");
        }
        var unread = string.Join(", ", open.Select(u => u.Line));
        return new DerivedFact(Measure, table.Year, key, low, high,
            $"{table.Title} lists between {low} and {high} countries with {Column} above zero{where}: {rows.Count} read{Lines(rows)}, "
            + $"and {open.Count} unresolved rows (lines {unread}) of which {open.Count(sure)} surely print a value{aside}");
    }

    private static string Lines(List<ReportRow> rows) => rows.Count == 0 ? "" : $" ({new LineRange(rows.Min(r => r.Line), rows.Max(r => r.Line))})";
}

/// <summary>
/// The share, in per cent, that column <paramref name="Part"/> makes of column <paramref name="Whole"/> over the data
/// rows of the table (the share of women: F of Total), a fact the document also prints as a whole per cent under
/// <paramref name="Measure"/> and <paramref name="Key"/>. Unresolved rows bound it by the least and most their readings
/// print in each column; one that nothing bounds leaves the share anywhere between 0 and 100.
/// </summary>
public sealed record ShareAcrossRows(string Part, string Whole, string Measure, string Key) : TableIdentity
{
    /// <summary>Nothing to check within the table: the share is held against the printed figure by <see cref="ReportAudit"/>.</summary>
    public override IEnumerable<Finding> Check(ReportTable table, string source) => [];

    public override IEnumerable<DerivedFact> Derive(ReportTable table)
    {
        if (table.Unresolved.Any(u => u.Possible is null)) yield break;
        var (part, whole) = (table.ColumnIndex(Part), table.ColumnIndex(Whole));
        var rows = table.Rows.Where(r => r.Role == RowRole.Data).ToList();
        var open = table.Unresolved.Where(u => u.Possible is { Role: RowRole.Data }).ToList();
        var partRead = rows.Sum(r => r.Cells[part]?.Value ?? 0);
        var wholeRead = rows.Sum(r => r.Cells[whole]?.Value ?? 0);
        var key = DimensionKey.Parse(Key);
        var basis = $"the rows of {table.Title} give {Part} {Fmt(partRead)} of {Whole} {Fmt(wholeRead)}{(rows.Count == 0 ? "" : $" ({new LineRange(rows.Min(r => r.Line), rows.Max(r => r.Line))})")}";
        if (open.Count == 0)
        {
            if (wholeRead == 0) yield break;
            var share = 100m * partRead / wholeRead;
            yield return new DerivedFact(Measure, table.Year, key, share, share, $"{basis}, {Percent(share)} per cent", DerivedPrecision.WholePercent);
            yield break;
        }
        var unread = $"{open.Count} unresolved rows (lines {string.Join(", ", open.Select(u => u.Line))})";
        if (open.Any(u => u.Possible!.Cells is null))
        {
            yield return new DerivedFact(Measure, table.Year, key, 0, 100, $"{basis}, and {unread} that nothing bounds", DerivedPrecision.WholePercent);
            yield break;
        }
        var (partLow, partHigh) = (partRead + open.Sum(u => u.Possible!.Range(part)!.Value.Low), partRead + open.Sum(u => u.Possible!.Range(part)!.Value.High));
        var (wholeLow, wholeHigh) = (wholeRead + open.Sum(u => u.Possible!.Range(whole)!.Value.Low), wholeRead + open.Sum(u => u.Possible!.Range(whole)!.Value.High));
        // The least share has the fewest of the part over the most of the whole; the most, the other way round.
        var low = wholeHigh == 0 ? 0 : 100m * partLow / wholeHigh;
        var high = wholeLow == 0 ? 100 : Math.Min(100, 100m * partHigh / wholeLow);
        yield return new DerivedFact(Measure, table.Year, key, low, high,
            $"{basis}, and {unread} that may add {Fmt(partLow - partRead)}–{Fmt(partHigh - partRead)} to {Part} and {Fmt(wholeLow - wholeRead)}–{Fmt(wholeHigh - wholeRead)} to {Whole}: "
            + $"between {Percent(low)} and {Percent(high)} per cent", DerivedPrecision.WholePercent);
    }

    internal static string Percent(decimal value) => value.ToString("0.0", CultureInfo.InvariantCulture);
}

/// <summary>How a document prints a derived figure, which decides whether the printed figure agrees with it.</summary>
public enum DerivedPrecision
{
    /// <summary>As it is (a count): it agrees when it lies within the bounds.</summary>
    Exact,
    /// <summary>
    /// As a whole per cent, rounded half away from zero or truncated (the reports do both; the tables' own
    /// percentages tell the two apart): it agrees when it lies between the low bound truncated and the high bound rounded.
    /// </summary>
    WholePercent,
}

/// <summary>
/// A figure that a table's rows establish (e.g. the countries with staff, counted), for the audit to hold against the
/// same fact printed: exactly (<see cref="Low"/> = <see cref="High"/>) when every row it needs is read, else between
/// the bounds the unresolved rows allow.
/// </summary>
/// <param name="Basis">How it was established, for the finding's message.</param>
public sealed record DerivedFact(string Measure, int Year, DimensionKey Key, decimal Low, decimal High, string Basis, DerivedPrecision Precision = DerivedPrecision.Exact)
{
    /// <summary>The audit rule of a printed figure that lies within bounds too wide to tell whether it is right.</summary>
    public const string TooWideRule = "derived-too-wide-to-judge";

    /// <summary>
    /// The widest bounds that judge a printed count: two. A count the reports get wrong is one or two off (a row
    /// forgotten, a pseudo-nationality counted), so bounds wider than two would call such an error consistent.
    /// </summary>
    public const decimal MaxCountSpan = 2;

    /// <summary>The widest bounds that judge a printed whole per cent: one percentage point, the figure's own precision.</summary>
    public const decimal MaxPercentSpan = 1;

    /// <summary>Whether the bounds are wider than <see cref="MaxCountSpan"/> or <see cref="MaxPercentSpan"/>: a figure within them cannot be judged.</summary>
    public bool TooWide => High - Low > (Precision == DerivedPrecision.WholePercent ? MaxPercentSpan : MaxCountSpan);

    /// <summary>Whether <paramref name="printed"/> agrees with the rows: within the bounds, as <see cref="Precision"/> prints them.</summary>
    public bool Admits(decimal printed) => Precision == DerivedPrecision.WholePercent
        ? printed >= Math.Truncate(Low) && printed <= Rounded(High)
        : printed >= Low && printed <= High;

    /// <summary>The bound nearest a printed figure that lies outside them, as the document would print it: the figure's "computed" value.</summary>
    public decimal Nearest(decimal printed)
    {
        var bound = printed < Low ? Low : High;
        return Precision == DerivedPrecision.WholePercent ? Rounded(bound) : bound;
    }

    /// <summary>The bounds as a finding's message writes them.</summary>
    public string Bounds => Precision == DerivedPrecision.WholePercent
        ? $"{ShareAcrossRows.Percent(Low)}–{ShareAcrossRows.Percent(High)} per cent"
        : $"{NumberFormat.Count(Low)}–{NumberFormat.Count(High)}";

    private static decimal Rounded(decimal value) => Math.Round(value, 0, MidpointRounding.AwayFromZero);
}
