using System.Globalization;
using System.Text;
using Almanac.Analytics.Rules;
using Almanac.Domain.Analytics;
using Almanac.Tests;

namespace Almanac.Analytics.Tests;

/// <summary>
/// Where the rule statement (facts aggregated once, grouping sets, selections joined as rows) could go wrong: several
/// groupings in one batch, declared totals against parts, member lists, cross-measure identities, each missing-value
/// strategy, coefficients, tolerance, every operator, and findings without a cap; known answers, on both stores.
/// </summary>
public sealed class RuleBatchTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Show(RuleFinding f) =>
        $"{f.RuleId} {string.Join(",", f.At.Select(a => $"{a.Dimension}={a.Member ?? "total"}"))} {f.Left?.ToString(CultureInfo.InvariantCulture) ?? "-"} {f.Right?.ToString(CultureInfo.InvariantCulture) ?? "-"}";

    private static RuleTerm Term(string measure, params (string Dimension, string Member)[] where) => RuleTerm.Of(measure, where);

    private static Rule Compare(string id, RuleTerm left, RuleOperator op, RuleTerm right, string[] by, MissingValues missing = MissingValues.Skip, decimal tolerance = 0) =>
        new(id, RuleExpression.Of(left), op, RuleExpression.Of(right), by, Missing: missing, Tolerance: tolerance);

    /// <summary>
    /// Each store, with each observation once, and 50 times over: then the facts far outnumber the combinations of the
    /// rules' finest grain, and the statement adds them up to it before anything else (its other plan).
    /// </summary>
    public static TheoryData<string, int> EnginesAndRepeats => new() { { "duckdb", 1 }, { "duckdb", 50 }, { "postgres", 1 }, { "postgres", 50 } };

    [Theory]
    [MemberData(nameof(EnginesAndRepeats))]
    public async Task Rules_with_different_groupings_in_one_batch_each_find_their_own_groups(string engine, int repeat)
    {
        await using var test = await TestStores.CreateAsync(engine);
        var lines = """
            h,2022,A,F,P-1,3
            h,2022,A,M,P-1,2
            h,2022,A,F,P-2,1
            h,2022,A,M,P-2,4
            h,2022,A,F,G-1,5
            h,2022,A,M,G-1,5
            h,2022,A,,P-1,5
            h,2022,A,,P-2,6
            h,2022,A,,G-1,10
            h,2022,B,F,P-1,1
            h,2022,B,M,P-1,1
            h,2022,B,F,,2
            h,2022,B,M,,1
            h,2023,A,F,G-1,7
            h,2023,A,M,G-1,2
            """.Split('\n');
        await FactTestData.ImportAsync(test.Store, "measure,year,office,sex,grade,value\n" + string.Join("\n", Enumerable.Repeat(lines, repeat).SelectMany(l => l)));
        var rules = new RuleSet([
            // Declared totals over sex (office A's grades) and over grade (office B's sexes) against their parts; a group
            // whose total is not declared (office B at grade total, office A at sex total) has a missing side: skipped.
            Compare("sex-total", Term("h", ("sex", RuleTerm.Total)), RuleOperator.Equal, Term("h", ("sex", RuleTerm.AnyMember)), ["year", "office", "grade"]),
            Compare("grade-total", Term("h", ("grade", RuleTerm.Total)), RuleOperator.Equal, Term("h", ("grade", RuleTerm.AnyMember)), ["year", "office", "sex"]),
            // A parent member selects its children, over every office: 2022 has 10 + 2 Professional staff against 10 General Service.
            Compare("ph-at-most-gs", Term("h", ("category", "PH")), RuleOperator.LessOrEqual, Term("h", ("category", "GS")), ["year"]),
            // No grouping at all: every year and office, men 2 + 4 + 5 + 1 + 2 = 14 against women 3 + 1 + 5 + 1 + 7 = 17.
            Compare("men-at-least-women", Term("h", ("sex", "M")), RuleOperator.GreaterOrEqual, Term("h", ("sex", "F")), []),
            // Missing as zero: office B has no P-2 (0 against 2); 2023's office A has neither grade, but has facts: 0 against 0.
            Compare("p2-above-p1", Term("h", ("grade", "P-2")), RuleOperator.Greater, Term("h", ("grade", "P-1")), ["year", "office"], MissingValues.Zero),
            // A list of members: P-1 and P-2 together, per office, against all of the office's staff.
            Compare("p1-p2-are-all", Term("h", ("grade", "P-1"), ("grade", "P-2")), RuleOperator.Equal, Term("h"), ["year", "office"]),
        ]);

        var findings = await new RuleEngine(test.Store).EvaluateAsync(rules, [], Ct);

        string[] expected = [
            "sex-total year=2022,office=A,grade=P-2 6 5",
            "grade-total year=2022,office=B,sex=F 2 1",
            "ph-at-most-gs year=2022 12 10",
            "men-at-least-women  14 17",
            "p2-above-p1 year=2022,office=A 5 5",
            "p2-above-p1 year=2022,office=B 0 2",
            "p2-above-p1 year=2023,office=A 0 0",
            "p1-p2-are-all year=2022,office=A 10 20",
        ];
        // Repeated, every sum is that many times larger; the same groups break.
        Assert.Equal(expected.Select(e => string.Join(' ', e.Split(' ').Select((w, i) => i >= 2 && int.TryParse(w, out var n) ? (n * repeat).ToString(CultureInfo.InvariantCulture) : w))),
            findings.Select(Show));
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task A_cross_measure_identity_with_a_negative_coefficient_follows_each_missing_value_strategy(string engine)
    {
        await using var test = await TestStores.CreateAsync(engine);
        // 2022 adds up; 2023 does not (6 against 10 - 3); 2024 has only the inflow, 2025 only the net figure.
        await FactTestData.ImportAsync(test.Store, """
            measure,year,office,sex,value
            flow.in,2022,,F,10
            flow.out,2022,,F,4
            flow.net,2022,,F,6
            flow.in,2023,,F,10
            flow.out,2023,,F,3
            flow.net,2023,,F,6
            flow.in,2024,,F,5
            flow.net,2025,,F,1
            """);
        static Rule Identity(MissingValues missing) => new($"net-{missing}".ToLowerInvariant(), RuleExpression.Of(Term("flow.net")), RuleOperator.Equal,
            RuleExpression.Of(Term("flow.in"), Term("flow.out") with { Coefficient = -1 }), ["year"], Missing: missing);

        var findings = await new RuleEngine(test.Store).EvaluateAsync(new RuleSet([Identity(MissingValues.Skip), Identity(MissingValues.Finding), Identity(MissingValues.Zero)]), [], Ct);

        // A side is missing when any of its terms is (2024's right side has no outflow), unless missing counts as zero.
        Assert.Equal([
            "net-skip year=2023 6 7",
            "net-finding year=2023 6 7",
            "net-finding year=2025 1 -",
            "net-zero year=2023 6 7",
            "net-zero year=2024 0 5",
            "net-zero year=2025 1 0",
        ], findings.Select(Show));
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task Coefficients_and_tolerance_keep_the_numbers_as_decimal_arithmetic_gives_them(string engine)
    {
        await using var test = await TestStores.CreateAsync(engine);
        await FactTestData.ImportAsync(test.Store, """
            measure,year,office,sex,value
            m,2022,,F,4.20
            m,2022,,M,2.10
            m,2023,,F,4.20
            m,2023,,M,2.15
            m,2024,,F,3
            m,2024,,M,1
            """);
        var half = new Rule("half", RuleExpression.Of(Term("m", ("sex", "F")) with { Coefficient = 0.5m }), RuleOperator.Equal,
            RuleExpression.Of(Term("m", ("sex", "M"))), ["year"], Tolerance: 0.02m);
        // 2023: 4.2 against 2 × 2.15 = 4.30, exactly the tolerance apart, holds.
        var twice = new Rule("twice", RuleExpression.Of(Term("m", ("sex", "F"))), RuleOperator.Equal,
            RuleExpression.Of(Term("m", ("sex", "M")) with { Coefficient = 2 }), ["year"], Tolerance: 0.1m);

        var findings = await new RuleEngine(test.Store).EvaluateAsync(new RuleSet([half, twice]), [], Ct);

        // 0.5 × 4.2 is 2.10 (decimal scales add), as the finding prints it; 2023 is 0.05 apart, beyond 0.02.
        Assert.Equal(["half year=2023 2.10 2.15", "half year=2024 1.5 1", "twice year=2024 3 2"], findings.Select(Show));
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task Each_operator_breaks_exactly_where_it_does_not_hold_within_the_tolerance(string engine)
    {
        await using var test = await TestStores.CreateAsync(engine);
        // Women minus men: -2, -1, 0, 1, 2 in 2020…2024.
        var csv = new StringBuilder("measure,year,office,sex,value\n");
        for (var year = 2020; year <= 2024; year++) csv.Append(CultureInfo.InvariantCulture, $"d,{year},,F,10\nd,{year},,M,{12 - (year - 2020)}\n");
        await FactTestData.ImportAsync(test.Store, csv.ToString());
        var operators = Enum.GetValues<RuleOperator>();
        var rules = new RuleSet([.. operators.Select(op => Compare(op.Symbol(), Term("d", ("sex", "F")), op, Term("d", ("sex", "M")), ["year"], tolerance: 1))]);

        var findings = await new RuleEngine(test.Store).EvaluateAsync(rules, [], Ct);

        var broken = operators.ToDictionary(op => op.Symbol(), op => string.Join(",", findings.Where(f => f.RuleId == op.Symbol()).Select(f => f.At[0].Member)));
        Assert.Equal(new Dictionary<string, string>
        {
            ["="] = "2020,2024",
            ["<>"] = "2021,2022,2023",
            ["<"] = "2023,2024",
            ["<="] = "2024",
            [">"] = "2020,2021",
            [">="] = "2020",
        }, broken);
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task Ten_thousand_broken_groups_are_ten_thousand_findings(string engine)
    {
        await using var test = await TestStores.CreateAsync(engine);
        const int Offices = 5000;
        var csv = new StringBuilder("measure,year,office,sex,value\n");
        foreach (var year in new[] { 2022, 2023 })
        {
            for (var office = 1; office <= Offices; office++)
            {
                // Every declared total is one more than its parts, except office 7's in 2023.
                var total = year == 2023 && office == 7 ? 2 : 3;
                csv.Append(CultureInfo.InvariantCulture, $"n,{year},O{office},F,1\nn,{year},O{office},M,1\nn,{year},O{office},,{total}\n");
            }
        }
        await FactTestData.ImportAsync(test.Store, csv.ToString());
        var rules = RuleGenerator.PartsSumToTotals(await test.Store.FactCatalogAsync(Ct));
        Assert.Equal(["year", "office"], Assert.Single(rules.Rules).By);

        var findings = await new RuleEngine(test.Store).EvaluateAsync(rules, [], Ct);

        Assert.Equal(2 * Offices - 1, findings.Count);
        Assert.All(findings, f => Assert.Equal((3m, 2m), (f.Left, f.Right)));
        var groups = findings.Select(f => $"{f.At[0].Member}/{f.At[1].Member}").ToHashSet(StringComparer.Ordinal);
        Assert.Equal(2 * Offices - 1, groups.Count);
        Assert.DoesNotContain("2023/O7", groups);
        Assert.Contains("2022/O7", groups);
        Assert.Contains($"2023/O{Offices}", groups);
    }

    /// <summary>
    /// PostgreSQL compares the sides in .NET over the grouped sums (<c>ComparesRulesInDotNet</c>), DuckDB in the one
    /// statement: over the same random facts — values missing at random, decimals, negative coefficients — every
    /// operator, tolerance and missing-value strategy in several groupings must break exactly the same groups with the same sums.
    /// </summary>
    [Fact]
    public async Task PostgreSQLs_comparison_in_dotnet_finds_what_DuckDBs_statement_finds()
    {
        var random = new Random(20261205);
        var csv = new StringBuilder("measure,year,office,sex,grade,value\n");
        foreach (var measure in new[] { "a", "b" })
        {
            foreach (var year in new[] { 2021, 2022, 2023 })
            {
                foreach (var office in new[] { "A", "B", "C", "" })
                {
                    foreach (var sex in new[] { "F", "M", "" })
                    {
                        foreach (var grade in new[] { "P-1", "P-2", "G-1", "" })
                        {
                            // A third of the cells are absent, so that terms and whole sides go missing in some groups.
                            if (random.Next(3) == 0) continue;
                            csv.Append(CultureInfo.InvariantCulture, $"{measure},{year},{office},{sex},{grade},{random.Next(0, 400) / 4m}\n");
                        }
                    }
                }
            }
        }
        // A group where the measures have facts but no term has rows: missing as zero, both sides are 0 there.
        csv.Append("a,2024,D,,G-2,5\n");
        string[][] groupings = [["year"], ["year", "office"], ["year", "office", "grade"], []];
        var rules = new List<Rule>();
        foreach (var op in Enum.GetValues<RuleOperator>())
        {
            foreach (var missing in Enum.GetValues<MissingValues>())
            {
                foreach (var tolerance in new[] { 0m, 2.5m })
                {
                    var by = groupings[rules.Count % groupings.Length];
                    (string, string)[] ofGrade = by.Contains("grade") ? [] : [("grade", "P-2")];
                    rules.Add(new Rule($"r{rules.Count}",
                        RuleExpression.Of(Term("a", [("sex", "F"), .. ofGrade]), Term("b", ("sex", RuleTerm.Total)) with { Coefficient = -0.5m }),
                        op,
                        RuleExpression.Of(Term("b", [("sex", "M"), .. ofGrade]) with { Coefficient = 1.25m }, Term("a", ("sex", RuleTerm.AnyMember))),
                        by, Missing: missing, Tolerance: tolerance));
                }
            }
        }

        async Task<IReadOnlyList<RuleFinding>> FindingsAsync(string engine)
        {
            await using var test = await TestStores.CreateAsync(engine);
            await FactTestData.ImportAsync(test.Store, csv.ToString());
            return await new RuleEngine(test.Store).EvaluateAsync(new RuleSet(rules), [], Ct);
        }
        var duckdb = await FindingsAsync("duckdb");
        var postgres = await FindingsAsync("postgres");

        Assert.Equal(duckdb.Select(Show), postgres.Select(Show));
        // Each path was taken: groups broken with both sides, and (missing as a finding) with one side missing.
        Assert.True(duckdb.Count(f => f.Left is not null && f.Right is not null) > 50, $"{duckdb.Count} findings");
        Assert.Contains(duckdb, f => (f.Left is null) != (f.Right is null));
        Assert.Contains(duckdb, f => f.Left == 0 && f.Right == 0 && f.At.Any(a => a.Member == "2024"));
    }
}
