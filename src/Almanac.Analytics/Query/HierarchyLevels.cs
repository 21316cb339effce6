using Almanac.Domain;
using Almanac.Domain.Analytics;
using Almanac.Domain.Observations;
using Almanac.Domain.Platform;
using Almanac.Domain.Reference;
using Almanac.Store;
using Almanac.Store.Facts;

namespace Almanac.Analytics.Query;

/// <summary>
/// The one lookup of hierarchy levels over the fact table, for queries and rules alike: for a level's name ("category",
/// "grade.category", "nationality.region", "nationality.membership", "region" when the measure has one country dimension, "office.region") it finds
/// the child the level rolls up (a dimension slot, or the office column) and the parent member of each of the child's
/// codes. Where the parents come from (see <see cref="Hierarchies"/>): a grade's category from the member dictionary, a
/// country's UN M49 region and sub-region and its membership year by year from the reference data, an office's
/// regional office from the platform's office list. A child with no parent rolls up to <see cref="Hierarchies.Unassigned"/>, never to a total.
/// </summary>
/// <remarks>
/// A rule selecting a parent member (<c>category=PH</c>) keeps the child codes <see cref="HierarchyLevel.ChildrenOf(IEnumerable{string})"/>
/// gives; a query groups by the child's column and reads each code's <see cref="HierarchyLevel.ParentOf(int, int)"/> in
/// the row's year. A country's membership depends on the year (<see cref="HierarchyLevel.DependsOnYear"/>).
/// </remarks>
public sealed class HierarchyLevels
{
    private readonly FactCatalog _catalog;
    private readonly ReferenceData _reference;
    private readonly Dictionary<string, string> _officeRegions;
    private readonly Crosswalk _crosswalk;

    /// <param name="offices">The platform's offices: an office's region is <see cref="ResultsCalculator.RegionOf"/>, as the results pages group them.</param>
    /// <param name="crosswalk">The frameworks' crosswalk: a MiGOF node's Strategic Plan counterparts (none when not given).</param>
    public HierarchyLevels(FactCatalog catalog, ReferenceData reference, IReadOnlyCollection<Office> offices, Crosswalk? crosswalk = null)
    {
        _catalog = catalog;
        _reference = reference;
        _officeRegions = offices.ToDictionary(o => o.Code, ResultsCalculator.RegionOf, StringComparer.Ordinal);
        _crosswalk = crosswalk ?? new Crosswalk([]);
    }

    /// <summary>Reads the data the levels need from the store (reference data, offices, frameworks) beside a catalog already read.</summary>
    public static async Task<HierarchyLevels> LoadAsync(IAlmanacStore store, FactCatalog catalog, CancellationToken cancellationToken) =>
        new(catalog, await store.LoadReferenceDataAsync(cancellationToken), await store.OfficeHierarchyAsync(cancellationToken),
            Crosswalk.Of(await store.FrameworksAsync(cancellationToken)));

    /// <summary>
    /// The level <paramref name="name"/> names above one of the measure's dimensions or its office; null when the name is
    /// no level the measure has. A bare level two of the measure's dimensions have ("region" with nationality and
    /// duty_station) is refused, naming the full names to use.
    /// </summary>
    public HierarchyLevel? Find(MeasureInfo measure, string name)
    {
        if (Hierarchies.ParseLevel(name) is not var (child, level)) return null;
        var children = child is not null
            ? [child]
            : measure.Dimensions.Where(d => Hierarchies.LevelsOf(d).Contains(level)).ToList();
        if (children.Count > 1)
        {
            throw new AlmanacException($"'{name}' is ambiguous for measure '{measure.Name}': name it as {string.Join(" or ", children.Select(c => $"{c}.{level}"))}.");
        }
        if (children is not [var dimension]) return null;
        FactColumn column;
        if (dimension == Hierarchies.Office) column = FactColumn.Office;
        else if (measure.SlotOf(dimension) is { } slot) column = FactColumns.Slot(slot);
        else return null;

        var members = _catalog.MembersOf(dimension);
        if (level == Hierarchies.StrategicPlan)
        {
            var counterparts = members.ToDictionary(m => m.Code,
                m => _crosswalk.Counterparts(new NodeRef(Domain.Projects.ProjectFrameworks.Migof, m.Name), Domain.Projects.ProjectFrameworks.StrategicPlan));
            return new HierarchyLevel(name, dimension, level, column, false, [new LevelPeriod(null, null, new Dictionary<int, string>()) { Several = counterparts }]);
        }
        if (!Hierarchies.DependsOnYear(level))
        {
            return new HierarchyLevel(name, dimension, level, column, false, [new LevelPeriod(null, null, ParentsIn(members, member => Parent(dimension, level, member)))]);
        }
        var periods = MembershipPeriods().Select(p => new LevelPeriod(p.From, p.To, ParentsIn(members, member => MembershipOf(member, p.Year)))).ToList();
        return new HierarchyLevel(name, dimension, level, column, true, periods);
    }

    /// <summary>The level names a measure has, for messages ("grade.category", "nationality.subregion", …, "office.region").</summary>
    public static IEnumerable<string> NamesFor(MeasureInfo measure) =>
        measure.Dimensions.Append(Hierarchies.Office).SelectMany(d => Hierarchies.LevelsOf(d).Select(level => $"{d}.{level}"));

    private string? Parent(string dimension, string level, MemberInfo member) =>
        dimension == Hierarchies.Office ? _officeRegions.GetValueOrDefault(member.Name)
        : Hierarchies.M49Levels.Contains(level) ? (_reference.Resolve(member.Name) is { } country ? Hierarchies.AreaOf(country, level)?.Name : null)
        : member.Parent;

    private static Dictionary<int, string> ParentsIn(IEnumerable<MemberInfo> members, Func<MemberInfo, string?> parent) =>
        members.ToDictionary(m => m.Code, m => parent(m) ?? Hierarchies.Unassigned);

    /// <summary>A country's membership in a year; null for a pseudo-nationality (stateless, unspecified), which is no country.</summary>
    private string? MembershipOf(MemberInfo member, int year) =>
        _reference.Resolve(member.Name) is { IsPseudo: false } country
            ? _reference.StatusIn(country.Iso3, year) == MembershipStatus.Member ? Dimensions.MembershipMember : Dimensions.MembershipNonMember
            : null;

    /// <summary>
    /// The spans of years in which no country's status changes, from the years the membership file's periods begin and
    /// end (open at both ends), each with a year inside it to read the statuses at.
    /// </summary>
    private List<(int? From, int? To, int Year)> MembershipPeriods()
    {
        var starts = _reference.Membership.SelectMany(p => p.Until is { } until ? new[] { p.Since, until + 1 } : [p.Since]).Distinct().Order().ToList();
        if (starts.Count == 0) return [(null, null, 0)];
        var spans = new List<(int? From, int? To, int Year)> { (null, starts[0] - 1, starts[0] - 1) };
        for (var i = 0; i < starts.Count; i++)
        {
            spans.Add((starts[i], i + 1 < starts.Count ? starts[i + 1] - 1 : null, starts[i]));
        }
        return spans;
    }
}

/// <summary>
/// A hierarchy level resolved for one measure: the child dimension it rolls up (<paramref name="Child"/>, read from
/// <paramref name="Column"/> of the fact table) and the parent member of each of the child's codes, per span of years
/// (<paramref name="Periods"/>: one span covering every year unless the level <paramref name="DependsOnYear"/>).
/// </summary>
/// <param name="Name">The level as it was named ("category", "nationality.region").</param>
/// <param name="Level">The level itself ("category", "region", "membership").</param>
/// <param name="DependsOnYear">Whether a child's parent changes with the year (a country's membership): the year-free
/// members (<see cref="Parents"/>, <see cref="ParentOf(int)"/>, <see cref="ChildrenOf(IEnumerable{string})"/>) then throw, and callers
/// name the year, or ask <see cref="ChildrenInAnyYear"/> when they cannot split by year.</param>
/// <param name="Periods">Spans of years that together cover every year, in order, each with its child code → parent member.</param>
public sealed record HierarchyLevel(string Name, string Child, string Level, FactColumn Column, bool DependsOnYear, IReadOnlyList<LevelPeriod> Periods)
{
    /// <summary>Child code → parent member (<see cref="Hierarchies.Unassigned"/> for a child without one), for a level that does not depend on the year.</summary>
    public IReadOnlyDictionary<int, string> Parents => YearFree(nameof(Parents)).Parents;

    /// <summary>The parent member of a child's code (<see cref="Hierarchies.Unassigned"/> for a code the dictionary does not know), for a level that does not depend on the year.</summary>
    public string ParentOf(int code) => YearFree(nameof(ParentOf)).ParentOf(code);

    /// <summary>The parent member of a child's code in <paramref name="year"/>.</summary>
    public string ParentOf(int code, int year) => In(year).ParentOf(code);

    /// <summary>The codes of the children whose parent is one of <paramref name="parents"/> (category PH: the codes of P-1…E-2), for a level that does not depend on the year.</summary>
    public IReadOnlyList<int> ChildrenOf(IEnumerable<string> parents) => YearFree(nameof(ChildrenOf)).ChildrenOf(parents);

    /// <summary>The codes of the children whose parent in <paramref name="year"/> is one of <paramref name="parents"/>.</summary>
    public IReadOnlyList<int> ChildrenOf(IEnumerable<string> parents, int year) => In(year).ChildrenOf(parents);

    /// <summary>
    /// The codes of the children whose parent is one of <paramref name="parents"/> in at least one year (membership=member:
    /// every country that was a member at some time), for a caller that cannot tell years apart; it must then check
    /// each year's parent itself (<see cref="ParentOf(int, int)"/>), or it counts a country in years it was not a member.
    /// </summary>
    public IReadOnlyList<int> ChildrenInAnyYear(IEnumerable<string> parents)
    {
        var wanted = parents.ToList();
        return [.. Periods.SelectMany(p => p.ChildrenOf(wanted)).Distinct().Order()];
    }

    /// <summary>Whether a child can have several parents (a MiGOF node's Strategic Plan counterparts): the level then selects, never groups.</summary>
    public bool HasSeveralParents => Periods.Any(p => p.Several is not null);

    private LevelPeriod In(int year) => Periods.FirstOrDefault(p => p.Covers(year))
        ?? throw new InvalidOperationException($"Level '{Name}' has no period covering {year}.");

    private LevelPeriod YearFree(string member) => DependsOnYear
        ? throw new InvalidOperationException($"Level '{Name}' depends on the year (a {Child}'s {Level} changes over time): call {member} with the year, or ChildrenInAnyYear.")
        : Periods[0];
}

/// <summary>The parents of a level's child codes over a span of years, both ends included (null: open).</summary>
public sealed record LevelPeriod(int? From, int? To, IReadOnlyDictionary<int, string> Parents)
{
    /// <summary>Child code → every parent, for a level whose children can have several (then <see cref="Parents"/> is unused).</summary>
    public IReadOnlyDictionary<int, IReadOnlyList<string>>? Several { get; init; }

    public bool Covers(int year) => (From is null || year >= From) && (To is null || year <= To);

    /// <summary>The parent member of a child's code (<see cref="Hierarchies.Unassigned"/> for a code the dictionary does not know).</summary>
    public string ParentOf(int code) => Several is null ? Parents.GetValueOrDefault(code, Hierarchies.Unassigned)
        : throw new InvalidOperationException("A child of this level has several parents: select by the level, do not group by it.");

    /// <summary>The codes of the children whose parent (or one of whose parents) is one of <paramref name="parents"/>, in order.</summary>
    public IReadOnlyList<int> ChildrenOf(IEnumerable<string> parents)
    {
        var wanted = parents.ToHashSet(StringComparer.Ordinal);
        return Several is not null
            ? [.. Several.Where(p => p.Value.Any(wanted.Contains)).Select(p => p.Key).Order()]
            : [.. Parents.Where(p => wanted.Contains(p.Value)).Select(p => p.Key).Order()];
    }
}
