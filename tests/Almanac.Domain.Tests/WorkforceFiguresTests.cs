using Almanac.Domain.Observations;
using Almanac.Domain.Reference;
using Almanac.Domain.Workforce;

namespace Almanac.Domain.Tests;

public sealed class WorkforceFiguresTests
{
    private static readonly ReferenceData Reference = new([new Country("FRA", "FR", "250", "France", [])], []);
    private static readonly Provenance Source = new(1, "test", null, null);

    private static Observation Record(int year, string grade, string sex, decimal value) =>
        new(Measures.StaffHeadcount, year, DimensionKey.Parse($"category=PH;grade={grade};nationality=FRA;sex={sex}"), value, Source);

    private static Observation Printed(string measure, int year, string key, decimal value) =>
        new(measure, year, DimensionKey.Parse(key), value, Source);

    [Theory]
    [InlineData(946, 2008, 47)]   // 47.11
    [InlineData(62, 161, 39)]     // 38.51: half and above rounds up, as the reports round
    [InlineData(1, 8, 13)]        // 12.5 rounds away from zero
    [InlineData(0, 0, null)]
    public void Percentages_round_half_away_from_zero(int part, int whole, int? expected) =>
        Assert.Equal(expected, WorkforceFigures.Percent(part, whole));

    [Fact]
    public void A_year_with_a_staff_list_is_counted_from_its_records_not_from_print()
    {
        var figures = new WorkforceFigures(
            [Record(2023, "P-5", "F", 3), Record(2023, "D-1", "M", 2), Record(2023, "P-3", "F", 4),
             Printed(Measures.StaffHeadcount, 2023, "category=PH", 999)], Reference);
        Assert.Equal(9, figures.Headcount(2023, StaffCategory.Professional));
        Assert.Equal(5, figures.Headcount(2023, StaffCategory.Professional, Dimensions.GradeP5AndHigher));
        Assert.Equal(3, figures.Headcount(2023, StaffCategory.Professional, Dimensions.GradeP5AndHigher, Sex.Female));
        Assert.Equal(60, figures.WomenPercent(2023, StaffCategory.Professional, Dimensions.GradeP5AndHigher));
    }

    [Fact]
    public void A_printed_year_answers_with_printed_figures_and_its_total_is_kept_as_printed()
    {
        var figures = new WorkforceFigures(
            [Printed(Measures.StaffHeadcount, 2022, "category=PH;sex=M", 1292), Printed(Measures.StaffHeadcount, 2022, "category=PH;sex=F", 1282),
             Printed(Measures.StaffHeadcount, 2022, "category=PH", 2575), Printed(Measures.WomenPercent, 2022, "category=PH;grade=P-1", 33)], Reference);
        Assert.False(figures.HasRecords(2022));
        Assert.Equal(2575, figures.Headcount(2022, StaffCategory.Professional));
        Assert.Equal(50, figures.WomenPercent(2022, StaffCategory.Professional));
        Assert.Equal(33, figures.WomenPercent(2022, StaffCategory.Professional, "P-1"));
        Assert.Null(figures.Headcount(2021, StaffCategory.Professional));
    }

    [Fact]
    public void Dimension_keys_are_canonical_whatever_the_order_they_are_built_in()
    {
        var a = DimensionKey.Of(("sex", "F"), ("category", "PH"));
        var b = DimensionKey.Parse("category=PH;sex=F");
        Assert.Equal(a, b);
        Assert.Equal("category=PH;sex=F", a.Canonical);
    }
}
