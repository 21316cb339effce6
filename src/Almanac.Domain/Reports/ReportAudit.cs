using Almanac.Domain.Observations;
using Almanac.Domain.Publishing;
using Almanac.Domain.Reports.Statements;
using Almanac.Domain.Tables;
using Almanac.Domain.Workforce;

namespace Almanac.Domain.Reports;

/// <summary>
/// The audit of published figures: every identity every rebuilt table declares, every row left unresolved, every fact
/// printed twice (in two tables of one document, or by two documents) with two values, and every printed figure that
/// disagrees with what the rows of a table of its document establish (e.g. nationalities represented against the
/// countries an annex lists with staff).
/// </summary>
public static class ReportAudit
{
    /// <summary>Findings ordered by source, line and rule, each with the import it is about; nothing is capped or deduplicated away.</summary>
    /// <param name="tables">Each rebuilt table with the import (id and document name) it was read from.</param>
    /// <param name="printed">Printed observations of all the documents to compare (see <see cref="SameFact"/>).</param>
    /// <param name="statements">The office statements of the documents (see <see cref="StatementAudit"/>).</param>
    public static IReadOnlyList<Finding> Run(IEnumerable<(long SourceId, string Source, ReportTable Table)> tables, IEnumerable<Observation> printed,
        IEnumerable<(long SourceId, string Source, OfficeStatement Statement)>? statements = null)
    {
        var findings = new List<Finding>();
        var all = tables.ToList();
        var figures = printed.ToList();
        foreach (var (sourceId, source, table) in all)
        {
            foreach (var identity in table.Arithmetic) findings.AddRange(identity.Check(table, source).Select(f => f with { SourceId = sourceId }));
            findings.AddRange(table.Unresolved.Select(u => new Finding(table.Id, u.Ambiguous ? UnresolvedRow.AmbiguousRule : "unresolved-row",
                u.Ambiguous
                    ? $"{table.Title}: the line reads as more than one row of the table ({u.Reason}): \"{u.Text.Trim()}\""
                    : $"{table.Title}: the line could not be read as one row of the table ({u.Reason}): \"{u.Text.Trim()}\"", null, null, source, u.Line,
                // Almanac could not read the row; that is not (yet) a fault of the printed figures.
                FindingSeverity.Warning, sourceId)));
        }
        findings.AddRange(SameFact(figures));
        findings.AddRange(DerivedFacts(all, figures));
        findings.AddRange(AgainstCounts(figures));
        if (statements is not null) findings.AddRange(StatementAudit.Run(statements));
        return [.. findings
            .OrderBy(f => f.Source, StringComparer.Ordinal)
            .ThenBy(f => f.Line ?? int.MaxValue)
            .ThenBy(f => f.Table, StringComparer.Ordinal)
            .ThenBy(f => f.Rule, StringComparer.Ordinal)
            .ThenBy(f => f.Message, StringComparer.Ordinal)];
    }

    /// <summary>
    /// The same fact (measure, year, coordinates) printed with different values: within one document (one import) an
    /// error (one of the two figures is wrong), across documents a warning (a later report revised the figure, or repeated a mistake).
    /// Each differing figure is reported at its own line against the first printing of the fact.
    /// </summary>
    public static IEnumerable<Finding> SameFact(IEnumerable<Observation> printed)
    {
        var groups = printed
            .GroupBy(o => (o.Measure, o.Year, o.Key))
            .Where(g => g.Select(o => o.Value).Distinct().Skip(1).Any());
        foreach (var group in groups)
        {
            var ordered = group
                .OrderBy(o => o.Provenance.SourceId)
                .ThenBy(o => o.Provenance.Line ?? int.MaxValue)
                .ToList();
            var first = ordered[0];
            foreach (var other in ordered.Skip(1).Where(o => o.Value != first.Value))
            {
                var sameDocument = other.Provenance.SourceId == first.Provenance.SourceId;
                var coordinates = group.Key.Key.Count == 0 ? "" : $" ({group.Key.Key.Canonical})";
                yield return new Finding(
                    other.Provenance.Location ?? group.Key.Measure,
                    "same-fact-agrees",
                    $"{group.Key.Measure} for {group.Key.Year}{coordinates} is printed as {Fmt(other.Value)} here, but as {Fmt(first.Value)} in {first.Provenance}",
                    other.Value, first.Value, other.Provenance.SourceName, other.Provenance.Line,
                    sameDocument ? FindingSeverity.Error : FindingSeverity.Warning, other.Provenance.SourceId);
            }
        }
    }

    /// <summary>
    /// Each fact a table's rows establish (see <see cref="TableIdentity.Derive"/>) against the same fact printed in the
    /// same document: an error at the printed figure's line where it lies outside what the rows allow (one of them is
    /// wrong), reporting the nearest bound; where it lies within bounds wider than <see cref="DerivedFact"/>'s rule, a
    /// finding of information that the rows cannot judge it.
    /// </summary>
    public static IEnumerable<Finding> DerivedFacts(IEnumerable<(long SourceId, string Source, ReportTable Table)> tables, IEnumerable<Observation> printed)
    {
        var figures = printed.ToLookup(o => (o.Provenance.SourceId, o.Measure, o.Year, o.Key));
        foreach (var (sourceId, source, table) in tables)
        {
            foreach (var fact in table.Arithmetic.SelectMany(a => a.Derive(table)))
            {
                foreach (var figure in figures[(sourceId, fact.Measure, fact.Year, fact.Key)])
                {
                    var coordinates = fact.Key.Count == 0 ? "" : $" ({fact.Key.Canonical})";
                    var where = figure.Provenance.Location ?? fact.Measure;
                    if (!fact.Admits(figure.Value))
                    {
                        yield return new Finding(where, "same-fact-agrees",
                            $"{fact.Measure} for {fact.Year}{coordinates} is printed as {Fmt(figure.Value)} here, but {fact.Basis}",
                            figure.Value, fact.Nearest(figure.Value), source, figure.Provenance.Line, SourceId: sourceId);
                    }
                    else if (fact.TooWide)
                    {
                        yield return new Finding(where, DerivedFact.TooWideRule,
                            $"{fact.Measure} for {fact.Year}{coordinates} is printed as {Fmt(figure.Value)} here, within {fact.Bounds} that the rows allow, "
                            + $"too wide to judge it: {fact.Basis}",
                            figure.Value, null, source, figure.Provenance.Line, FindingSeverity.Info, sourceId);
                    }
                }
            }
        }
    }

    /// <summary>
    /// A figure that no other table or passage of its document prints (most often one the text states) against the
    /// counts the other tables of the document print: a percentage against the share its counts make
    /// (<see cref="StaffShares.Ratio"/>), admitted as a whole per cent would print it (rounded or truncated, so never
    /// flagged for rounding alone); a count against the sum of the counts it is made of (<see cref="StaffShares.Parts"/>).
    /// An error at the figure's line where they disagree; nothing where the document prints no counts to compare with.
    /// </summary>
    /// <remarks>
    /// Counts printed where the figure is (its own table, or the text) are left out: a table's own arithmetic is its
    /// identities' to check, and a text is not checked against itself. A figure printed elsewhere too is
    /// <see cref="SameFact"/>'s to compare.
    /// </remarks>
    public static IEnumerable<Finding> AgainstCounts(IEnumerable<Observation> printed)
    {
        foreach (var document in printed.GroupBy(o => o.Provenance.SourceId))
        {
            var byFact = document.ToLookup(o => (o.Measure, o.Year, o.Key));
            foreach (var figure in document)
            {
                var location = figure.Provenance.Location;
                if (byFact[(figure.Measure, figure.Year, figure.Key)].Any(o => o.Provenance.Location != location)) continue;
                var counted = new CountedFrom(byFact, figure.Year, location);
                var coordinates = figure.Key.Count == 0 ? "" : $" ({figure.Key.Canonical})";
                var where = location ?? figure.Measure;
                if (StaffShares.Ratio(figure.Measure, figure.Key) is { } ratio)
                {
                    if (counted.Sum(ratio.Part, 0) is not { } part || counted.Sum(ratio.Whole, 0) is not { Value: > 0 } whole) continue;
                    var share = 100m * part.Value / whole.Value;
                    var fact = new DerivedFact(figure.Measure, figure.Year, figure.Key, share, share, "", DerivedPrecision.WholePercent);
                    if (fact.Admits(figure.Value)) continue;
                    yield return new Finding(where, "same-fact-agrees",
                        $"{figure.Measure} for {figure.Year}{coordinates} is printed as {Fmt(figure.Value)} per cent here, but the tables print "
                        + $"{Fmt(part.Value)} of {Fmt(whole.Value)} ({part.Basis}; {whole.Basis}), {ShareAcrossRows.Percent(share)} per cent",
                        figure.Value, fact.Nearest(figure.Value), figure.Provenance.SourceName, figure.Provenance.Line, SourceId: figure.Provenance.SourceId);
                }
                else if (counted.SumOfParts(new StaffShares.Count(figure.Measure, figure.Key), 0) is { } sum && sum.Value != figure.Value)
                {
                    yield return new Finding(where, "same-fact-agrees",
                        $"{figure.Measure} for {figure.Year}{coordinates} is printed as {Fmt(figure.Value)} here, but the tables print {Fmt(sum.Value)} in parts ({sum.Basis})",
                        figure.Value, sum.Value, figure.Provenance.SourceName, figure.Provenance.Line, SourceId: figure.Provenance.SourceId);
                }
            }
        }
    }

    /// <summary>A count as the tables print it, with where: "staff.headcount (category=GS;sex=F) 4 452, Annex IV, line 1364".</summary>
    private readonly record struct Counted(decimal Value, string Basis);

    /// <summary>Counts of one document and year, leaving out those printed at <paramref name="Excluded"/> (the figure's own place).</summary>
    private sealed class CountedFrom(ILookup<(string Measure, int Year, DimensionKey Key), Observation> byFact, int year, string? Excluded)
    {
        /// <summary>Parts within parts: the workforce's women are each category's, which an annex prints by section.</summary>
        private const int MaxDepth = 2;

        /// <summary>The count as printed (its first printing), else as the sum of its parts; null when the tables give neither.</summary>
        public Counted? Sum(StaffShares.Count count, int depth)
        {
            var printed = byFact[(count.Measure, year, count.Key)]
                .Where(o => o.Provenance.Location != Excluded)
                .OrderBy(o => o.Provenance.Line ?? int.MaxValue)
                .FirstOrDefault();
            if (printed is not null) return new Counted(printed.Value, $"{Fmt(printed.Value)} in {Place(printed)}");
            return SumOfParts(count, depth);
        }

        /// <summary>The count as the sum of the first set of its parts the tables all give, or null.</summary>
        public Counted? SumOfParts(StaffShares.Count count, int depth)
        {
            if (depth >= MaxDepth) return null;
            foreach (var parts in StaffShares.Parts(count.Measure, count.Key))
            {
                var summed = parts.Select(p => Sum(new StaffShares.Count(count.Measure, p), depth + 1)).ToList();
                if (summed.Any(s => s is null)) continue;
                return new Counted(summed.Sum(s => s!.Value.Value), string.Join(" + ", summed.Select(s => s!.Value.Basis)));
            }
            return null;
        }

        private static string Place(Observation o) => string.Join(", ", new[] { o.Provenance.Location, o.Provenance.Line is { } l ? $"line {l}" : null }.OfType<string>());
    }

    private static string Fmt(decimal value) => NumberFormat.Count(value);
}
