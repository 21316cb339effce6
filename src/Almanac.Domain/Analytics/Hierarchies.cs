using System.Collections.Frozen;
using Almanac.Domain.Observations;
using Almanac.Domain.Reference;
using Almanac.Domain.Workforce;

namespace Almanac.Domain.Analytics;

/// <summary>
/// The dimension hierarchies the store knows and the members a dimension accepts: grade → category (built in, kept in
/// the member dictionary), country → UN M49 sub-region and region (data: the reference list's columns, so a new
/// country or a redrawn region is a change of data/reference/countries.csv, not of code), and office → the regional
/// office it reports to (data: the platform's office list, data/platform/offices.csv or as imported); a country's
/// membership of the organization, year by year (data: data/reference/membership.csv). Totals and
/// sub-totals are derived from these rather than typed: a query by category adds up the grades of each category, one by
/// "nationality.region" the nationalities of each region, one by "office.region" the offices of each regional office.
/// </summary>
public static class Hierarchies
{
    /// <summary>Dimension → the dimension its members roll up to.</summary>
    public static readonly IReadOnlyDictionary<string, string> Parents = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Dimensions.Grade] = Dimensions.Category,
    };

    /// <summary>
    /// The levels every country-valued dimension rolls up to: its UN M49 sub-region and region (finest first), and its
    /// membership of the organization, which alone depends on the year (<see cref="DependsOnYear"/>).
    /// </summary>
    public static readonly IReadOnlyList<string> CountryLevels = [SubRegion, Region, Membership];

    /// <summary>The UN M49 levels of a country dimension, finest first: a country's area, the same in every year.</summary>
    public static readonly IReadOnlyList<string> M49Levels = [SubRegion, Region];

    /// <summary>
    /// A country dimension's membership level ("nationality.membership": <see cref="Dimensions.MembershipMember"/> or
    /// <see cref="Dimensions.MembershipNonMember"/>, observers among the non-members, as the annexes print them), by
    /// data/reference/membership.csv: a country that joined in 2022 is a non-member in 2021 and a member in 2022.
    /// </summary>
    public const string Membership = Dimensions.Membership;

    /// <summary>A country dimension's UN M49 region level ("nationality.region": Africa, Americas, Asia, Europe, Oceania).</summary>
    public const string Region = "region";

    /// <summary>A country dimension's UN M49 sub-region level ("nationality.subregion": Western Europe, …).</summary>
    public const string SubRegion = "subregion";

    /// <summary>
    /// The member a child with no parent at a level rolls up to (ungraded staff without a category, stateless and
    /// unspecified nationalities, which have no region), so that it is counted apart rather than taken for a total.
    /// </summary>
    public const string Unassigned = "Unassigned";

    /// <summary>The dimensions whose members are countries (ISO alpha-3 of the reference data): they roll up to <see cref="CountryLevels"/>.</summary>
    public static readonly FrozenSet<string> CountryDimensions =
        new[] { Dimensions.Nationality, "country", "host", "origin", "destination", "duty_station" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The dimension of the office an observation is for (a column of the fact table of its own, not a slot).</summary>
    public const string Office = "office";

    /// <summary>
    /// The level the office dimension rolls up to: its regional office ("office.region": RO-DAK, …), named in full only,
    /// since a bare "region" means the region of the measure's country dimension.
    /// </summary>
    public static readonly IReadOnlyList<string> OfficeLevels = [Region];

    /// <summary>
    /// The level a MiGOF dimension ("migof") rolls up to: the Strategic Plan 2024–2028 nodes that continue each MiGOF node,
    /// through the frameworks' crosswalk ("migof.strategic_plan"). A MiGOF node continues into several Plan nodes, so the
    /// level selects (a Plan node keeps the MiGOF nodes it continues) but does not group: a row per Plan node would count
    /// the same money in each.
    /// </summary>
    public const string StrategicPlan = "strategic_plan";

    /// <summary>The dimension whose members are MiGOF nodes.</summary>
    public const string Migof = "migof";

    /// <summary>Whether a level's parents change from year to year (membership does; a category or a region does not).</summary>
    public static bool DependsOnYear(string level) => level == Membership;

    /// <summary>The parent levels a dimension has, finest first ("grade": category; "nationality": subregion, region; "office": region).</summary>
    public static IReadOnlyList<string> LevelsOf(string dimension) =>
        Parents.TryGetValue(dimension, out var parent) ? [parent]
        : CountryDimensions.Contains(dimension) ? CountryLevels
        : dimension == Office ? OfficeLevels
        : dimension == Migof ? [StrategicPlan]
        : [];

    /// <summary>
    /// Reads a hierarchy level's name: "CHILD.LEVEL" ("nationality.region", "grade.category") names the level above the
    /// dimension CHILD; a bare level ("category", "region") gives a null child, to be found among the measure's dimensions.
    /// Null when the name is no level at all.
    /// </summary>
    public static (string? Child, string Level)? ParseLevel(string name)
    {
        var dot = name.LastIndexOf('.');
        if (dot > 0 && dot < name.Length - 1)
        {
            var (child, level) = (name[..dot], name[(dot + 1)..]);
            return LevelsOf(child).Contains(level) ? (child, level) : null;
        }
        return Parents.Values.Contains(name, StringComparer.Ordinal) || CountryLevels.Contains(name) ? (null, name) : null;
    }

    /// <summary>The M49 area of a country at a country level; null when it has none (Antarctica, the pseudo-nationalities).</summary>
    public static M49Area? AreaOf(Country country, string level) => level switch
    {
        Region => country.Region,
        SubRegion => country.SubRegion,
        _ => throw new ArgumentException($"'{level}' is not a UN M49 level ({string.Join(", ", M49Levels)}).", nameof(level)),
    };

    /// <summary>The member of the parent level a member rolls up to; null when it has none (ungraded staff have no category of their own).</summary>
    public static string? ParentOf(string dimension, string member) => dimension switch
    {
        Dimensions.Grade => Grades.Parse(member)?.Category?.Code(),
        _ => null,
    };

    /// <summary>Why a member is not accepted in a dimension with a closed vocabulary; null when it is.</summary>
    public static string? Problem(string dimension, string member) => dimension switch
    {
        Dimensions.Grade when Grades.Parse(member) is not { } grade || grade.Code != member =>
            $"not a grade code (G-1…G-8, G-1A, G-1B, NO-A…NO-D, P-1…P-5, D-1, D-2, E-1, E-2, UG)",
        Dimensions.Sex when member is not ("F" or "M") => "sex is F or M",
        Dimensions.Category when member is not ("GS" or "PH") => "category is GS or PH",
        _ => null,
    };
}
