using Almanac.Domain.Observations;

namespace Almanac.Domain.Workforce;

/// <summary>
/// What the staff percentages are in counts, and how a count no table prints as one adds up from counts the tables do
/// print: so that a figure printed once (most often in the text) can be held against the tables of its document.
/// </summary>
public static class StaffShares
{
    /// <summary>A count a figure is made of: a measure at a key.</summary>
    public readonly record struct Count(string Measure, DimensionKey Key);

    /// <summary>The part and the whole a percentage measure is the share of, or null for a measure (or key) that is no share of counts.</summary>
    public static (Count Part, Count Whole)? Ratio(string measure, DimensionKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return measure switch
        {
            Measures.WomenPercent when key[Dimensions.Sex] is null => OfSex(key, Sex.Female),
            Measures.MenPercent when key[Dimensions.Sex] is null => OfSex(key, Sex.Male),
            Measures.CategoryPercent when key[Dimensions.Category] is not null =>
                (new Count(Measures.StaffHeadcount, key), new Count(Measures.StaffHeadcount, key.Without(Dimensions.Category))),
            Measures.MemberStatesRepresentedPercent when key.Count == 0 =>
                (new Count(Measures.NationalitiesRepresented, DimensionKey.Of((Dimensions.Membership, Dimensions.MembershipMember))),
                 new Count(Measures.MemberStates, DimensionKey.Empty)),
            _ => null,
        };
    }

    private static (Count, Count) OfSex(DimensionKey key, Sex sex) =>
        (new Count(Measures.StaffHeadcount, key.With(Dimensions.Sex, sex.Code())), new Count(Measures.StaffHeadcount, key));

    /// <summary>
    /// The ways a headcount adds up from others: over the categories (the workforce is the Professional and higher
    /// categories and the General Service and National Officer categories) and over the annexes' sections (Member States
    /// and the others). None for other measures, nor for a nationality's count.
    /// </summary>
    public static IEnumerable<IReadOnlyList<DimensionKey>> Parts(string measure, DimensionKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (measure != Measures.StaffHeadcount || key[Dimensions.Nationality] is not null) yield break;
        if (key[Dimensions.Category] is null && key[Dimensions.Grade] is null)
        {
            yield return [.. Enum.GetValues<StaffCategory>().Select(c => key.With(Dimensions.Category, c.Code()))];
        }
        if (key[Dimensions.Membership] is null)
        {
            yield return [key.With(Dimensions.Membership, Dimensions.MembershipMember), key.With(Dimensions.Membership, Dimensions.MembershipNonMember)];
        }
    }
}
