using Almanac.Domain.Reference;

namespace Almanac.Domain.Tests;

public sealed class ReferenceDataTests
{
    private static readonly ReferenceData Reference = new(
        [
            new Country("TUR", "TR", "792", "Türkiye", ["Turkey"]),
            new Country("CIV", "CI", "384", "Côte d'Ivoire", ["Cote d'Ivoire"]),
            new Country("RUS", "RU", "643", "Russian Federation", []),
        ],
        [
            new MembershipPeriod("TUR", MembershipStatus.Member, 2000, null),
            new MembershipPeriod("RUS", MembershipStatus.Observer, 1992, 2020),
            new MembershipPeriod("RUS", MembershipStatus.Member, 2021, null),
        ]);

    [Theory]
    [InlineData("TUR")]
    [InlineData("tr")]
    [InlineData("792")]
    [InlineData("Türkiye")]
    [InlineData("  turkey ")]
    public void Countries_resolve_by_code_name_or_alias(string text) => Assert.Equal("TUR", Reference.Resolve(text)?.Iso3);

    [Fact]
    public void Curly_and_straight_apostrophes_are_the_same_name() =>
        Assert.Equal("CIV", Reference.Resolve("Côte d\u2019Ivoire")?.Iso3);

    [Fact]
    public void Names_that_wrap_over_lines_resolve_once_rejoined() =>
        Assert.Equal("RUS", Reference.Resolve("Russian\n  Federation")?.Iso3);

    [Fact]
    public void Unknown_names_resolve_to_nothing() => Assert.Null(Reference.Resolve("Atlantis"));

    [Fact]
    public void Membership_follows_the_year()
    {
        Assert.Equal(MembershipStatus.Observer, Reference.StatusIn("RUS", 2020));
        Assert.Equal(MembershipStatus.Member, Reference.StatusIn("RUS", 2021));
        Assert.Equal(MembershipStatus.NonMember, Reference.StatusIn("CIV", 2021));
        Assert.Equal(1, Reference.MemberStateCount(2020));
        Assert.Equal(2, Reference.MemberStateCount(2021));
        Assert.Null(Reference.MemberStateCount(1990));
    }

    [Fact]
    public void A_name_is_given_in_each_publication_language_and_English_stands_in_for_a_missing_translation()
    {
        var civ = new Country("CIV", "CI", "384", "Côte d'Ivoire", [], "Côte d'Ivoire", "Côte d\u2019Ivoire");
        var rus = new Country("RUS", "RU", "643", "Russian Federation", [], "Fédération de Russie", NameEs: null);
        Assert.Equal("Côte d\u2019Ivoire", civ.NameIn("es"));
        Assert.Equal("Fédération de Russie", rus.NameIn("fr"));
        Assert.Equal("Russian Federation", rus.NameIn("es"));
        Assert.Equal("Russian Federation", rus.NameIn("en"));
        var error = Assert.Throws<ArgumentException>(() => rus.NameIn("de"));
        Assert.Contains("'de'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_alias_used_by_two_countries_is_refused()
    {
        var error = Assert.Throws<AlmanacException>(() => new ReferenceData(
            [new Country("AAA", null, "001", "Alpha", ["Same"]), new Country("BBB", null, "002", "Beta", ["same"])], []));
        Assert.Contains("'same'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Country_names_sort_as_print_lists_them_accents_and_case_ignored()
    {
        string[] names = ["Turkmenistan", "Côte d'Ivoire", "Türkiye", "Croatia", "Tunisia", "Costa Rica", "tuvalu", "Égypte", "Estonie", "Curaçao", "Cuba"];
        Assert.Equal(["Costa Rica", "Côte d'Ivoire", "Croatia", "Cuba", "Curaçao", "Égypte", "Estonie", "Tunisia", "Türkiye", "Turkmenistan", "tuvalu"],
            names.OrderBy(ReferenceData.SortKey, StringComparer.Ordinal));
        Assert.Equal("sao tome and principe", ReferenceData.SortKey("São Tomé and Príncipe"));
        Assert.Equal("coeur", ReferenceData.SortKey("C\u0153ur"));
        Assert.Equal("cote", ReferenceData.SortKey("Co\u0302te")); // decomposed: the combining accent is dropped
    }
}
