using Almanac.Domain.Observations;
using Almanac.Domain.Publishing;
using Almanac.Domain.Reference;

namespace Almanac.Analytics.Figures;

/// <summary>A figure answered from the store, with the observations it stands on.</summary>
/// <param name="Printed">The single printed observation the value is, when it is one (a total a report printed).</param>
public sealed record Figure(decimal? Value, IReadOnlyList<Observation> Basis, Observation? Printed)
{
    public static readonly Figure None = new(null, [], null);

    public bool HasValue => Value is not null;
}

/// <summary>
/// Answers "measure, year, selection" from the current observations. A printed figure is used as printed, or as the sum
/// of a complete partition of printed figures (women + men); record-level figures (from staff lists) are added up at
/// any grain. Printed figures of different tables are never added to each other in other ways, so that a total is
/// never made of parts that do not cover it.
/// </summary>
public sealed class FigureSource
{
    private const string Membership = Dimensions.Membership;
    private const string Nationality = Dimensions.Nationality;

    private readonly Dictionary<(string Measure, int Year), MeasureYear> _data = [];
    private readonly ReferenceData _reference;
    private readonly IReadOnlyDictionary<string, DimensionDefinition> _dimensions;
    private readonly IReadOnlyDictionary<string, IndicatorDefinition> _indicators;

    public FigureSource(
        IEnumerable<Observation> observations,
        ReferenceData reference,
        IReadOnlyDictionary<string, DimensionDefinition> dimensions,
        IReadOnlyDictionary<string, IndicatorDefinition> indicators)
    {
        foreach (var group in observations.GroupBy(o => (o.Measure, o.Year)))
        {
            _data[group.Key] = new MeasureYear([.. group]);
        }
        _reference = reference;
        _dimensions = dimensions;
        _indicators = indicators;
    }

    public Figure Value(string measure, int year, Selection selection)
    {
        var printed = Printed(measure, year, selection);
        if (printed.HasValue) return printed;
        if (_data.TryGetValue((measure, year), out var data) && data.Records.Count > 0)
        {
            var basis = data.Candidates(selection, IsGroup).Where(o => Matches(o, year, selection)).ToList();
            return basis.Count == 0 ? new Figure(0, [], null) : new Figure(basis.Sum(o => o.Value), basis, null);
        }
        return _indicators.TryGetValue(measure, out var indicator) ? Indicator(indicator, year, selection) : Figure.None;
    }

    /// <summary>The printed figure at exactly these coordinates, or the sum of a complete partition of printed figures.</summary>
    private Figure Printed(string measure, int year, Selection selection)
    {
        if (!_data.TryGetValue((measure, year), out var data) || data.Printed.Count == 0) return Figure.None;
        selection = Normalize(selection);
        if (Exact(selection) is { } key && data.Printed.TryGetValue(key, out var exact)) return new Figure(exact.Value, [exact], exact);

        // A set of members (a group such as P-5+, or an annex section) is the sum of its members, each printed.
        foreach (var (dimension, members) in selection.Members.Where(m => m.Value.Count > 1 || IsGroup(m.Key, m.Value[0])))
        {
            return Sum(members.SelectMany(m => Leaves(dimension, m)).Distinct(StringComparer.Ordinal)
                .Select(m => Printed(measure, year, selection.With(Selection.Of(dimension, m)))));
        }
        // A dimension left open is the sum of its complete member set, each printed (Total = Women + Men).
        foreach (var (dimension, definition) in _dimensions.Where(d => d.Value.Complete.Count > 0 && !selection.Members.ContainsKey(d.Key)))
        {
            var parts = definition.Complete.Select(m => Exact(selection.With(Selection.Of(dimension, m))) is { } k && data.Printed.TryGetValue(k, out var o) ? o : null).ToList();
            if (parts.All(p => p is not null)) return new Figure(parts.Sum(p => p!.Value), [.. parts!], null);
        }
        return Figure.None;
    }

    private Figure Indicator(IndicatorDefinition indicator, int year, Selection selection)
    {
        switch (indicator)
        {
            case ReferenceIndicator { Name: "member-states" }:
                return _reference.MemberStateCount(year) is { } count ? new Figure(count, [], null) : Figure.None;
            case CountDistinctIndicator distinct:
                if (!_data.TryGetValue((distinct.Of, year), out var data) || data.Records.Count == 0) return Figure.None;
                var filter = selection.With(distinct.Where);
                var basis = data.Candidates(filter, IsGroup).Where(o => o.Value > 0 && Matches(o, year, filter)).ToList();
                return new Figure(basis.Select(o => o.Key[distinct.Dimension]).Distinct(StringComparer.Ordinal).Count(), basis, null);
            default:
                return Figure.None;
        }
    }

    /// <summary>Whether a record-level observation falls in the selection; membership is derived from nationality and year.</summary>
    private bool Matches(Observation observation, int year, Selection selection)
    {
        foreach (var (dimension, members) in selection.Members)
        {
            var member = observation.Key[dimension];
            if (member is null && dimension == Membership && observation.Key[Nationality] is { } iso3)
            {
                member = _reference.StatusIn(iso3, year) == MembershipStatus.Member ? Dimensions.MembershipMember : Dimensions.MembershipNonMember;
            }
            if (member is null || !members.Any(m => m == member || Leaves(dimension, m).Contains(member))) return false;
        }
        return true;
    }

    /// <summary>A selection of all members of a complete dimension restricts nothing.</summary>
    private Selection Normalize(Selection selection)
    {
        foreach (var (dimension, members) in selection.Members)
        {
            if (_dimensions.TryGetValue(dimension, out var definition) && definition.Complete.Count > 0
                && definition.Complete.All(members.Contains) && members.Count == definition.Complete.Count)
            {
                selection = selection.Without(dimension);
            }
        }
        return selection;
    }

    private static DimensionKey? Exact(Selection selection)
    {
        var key = DimensionKey.Empty;
        foreach (var (dimension, members) in selection.Members)
        {
            if (members.Count != 1) return null;
            key = key.With(dimension, members[0]);
        }
        return key;
    }

    private bool IsGroup(string dimension, string member) =>
        _dimensions.TryGetValue(dimension, out var definition) && definition.Groups.ContainsKey(member);

    private IReadOnlyList<string> Leaves(string dimension, string member) =>
        _dimensions.TryGetValue(dimension, out var definition) && definition.Groups.TryGetValue(member, out var leaves) ? leaves : [member];

    private static Figure Sum(IEnumerable<Figure> parts)
    {
        var list = parts.ToList();
        return list.Count > 0 && list.All(p => p.HasValue)
            ? new Figure(list.Sum(p => p.Value), [.. list.SelectMany(p => p.Basis)], null)
            : Figure.None;
    }

    /// <summary>The observations of one measure and year: printed ones by key, record-level ones (no printed location) as a list.</summary>
    private sealed class MeasureYear
    {
        public MeasureYear(IReadOnlyList<Observation> observations)
        {
            foreach (var observation in observations)
            {
                if (observation.Provenance.Location is not null)
                {
                    Printed.TryAdd(observation.Key, observation);
                    continue;
                }
                Records.Add(observation);
                foreach (var (dimension, member) in observation.Key.Members)
                {
                    _dimensions.Add(dimension);
                    if (!_byMember.TryGetValue((dimension, member), out var list)) _byMember[(dimension, member)] = list = [];
                    list.Add(observation);
                }
            }
        }

        private readonly Dictionary<(string Dimension, string Member), List<Observation>> _byMember = [];
        private readonly HashSet<string> _dimensions = new(StringComparer.Ordinal);

        /// <summary>The records that can match: those of the rarest single member the selection names (a nationality), else all.</summary>
        public List<Observation> Candidates(Selection selection, Func<string, string, bool> isGroup)
        {
            var best = Records;
            foreach (var (dimension, members) in selection.Members.Where(m => m.Value.Count == 1 && !isGroup(m.Key, m.Value[0])))
            {
                if (!_byMember.TryGetValue((dimension, members[0]), out var list))
                {
                    // A member no record has: nothing matches, unless no record has the dimension at all (membership is derived).
                    if (_dimensions.Contains(dimension)) return [];
                    continue;
                }
                if (list.Count < best.Count) best = list;
            }
            return best;
        }

        public Dictionary<DimensionKey, Observation> Printed { get; } = [];
        public List<Observation> Records { get; } = [];
    }
}
