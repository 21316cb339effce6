using Almanac.Domain.Analytics;

namespace Almanac.Store.Facts;

/// <summary>
/// Rules compiled for the fact table, checked in one statement by <see cref="IAlmanacStore.CheckFactsAsync"/>: the row
/// selections their terms add up, and the checks that compare them per group. Only broken groups come back.
/// </summary>
/// <param name="Years">The years checked; empty for all.</param>
/// <param name="Selections">The distinct selections the checks' terms refer to by index.</param>
/// <param name="Checks">The rules, each per group of its own columns.</param>
public sealed record FactRuleBatch(IReadOnlyList<int> Years, IReadOnlyList<FactSelection> Selections, IReadOnlyList<FactRuleCheck> Checks);

/// <summary>The rows a term adds up within a check's group: one measure's current facts that meet every condition.</summary>
public sealed record FactSelection(int MeasureId, IReadOnlyList<FactCondition> Conditions);

/// <summary>
/// One rule: in every group of <paramref name="GroupBy"/> (a declared total, code 0, is a group of its own), the sum of
/// the left terms against the sum of the right ones by <paramref name="Operator"/>, equality within
/// <paramref name="Tolerance"/>. A term whose selection has no row in the group is missing, as <paramref name="Missing"/>
/// says. A group is checked where some term has rows, and with <see cref="MissingValues.Zero"/> wherever one of the
/// check's measures has a fact (both sides are then 0 when no term has rows).
/// </summary>
public sealed record FactRuleCheck(IReadOnlyList<FactColumn> GroupBy, IReadOnlyList<FactTerm> Left, RuleOperator Operator, IReadOnlyList<FactTerm> Right, decimal Tolerance, MissingValues Missing)
{
    /// <summary>A side's value from its terms' sums (null: no row): missing as the strategy says.</summary>
    public decimal? Side(IReadOnlyList<FactTerm> terms, IReadOnlyList<decimal?> sums)
    {
        decimal total = 0;
        for (var i = 0; i < terms.Count; i++)
        {
            var value = sums[i] ?? (Missing == MissingValues.Zero ? 0 : null);
            if (value is null) return null;
            total += terms[i].Coefficient * value.Value;
        }
        return total;
    }

    /// <summary>Whether the sides break the check: the meaning the store's SQL reproduces (<c>SqlStore.Violated</c>).</summary>
    public bool Broken(decimal? left, decimal? right) => (left, right) switch
    {
        ({ } l, { } r) => !Operator.Holds(l, r, Tolerance),
        (null, null) => false,
        _ => Missing == MissingValues.Finding,
    };
}

/// <summary>A coefficient times the sum of the batch's selection at index <paramref name="Selection"/>.</summary>
public sealed record FactTerm(decimal Coefficient, int Selection);

/// <summary>
/// A group where a check is broken: the check's index, the group's codes (aligned with its
/// <see cref="FactRuleCheck.GroupBy"/>), and each term's sum, left and right (null where its selection has no row).
/// </summary>
public sealed record FactRuleBreak(int Check, IReadOnlyList<int> Keys, IReadOnlyList<decimal?> Left, IReadOnlyList<decimal?> Right);
