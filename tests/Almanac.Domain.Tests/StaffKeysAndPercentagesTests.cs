using Almanac.Domain.Observations;
using Almanac.Domain.Publishing;
using Almanac.Domain.Workforce;

namespace Almanac.Domain.Tests;

/// <summary>How the reports round percentages, and the one way staff figures are keyed.</summary>
public sealed class StaffKeysAndPercentagesTests
{
    [Theory]
    [InlineData(946, 2008, 47)]   // 47.11
    [InlineData(62, 161, 39)]     // 38.51: half and above rounds up, as the reports round
    [InlineData(1, 8, 13)]        // 12.5 rounds away from zero
    [InlineData(0, 0, null)]
    public void Percentages_round_half_away_from_zero(int part, int whole, int? expected) =>
        Assert.Equal(expected, Percentages.Of(part, whole));

    [Fact]
    public void A_percentage_of_a_missing_figure_is_missing()
    {
        Assert.Null(Percentages.Of(null, 10));
        Assert.Null(Percentages.Of(5, null));
    }

    [Fact]
    public void Dimension_keys_are_canonical_whatever_the_order_they_are_built_in()
    {
        var a = DimensionKey.Of(("sex", "F"), ("category", "PH"));
        var b = DimensionKey.Parse("category=PH;sex=F");
        Assert.Equal(a, b);
        Assert.Equal("category=PH;sex=F", a.Canonical);
    }

    [Fact]
    public void A_staff_key_names_the_parts_given_and_leaves_out_the_rest()
    {
        Assert.Equal(DimensionKey.Parse("category=PH;grade=P-5+;sex=F"), StaffKeys.Of(StaffCategory.Professional, Dimensions.GradeP5AndHigher, Sex.Female));
        Assert.Equal("category=GS", StaffKeys.Of(StaffCategory.GeneralService, null, null).Canonical);
        Assert.Equal("grade=D-1;sex=M", StaffKeys.Of(null, "D-1", Sex.Male).Canonical);
        Assert.Equal(DimensionKey.Empty, StaffKeys.Of(null, null, null));
    }
}
