using Almanac.Analytics.Figures;
using Almanac.Domain.Observations;
using Almanac.Domain.Publishing;
using Almanac.Domain.Reference;

namespace Almanac.Analytics.Tests;

/// <summary>
/// How the engine answers "measure, year, selection" from printed figures and from staff records; every expected value
/// is worked out by hand from the few observations of the test.
/// </summary>
public sealed class FigureSourceTests
{
    private const string Headcount = Measures.StaffHeadcount;
    private const string Represented = Measures.NationalitiesRepresented;

    /// <summary>France and Kenya are Member States (Kenya from 2021); Atlantis never is.</summary>
    private static readonly ReferenceData Reference = new(
        [new Country("FRA", "FR", "250", "France", []), new Country("KEN", "KE", "404", "Kenya", []), new Country("ATL", null, null, "Atlantis", [])],
        [new MembershipPeriod("FRA", MembershipStatus.Member, 1951, null), new MembershipPeriod("KEN", MembershipStatus.Member, 2021, null)]);

    /// <summary>As data/reports/annual-report.yaml declares them.</summary>
    private static readonly Dictionary<string, DimensionDefinition> Dimensions = new(StringComparer.Ordinal)
    {
        ["sex"] = new(["F", "M"], new Dictionary<string, IReadOnlyList<string>>()),
        ["category"] = new(["PH", "GS"], new Dictionary<string, IReadOnlyList<string>>()),
        ["membership"] = new(["member", "non-member"], new Dictionary<string, IReadOnlyList<string>>()),
        ["grade"] = new([], new Dictionary<string, IReadOnlyList<string>> { ["P-5+"] = ["P-5", "D-1", "D-2", "E-2", "E-1"] }),
    };

    private static readonly Dictionary<string, IndicatorDefinition> Indicators = new(StringComparer.Ordinal)
    {
        [Represented] = new CountDistinctIndicator("nationality", Headcount, Selection.Of("category", "PH")),
        [Measures.MemberStates] = new ReferenceIndicator("member-states"),
    };

    private static int _line = 100;

    private static Observation Printed(string key, decimal value, int year = 2022, string measure = Headcount) =>
        new(measure, year, DimensionKey.Parse(key), value, new Provenance(1, "annual-report.txt", "Table 1", _line++));

    private static Observation Record(string nationality, string grade, string sex, decimal value, string category = "PH", int year = 2023) =>
        new(Headcount, year, DimensionKey.Parse($"category={category};grade={grade};nationality={nationality};sex={sex}"), value, new Provenance(2, "staff-2023.csv", null, null));

    private static FigureSource Source(params Observation[] observations) => new(observations, Reference, Dimensions, Indicators);

    private static Selection Where(string key) =>
        key.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=')).Aggregate(Selection.All, (s, p) => s.With(Selection.Of(p[0], p[1].Split('|'))));

    [Fact]
    public void An_exact_printed_figure_is_used_as_printed_even_where_its_parts_say_otherwise()
    {
        // Table 1 of the 2023 report: 2022 men 1 292 + women 1 282 = 2 574, but 2 575 is printed as the total.
        var total = Printed("category=PH", 2575);
        var figures = Source(Printed("category=PH;sex=M", 1292), Printed("category=PH;sex=F", 1282), total,
            Record("FRA", "P-3", "F", 7, year: 2022));

        var figure = figures.Value(Headcount, 2022, Where("category=PH"));

        Assert.Equal(2575, figure.Value);
        Assert.Same(total, figure.Printed);
        Assert.Equal([total], figure.Basis);
        Assert.Equal(1282, figures.Value(Headcount, 2022, Where("category=PH;sex=F")).Value);
    }

    [Fact]
    public void A_complete_partition_of_printed_figures_is_summed_and_an_incomplete_one_is_not()
    {
        var women = Printed("category=PH;sex=F", 410);
        var men = Printed("category=PH;sex=M", 526);
        var figures = Source(women, men, Printed("category=GS;sex=F", 3000));

        var professional = figures.Value(Headcount, 2022, Where("category=PH"));
        Assert.Equal(936, professional.Value);                  // 410 + 526
        Assert.Null(professional.Printed);                      // a sum, not a printed figure
        Assert.Equal([women, men], professional.Basis.OrderBy(o => o.Value));
        Assert.Equal(936, figures.Value(Headcount, 2022, Where("category=PH;sex=F|M")).Value); // both sexes restrict nothing

        Assert.False(figures.Value(Headcount, 2022, Where("category=GS")).HasValue); // men of GS not printed
        Assert.False(figures.Value(Headcount, 2022, Selection.All).HasValue);        // PH known, GS not: no total
        Assert.False(figures.Value(Headcount, 2021, Where("category=PH")).HasValue); // nothing for the year
    }

    [Fact]
    public void Printed_categories_add_up_to_the_year_total()
    {
        var figures = Source(Printed("category=PH", 669), Printed("category=GS", 4730));
        Assert.Equal(5399, figures.Value(Headcount, 2022, Selection.All).Value); // 669 + 4 730
    }

    [Fact]
    public void Records_are_summed_at_any_grain()
    {
        var figures = Source(
            Record("FRA", "P-3", "F", 4), Record("FRA", "P-3", "M", 2), Record("FRA", "D-1", "M", 1),
            Record("KEN", "P-2", "F", 3), Record("KEN", "G-4", "F", 10, category: "GS"), Record("ATL", "P-5", "M", 5));

        Assert.Equal(15, figures.Value(Headcount, 2023, Where("category=PH")).Value);              // 4 + 2 + 1 + 3 + 5
        Assert.Equal(25, figures.Value(Headcount, 2023, Selection.All).Value);                     // and 10 GS
        Assert.Equal(7, figures.Value(Headcount, 2023, Where("category=PH;sex=F")).Value);         // 4 + 3
        Assert.Equal(6, figures.Value(Headcount, 2023, Where("category=PH;grade=P-3")).Value);     // 4 + 2
        Assert.Equal(13, figures.Value(Headcount, 2023, Where("nationality=KEN")).Value);          // 3 + 10
        Assert.Equal(10, figures.Value(Headcount, 2023, Where("nationality=FRA|KEN;category=PH")).Value); // 7 + 3
        var fraWomen = figures.Value(Headcount, 2023, Where("category=PH;nationality=FRA;grade=P-3;sex=F"));
        Assert.Equal(4, fraWomen.Value);
        Assert.Single(fraWomen.Basis);
        Assert.Null(fraWomen.Printed);

        // Where no record falls, a year with records answers 0 (not "unknown"), standing on nothing.
        var none = figures.Value(Headcount, 2023, Where("category=PH;grade=E-1"));
        Assert.Equal(0, none.Value);
        Assert.Empty(none.Basis);
        Assert.Equal(0, figures.Value(Headcount, 2023, Where("nationality=DEU")).Value);
    }

    [Fact]
    public void A_named_group_is_the_sum_of_its_members_printed_or_counted()
    {
        // Printed per grade (P-5+ = P-5, D-1, D-2, E-2, E-1): summed when every member is printed.
        var printed = Source(
            Printed("category=PH;grade=P-5", 38), Printed("category=PH;grade=D-1", 14), Printed("category=PH;grade=D-2", 6),
            Printed("category=PH;grade=E-2", 1), Printed("category=PH;grade=E-1", 1), Printed("category=PH;grade=P-4", 200));
        Assert.Equal(60, printed.Value(Headcount, 2022, Where("category=PH;grade=P-5+")).Value); // 38 + 14 + 6 + 1 + 1
        Assert.Null(printed.Value(Headcount, 2022, Where("category=PH;grade=P-5+")).Printed);

        // One member missing: no sum.
        var incomplete = Source(Printed("category=PH;grade=P-5", 38), Printed("category=PH;grade=D-1", 14));
        Assert.False(incomplete.Value(Headcount, 2022, Where("category=PH;grade=P-5+")).HasValue);

        // The group printed as such (Table 3) is used as printed, not summed from its grades.
        var group = Printed("category=PH;grade=P-5+;sex=F", 27);
        var asPrinted = Source(group, Printed("category=PH;grade=P-5+", 105), Printed("category=PH;grade=P-5;sex=F", 20));
        Assert.Same(group, asPrinted.Value(Headcount, 2022, Where("category=PH;grade=P-5+;sex=F")).Printed);
        Assert.Equal(105, asPrinted.Value(Headcount, 2022, Where("category=PH;grade=P-5+")).Value);

        // From records: the staff of the member grades, whatever their other coordinates.
        var records = Source(
            Record("FRA", "P-5", "F", 3), Record("FRA", "D-1", "M", 2), Record("KEN", "E-1", "M", 1),
            Record("FRA", "P-4", "F", 9), Record("KEN", "G-7", "F", 4, category: "GS"));
        Assert.Equal(6, records.Value(Headcount, 2023, Where("category=PH;grade=P-5+")).Value);     // 3 + 2 + 1
        Assert.Equal(3, records.Value(Headcount, 2023, Where("category=PH;grade=P-5+;sex=F")).Value);
        Assert.Equal(3, records.Value(Headcount, 2023, Where("category=PH;grade=P-5+;sex=M")).Value); // 2 + 1
    }

    [Fact]
    public void Membership_is_derived_from_nationality_and_the_reference_data_for_the_year()
    {
        var figures = Source(
            Record("FRA", "P-3", "F", 4), Record("KEN", "P-2", "M", 3), Record("ATL", "P-4", "F", 5),
            Record("FRA", "P-3", "F", 1, year: 2020), Record("KEN", "P-2", "M", 2, year: 2020));

        Assert.Equal(7, figures.Value(Headcount, 2023, Where("membership=member")).Value);     // France 4 + Kenya 3
        Assert.Equal(5, figures.Value(Headcount, 2023, Where("membership=non-member")).Value); // Atlantis
        Assert.Equal(12, figures.Value(Headcount, 2023, Where("membership=member|non-member")).Value);
        // Kenya joined in 2021: in 2020 its staff count as non-member nationals.
        Assert.Equal(1, figures.Value(Headcount, 2020, Where("membership=member")).Value);
        Assert.Equal(2, figures.Value(Headcount, 2020, Where("membership=non-member")).Value);
    }

    [Fact]
    public void Nationalities_represented_count_distinct_nationalities_with_professional_staff()
    {
        var figures = Source(
            Record("FRA", "P-3", "F", 4), Record("FRA", "P-4", "M", 2),   // France once, however many staff
            Record("KEN", "G-4", "F", 10, category: "GS"),                // General Service staff do not count
            Record("ATL", "P-2", "M", 1),
            Record("KEN", "P-5", "F", 0));                                 // no staff: not represented

        Assert.Equal(2, figures.Value(Represented, 2023, Selection.All).Value);                       // France, Atlantis
        Assert.Equal(1, figures.Value(Represented, 2023, Where("membership=member")).Value);          // France
        Assert.Equal(1, figures.Value(Represented, 2023, Where("membership=non-member")).Value);      // Atlantis
        Assert.Equal(2, figures.Value(Measures.MemberStates, 2023, Selection.All).Value);             // France, Kenya
        Assert.Equal(1, figures.Value(Measures.MemberStates, 2020, Selection.All).Value);             // France

        // A year known only from print answers as printed; without staff records the indicator has no value.
        var printed = Source(Printed("membership=member", 125, 2018, Represented), Printed("membership=non-member", 9, 2018, Represented));
        Assert.Equal(125, printed.Value(Represented, 2018, Where("membership=member")).Value);
        Assert.Equal(134, printed.Value(Represented, 2018, Selection.All).Value); // 125 + 9
        Assert.False(printed.Value(Represented, 2017, Selection.All).HasValue);
    }
}
