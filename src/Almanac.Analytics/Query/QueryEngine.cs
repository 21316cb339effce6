using System.Globalization;
using Almanac.Domain;
using Almanac.Domain.Analytics;
using Almanac.Domain.Publishing;
using Almanac.Store;
using Almanac.Store.Facts;

namespace Almanac.Analytics.Query;

/// <summary>
/// Answers <see cref="PivotQuery"/>s from the store's fact table: <c>new QueryEngine(store).RunAsync(query, ct)</c>.
/// The query compiles to one aggregation per group of measures that share a slot layout (one scan of the fact table,
/// grouped by integer codes at the finest grain the query needs); codes become names after aggregation, and totals,
/// sub-totals and indicators are computed from that small result, so that both stores give the same answer.
/// </summary>
/// <remarks>The engine reads the member dictionary on its first query: make a new one after an import.</remarks>
public sealed class QueryEngine(IAlmanacStore store)
{
    public const string MeasureDimension = "measure";
    public const string YearDimension = "year";
    public const string OfficeDimension = Hierarchies.Office;
    /// <summary>
    /// A pseudo-dimension: the id of the import a figure came from (a name observation files reserve, so no measure has
    /// a dimension of that name). The publish step groups by it so that each figure's trace names its source.
    /// </summary>
    public const string SourceDimension = "source_id";
    public const string ValueSeries = "value";

    private FactCatalog? _catalog;
    private HierarchyLevels? _levels;

    /// <summary>The store's dictionary as this engine sees it.</summary>
    public async Task<FactCatalog> CatalogAsync(CancellationToken cancellationToken) =>
        _catalog ??= await store.FactCatalogAsync(cancellationToken);

    /// <summary>The hierarchy levels over the store's dictionary (grade → category, country → region, office → region), loaded once.</summary>
    private async Task<HierarchyLevels> LevelsAsync(CancellationToken cancellationToken) =>
        _levels ??= await HierarchyLevels.LoadAsync(store, await CatalogAsync(cancellationToken), cancellationToken);

    public async Task<QueryResult> RunAsync(PivotQuery query, CancellationToken cancellationToken)
    {
        var catalog = await CatalogAsync(cancellationToken);
        var levels = await LevelsAsync(cancellationToken);
        if (query.Measures.Count == 0) throw new AlmanacException("A query names at least one measure.");
        var measures = query.Measures.Distinct(StringComparer.Ordinal).Select(name => catalog.Measure(name)
            ?? throw new AlmanacException($"No measure '{name}' in the store; it has: {string.Join(", ", catalog.Measures.Select(m => m.Name))}.")).ToList();

        var rows = query.Rows.ToList();
        var columns = query.Columns.ToList();
        var named = rows.Concat(columns).ToHashSet(StringComparer.Ordinal);
        if (named.Count != rows.Count + columns.Count) throw new AlmanacException("A dimension appears once, in rows or in columns.");
        if (!named.Contains(MeasureDimension) && measures.Count > 1) columns.Insert(0, MeasureDimension);
        // A change between years needs the year as a dimension, else the years fetched would be added together.
        var changes = query.Indicators.Any(i => i is YearOverYear or PercentagePointChange);
        if (!named.Contains(YearDimension) && (query.Years.Count != 1 || changes)) columns.Insert(columns.Contains(MeasureDimension) ? 1 : 0, YearDimension);
        var dimensions = rows.Concat(columns).ToList();
        var measureIndex = dimensions.IndexOf(MeasureDimension);
        var yearIndex = dimensions.IndexOf(YearDimension);

        foreach (var indicator in query.Indicators)
        {
            var dimension = indicator switch { ShareOf s => s.Dimension, PercentagePointChange p => p.Dimension, _ => null };
            if (dimension is not null && (!dimensions.Contains(dimension) || dimension is MeasureDimension or YearDimension))
            {
                throw new AlmanacException($"'{indicator.Name}': a share is taken over a dimension of the rows or columns ({string.Join(", ", dimensions)}).");
            }
            if (indicator is RatioTo ratio && !measures.Any(m => m.Name == ratio.Measure))
            {
                throw new AlmanacException($"'{indicator.Name}': the query must also ask for measure '{ratio.Measure}'.");
            }
        }
        // A distinct count needs its dimension's members in the cells, on an axis or not: each is kept as a hidden key
        // after the visible dimensions (also when it is on an axis, where --top would fold its members into "Others").
        var counted = query.Indicators.OfType<DistinctCount>().Select(d => d.Dimension).Distinct(StringComparer.Ordinal).ToList();
        foreach (var dimension in counted)
        {
            if (dimension is MeasureDimension or YearDimension) throw new AlmanacException($"'distinct:{dimension}': count the members of a dimension of the measures (nationality, grade, …), not the {dimension}s asked.");
        }
        var keys = dimensions.Concat(counted).ToList();
        if (query.Top is { } top && !dimensions.Contains(top.Dimension)) throw new AlmanacException($"top '{top.Dimension}': not a dimension of the rows or columns ({string.Join(", ", dimensions)}).");

        // Years fetched: those asked, and the ones a change is measured from.
        var years = query.Years.ToHashSet();
        if (years.Count > 0)
        {
            foreach (var year in query.Years)
            {
                foreach (var indicator in query.Indicators)
                {
                    if (indicator is YearOverYear || indicator is PercentagePointChange { Since: null }) years.Add(year - 1);
                    if (indicator is PercentagePointChange { Since: { } since }) years.Add(since);
                }
            }
        }

        var fine = new Dictionary<string, (string?[] Members, decimal Value)>(StringComparer.Ordinal);
        foreach (var group in measures.GroupBy(m => (string.Join(',', m.Dimensions), string.Join(',', m.Used), m.UsesOffice)))
        {
            var sample = group.First();
            // Always grouped by year, so that a level whose parents depend on the year (a country's membership) is read
            // per row in that row's year, whether or not the year is on an axis.
            var groupBy = new List<FactColumn> { FactColumn.Measure, FactColumn.Year };
            var decoders = new Func<int[], MeasureInfo, string?>[keys.Count];
            for (var d = 0; d < keys.Count; d++)
            {
                decoders[d] = Decoder(catalog, levels, sample, keys[d], groupBy);
            }
            var where = new List<FactCondition>();
            if (sample.UsesOffice) where.Add(FactCondition.NotTotal(FactColumn.Office));
            where.AddRange(sample.Used.Select(u => FactCondition.NotTotal(FactColumns.Slot(sample.SlotOf(u)!.Value))));
            var yearFilters = new List<Func<int[], bool>>();
            foreach (var (dimension, members) in query.Where)
            {
                var (condition, inYear) = Filter(catalog, levels, sample, dimension, members, groupBy);
                where.Add(condition);
                if (inYear is not null) yearFilters.Add(inYear);
            }

            var aggregation = new FactAggregation([.. group.Select(m => m.Id)], [.. years.Order()], groupBy, where, [new FactSum([])]);
            var byId = group.ToDictionary(m => m.Id);
            foreach (var row in await store.AggregateFactsAsync(aggregation, cancellationToken))
            {
                if (row.Sums[0] is not { } value || !yearFilters.TrueForAll(keep => keep(row.Keys))) continue;
                var measure = byId[row.Keys[0]];
                var members = new string?[keys.Count];
                for (var d = 0; d < members.Length; d++) members[d] = decoders[d](row.Keys, measure);
                Add(fine, members, value);
            }
        }

        MemberRanking? ranking = null;
        if (query.Top is { } topN)
        {
            var ranked = Ranked(fine, dimensions.IndexOf(topN.Dimension), topN.Count, yearIndex, measureIndex, measures[0].Name);
            fine = TopOf(fine, dimensions.IndexOf(topN.Dimension), ranked);
            ranking = new MemberRanking(topN.Dimension, ranked);
        }

        // Which dimensions a total runs over: rows and columns each roll up from the innermost out (never measure or year).
        var rowMasks = Masks(keys, dimensions.Count, 0, rows.Count, query.Totals);
        var columnMasks = Masks(keys, dimensions.Count, rows.Count, dimensions.Count, query.Totals);
        var rollups = new Rollups(fine, keys.Count);
        var cells = new List<QueryCell>();
        var asked = query.Years.Select(y => y.ToString(CultureInfo.InvariantCulture)).ToHashSet(StringComparer.Ordinal);
        foreach (var rowMask in rowMasks)
        {
            foreach (var columnMask in columnMasks)
            {
                var mask = rowMask.Zip(columnMask, (r, c) => r && c).ToArray();
                foreach (var (members, value) in rollups.At(mask))
                {
                    if (yearIndex >= 0 && asked.Count > 0 && !asked.Contains(members[yearIndex]!)) continue;
                    var values = new decimal?[query.Indicators.Count + 1];
                    values[0] = value;
                    for (var i = 0; i < query.Indicators.Count; i++)
                    {
                        values[i + 1] = Indicator(query.Indicators[i], members, mask, value, rollups, keys, dimensions.Count, yearIndex, measureIndex);
                    }
                    cells.Add(new QueryCell(members[..dimensions.Count], values));
                }
            }
        }
        cells.Sort((a, b) => QueryOrder.Compare(dimensions, a.Members, b.Members, 0, dimensions.Count, ranking));
        return new QueryResult(dimensions, rows.Count, [ValueSeries, .. query.Indicators.Select(i => i.Name)], cells, ranking);
    }

    /// <summary>How a dimension's member is read off an aggregated row: adds the column it needs to <paramref name="groupBy"/>.</summary>
    private static Func<int[], MeasureInfo, string?> Decoder(FactCatalog catalog, HierarchyLevels levels, MeasureInfo measure, string dimension, List<FactColumn> groupBy)
    {
        switch (dimension)
        {
            case MeasureDimension:
                return (_, m) => m.Name;
            case YearDimension:
                return (keys, _) => keys[1].ToString(CultureInfo.InvariantCulture);
            case SourceDimension:
                var sourceIndex = IndexOf(groupBy, FactColumn.Source);
                return (keys, _) => keys[sourceIndex].ToString(CultureInfo.InvariantCulture);
        }
        if (Column(measure, dimension) is { } column)
        {
            var names = catalog.MembersOf(dimension).ToDictionary(m => m.Code, m => m.Name);
            var index = IndexOf(groupBy, column);
            return (keys, _) => keys[index] == 0 ? null : names.GetValueOrDefault(keys[index]);
        }
        var level = levels.Find(measure, dimension)
            ?? throw new AlmanacException($"Measure '{measure.Name}' has no dimension '{dimension}'; it has office, {string.Join(", ", measure.Dimensions)}{ParentLevels(measure)}.");
        if (level.HasSeveralParents)
        {
            throw new AlmanacException($"'{dimension}' selects but does not group: a {level.Child} member continues into several {level.Level} members, so a row for each "
                + $"would count the same amount in several rows; select one with --where {dimension}=MEMBER.");
        }
        var childIndex = IndexOf(groupBy, level.Column);
        return (keys, _) => keys[childIndex] == 0 ? null : level.ParentOf(keys[childIndex], keys[1]);
    }

    private static string ParentLevels(MeasureInfo measure) => string.Concat(HierarchyLevels.NamesFor(measure).Select(name => $", {name}"));

    private static FactColumn? Column(MeasureInfo measure, string dimension) =>
        dimension == OfficeDimension ? FactColumn.Office : measure.SlotOf(dimension) is { } slot ? FactColumns.Slot(slot) : null;

    private static int IndexOf(List<FactColumn> groupBy, FactColumn column)
    {
        var index = groupBy.IndexOf(column);
        if (index >= 0) return index;
        groupBy.Add(column);
        return groupBy.Count - 1;
    }

    /// <summary>
    /// A filter on a dimension of the measure, or on a hierarchy level above one (category=PH keeps the grades whose parent
    /// is PH, nationality.region=Europe the European nationalities). On a level that depends on the year
    /// (nationality.membership=member) the store keeps the children that have the parent in any year, and the row check
    /// returned beside it keeps each row only in the years its child has the parent.
    /// </summary>
    private static (FactCondition Condition, Func<int[], bool>? InYear) Filter(FactCatalog catalog, HierarchyLevels levels, MeasureInfo measure, string dimension, IReadOnlyList<string> members, List<FactColumn> groupBy)
    {
        if (dimension is MeasureDimension or YearDimension) throw new AlmanacException($"where {dimension}: a query's measures and years are chosen as such, not by a filter.");
        var wanted = members.ToHashSet(StringComparer.Ordinal);
        if (Column(measure, dimension) is { } column)
        {
            return (FactCondition.In(column, [.. catalog.MembersOf(dimension).Where(m => wanted.Contains(m.Name)).Select(m => m.Code)]), null);
        }
        var level = levels.Find(measure, dimension)
            ?? throw new AlmanacException($"where {dimension}: measure '{measure.Name}' has no such dimension; it has office, {string.Join(", ", measure.Dimensions)}{ParentLevels(measure)}.");
        if (!level.DependsOnYear) return (FactCondition.In(level.Column, level.ChildrenOf(wanted)), null);
        var childIndex = IndexOf(groupBy, level.Column);
        return (FactCondition.In(level.Column, level.ChildrenInAnyYear(wanted)), keys => wanted.Contains(level.ParentOf(keys[childIndex], keys[1])));
    }

    private static void Add(Dictionary<string, (string?[] Members, decimal Value)> cells, string?[] members, decimal value)
    {
        var key = Rollups.Key(members);
        cells[key] = cells.TryGetValue(key, out var existing) ? (existing.Members, existing.Value + value) : (members, value);
    }

    /// <summary>The <paramref name="count"/> members with the largest values (of the first measure, latest year), largest first.</summary>
    private static List<string> Ranked(Dictionary<string, (string?[] Members, decimal Value)> fine, int dimension, int count, int yearIndex, int measureIndex, string firstMeasure)
    {
        var latest = yearIndex < 0 ? null : fine.Values.Max(c => c.Members[yearIndex]);
        return [.. fine.Values
            .Where(c => (yearIndex < 0 || c.Members[yearIndex] == latest) && (measureIndex < 0 || c.Members[measureIndex] == firstMeasure) && c.Members[dimension] is not null)
            .GroupBy(c => c.Members[dimension]!, StringComparer.Ordinal)
            .Select(g => (Member: g.Key, Total: g.Sum(c => c.Value)))
            .OrderByDescending(g => g.Total).ThenBy(g => g.Member, StringComparer.Ordinal)
            .Take(count).Select(g => g.Member)];
    }

    /// <summary>Keeps the ranked members of the dimension; the rest become "Others".</summary>
    private static Dictionary<string, (string?[] Members, decimal Value)> TopOf(Dictionary<string, (string?[] Members, decimal Value)> fine, int dimension, IReadOnlyCollection<string> kept)
    {
        var ranked = kept.ToHashSet(StringComparer.Ordinal);
        var result = new Dictionary<string, (string?[] Members, decimal Value)>(StringComparer.Ordinal);
        foreach (var (members, value) in fine.Values)
        {
            var copy = (string?[])members.Clone();
            if (copy[dimension] is { } member && !ranked.Contains(member)) copy[dimension] = TopN.Others;
            Add(result, copy, value);
        }
        return result;
    }

    /// <summary>
    /// The masks of one axis: all its dimensions kept, then, with totals, one fewer from the innermost out; measure and
    /// year are always kept, the hidden keys after the first <paramref name="visible"/> never.
    /// </summary>
    private static List<bool[]> Masks(List<string> dimensions, int visible, int from, int to, bool totals)
    {
        var full = Enumerable.Range(0, dimensions.Count).Select(i => i < visible).ToArray();
        var masks = new List<bool[]> { full };
        if (!totals) return masks;
        var rollable = Enumerable.Range(from, to - from).Where(i => dimensions[i] is not (MeasureDimension or YearDimension)).ToList();
        var current = full;
        for (var i = rollable.Count - 1; i >= 0; i--)
        {
            current = (bool[])current.Clone();
            current[rollable[i]] = false;
            masks.Add(current);
        }
        return masks;
    }

    /// <param name="dimensions">The visible dimensions, then the hidden keys the distinct counts count.</param>
    /// <param name="visible">How many of <paramref name="dimensions"/> are visible.</param>
    private static decimal? Indicator(Indicator indicator, string?[] members, bool[] mask, decimal value, Rollups rollups, List<string> dimensions, int visible, int yearIndex, int measureIndex)
    {
        switch (indicator)
        {
            case DistinctCount distinct:
                return rollups.DistinctAt(mask, members, dimensions.IndexOf(distinct.Dimension, visible));
            case ShareOf share:
                return Share(dimensions.IndexOf(share.Dimension), members, mask, value, rollups);
            case PercentagePointChange change:
                {
                    if (yearIndex < 0) return null;
                    var index = dimensions.IndexOf(change.Dimension);
                    var year = int.Parse(members[yearIndex]!, CultureInfo.InvariantCulture);
                    var before = WithYear(members, yearIndex, change.Since ?? year - 1);
                    var then = rollups.ValueAt(mask, before);
                    var now = Share(index, members, mask, value, rollups);
                    var was = then is null ? null : Share(index, before, mask, then.Value, rollups);
                    return now is null || was is null ? null : now - was;
                }
            case YearOverYear yoy:
                {
                    if (yearIndex < 0) return null;
                    var year = int.Parse(members[yearIndex]!, CultureInfo.InvariantCulture);
                    var then = rollups.ValueAt(mask, WithYear(members, yearIndex, year - 1));
                    if (then is null) return null;
                    return yoy.Percent ? Percentages.Of(value - then.Value, then.Value) : value - then.Value;
                }
            case RatioTo ratio:
                {
                    if (measureIndex < 0) return null;
                    var other = (string?[])members.Clone();
                    other[measureIndex] = ratio.Measure;
                    var denominator = rollups.ValueAt(mask, other);
                    return denominator is null or 0 ? null : Math.Round(value / denominator.Value, 4, MidpointRounding.AwayFromZero);
                }
            default:
                return null;
        }
    }

    private static decimal? Share(int index, string?[] members, bool[] mask, decimal value, Rollups rollups)
    {
        if (!mask[index]) return Percentages.Of(value, value);
        var whole = (string?[])members.Clone();
        whole[index] = null;
        var totalMask = (bool[])mask.Clone();
        totalMask[index] = false;
        return Percentages.Of(value, rollups.ValueAt(totalMask, whole));
    }

    private static string?[] WithYear(string?[] members, int yearIndex, int year)
    {
        var copy = (string?[])members.Clone();
        copy[yearIndex] = year.ToString(CultureInfo.InvariantCulture);
        return copy;
    }

    /// <summary>Sums of the finest cells over any set of dimensions, computed once per set.</summary>
    private sealed class Rollups(Dictionary<string, (string?[] Members, decimal Value)> fine, int width)
    {
        private readonly Dictionary<string, Dictionary<string, (string?[] Members, decimal Value)>> _byMask = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Dictionary<string, int>> _distinct = new(StringComparer.Ordinal);

        public static string Key(string?[] members) => string.Join('\u001f', members.Select(m => m ?? "\u0000"));

        public Dictionary<string, (string?[] Members, decimal Value)>.ValueCollection At(bool[] mask) => Table(mask).Values;

        public decimal? ValueAt(bool[] mask, string?[] members) => Table(mask).TryGetValue(Key(members), out var cell) ? cell.Value : null;

        /// <summary>
        /// How many members of the key at <paramref name="index"/> (a hidden key: never in <paramref name="mask"/>) have a
        /// non-zero value within the cell: counted afresh at every mask, so a total counts a member of two parts once.
        /// </summary>
        public int DistinctAt(bool[] mask, string?[] members, int index)
        {
            var countsKey = MaskKey(mask) + index.ToString(CultureInfo.InvariantCulture);
            if (!_distinct.TryGetValue(countsKey, out var counts))
            {
                var finer = (bool[])mask.Clone();
                finer[index] = true;
                counts = new Dictionary<string, int>(StringComparer.Ordinal);
                foreach (var (inner, value) in Table(finer).Values)
                {
                    if (value == 0 || inner[index] is null) continue;
                    var outer = (string?[])inner.Clone();
                    outer[index] = null;
                    var key = Key(outer);
                    counts[key] = counts.GetValueOrDefault(key) + 1;
                }
                _distinct[countsKey] = counts;
            }
            return counts.GetValueOrDefault(Key(members));
        }

        private static string MaskKey(bool[] mask) => new([.. mask.Select(m => m ? '1' : '0')]);

        private Dictionary<string, (string?[] Members, decimal Value)> Table(bool[] mask)
        {
            var maskKey = MaskKey(mask);
            if (_byMask.TryGetValue(maskKey, out var table)) return table;
            table = new Dictionary<string, (string?[] Members, decimal Value)>(StringComparer.Ordinal);
            foreach (var (members, value) in fine.Values)
            {
                var rolled = new string?[width];
                for (var i = 0; i < width; i++) rolled[i] = mask[i] ? members[i] : null;
                Add(table, rolled, value);
            }
            return _byMask[maskKey] = table;
        }
    }
}
