using System.Globalization;
using Almanac.Analytics.Figures;
using Almanac.Domain;
using Almanac.Domain.Observations;
using Almanac.Domain.Publishing;
using Almanac.Domain.Reference;
using Almanac.Domain.Tables;

namespace Almanac.Analytics.Publishing;

/// <summary>One row or column of an evaluated pivot.</summary>
/// <param name="Parts">For a total, the lines it adds up.</param>
internal sealed record AxisLine(
    string Label,
    string? Iso3,
    RowRole Role,
    AxisItem Item,
    Selection Where,
    string? Measure,
    int? Year,
    string? Id,
    IReadOnlyList<AxisLine> Parts,
    string? OptionalMember = null,
    Selection? Coordinates = null);

/// <summary>An evaluated pivot: lines and cells, row by row.</summary>
internal sealed record PivotGrid(IReadOnlyList<AxisLine> Rows, IReadOnlyList<AxisLine> Columns, IReadOnlyList<IReadOnlyList<Evaluated>> Cells);

/// <summary>
/// Evaluates a <see cref="PivotDefinition"/> for a report year: expands its rows and columns, answers each crossing
/// from the <see cref="FigureSource"/>, and notes where a printed total or percentage disagrees with its parts.
/// </summary>
internal sealed class PivotEvaluator(FigureSource figures, ReferenceData reference, int reportYear, string language, Func<string, string> text)
{
    public PivotGrid Evaluate(string tableId, PivotDefinition pivot)
    {
        var year = reportYear + pivot.YearOffset;
        var columns = Expand(pivot, pivot.Columns, year, isColumns: true);
        foreach (var column in columns.Where(c => c.Item is ChangeItem or SectionItem || c.Item is RatioItem { Part: not null }))
        {
            throw new AlmanacException($"Report definition, table '{tableId}': '{column.Label}' can only be a row (changes, headings and ratios of a part run along rows).");
        }
        var rows = Expand(pivot, pivot.Rows, year, isColumns: false);
        var rowIds = Ids(rows);
        var columnIds = Ids(columns);
        foreach (var (line, isColumn) in rows.Select(r => (r, false)).Concat(columns.Select(c => (c, true))))
        {
            var ownAxis = isColumn ? columnIds : rowIds;
            var references = line.Item switch { RatioItem { Part: null } r => new[] { r.Of, r.To }, ChangeItem c => [c.Of], _ => [] };
            foreach (var reference in references.OfType<string>().Where(r => !ownAxis.ContainsKey(r) && !(isColumn ? rowIds : columnIds).ContainsKey(r)))
            {
                throw new AlmanacException($"Report definition, table '{tableId}': '{line.Label}' refers to '{reference}', which no row or column of the table is.");
            }
        }

        // Counts first; ratios between lines are then read off the grid, so that they divide the figures shown.
        var cells = rows.Select(row => columns.Select(column => IsGridRatio(row) || IsGridRatio(column)
            ? Evaluated.Empty
            : Cell(tableId, pivot, row, column, year, rows, rowIds)).ToArray()).ToArray();
        for (var r = 0; r < rows.Count; r++)
        {
            for (var c = 0; c < columns.Count; c++)
            {
                if (rows[r].Item is RatioItem { Part: null } rowRatio && !IsGridRatio(columns[c]))
                {
                    var numerator = cells[rowIds[rowRatio.Of!]][c];
                    var denominator = rowRatio.To is null ? Evaluated.Empty
                        : rowIds.TryGetValue(rowRatio.To, out var toRow) ? cells[toRow][c] : cells[rowIds[rowRatio.Of!]][columnIds[rowRatio.To]];
                    cells[r][c] = Divide(numerator, denominator);
                }
                else if (columns[c].Item is RatioItem { Part: null } columnRatio && rows[r].Role != RowRole.SectionHeading && !IsGridRatio(rows[r]))
                {
                    var numerator = cells[r][columnIds[columnRatio.Of!]];
                    var denominator = columnRatio.To is null ? Evaluated.Empty
                        : columnIds.TryGetValue(columnRatio.To, out var toColumn) ? cells[r][toColumn] : cells[rowIds[columnRatio.To]][columnIds[columnRatio.Of!]];
                    cells[r][c] = Divide(numerator, denominator);
                }
            }
        }

        // Optional columns (G-1A) vanish when no row has a figure in them.
        var keep = columns.Select((c, i) => c.OptionalMember is null || cells.Any(r => r[i].Value is > 0)).ToArray();
        return new PivotGrid(
            rows,
            [.. columns.Where((_, i) => keep[i])],
            [.. cells.Select(r => (IReadOnlyList<Evaluated>)[.. r.Where((_, i) => keep[i])])]);
    }

    private static bool IsGridRatio(AxisLine line) => line.Item is RatioItem { Part: null };

    private static Dictionary<string, int> Ids(List<AxisLine> lines)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i].Id is { } id) ids[id] = i;
        }
        return ids;
    }

    private static Evaluated Divide(Evaluated numerator, Evaluated denominator) =>
        Percentages.Of(numerator.Value, denominator.Value) is { } percent
            ? new Evaluated(percent, [.. numerator.Basis, .. denominator.Basis], [])
            : Evaluated.Empty;

    private Evaluated Cell(string tableId, PivotDefinition pivot, AxisLine row, AxisLine column, int tableYear, List<AxisLine> rows, Dictionary<string, int> byId)
    {
        if (row.Role == RowRole.SectionHeading) return Evaluated.Empty;
        var year = column.Year ?? row.Year ?? tableYear;
        switch (row.Item)
        {
            case RatioItem ratio:
                return Ratio(tableId, pivot, ratio, column, year + ratio.YearOffset);
            case ChangeItem change:
                {
                    var ratio = (RatioItem)rows[byId[change.Of]].Item;
                    var to = Ratio(tableId, pivot, ratio, column, year + change.To, audit: false);
                    var from = Ratio(tableId, pivot, ratio, column, year + change.From, audit: false);
                    return to.Value is null || from.Value is null
                        ? new Evaluated(null, [], [], NotApplicable: true)
                        : new Evaluated(to.Value - from.Value, [.. to.Basis, .. from.Basis], []);
                }
            default:
                return Count(tableId, pivot, row, column, year);
        }
    }

    private Evaluated Count(string tableId, PivotDefinition pivot, AxisLine row, AxisLine column, int year)
    {
        var measure = row.Measure ?? column.Measure ?? pivot.Measure;
        var selection = pivot.Where.With(column.Where).With(row.Where);
        var isTotal = row.Role == RowRole.Total || column.Role == RowRole.Total;
        var figure = figures.Value(measure, year, selection);
        if (figure.Value == 0 && figure.Basis.Count == 0 && !isTotal)
        {
            // No staff of that grade: the annexes leave the cell empty rather than print 0 (a total prints 0).
            return Evaluated.Empty;
        }
        var findings = new List<Finding>();
        if (isTotal && figure.Printed is { } printed)
        {
            var parts = (row.Role == RowRole.Total ? row.Parts.Select(p => Count(tableId, pivot, p, column, year))
                : column.Parts.Select(p => Count(tableId, pivot, row, p, year))).ToList();
            if (parts.Count > 0 && parts.All(p => p.Value is not null || p.Basis.Count == 0))
            {
                var sum = parts.Sum(p => p.Value ?? 0);
                if (sum != printed.Value)
                {
                    var names = row.Role == RowRole.Total ? row.Parts.Select(p => p.Label) : column.Parts.Select(p => p.Label);
                    findings.Add(new Finding(tableId, "parts-sum-to-total",
                        $"{year}: {string.Join(" + ", names)} = {Number(sum)}, but {Number(printed.Value)} is printed as the total.",
                        printed.Value, sum, printed.Provenance.SourceName, printed.Provenance.Line, SourceId: printed.Provenance.SourceId));
                }
            }
        }
        return new Evaluated(figure.Value, figure.Basis, findings);
    }

    /// <summary>The percentage a part makes of the crossing, in a year; the printed percentage where counts are missing.</summary>
    private Evaluated Ratio(string tableId, PivotDefinition pivot, RatioItem ratio, AxisLine column, int year, bool audit = true)
    {
        var whole = pivot.Where.With(column.Where);
        var numerator = figures.Value(pivot.Measure, year, whole.With(ratio.Part!));
        var denominator = figures.Value(pivot.Measure, year, whole);
        var computed = Percentages.Of(numerator.Value, denominator.Value);
        var printedFigure = ratio.Printed is null ? Figure.None : figures.Value(ratio.Printed, year, whole);
        if (computed is null)
        {
            return printedFigure.HasValue ? Evaluated.Of(printedFigure) : Evaluated.Empty;
        }
        var findings = new List<Finding>();
        if (audit && printedFigure.Printed is { } printed && printed.Value != computed)
        {
            findings.Add(new Finding(tableId, "percentage-matches-ratio",
                $"{year}: {Number(printed.Value)}% is printed, the counts give {Number(computed.Value)}% ({Number(numerator.Value!.Value)} of {Number(denominator.Value!.Value)}).",
                printed.Value, computed, printed.Provenance.SourceName, printed.Provenance.Line, SourceId: printed.Provenance.SourceId));
        }
        return new Evaluated(computed, [.. numerator.Basis, .. denominator.Basis], findings);
    }

    private List<AxisLine> Expand(PivotDefinition pivot, IReadOnlyList<AxisItem> items, int year, bool isColumns)
    {
        var lines = new List<AxisLine>();
        var sinceHeading = new List<AxisLine>();
        foreach (var item in items)
        {
            switch (item)
            {
                case SectionItem section:
                    lines.Add(new(text(section.Label.In(language)), null, RowRole.SectionHeading, item, Selection.All, null, null, null, []));
                    sinceHeading.Clear();
                    break;
                case TotalItem total:
                    var union = total.Where ?? Union(sinceHeading);
                    lines.Add(new(text(total.Label.In(language)), null, RowRole.Total, item, union, null, null, total.Id, [.. sinceHeading],
                        Coordinates: CoordinatesOf(union, sinceHeading.Select(p => p.Item))));
                    break;
                case RatioItem ratio:
                    lines.Add(new(text(ratio.Label.In(language)), null, isColumns ? RowRole.Data : RowRole.Derived, item, Selection.All, null, null, ratio.Id, []));
                    break;
                case ChangeItem change:
                    lines.Add(new(text(change.Label.In(language)), null, RowRole.Derived, item, Selection.All, null, null, null, []));
                    break;
                default:
                    var data = Data(pivot, item, year, isColumns).ToList();
                    lines.AddRange(data);
                    sinceHeading.AddRange(data);
                    break;
            }
        }
        return lines;
    }

    private IEnumerable<AxisLine> Data(PivotDefinition pivot, AxisItem item, int year, bool isColumns)
    {
        switch (item)
        {
            case YearsItem span:
                for (var y = reportYear + span.From; y <= reportYear + span.To; y++)
                {
                    yield return new(y.ToString(CultureInfo.InvariantCulture), null, RowRole.Data, item, Selection.All, null, y, null, []);
                }
                break;
            case YearItem single:
                var resolved = single.Year.Resolve(reportYear);
                yield return new(resolved.ToString(CultureInfo.InvariantCulture), null, RowRole.Data, item, Selection.All, null, resolved, null, []);
                break;
            case MemberItem member:
                yield return new(text(member.Label.In(language)), null, RowRole.Data, item, member.Where, member.Measure, member.Year?.Resolve(reportYear), member.Id, []);
                break;
            case EachItem each:
                var members = Members(pivot, each, year);
                if (each.CombineAs is { } combined)
                {
                    var set = new Selection(new Dictionary<string, IReadOnlyList<string>> { [each.Dimension] = [.. members.Select(m => m.Member)] });
                    yield return new(text(combined.In(language)), null, RowRole.Data, item, set, null, null, null, [], Coordinates: CoordinatesOf(set, [each]));
                    break;
                }
                foreach (var (member, label, iso3) in members)
                {
                    yield return new(label, iso3, RowRole.Data, item, Selection.Of(each.Dimension, member), null, null, null, [],
                        each.Optional.Contains(member) ? member : null);
                }
                break;
            default:
                throw new AlmanacException($"Report definition: {item.GetType().Name} cannot stand in {(isColumns ? "columns" : "rows")}.");
        }
    }

    private List<(string Member, string Label, string? Iso3)> Members(PivotDefinition pivot, EachItem each, int year)
    {
        switch (each.Members)
        {
            case ListedMembers listed:
                return [.. listed.Members.Select(m => (m, each.Labels.TryGetValue(m, out var label) ? text(label.In(language)) : m, (string?)null))];
            case CountryMembers countries:
                var chosen = new List<Country>();
                foreach (var country in reference.Countries)
                {
                    var status = Status(country, year);
                    if (!countries.Statuses.Contains(status)) continue;
                    if (countries.WithDataOnly.Contains(status)
                        && figures.Value(pivot.Measure, year, pivot.Where.With(Selection.Of(each.Dimension, country.Iso3))).Value is not > 0)
                    {
                        continue;
                    }
                    chosen.Add(country);
                }
                return [.. chosen
                    .Select(c => (c.Iso3, CountryName(c), (string?)c.Iso3))
                    .OrderBy(c => ReferenceData.SortKey(c.Item2), StringComparer.Ordinal)];
            default:
                throw new AlmanacException($"Report definition: unknown member list {each.Members.GetType().Name}.");
        }
    }

    private string Status(Country country, int year) =>
        country.IsPseudo ? "pseudo" : reference.StatusIn(country.Iso3, year) switch
        {
            MembershipStatus.Member => "member",
            MembershipStatus.Observer => "observer",
            _ => "non-member",
        };

    private string CountryName(Country country) => country.NameIn(language);

    /// <summary>
    /// How open data names a figure over a set of members: a set of countries chosen by status is their membership
    /// ("member", "observer+non-member+pseudo"); any other set is the dimension's total (the dimension is left out).
    /// </summary>
    private static Selection CoordinatesOf(Selection selection, IEnumerable<AxisItem> parts)
    {
        var statuses = parts.OfType<EachItem>().Select(e => e.Members).OfType<CountryMembers>().SelectMany(c => c.Statuses).Distinct(StringComparer.Ordinal).ToList();
        var coordinates = selection;
        foreach (var (dimension, members) in selection.Members.Where(m => m.Value.Count > 1))
        {
            coordinates = coordinates.Without(dimension);
            if (dimension == Dimensions.Nationality && statuses.Count > 0)
            {
                coordinates = coordinates.With(Selection.Of(Dimensions.Membership, string.Join('+', statuses)));
            }
        }
        return coordinates;
    }

    /// <summary>The selection a total stands for: for each dimension its parts restrict, all the members they name.</summary>
    private static Selection Union(IEnumerable<AxisLine> parts)
    {
        var members = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (dimension, values) in parts.SelectMany(p => p.Where.Members))
        {
            if (!members.TryGetValue(dimension, out var list)) members[dimension] = list = [];
            list.AddRange(values.Where(v => !list.Contains(v)));
        }
        return new(members.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)kv.Value, StringComparer.Ordinal));
    }

    private string Number(decimal value) => NumberFormat.Count(value, language);
}
