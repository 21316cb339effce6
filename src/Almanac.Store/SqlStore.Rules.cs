using System.Globalization;
using Almanac.Store.Facts;

namespace Almanac.Store;

/// <summary>Consistency rules over the fact table, checked in the engine so that only broken groups come back.</summary>
public abstract partial class SqlStore
{
    /// <summary>
    /// The batch's broken groups, each with its terms' sums, from one statement (<see cref="RuleStatement"/>) over the
    /// current facts of the batch's measures and years.
    /// </summary>
    public async Task<IReadOnlyList<FactRuleBreak>> CheckFactsAsync(FactRuleBatch batch, CancellationToken cancellationToken)
    {
        if (batch.Checks.Count == 0) return [];
        var statement = new RuleStatement(batch);
        if (await CurrentFactsAsync(statement.MeasureIds, batch.Years, cancellationToken) is not { } current) return [];
        var rows = Convert.ToInt64(await ScalarAsync(null,
            $"SELECT CAST(COALESCE(SUM(row_count), 0) AS BIGINT) FROM source WHERE id IN ({string.Join(", ", current.Sources.Select(id => id.ToString(CultureInfo.InvariantCulture)))})",
            cancellationToken), CultureInfo.InvariantCulture);
        var aggregate = statement.Combinations(await FactCatalogAsync(cancellationToken), current.Years.Count) * 2 <= rows;
        var sql = statement.Sql(current.Condition, aggregate);
        var breaks = new List<FactRuleBreak>();
        // Engine settings for this statement only: in a transaction of its own, which they end with.
        var settings = RuleStatementSettings;
        await using var transaction = settings.Count == 0 ? null : await Connection.BeginTransactionAsync(cancellationToken);
        foreach (var setting in settings) await ExecuteAsync(transaction, setting, cancellationToken);
        await foreach (var row in AnalyticQueryAsync(transaction, sql, cancellationToken))
        {
            var check = batch.Checks[ToInt(row[0])!.Value];
            var keys = new int[check.GroupBy.Count];
            for (var i = 0; i < keys.Length; i++) keys[i] = ToInt(row[1 + i])!.Value;
            decimal? Term(int i) => row[1 + statement.KeyWidth + i] is { } v ? Normalize(Convert.ToDecimal(v, CultureInfo.InvariantCulture)) : null;
            breaks.Add(new FactRuleBreak(ToInt(row[0])!.Value, keys,
                [.. check.Left.Select((_, i) => Term(i))], [.. check.Right.Select((_, i) => Term(check.Left.Count + i))]));
        }
        if (transaction is not null) await transaction.CommitAsync(cancellationToken);
        return breaks;
    }

    /// <summary>
    /// Statements (<c>SET LOCAL …</c>) run before a rule statement, in its transaction: what the engine needs for one
    /// large aggregation that its defaults, set for many small statements, do not give. None by default.
    /// </summary>
    private protected virtual IReadOnlyList<string> RuleStatementSettings => [];
}
