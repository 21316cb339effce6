using Almanac.Domain.Analytics;

namespace Almanac.Domain.Tests;

/// <summary>The one reading of a pivot query's text, as the command's options and the web API's parameters give it.</summary>
public sealed class PivotQueryTextTests
{
    private static PivotQueryText Text(string[]? measures = null, string[]? rows = null, string[]? years = null, string[]? where = null, string[]? show = null, string? top = null) =>
        new(measures ?? ["staff.headcount"], rows ?? [], [], years ?? [], where ?? [], Show: show, Top: top);

    [Fact]
    public void Lists_are_comma_separated_or_repeated_years_take_ranges_and_filters_on_one_dimension_intersect()
    {
        var query = Text(measures: ["a,b", "c"], rows: ["category, grade"], years: ["2021-2023", "2019"], show: ["share:sex,pp:sex:2021"], top: "nationality:10",
            where: ["grade=P-5|D-1|D-2", "grade=D-1|D-2|P-4", "category=PH"]).ToQuery();
        Assert.Equal(["a", "b", "c"], query.Measures);
        Assert.Equal(["category", "grade"], query.Rows);
        Assert.Equal([2019, 2021, 2022, 2023], query.Years);
        Assert.Equal(["D-1", "D-2"], query.Where["grade"]);
        Assert.Equal(["PH"], query.Where["category"]);
        Assert.Equal([new ShareOf("sex"), new PercentagePointChange("sex", 2021)], query.Indicators);
        Assert.Equal(new TopN("nationality", 10), query.Top);
    }

    [Fact]
    public void Distinct_counts_name_a_dimension_or_a_level_and_a_bad_one_is_refused_with_the_option_and_the_value()
    {
        var query = Text(show: ["distinct:nationality,share:sex", "distinct:nationality.region"], where: ["nationality.membership=member|non-member"]).ToQuery();
        Assert.Equal([new DistinctCount("nationality"), new ShareOf("sex"), new DistinctCount("nationality.region")], query.Indicators);
        Assert.Equal(["distinct:nationality", "share:sex", "distinct:nationality.region"], query.Indicators.Select(i => i.Name));
        Assert.Equal(["member", "non-member"], query.Where["nationality.membership"]);

        foreach (var bad in new[] { "distinct", "distinct:", "distinct:nationality:2023" })
        {
            var error = Assert.Throws<AlmanacException>(() => (Text(show: [bad]) with { OptionPrefix = "" }).ToQuery());
            Assert.StartsWith($"show '{bad}': '{bad}' is not an indicator", error.Message, StringComparison.Ordinal);
            Assert.Contains("distinct:DIMENSION", error.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("--", "--year '20x3'")]
    [InlineData("", "year '20x3'")]
    public void A_bad_value_names_the_option_as_the_front_end_spells_it_and_the_value(string prefix, string expected)
    {
        var error = Assert.Throws<AlmanacException>(() => (Text(years: ["2023", "20x3"]) with { OptionPrefix = prefix }).ToQuery());
        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_option_refuses_its_bad_values_by_name()
    {
        Assert.StartsWith("--where 'category'", Assert.Throws<AlmanacException>(() => Text(where: ["category"]).ToQuery()).Message, StringComparison.Ordinal);
        Assert.StartsWith("--where 'category='", Assert.Throws<AlmanacException>(() => Text(where: ["category="]).ToQuery()).Message, StringComparison.Ordinal);
        Assert.StartsWith("--top 'nationality'", Assert.Throws<AlmanacException>(() => Text(top: "nationality").ToQuery()).Message, StringComparison.Ordinal);
        Assert.StartsWith("--top 'nationality:0'", Assert.Throws<AlmanacException>(() => Text(top: "nationality:0").ToQuery()).Message, StringComparison.Ordinal);
        Assert.StartsWith("--show 'pp:sex:then'", Assert.Throws<AlmanacException>(() => Text(show: ["pp:sex:then"]).ToQuery()).Message, StringComparison.Ordinal);
        Assert.StartsWith("--year '2023-2021'", Assert.Throws<AlmanacException>(() => Text(years: ["2023-2021"]).ToQuery()).Message, StringComparison.Ordinal);
        Assert.StartsWith("--measure", Assert.Throws<AlmanacException>(() => Text(measures: [" , "]).ToQuery()).Message, StringComparison.Ordinal);
        Assert.StartsWith("totals 'maybe'", Assert.Throws<AlmanacException>(() => PivotQueryText.Flag("totals", "maybe")).Message, StringComparison.Ordinal);
        Assert.True(PivotQueryText.Flag("totals", "TRUE"));
        Assert.False(PivotQueryText.Flag("totals", null));
    }
}
