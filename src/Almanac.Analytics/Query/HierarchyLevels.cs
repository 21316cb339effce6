using Almanac.Domain;
using Almanac.Domain.Analytics;
using Almanac.Domain.Platform;
using Almanac.Domain.Reference;
using Almanac.Store;
using Almanac.Store.Facts;

namespace Almanac.Analytics.Query;

/// <summary>
/// The one lookup of hierarchy levels over the fact table, for queries and rules alike: for a level's name ("category",
/// "grade.category", "nationality.region", "region" when the measure has one country dimension, "office.region") it finds
/// the child the level rolls up (a dimension slot, or the office column) and the parent member of each of the child's
/// codes. Where the parents come from (see <see cref="Hierarchies"/>): a grade's category from the member dictionary, a
/// country's UN M49 region and sub-region from the reference data, an office's regional office from the platform's
/// office list. A child with no parent rolls up to <see cref="Hierarchies.Unassigned"/>, never to a total.
/// </summary>
/// <remarks>
/// A rule selecting a parent member (<c>category=PH</c>) keeps the child codes <see cref="HierarchyLevel.ChildrenOf"/>
/// gives; a query groups by the child's column and reads each code's <see cref="HierarchyLevel.ParentOf"/>.
/// </remarks>
public sealed class HierarchyLevels
{
    private readonly FactCatalog _catalog;
    private readonly ReferenceData _reference;
    private readonly Dictionary<string, string> _officeRegions;

    /// <param name="offices">The platform's offices: an office's region is <see cref="ResultsCalculator.RegionOf"/>, as the results pages group them.</param>
    public HierarchyLevels(FactCatalog catalog, ReferenceData reference, IReadOnlyCollection<Office> offices)
    {
        _catalog = catalog;
        _reference = reference;
        _officeRegions = offices.ToDictionary(o => o.Code, ResultsCalculator.RegionOf, StringComparer.Ordinal);
    }

    /// <summary>Reads the data the levels need from the store (reference data, offices) beside a catalog already read.</summary>
    public static async Task<HierarchyLevels> LoadAsync(IAlmanacStore store, FactCatalog catalog, CancellationToken cancellationToken) =>
        new(catalog, await store.LoadReferenceDataAsync(cancellationToken), await store.OfficeHierarchyAsync(cancellationToken));

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

        var parents = new Dictionary<int, string>();
        foreach (var member in _catalog.MembersOf(dimension))
        {
            parents[member.Code] = Parent(dimension, level, member) ?? Hierarchies.Unassigned;
        }
        return new HierarchyLevel(name, dimension, level, column, parents);
    }

    /// <summary>The level names a measure has, for messages ("grade.category", "nationality.subregion", …, "office.region").</summary>
    public static IEnumerable<string> NamesFor(MeasureInfo measure) =>
        measure.Dimensions.Append(Hierarchies.Office).SelectMany(d => Hierarchies.LevelsOf(d).Select(level => $"{d}.{level}"));

    private string? Parent(string dimension, string level, MemberInfo member) =>
        dimension == Hierarchies.Office ? _officeRegions.GetValueOrDefault(member.Name)
        : Hierarchies.CountryLevels.Contains(level) ? (_reference.Resolve(member.Name) is { } country ? Hierarchies.AreaOf(country, level)?.Name : null)
        : member.Parent;
}

/// <summary>
/// A hierarchy level resolved for one measure: the child dimension it rolls up (<paramref name="Child"/>, read from
/// <paramref name="Column"/> of the fact table) and the parent member of each of the child's codes.
/// </summary>
/// <param name="Name">The level as it was named ("category", "nationality.region").</param>
/// <param name="Level">The level itself ("category", "region").</param>
/// <param name="Parents">Child code → parent member (<see cref="Hierarchies.Unassigned"/> for a child without one).</param>
public sealed record HierarchyLevel(string Name, string Child, string Level, FactColumn Column, IReadOnlyDictionary<int, string> Parents)
{
    /// <summary>The parent member of a child's code (<see cref="Hierarchies.Unassigned"/> for a code the dictionary does not know).</summary>
    public string ParentOf(int code) => Parents.GetValueOrDefault(code, Hierarchies.Unassigned);

    /// <summary>The codes of the children whose parent is one of <paramref name="parents"/> (category PH: the codes of P-1…E-2).</summary>
    public IReadOnlyList<int> ChildrenOf(IEnumerable<string> parents)
    {
        var wanted = parents.ToHashSet(StringComparer.Ordinal);
        return [.. Parents.Where(p => wanted.Contains(p.Value)).Select(p => p.Key).Order()];
    }
}
