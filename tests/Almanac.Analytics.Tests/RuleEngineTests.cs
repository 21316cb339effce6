using Almanac.Analytics.Rules;
using Almanac.Domain;
using Almanac.Domain.Analytics;
using Almanac.Domain.Observations;
using Almanac.Domain.Workforce;
using Almanac.Ingest;
using Almanac.Ingest.Platform;
using Almanac.Ingest.Reference;
using Almanac.Store;
using Almanac.Tests;

namespace Almanac.Analytics.Tests;

/// <summary>Rules as data over the fact table, with known findings, on DuckDB and PostgreSQL alike.</summary>
public sealed class RuleEngineTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Identities = """
        measure,year,office,sex,value
        a.total,2021,,,10
        a.total,2022,,,12
        a.total,2023,,,9
        a.part,2021,,F,4
        a.part,2021,,M,6
        a.part,2022,,F,5
        a.part,2022,,M,6
        """;

    private static string Rules(string missing) => $"""
        rules:
          - id: total-is-parts
            left: a.total
            operator: =
            right: a.part
            by: [year]
            missing: {missing}
          - id: women-more-than-half
            left: 2 * a.part[sex=F]
            operator: ">"
            right: a.part
            by: [year]
            severity: warning
        """;

    private static string Show(RuleFinding f) =>
        $"{f.RuleId} {f.Severity} {string.Join(",", f.At.Select(a => $"{a.Dimension}={a.Member ?? "total"}"))} {f.Left?.ToString() ?? "-"} {f.Right?.ToString() ?? "-"}";

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task Generated_rules_find_the_2022_total_of_Table_1_that_is_not_the_sum_of_women_and_men(string engine)
    {
        await using var test = await TestStores.CreateAsync(engine);
        await FactTestData.ImportAsync(test.Store, FactTestData.Table1());
        await FactTestData.ImportAsync(test.Store, FactTestData.Table2(), "table2.csv");
        var rules = RuleGenerator.PartsSumToTotals(await test.Store.FactCatalogAsync(Ct));
        // Table 2 declares totals over sex (its Total row), none over grade.
        Assert.Equal(["t1.headcount:sex-parts-sum-to-total", "t2.headcount:sex-parts-sum-to-total"], rules.Rules.Select(r => r.Id));

        var findings = await new RuleEngine(test.Store).EvaluateAsync(rules, [], Ct);
        // 1 292 men + 1 282 women = 2 574, printed Total 2 575; Table 2's totals all add up.
        Assert.Equal(["t1.headcount:sex-parts-sum-to-total Error year=2022 2575 2574"], findings.Select(Show));
        Assert.Contains("year 2022", findings[0].Message, StringComparison.Ordinal);
        Assert.Empty(await new RuleEngine(test.Store).EvaluateAsync(rules, [2023], Ct));
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task Cross_measure_identities_follow_their_missing_value_strategy(string engine)
    {
        await using var test = await TestStores.CreateAsync(engine);
        await FactTestData.ImportAsync(test.Store, Identities);
        var evaluator = new RuleEngine(test.Store);
        const string Warnings = "women-more-than-half Warning year=2021 8 10|women-more-than-half Warning year=2022 10 11";

        var skip = await evaluator.EvaluateAsync(RuleSetReader.Read(Rules("skip"), "rules.yaml"), [], Ct);
        Assert.Equal($"total-is-parts Error year=2022 12 11|{Warnings}", string.Join("|", skip.Select(Show)));
        var finding = await evaluator.EvaluateAsync(RuleSetReader.Read(Rules("finding"), "rules.yaml"), [], Ct);
        Assert.Equal($"total-is-parts Error year=2022 12 11|total-is-parts Error year=2023 9 -|{Warnings}", string.Join("|", finding.Select(Show)));
        var zero = await evaluator.EvaluateAsync(RuleSetReader.Read(Rules("zero"), "rules.yaml"), [], Ct);
        Assert.Equal($"total-is-parts Error year=2022 12 11|total-is-parts Error year=2023 9 0|{Warnings}", string.Join("|", zero.Select(Show)));
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task The_built_in_staff_rules_hold_for_the_synthetic_staff_list_and_a_broken_rule_lists_every_group(string engine)
    {
        await using var test = await TestStores.CreateAsync(engine);
        var staff = await FactTestData.ImportSyntheticStaff2023Async(test.Store, Ct);
        var evaluator = new RuleEngine(test.Store);
        Assert.Empty(await evaluator.EvaluateAsync(RuleSetReader.ReadEmbedded(), [2023], Ct));

        // Women outnumber men in some grades (E-1 and E-2 have no men, which counts as 0 here): each is a finding, none capped.
        var rule = new Rule("men-at-least-women", RuleExpression.Of(RuleTerm.Of(Measures.StaffHeadcount, ("sex", "M"))), RuleOperator.GreaterOrEqual,
            RuleExpression.Of(RuleTerm.Of(Measures.StaffHeadcount, ("sex", "F"))), ["year", "grade"], RuleSeverity.Warning, MissingValues.Zero);
        var findings = await evaluator.EvaluateAsync(new RuleSet([rule]), [2023], Ct);
        var expected = staff.GroupBy(s => s.Grade.Code).Where(g => g.Count(s => s.Sex == Sex.Female) > g.Count(s => s.Sex == Sex.Male)).Select(g => g.Key).Order(StringComparer.Ordinal);
        Assert.NotEmpty(expected);
        Assert.Equal(expected, findings.Select(f => f.At.Single(a => a.Dimension == "grade").Member).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_mistake_in_a_rule_file_names_the_file_line_field_and_value()
    {
        var bad = Assert.Throws<InputException>(() => RuleSetReader.Read("""
            rules:
              - id: a
                left: a.total
                operator: =>
                right: a.part
            """, "rules.yaml"));
        Assert.Equal(("rules.yaml", 2L, "operator", "=>"), (bad.File, bad.Line, bad.Column, bad.Value));
        var expression = Assert.Throws<InputException>(() => RuleSetReader.Read("""
            rules:
              - id: a
                left: a.total[sex=F
                operator: =
                right: a.part
            """, "rules.yaml"));
        Assert.Equal(("left", "a.total[sex=F"), (expression.Column, expression.Value));
        var field = Assert.Throws<InputException>(() => RuleSetReader.Read("rules:\n  - id: a\n    lefts: x\n", "rules.yaml"));
        Assert.Equal((3L, "lefts"), (field.Line, field.Column));
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task Rules_select_by_hierarchy_levels_a_countrys_region_and_an_offices_regional_office(string engine)
    {
        await using var test = await TestStores.CreateAsync(engine);
        await test.Store.ReplaceReferenceDataAsync(ReferenceDataReader.ReadEmbedded(), Ct);
        // data/platform/offices.csv: Afghanistan and Bangladesh report to Bangkok, Ukraine to Vienna.
        using (var offices = new StreamReader(EmbeddedData.Open("platform/offices.csv")))
        {
            await ((IPlatformStore)test.Store).ImportOfficesAsync(PlatformFiles.ReadOffices("offices.csv", offices), new Change("test", DateTimeOffset.UnixEpoch), Ct);
        }
        await FactTestData.ImportAsync(test.Store, """
            measure,year,office,nationality,sex,value
            x.staff,2023,CO-AFG,FRA,F,3
            x.staff,2023,CO-AFG,NGA,F,5
            x.staff,2023,CO-AFG,DEU,M,4
            x.staff,2023,CO-BGD,FRA,M,6
            x.staff,2023,CO-BGD,NGA,F,2
            x.staff,2023,CO-UKR,DEU,F,7
            x.staff,2023,CO-UKR,XXA,M,9
            """);
        const string Rules = """
            rules:
              - id: europe-below-africa
                left: x.staff[nationality.region=Europe]
                operator: <
                right: x.staff[region=Africa]
                by: [year, office]
              - id: bangkok-more-women
                left: x.staff[office.region=RO-BKK, sex=F]
                operator: ">"
                right: x.staff[office.region=RO-BKK, sex=M]
                by: [year]
            """;

        var findings = await new RuleEngine(test.Store).EvaluateAsync(RuleSetReader.Read(Rules, "rules.yaml"), [], Ct);
        // Europe (France, Germany) against Africa (Nigeria) per office; Ukraine has no African staff, so the rule skips
        // it, and the stateless (XXA) belong to no region. Bangkok's offices: 3 + 5 + 2 women, 4 + 6 men (Vienna's 7 and
        // 9 are not counted, or the sides would be 17 and 19).
        Assert.Equal(
            ["europe-below-africa Error year=2023,office=CO-AFG 7 5", "europe-below-africa Error year=2023,office=CO-BGD 6 2", "bangkok-more-women Error year=2023 10 10"],
            findings.Select(Show));

        // Membership changes with the year; a rule's selection is one set of countries for every year, so it is refused.
        var membership = await Assert.ThrowsAsync<AlmanacException>(() => new RuleEngine(test.Store).EvaluateAsync(RuleSetReader.Read("""
            rules:
              - id: members
                left: x.staff[nationality.membership=member]
                operator: ">="
                right: x.staff[nationality.membership=non-member]
                by: [year]
            """, "rules.yaml"), [], Ct));
        Assert.Contains("Rule 'members': 'nationality.membership' depends on the year", membership.Message, StringComparison.Ordinal);
        var unknown = await Assert.ThrowsAsync<AlmanacException>(() => new RuleEngine(test.Store).EvaluateAsync(RuleSetReader.Read("""
            rules:
              - id: continents
                left: x.staff[nationality.continent=Europe]
                operator: ">="
                right: x.staff
                by: [year]
            """, "rules.yaml"), [], Ct));
        Assert.Contains("no dimension or level 'nationality.continent'", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("nationality.region", unknown.Message, StringComparison.Ordinal);
    }
}
