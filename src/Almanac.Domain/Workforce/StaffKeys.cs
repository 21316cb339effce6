using Almanac.Domain.Observations;

namespace Almanac.Domain.Workforce;

/// <summary>The dimension keys of staff figures, built the one way every reader and importer builds them.</summary>
public static class StaffKeys
{
    /// <summary>The key of a staff figure; <paramref name="grade"/> may be a grade code or <see cref="Dimensions.GradeP5AndHigher"/>; a null part is left out.</summary>
    public static DimensionKey Of(StaffCategory? category, string? grade, Sex? sex)
    {
        var key = DimensionKey.Empty;
        if (category is not null) key = key.With(Dimensions.Category, category.Value.Code());
        if (grade is not null) key = key.With(Dimensions.Grade, grade);
        if (sex is not null) key = key.With(Dimensions.Sex, sex.Value.Code());
        return key;
    }
}
