using Almanac.Domain.Observations;
using Almanac.Domain.Workforce;

namespace Almanac.Domain.Analytics;

/// <summary>
/// The dimension hierarchies the store knows (grade → category) and the members a dimension accepts. Totals and
/// sub-totals are derived from these rather than typed: a query by category adds up the grades of each category.
/// </summary>
public static class Hierarchies
{
    /// <summary>Dimension → the dimension its members roll up to.</summary>
    public static readonly IReadOnlyDictionary<string, string> Parents = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Dimensions.Grade] = Dimensions.Category,
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
