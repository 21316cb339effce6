using System.Globalization;
using System.Text;

namespace Almanac.Bench;

/// <summary>
/// One of the ten pivot queries: what it asks, and the SQL a DuckDB expert would write for it. Percentages are whole
/// numbers rounded half away from zero and ratios have 4 decimals, as Almanac's indicators give them (as the reports
/// print them).
/// </summary>
/// <param name="Sql">Over <c>obs</c> (the observation file as a table), <c>office_dim</c> (office, country, region) and
/// <c>grade_dim</c> (grade, category); returns the answer in long form, one value per row in the last column.</param>
public sealed record AnalyticsPivot(string Id, string Title, string Sql);

/// <summary>
/// One side of a comparison rule: the sum of a measure's detail observations for one (year, office), optionally
/// filtered on one dimension (sex, grade, or the grade's category), times a factor.
/// </summary>
public sealed record RuleSide(int Measure, string? Sex, string? Grade, string? Category, decimal Factor)
{
    public string MeasureCode => AnalyticsDataset.MeasureCode(Measure);

    /// <summary>The filter as one text ("sex=F", "grade=P-4", "category=PH", or "" for none), as the reference groups.</summary>
    public string FilterKey => Sex is not null ? "sex=" + Sex : Grade is not null ? "grade=" + Grade : Category is not null ? "category=" + Category : "";
}

/// <summary>
/// A rule of the benchmark's rule set, evaluated for every (year, office): either "the declared total of a measure
/// equals the sum of its parts" (<see cref="TotalMeasure"/> set; over everything, or per grade) or "left op right".
/// </summary>
public sealed record AnalyticsRule(string Id, int? TotalMeasure, bool PerGrade, RuleSide? Left, string? Operator, RuleSide? Right);

/// <summary>The benchmark's workload: the ten pivot queries and the 1,000 rules, each with its reference SQL.</summary>
public static class AnalyticsWorkload
{
    public const int RuleCount = 1000;

    /// <summary>Comparison rules treat a side without any observation as missing and skip that (year, office).</summary>
    public const bool MissingSidesSkip = true;

    /// <summary>Twenty nationalities for the filtered query: every twelfth of the ordered list.</summary>
    public static IReadOnlyList<string> FilterNationalities(AnalyticsDataset data) => [.. data.Nationalities.Where((_, i) => i % 12 == 0).Take(20)];

    public static IReadOnlyList<AnalyticsPivot> Pivots(AnalyticsDataset data)
    {
        var nationalities = string.Join(", ", FilterNationalities(data).Select(n => $"'{n}'"));
        return
        [
            new("Q01", "M11 in 2023: grade × sex, with row, column and grand totals", """
                SELECT grade, sex, SUM(value) AS value FROM obs WHERE measure = 'M11' AND year = 2023
                GROUP BY GROUPING SETS ((grade, sex), (grade), (sex), ())
                """),
            new("Q02", "M12: % women by grade × year (20 years)", """
                SELECT grade, year, ROUND(100 * SUM(value) FILTER (WHERE sex = 'F') / SUM(value)) AS value
                FROM obs WHERE measure = 'M12' GROUP BY grade, year
                """),
            new("Q03", "M12: change in percentage points of % women by grade, 2022 → 2023", """
                WITH pct AS (
                    SELECT grade, year, ROUND(100 * SUM(value) FILTER (WHERE sex = 'F') / SUM(value)) AS pct
                    FROM obs WHERE measure = 'M12' AND year IN (2022, 2023) GROUP BY grade, year)
                SELECT grade, MAX(pct) FILTER (WHERE year = 2023) - MAX(pct) FILTER (WHERE year = 2022) AS value
                FROM pct GROUP BY grade
                """),
            new("Q04", "M13 in 2023: region → country (of the office) × sex, with sub-totals", """
                SELECT d.region, d.country, o.sex, SUM(o.value) AS value
                FROM obs o JOIN office_dim d ON d.office = o.office WHERE o.measure = 'M13' AND o.year = 2023
                GROUP BY GROUPING SETS ((d.region, d.country, o.sex), (d.region, o.sex), (o.sex), (d.region, d.country), (d.region), ())
                """),
            new("Q05", "M14 in 2023: top 10 nationalities and the others", """
                WITH n AS (SELECT nationality, SUM(value) AS v FROM obs WHERE measure = 'M14' AND year = 2023 GROUP BY nationality),
                     r AS (SELECT nationality, v, row_number() OVER (ORDER BY v DESC, nationality) AS rn FROM n)
                SELECT CASE WHEN rn <= 10 THEN nationality ELSE 'Others' END AS nationality, SUM(v) AS value FROM r GROUP BY 1
                """),
            new("Q06", "M15 in 2023 by office: value, change since 2022, and that change in %", """
                WITH y AS (
                    SELECT office, SUM(value) FILTER (WHERE year = 2023) AS v1, SUM(value) FILTER (WHERE year = 2022) AS v0
                    FROM obs WHERE measure = 'M15' AND year IN (2022, 2023) GROUP BY office)
                SELECT office, unnest(['value', 'change', 'change %']) AS item,
                       unnest([CAST(v1 AS DOUBLE), CAST(v1 - v0 AS DOUBLE), ROUND(100 * (v1 - v0) / v0)]) AS value
                FROM y
                """),
            new("Q07", "M16, 2014–2023, Professional category, women, 20 nationalities: year × grade", $"""
                SELECT o.year, o.grade, SUM(o.value) AS value
                FROM obs o JOIN grade_dim g ON g.grade = o.grade
                WHERE o.measure = 'M16' AND o.year BETWEEN 2014 AND 2023 AND g.category = 'PH' AND o.sex = 'F'
                  AND o.nationality IN ({nationalities})
                GROUP BY o.year, o.grade
                """),
            new("Q08", "M17 in 2023: category → grade × sex, with sub-totals and totals", """
                SELECT g.category, o.grade, o.sex, SUM(o.value) AS value
                FROM obs o JOIN grade_dim g ON g.grade = o.grade WHERE o.measure = 'M17' AND o.year = 2023
                GROUP BY GROUPING SETS ((g.category, o.grade, o.sex), (g.category, o.sex), (o.sex), (g.category, o.grade), (g.category), ())
                """),
            new("Q09", "Ratio of two amounts, M41 / M42 (to 4 decimals), by category × year", """
                SELECT g.category, o.year, ROUND(SUM(o.value) FILTER (WHERE o.measure = 'M41') / SUM(o.value) FILTER (WHERE o.measure = 'M42'), 4) AS value
                FROM obs o JOIN grade_dim g ON g.grade = o.grade WHERE o.measure IN ('M41', 'M42')
                GROUP BY g.category, o.year
                """),
            new("Q10", "M18: each grade's share (%) of the year's total, by grade × year", """
                SELECT grade, year, ROUND(100 * SUM(value) / SUM(SUM(value)) OVER (PARTITION BY year)) AS value
                FROM obs WHERE measure = 'M18' GROUP BY grade, year
                """),
        ];
    }

    /// <summary>
    /// The 1,000 rules: for each of measures 1–10, its declared total against the sum of its parts, over everything
    /// and per grade (20 rules, whose findings the generator counted); then 980 comparisons over measures 11–50, in
    /// three kinds: a part is at most its whole (no findings), women are at least 10–18 % of the whole (findings where
    /// they are not), and a filtered sum is at most twice or three times another measure's whole (a few findings).
    /// </summary>
    public static IReadOnlyList<AnalyticsRule> Rules(AnalyticsDataset data)
    {
        var rules = new List<AnalyticsRule>(RuleCount);
        for (var m = 1; m <= AnalyticsDataset.MeasuresWithTotals; m++)
        {
            rules.Add(new($"H{m:00}-total", m, PerGrade: false, null, null, null));
            rules.Add(new($"H{m:00}-grade", m, PerGrade: true, null, null, null));
        }
        var measures = AnalyticsDataset.MeasureCount - AnalyticsDataset.MeasuresWithTotals;
        for (var k = 0; rules.Count < RuleCount; k++)
        {
            var a = AnalyticsDataset.MeasuresWithTotals + 1 + k % measures;
            var b = AnalyticsDataset.MeasuresWithTotals + 1 + (k * 7 + 3) % measures;
            var id = string.Create(CultureInfo.InvariantCulture, $"R{k + 1:0000}");
            rules.Add((k % 3) switch
            {
                0 => new(id, null, false, Filtered(data, a, k, 1m), "<=", new(a, null, null, null, 1m)),
                1 => new(id, null, false, new(a, "F", null, null, 1m), ">=", new(a, null, null, null, 0.10m + (0.02m * (k % 5)))),
                _ => new(id, null, false, Filtered(data, a, k, 1m), "<=", new(b, null, null, null, k % 2 == 0 ? 2m : 3m)),
            });
        }
        return rules;
    }

    /// <summary>The family a rule belongs to, for the profile: declared totals, comparisons within one measure, across two.</summary>
    public static string Family(AnalyticsRule rule) =>
        rule.TotalMeasure is not null ? "declared totals = sum of parts"
        : rule.Left!.Measure == rule.Right!.Measure ? "comparisons within one measure" : "comparisons across two measures";

    private static RuleSide Filtered(AnalyticsDataset data, int measure, int k, decimal factor) => (k / 3 % 3) switch
    {
        0 => new(measure, k % 2 == 0 ? "F" : "M", null, null, factor),
        1 => new(measure, null, data.Grades[k % data.Grades.Count].Code, null, factor),
        _ => new(measure, null, null, k % 2 == 0 ? "PH" : "GS", factor),
    };

    /// <summary>
    /// The reference SQL for the whole rule set, batched as a DuckDB expert would: the rules become a table of
    /// sides; one pass over the observations of the measures they name computes every (measure, year, office)
    /// sum the sides need, by filter, with GROUPING SETS; a join of the sides with those sums, grouped by rule, year and office, gives both sides of
    /// each comparison at once (no self-join), and the comparison is one CASE on the operator. The declared totals are checked in a second pass, also one GROUP BY with
    /// GROUPING SETS (over everything, per grade). Returns rule id, year, office, grade (or NULL), left, right.
    /// </summary>
    public static string RulesSql(IReadOnlyList<AnalyticsRule> rules)
    {
        var sides = new StringBuilder();
        var ops = new StringBuilder();
        var comparisons = rules.Where(r => r.Left is not null).ToList();
        for (var n = 0; n < comparisons.Count; n++)
        {
            var r = comparisons[n];
            ops.Append(ops.Length > 0 ? ", " : "").Append(CultureInfo.InvariantCulture, $"({n}, '{r.Id}', '{r.Operator}')");
            foreach (var (side, s) in new[] { ('L', r.Left!), ('R', r.Right!) })
            {
                sides.Append(sides.Length > 0 ? ",\n" : "").Append(CultureInfo.InvariantCulture, $"({n}, '{side}', '{s.MeasureCode}', '{s.FilterKey}', {s.Factor.ToString(CultureInfo.InvariantCulture)})");
            }
        }
        var totals = string.Join(", ", rules.Where(r => r.TotalMeasure is not null).Select(r => $"'{AnalyticsDataset.MeasureCode(r.TotalMeasure!.Value)}'").Distinct());
        // A side without any observation is NULL: skipped, or taken as zero.
        var (lv, rv, skip) = MissingSidesSkip ? ("lv", "rv", "WHERE lv IS NOT NULL AND rv IS NOT NULL") : ("COALESCE(lv, 0)", "COALESCE(rv, 0)", "");
        // Narrow decimals on purpose: a (measure, year, office) sum fits DECIMAL(14,2) and a factor DECIMAL(4,2), so
        // their product is a DECIMAL(18,4), a 64-bit integer to DuckDB, where SUM's DECIMAL(38,2) is 128-bit.
        return $"""
            WITH rule (rule_no, rule_id, op) AS (VALUES {ops}),
            rule_side (rule_no, side, measure, filter, factor) AS (SELECT col0, col1, col2, col3, CAST(col4 AS DECIMAL(4,2)) FROM (VALUES
            {sides})),
            sums AS (
                SELECT o.measure, o.year, o.office,
                       CASE WHEN GROUPING(o.sex) = 0 THEN 'sex=' || o.sex
                            WHEN GROUPING(o.grade) = 0 THEN 'grade=' || o.grade
                            WHEN GROUPING(g.category) = 0 THEN 'category=' || g.category ELSE '' END AS filter,
                       CAST(SUM(o.value) AS DECIMAL(14,2)) AS v
                FROM obs o JOIN grade_dim g ON g.grade = o.grade
                WHERE o.measure IN (SELECT DISTINCT measure FROM rule_side) AND o.sex IS NOT NULL AND o.nationality IS NOT NULL
                GROUP BY GROUPING SETS ((o.measure, o.year, o.office), (o.measure, o.year, o.office, o.sex),
                                        (o.measure, o.year, o.office, o.grade), (o.measure, o.year, o.office, g.category))),
            compared AS (
                SELECT s.rule_no, a.year, a.office,
                       MAX(a.v * s.factor) FILTER (WHERE s.side = 'L') AS lv, MAX(a.v * s.factor) FILTER (WHERE s.side = 'R') AS rv
                FROM rule_side s JOIN sums a ON a.measure = s.measure AND a.filter = s.filter
                GROUP BY s.rule_no, a.year, a.office),
            parts AS (
                SELECT measure, year, office, grade, SUM(value) AS v
                FROM obs WHERE measure IN ({totals}) AND sex IS NOT NULL AND grade IS NOT NULL AND nationality IS NOT NULL
                GROUP BY GROUPING SETS ((measure, year, office), (measure, year, office, grade))),
            declared AS (
                SELECT measure, year, office, grade, value FROM obs
                WHERE measure IN ({totals}) AND sex IS NULL AND nationality IS NULL)
            SELECT r.rule_id, c.year, c.office, NULL AS grade, c.lv, c.rv
            FROM (SELECT rule_no, year, office, {lv} AS lv, {rv} AS rv FROM compared {skip}) c JOIN rule r ON r.rule_no = c.rule_no
            WHERE NOT CASE r.op WHEN '<=' THEN c.lv <= c.rv WHEN '>=' THEN c.lv >= c.rv WHEN '<' THEN c.lv < c.rv WHEN '>' THEN c.lv > c.rv ELSE c.lv = c.rv END
            UNION ALL
            SELECT 'H' || substr(t.measure, 2) || CASE WHEN t.grade IS NULL THEN '-total' ELSE '-grade' END, t.year, t.office, t.grade, t.value, p.v
            FROM declared t JOIN parts p ON p.measure = t.measure AND p.year = t.year AND p.office = t.office
                 AND p.grade IS NOT DISTINCT FROM t.grade
            WHERE t.value <> p.v
            """;
    }
}
