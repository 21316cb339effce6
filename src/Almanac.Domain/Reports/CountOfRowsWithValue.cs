using Almanac.Domain.Observations;
using Almanac.Domain.Tables;

namespace Almanac.Domain.Reports;

/// <summary>
/// How many data rows print a value above zero in <paramref name="Column"/>, per group of sections and over all of
/// them: a fact the document also prints as a single figure (the nationalities represented are the countries of the
/// Professional annex with staff, Member States and non-member States apart). Rows of a country in
/// <paramref name="NotCounted"/> (pseudo-nationalities such as "Other") or of no country are not counted. Nothing is
/// derived while rows of the table are unresolved: the count would miss them.
/// </summary>
/// <param name="Measure">The measure of the printed figure the count is compared with.</param>
/// <param name="Sections">Each section as printed → the canonical key of the count it adds to; the count over all sections has the empty key.</param>
public sealed record CountOfRowsWithValue(string Column, string Measure, IReadOnlyDictionary<string, string> Sections, IReadOnlyList<string> NotCounted) : TableIdentity
{
    /// <summary>Nothing to check within the table: the count is held against the printed figure by <see cref="ReportAudit"/>.</summary>
    public override IEnumerable<Finding> Check(ReportTable table, string source) => [];

    public override IEnumerable<DerivedFact> Derive(ReportTable table)
    {
        if (table.Unresolved.Count > 0) yield break;
        var withValue = table.Rows.Where(r => r.Role == RowRole.Data && r.Section is not null && table.Cell(r, Column)?.Value > 0).ToList();
        if (withValue.Count == 0 || withValue.Any(r => !Sections.ContainsKey(r.Section!))) yield break;
        var counted = withValue.Where(r => r.Iso3 is { } iso3 && !NotCounted.Contains(iso3, StringComparer.Ordinal)).ToList();
        var left = withValue.Except(counted).Select(r => $"'{r.Label}'").ToList();
        var aside = left.Count == 0 ? "" : $"; {string.Join(", ", left)} not counted (no nationality of its own)";
        foreach (var group in Sections.GroupBy(s => s.Value, s => s.Key, StringComparer.Ordinal))
        {
            var rows = counted.Where(r => group.Contains(r.Section!, StringComparer.Ordinal)).ToList();
            yield return new DerivedFact(Measure, table.Year, DimensionKey.Parse(group.Key), rows.Count,
                $"{table.Title} lists {rows.Count} countries with {Column} above zero under '{string.Join("', '", group)}'{Lines(rows)}{aside}");
        }
        yield return new DerivedFact(Measure, table.Year, DimensionKey.Empty, counted.Count,
            $"{table.Title} lists {counted.Count} countries with {Column} above zero{Lines(counted)}{aside}");
    }

    private static string Lines(List<ReportRow> rows) => rows.Count == 0 ? "" : $" ({new LineRange(rows.Min(r => r.Line), rows.Max(r => r.Line))})";
}

/// <summary>A figure that a table's rows establish (e.g. the countries with staff, counted), for the audit to hold against the same fact printed.</summary>
/// <param name="Basis">How it was established, for the finding's message.</param>
public sealed record DerivedFact(string Measure, int Year, DimensionKey Key, decimal Value, string Basis);
