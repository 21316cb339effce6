using System.Globalization;

namespace Almanac.Domain.Analytics;

/// <summary>
/// Consistency rules as data: each compares a left and a right expression over measures at a grain, with an operator,
/// a tolerance, a missing-value strategy and a severity. Read from YAML (<c>Almanac.Analytics.Rules.RuleSetReader</c>),
/// generated from dimension hierarchies (<c>RuleGenerator</c>), evaluated by <c>Almanac.Analytics.Rules.RuleEngine</c>.
/// </summary>
public sealed record RuleSet(IReadOnlyList<Rule> Rules)
{
    public static readonly RuleSet Empty = new([]);

    public RuleSet With(RuleSet other) => new([.. Rules, .. other.Rules]);
}

/// <summary>
/// One rule: <see cref="Left"/> <see cref="Operator"/> <see cref="Right"/> must hold in every group of <see cref="By"/>
/// (e.g. year, office, grade): "staff.headcount[sex=total] = staff.headcount[sex=*]".
/// </summary>
/// <param name="Id">Names the rule in findings.</param>
/// <param name="By">The dimensions the comparison is made per ("year" and "office" included when wanted); a declared
/// total (an empty cell) is a group of its own. A dimension neither in <paramref name="By"/> nor filtered by a term is
/// added up over its members (never over its declared totals).</param>
/// <param name="Tolerance">How far apart the two sides may be and still be equal (absolute).</param>
public sealed record Rule(
    string Id,
    RuleExpression Left,
    RuleOperator Operator,
    RuleExpression Right,
    IReadOnlyList<string> By,
    RuleSeverity Severity = RuleSeverity.Error,
    MissingValues Missing = MissingValues.Skip,
    decimal Tolerance = 0,
    string? Description = null)
{
    /// <summary>The measures the rule reads.</summary>
    public IEnumerable<string> Measures => Left.Terms.Concat(Right.Terms).Select(t => t.Measure).Distinct(StringComparer.Ordinal);

    public string Text => $"{Left} {Operator.Symbol()} {Right}";
}

/// <summary>A sum of terms, each a measure's value over a selection, times a coefficient (usually 1 or -1).</summary>
public sealed record RuleExpression(IReadOnlyList<RuleTerm> Terms)
{
    public static RuleExpression Of(params RuleTerm[] terms) => new(terms);

    public override string ToString() => string.Join(" ", Terms.Select((t, i) =>
        (i == 0 ? (t.Coefficient < 0 ? "-" : "") : t.Coefficient < 0 ? "- " : "+ ")
        + (Math.Abs(t.Coefficient) == 1 ? "" : Math.Abs(t.Coefficient).ToString(CultureInfo.InvariantCulture) + " × ") + t));
}

/// <summary>
/// A measure over a selection: dimension → members; <see cref="Total"/> selects the declared total (the empty cell) and
/// <see cref="AnyMember"/> every member (the parts). A parent member (category PH) selects its children.
/// </summary>
public sealed record RuleTerm(string Measure, IReadOnlyDictionary<string, IReadOnlyList<string>> Where, decimal Coefficient = 1)
{
    public const string Total = "total";
    public const string AnyMember = "*";

    public static RuleTerm Of(string measure, params (string Dimension, string Member)[] where) =>
        new(measure, where.GroupBy(w => w.Dimension, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g.Select(w => w.Member)], StringComparer.Ordinal));

    public override string ToString() => Where.Count == 0 ? Measure
        : $"{Measure}[{string.Join(", ", Where.OrderBy(w => w.Key, StringComparer.Ordinal).Select(w => $"{w.Key}={string.Join('|', w.Value)}"))}]";
}

/// <summary>How the two sides of a rule compare.</summary>
public enum RuleOperator
{
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}

/// <summary>How bad a broken rule is.</summary>
public enum RuleSeverity
{
    Error,
    Warning,
    Information,
}

/// <summary>What a rule does where a side has no observation.</summary>
public enum MissingValues
{
    /// <summary>No comparison: a side without observations is not checked.</summary>
    Skip,

    /// <summary>A side without observations counts as 0.</summary>
    Zero,

    /// <summary>A side without observations, where the other has some, is itself a finding.</summary>
    Finding,
}

/// <summary>Symbols and parsing for <see cref="RuleOperator"/>.</summary>
public static class RuleOperators
{
    public static string Symbol(this RuleOperator op) => op switch
    {
        RuleOperator.Equal => "=",
        RuleOperator.NotEqual => "<>",
        RuleOperator.Less => "<",
        RuleOperator.LessOrEqual => "<=",
        RuleOperator.Greater => ">",
        _ => ">=",
    };

    public static RuleOperator? Parse(string text) => text.Trim() switch
    {
        "=" or "==" => RuleOperator.Equal,
        "<>" or "!=" => RuleOperator.NotEqual,
        "<" => RuleOperator.Less,
        "<=" => RuleOperator.LessOrEqual,
        ">" => RuleOperator.Greater,
        ">=" => RuleOperator.GreaterOrEqual,
        _ => null,
    };

    /// <summary>Whether <paramref name="left"/> and <paramref name="right"/> satisfy the operator, equality within <paramref name="tolerance"/>.</summary>
    public static bool Holds(this RuleOperator op, decimal left, decimal right, decimal tolerance) => op switch
    {
        RuleOperator.Equal => Math.Abs(left - right) <= tolerance,
        RuleOperator.NotEqual => Math.Abs(left - right) > tolerance,
        RuleOperator.Less => left < right + tolerance,
        RuleOperator.LessOrEqual => left <= right + tolerance,
        RuleOperator.Greater => left + tolerance > right,
        _ => left + tolerance >= right,
    };
}

/// <summary>A group in which a rule does not hold: where (each <see cref="Rule.By"/> dimension's member, null for a declared total), both sides, why.</summary>
public sealed record RuleFinding(string RuleId, RuleSeverity Severity, IReadOnlyList<(string Dimension, string? Member)> At, decimal? Left, decimal? Right, string Message);
