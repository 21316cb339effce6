using Almanac.Domain.Observations;
using Almanac.Domain.Reference;

namespace Almanac.Domain.Workforce;

/// <summary>
/// Answers workforce questions for a year from the current observations: from record-level headcounts where the
/// year has a staff list, otherwise from the figures a report printed for it.
/// </summary>
/// <remarks>
/// Record-level headcounts carry the nationality dimension; printed figures do not. A year is answered from one kind
/// only, so that a printed total is never added to the staff it already counts.
/// </remarks>
public sealed class WorkforceFigures
{
    private readonly ILookup<int, Observation> _records;
    private readonly ILookup<(string Measure, int Year, DimensionKey Key), Observation> _printed;
    private readonly ReferenceData _reference;

    public WorkforceFigures(IEnumerable<Observation> observations, ReferenceData reference)
    {
        var all = observations.ToList();
        _records = all
            .Where(o => o.Measure == Measures.StaffHeadcount && o.Key[Dimensions.Nationality] is not null)
            .ToLookup(o => o.Year);
        _printed = all
            .Where(o => o.Key[Dimensions.Nationality] is null)
            .ToLookup(o => (o.Measure, o.Year, o.Key));
        _reference = reference;
    }

    /// <summary>True when the year's figures come from a staff list rather than from print.</summary>
    public bool HasRecords(int year) => _records[year].Any();

    /// <summary>Headcount for a year; <paramref name="grade"/> may be a grade code or <see cref="Dimensions.GradeP5AndHigher"/>.</summary>
    public decimal? Headcount(int year, StaffCategory? category = null, string? grade = null, Sex? sex = null)
    {
        if (HasRecords(year))
        {
            return _records[year].Where(o => Matches(o.Key, category, grade, sex)).Sum(o => o.Value);
        }
        var printed = Printed(Measures.StaffHeadcount, year, Key(category, grade, sex));
        if (printed is not null) return printed.Value;
        if (sex is null)
        {
            var women = Printed(Measures.StaffHeadcount, year, Key(category, grade, Sex.Female));
            var men = Printed(Measures.StaffHeadcount, year, Key(category, grade, Sex.Male));
            if (women is not null && men is not null) return women.Value + men.Value;
        }
        if (category is null && grade is null && sex is null)
        {
            var professional = Headcount(year, StaffCategory.Professional);
            var general = Headcount(year, StaffCategory.GeneralService);
            if (professional is not null && general is not null) return professional + general;
        }
        return null;
    }

    /// <summary>Percentage of women rounded as the reports round (half away from zero); printed where no counts exist.</summary>
    public decimal? WomenPercent(int year, StaffCategory? category = null, string? grade = null)
    {
        if (HasRecords(year) || Printed(Measures.StaffHeadcount, year, Key(category, grade, Sex.Female)) is not null)
        {
            return Percent(Headcount(year, category, grade, Sex.Female), Headcount(year, category, grade));
        }
        return Printed(Measures.WomenPercent, year, Key(category, grade, null))?.Value;
    }

    /// <summary>Distinct nationalities with Professional staff, by membership in that year; printed where no staff list exists.</summary>
    public decimal? NationalitiesRepresented(int year, MembershipStatus? membership)
    {
        if (!HasRecords(year))
        {
            var key = membership switch
            {
                null => DimensionKey.Empty,
                MembershipStatus.Member => DimensionKey.Of((Dimensions.Membership, Dimensions.MembershipMember)),
                _ => DimensionKey.Of((Dimensions.Membership, Dimensions.MembershipNonMember)),
            };
            return Printed(Measures.NationalitiesRepresented, year, key)?.Value;
        }
        return _records[year]
            .Where(o => o.Value > 0 && o.Key[Dimensions.Category] == StaffCategory.Professional.Code())
            .Select(o => o.Key[Dimensions.Nationality]!)
            .Distinct(StringComparer.Ordinal)
            .Count(iso3 => membership switch
            {
                null => true,
                MembershipStatus.Member => _reference.StatusIn(iso3, year) == MembershipStatus.Member,
                _ => _reference.StatusIn(iso3, year) != MembershipStatus.Member,
            });
    }

    /// <summary>Member States in a year: from the reference membership history, else as printed.</summary>
    public decimal? MemberStates(int year) =>
        _reference.MemberStateCount(year) ?? Printed(Measures.MemberStates, year, DimensionKey.Empty)?.Value;

    /// <summary>Record-level headcount by nationality for one category, as (nationality, grade code, sex) → count.</summary>
    public IReadOnlyDictionary<(string Nationality, string Grade, Sex Sex), decimal> ByNationality(int year, StaffCategory category) =>
        _records[year]
            .Where(o => o.Key[Dimensions.Category] == category.Code())
            .GroupBy(o => (o.Key[Dimensions.Nationality]!, o.Key[Dimensions.Grade]!, SexCodes.Parse(o.Key[Dimensions.Sex]!)!.Value))
            .ToDictionary(g => g.Key, g => g.Sum(o => o.Value));

    /// <summary>All printed observations of a measure and year with exactly this key (several when two tables print the same fact).</summary>
    public IReadOnlyList<Observation> PrintedAll(string measure, int year, DimensionKey key) => [.. _printed[(measure, year, key)]];

    public static decimal? Percent(decimal? part, decimal? whole) =>
        part is null || whole is null || whole == 0 ? null : Math.Round(100m * part.Value / whole.Value, 0, MidpointRounding.AwayFromZero);

    public static DimensionKey Key(StaffCategory? category, string? grade, Sex? sex)
    {
        var key = DimensionKey.Empty;
        if (category is not null) key = key.With(Dimensions.Category, category.Value.Code());
        if (grade is not null) key = key.With(Dimensions.Grade, grade);
        if (sex is not null) key = key.With(Dimensions.Sex, sex.Value.Code());
        return key;
    }

    private Observation? Printed(string measure, int year, DimensionKey key) => _printed[(measure, year, key)].FirstOrDefault();

    private static bool Matches(DimensionKey key, StaffCategory? category, string? grade, Sex? sex) =>
        (category is null || key[Dimensions.Category] == category.Value.Code())
        && (grade is null || (grade == Dimensions.GradeP5AndHigher
            ? Grades.P5AndHigher.Contains(key[Dimensions.Grade]!)
            : key[Dimensions.Grade] == grade))
        && (sex is null || key[Dimensions.Sex] == sex.Value.Code());
}